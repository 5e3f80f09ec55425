import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { InputValidationError } from '../errors.js';
import { type GraphQLContext, requireCaller } from '../graphql/context.js';
import { ConnectionArgs } from '../pagination/connection-args.js';
import { pageOf } from '../pagination/page.js';
import { assertValid, checkString, checkThreadId } from '../validation.js';
import { Message } from './message.entity.js';
import { MessageConnection, ThreadConnection } from './thread.connections.js';
import { Thread } from './thread.entity.js';
import { AddMessageInput, CreateThreadInput, validateAddMessage, validateCreateThread } from './thread.inputs.js';
import { MESSAGE_ORDER, THREAD_ORDERS, ThreadFilter, ThreadOrder, validateThreadFilter } from './thread.search.js';
import type { ThreadService } from './thread.service.js';

/** The deprecated `threads(projectId:)`, folded into the filter; given twice it is ambiguous. */
function withProjectId(filter: ThreadFilter | null, projectId: string | null): ThreadFilter | null {
  if (!projectId) return filter;
  if (filter?.projectId != null) {
    throw new InputValidationError([
      {
        type: 'value_error',
        loc: ['projectId'],
        msg: 'Value error, give the project once: filter.projectId (projectId is deprecated)',
        input: projectId,
      },
    ]);
  }
  return { ...filter, projectId };
}

/** Threads and messages: reading the caller's threads, creating threads, adding messages. */
@Resolver(() => Thread)
export class ThreadResolver {
  constructor(private readonly service: ThreadService) {}

  @Query(() => Thread, {
    nullable: true,
    description: "One of the caller's threads; null when it is missing, deleted or not the caller's.",
  })
  thread(
    @Arg('id', () => ID, { description: 'Id of the thread.' }) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<Thread | null> {
    const caller = requireCaller(context);
    assertValid([checkThreadId(id, ['id'])]);
    return this.service.findThread(caller, id);
  }

  @Query(() => ThreadConnection, {
    description:
      "The caller's threads (an admin's: everyone's) that pass filter, in orderBy's order (newest first by default).",
  })
  threads(
    @Args(() => ConnectionArgs) paging: ConnectionArgs,
    @Arg('filter', () => ThreadFilter, { nullable: true, description: 'Which threads; all when absent.' })
    filter: ThreadFilter | null,
    @Arg('orderBy', () => ThreadOrder, {
      defaultValue: ThreadOrder.CREATED_AT_DESC,
      description: 'The order; cursors belong to it.',
    })
    orderBy: ThreadOrder,
    @Arg('projectId', () => String, {
      nullable: true,
      description: 'Only threads of this project (at most 128 characters).',
      deprecationReason: 'Use filter: { projectId }.',
    })
    projectId: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ThreadConnection> {
    const caller = requireCaller(context);
    validateThreadFilter(filter, ['filter']);
    if (projectId != null) assertValid([checkString(projectId, ['projectId'], { max: 128 })]);
    const order = THREAD_ORDERS[orderBy];
    return this.service.listThreads(caller, pageOf(paging, order), order, withProjectId(filter, projectId));
  }

  @Mutation(() => Thread, { description: 'Creates a thread owned by the caller.' })
  createThread(
    @Arg('input', () => CreateThreadInput, { description: 'The new thread.' }) input: CreateThreadInput,
    @Ctx() context: GraphQLContext,
  ): Promise<Thread> {
    const caller = requireCaller(context);
    validateCreateThread(input, ['input']);
    return this.service.createThread(caller, input);
  }

  @Mutation(() => Message, {
    description: "Appends a message to one of the caller's threads; THREAD_NOT_FOUND if it is gone.",
  })
  addMessage(
    @Arg('input', () => AddMessageInput, { description: 'The new message.' }) input: AddMessageInput,
    @Ctx() context: GraphQLContext,
  ): Promise<Message> {
    const caller = requireCaller(context);
    validateAddMessage(input, ['input']);
    return this.service.addMessage(caller, input);
  }

  @FieldResolver(() => Int, { description: 'Number of messages in the thread.' })
  messageCount(@Root() thread: Thread): number {
    return thread.messageCount;
  }

  @FieldResolver(() => MessageConnection, { description: 'Messages of the thread, oldest first.' })
  messages(
    @Root() thread: Thread,
    @Args(() => ConnectionArgs) paging: ConnectionArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<MessageConnection> {
    return this.service.listMessages(thread.id, pageOf(paging, MESSAGE_ORDER, ['messages']), context.budget);
  }
}
