import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type GraphQLContext, requireCaller } from '../graphql/context.js';
import { pageSize } from '../pagination/cursor.js';
import { assertValid, checkString, checkThreadId } from '../validation.js';
import { Message } from './message.entity.js';
import { MessageConnection, ThreadConnection } from './thread.connections.js';
import { Thread } from './thread.entity.js';
import { AddMessageInput, CreateThreadInput, validateAddMessage, validateCreateThread } from './thread.inputs.js';
import type { ThreadService } from './thread.service.js';

const FIRST = { nullable: true, description: 'Page size, 1 to 100 (default 20).' } as const;
const AFTER = { nullable: true, description: 'Cursor (endCursor of the previous page) to continue after.' } as const;

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

  @Query(() => ThreadConnection, { description: "The caller's threads (an admin's: everyone's), newest first." })
  threads(
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, AFTER) after: string | null,
    @Arg('projectId', () => String, { nullable: true, description: 'Only threads of this project.' }) projectId:
      | string
      | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ThreadConnection> {
    const caller = requireCaller(context);
    if (projectId != null) assertValid([checkString(projectId, ['projectId'], { max: 128 })]);
    return this.service.listThreads(caller, { first: pageSize(first, ['first']), after }, projectId);
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
  messageCount(@Root() thread: Thread): Promise<number> {
    return this.service.countMessages(thread.id);
  }

  @FieldResolver(() => MessageConnection, { description: 'Messages of the thread, oldest first.' })
  messages(
    @Root() thread: Thread,
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, AFTER) after: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<MessageConnection> {
    return this.service.listMessages(
      thread.id,
      { first: pageSize(first, ['messages', 'first']), after },
      context.budget,
    );
  }
}
