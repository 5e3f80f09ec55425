import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { type GraphQLContext, requireCaller } from '../graphql/context.js';
import { assertValid, checkThreadId } from '../validation.js';
import { ThreadDeleteResult } from './thread-delete.result.js';
import type { ThreadDeleteService } from './thread-delete.service.js';
import { DeleteMode, DeleteThreadOptions, validateDeleteOptions } from './thread.inputs.js';

/** The delete mutations: the GraphQL successor of `DELETE /api/chat/threads/{thread_id}`. */
@Resolver()
export class ThreadDeleteResolver {
  constructor(private readonly deletes: ThreadDeleteService) {}

  @Mutation(() => ThreadDeleteResult, {
    description:
      'Deletes a conversation thread and all its messages (permanently by default). A thread that is missing, ' +
      "already deleted or not the caller's gives status \"error\" with errors [\"THREAD_NOT_FOUND\"].",
  })
  deleteThread(
    @Arg('threadId', () => ID, { description: 'Thread identifier to delete.' }) threadId: string,
    @Arg('options', () => DeleteThreadOptions, { nullable: true, description: 'Mode, backup, dry run, reason and metadata.' })
    options: DeleteThreadOptions | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ThreadDeleteResult> {
    const caller = requireCaller(context);
    assertValid([checkThreadId(threadId, ['threadId'])]);
    validateDeleteOptions(options, ['options']);
    return this.deletes.deleteThread({
      threadId,
      caller,
      meta: context.meta,
      transport: 'graphql',
      mode: options?.mode ?? DeleteMode.PERMANENT,
      dryRun: options?.dryRun ?? false,
      reason: options?.reason,
      customMetadata: options?.customMetadata,
    });
  }
}
