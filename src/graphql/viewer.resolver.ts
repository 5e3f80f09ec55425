import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { type GraphQLContext, requireCaller } from './context.js';

@ObjectType({ description: 'Who the bearer token names: what a client shows as "signed in as".' })
export class Viewer {
  @Field({ description: "The token's subject: the user id that owns threads and is recorded as the actor." })
  userId!: string;

  @Field({ description: "True when the token's roles include admin: every user's threads are readable and deletable." })
  isAdmin!: boolean;
}

/** `viewer`: the caller as the server sees it, so a client need not decode the token itself. */
@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    description: 'The caller (user id and whether an admin); UNAUTHENTICATED without a valid token.',
  })
  viewer(@Ctx() context: GraphQLContext): Viewer {
    const { userId, isAdmin } = requireCaller(context);
    return { userId, isAdmin };
  }
}
