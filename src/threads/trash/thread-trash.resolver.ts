import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { type GraphQLContext, requireCaller } from '../../graphql/context.js';
import { pageSize } from '../../pagination/cursor.js';
import { assertValid, checkThreadId } from '../../validation.js';
import { ThreadConnection } from '../thread.connections.js';
import { Thread } from '../thread.entity.js';
import type { ThreadTrashService } from './thread-trash.service.js';

/** The trash: listing and restoring soft-deleted threads. */
@Resolver()
export class ThreadTrashResolver {
  constructor(private readonly trash: ThreadTrashService) {}

  @Query(() => ThreadConnection, {
    description:
      "The caller's soft-deleted threads that can still be restored (with their restoreUntil), " +
      'most recently deleted first.',
  })
  deletedThreads(
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first:
      | number
      | null
      | undefined,
    @Arg('after', () => String, {
      nullable: true,
      description: 'Cursor (endCursor of the previous page) to continue after.',
    })
    after: string | null | undefined,
    @Ctx() context: GraphQLContext,
  ): Promise<ThreadConnection> {
    const caller = requireCaller(context);
    return this.trash.listDeleted(caller, { first: pageSize(first, ['first']), after });
  }

  @Mutation(() => Thread, {
    description:
      'Brings a soft-deleted thread back with every message, before its restoreUntil; otherwise THREAD_NOT_FOUND.',
  })
  restoreThread(
    @Arg('threadId', () => ID, { description: 'The soft-deleted thread.' }) threadId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<Thread> {
    const caller = requireCaller(context);
    assertValid([checkThreadId(threadId, ['threadId'])]);
    return this.trash.restore(caller, context.meta, threadId);
  }
}
