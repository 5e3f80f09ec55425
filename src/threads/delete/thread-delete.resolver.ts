import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Caller } from '../../auth/auth.js';
import { type GraphQLContext, requireCaller } from '../../graphql/context.js';
import { assertValid, checkListLength, checkThreadId } from '../../validation.js';
import { DeleteThreadOptions, validateDeleteOptions } from '../thread.inputs.js';
import type { DeleteRequest } from './thread-delete.request.js';
import type { DeleteAnswers } from './thread-delete.response.js';
import { ThreadDeleteResult } from './thread-delete.result.js';
import type { ThreadDeleteService } from './thread-delete.service.js';

/** Most ids one `deleteThreads` call takes. */
export const BULK_DELETE_LIMIT = 100;

const OPTIONS_DESCRIPTION = 'Mode (PERMANENT or SOFT), backup, dry run, reason and metadata.';

/** The options of a delete that gives none: the defaults, which need no validation. */
const DEFAULT_OPTIONS: Readonly<DeleteThreadOptions> = Object.freeze(new DeleteThreadOptions());

function requestOf(
  caller: Caller,
  context: GraphQLContext,
  given: DeleteThreadOptions | null | undefined,
): Omit<DeleteRequest, 'threadId'> {
  if (given) validateDeleteOptions(given, ['options']);
  const { mode, backup, dryRun, reason, customMetadata } = given ?? DEFAULT_OPTIONS;
  return { caller, meta: context.meta, transport: 'graphql', mode, backup, dryRun, reason, customMetadata };
}

/** The delete mutations: the GraphQL successor of `DELETE /api/chat/threads/{thread_id}`. */
@Resolver()
export class ThreadDeleteResolver {
  constructor(
    private readonly deletes: ThreadDeleteService,
    private readonly answers: DeleteAnswers,
  ) {}

  @Mutation(() => ThreadDeleteResult, {
    description:
      'Deletes a conversation thread and all its messages (permanently by default). A thread that is missing, ' +
      'already deleted or not the caller\'s gives status "error", outcome THREAD_NOT_FOUND and errors ' +
      '["THREAD_NOT_FOUND"]; a backup that cannot be written gives outcome BACKUP_FAILED and deletes nothing. ' +
      'The answer comes once the delete has committed: from then on the thread is gone for every read and ' +
      'write, and deletedMessageCount is exact. A thread of more messages than the server removes in one ' +
      'transaction (DELETE_CHUNK_MESSAGES: 2,000 on SQLite, 20,000 on PostgreSQL, by default) has them removed ' +
      'in the background after the answer, a chunk per transaction, within about a second per 100,000 messages ' +
      'on an idle server; its answer says so in warnings.',
  })
  async deleteThread(
    @Arg('threadId', () => ID, { description: 'Thread identifier to delete.' }) threadId: string,
    @Arg('options', () => DeleteThreadOptions, { nullable: true, description: OPTIONS_DESCRIPTION })
    options: DeleteThreadOptions | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ThreadDeleteResult> {
    const caller = requireCaller(context);
    assertValid([checkThreadId(threadId, ['threadId'])]);
    const request = { ...requestOf(caller, context, options), threadId };
    const result = this.answers.resultOf(await this.deletes.attempt(request), request);
    context.log.outcome = result.errors?.[0] ?? 'success';
    return result;
  }

  @Mutation(() => [ThreadDeleteResult], {
    description:
      `Deletes up to ${BULK_DELETE_LIMIT} threads, each in its own transaction: ` +
      "one result per id, in the order given; an id that is missing, deleted or not the caller's gets its " +
      'own THREAD_NOT_FOUND result and the others go on.',
  })
  async deleteThreads(
    @Arg('threadIds', () => [ID], { description: `Threads to delete (at most ${BULK_DELETE_LIMIT}).` })
    threadIds: string[],
    @Arg('options', () => DeleteThreadOptions, {
      nullable: true,
      description: `${OPTIONS_DESCRIPTION} Applies to every thread.`,
    })
    options: DeleteThreadOptions | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ThreadDeleteResult[]> {
    const caller = requireCaller(context);
    assertValid([checkListLength(threadIds, ['threadIds'], BULK_DELETE_LIMIT)]);
    assertValid(threadIds.map((id, index) => checkThreadId(id, ['threadIds', index])));
    const request = requestOf(caller, context, options);
    const attempts = await this.deletes.deleteMany(threadIds, request);
    return attempts.map((attempt) => this.answers.resultOf(attempt, request));
  }
}
