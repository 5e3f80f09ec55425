import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { type GraphQLContext, requireCaller } from '../../graphql/context.js';
import { ConnectionArgs } from '../../pagination/connection-args.js';
import { pageOf } from '../../pagination/page.js';
import { assertValid, checkThreadId } from '../../validation.js';
import { ThreadConnection } from '../thread.connections.js';
import { Thread } from '../thread.entity.js';
import { DELETED_THREAD_ORDERS, DeletedThreadOrder, ThreadFilter, validateThreadFilter } from '../thread.search.js';
import type { ThreadTrashService } from './thread-trash.service.js';

/** The trash: listing and restoring soft-deleted threads. */
@Resolver()
export class ThreadTrashResolver {
  constructor(private readonly trash: ThreadTrashService) {}

  @Query(() => ThreadConnection, {
    description:
      "The caller's soft-deleted threads that can still be restored (with their restoreUntil) and pass filter, " +
      'most recently deleted first unless orderBy says otherwise.',
  })
  deletedThreads(
    @Args(() => ConnectionArgs) paging: ConnectionArgs,
    @Arg('filter', () => ThreadFilter, { nullable: true, description: 'Which threads; all when absent.' })
    filter: ThreadFilter | null,
    @Arg('orderBy', () => DeletedThreadOrder, {
      defaultValue: DeletedThreadOrder.DELETED_AT_DESC,
      description: 'The order; cursors belong to it.',
    })
    orderBy: DeletedThreadOrder,
    @Ctx() context: GraphQLContext,
  ): Promise<ThreadConnection> {
    const caller = requireCaller(context);
    validateThreadFilter(filter, ['filter']);
    const order = DELETED_THREAD_ORDERS[orderBy];
    return this.trash.listDeleted(caller, pageOf(paging, order), order, filter);
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
