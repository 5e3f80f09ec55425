import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import type { Caller } from '../../auth/auth.js';
import { ForbiddenError } from '../../errors.js';
import { type GraphQLContext, type LiveConnection, requireCaller } from '../../graphql/context.js';
import { assertValid, checkString, checkThreadId } from '../../validation.js';
import type { ThreadEventData } from '../thread.events.js';
import { ThreadEvent, ThreadEventFilter } from './thread-event.type.js';
import type { EventSelection } from './thread-event-bus.js';

/** The one topic of the schema's PubSub (see `buildGatewaySchema`): the bus picks events per subscription. */
export const THREAD_EVENTS_TOPIC = 'threadEvents';

/** What the schema's PubSub hands the bus for one subscription. */
export interface ThreadEventsTopicId {
  readonly selection: EventSelection;
  readonly live: LiveConnection | null;
}

/** The owner and filters a subscription may have: its own threads, or an admin's pick of another user's. */
export function selectionFor(caller: Caller, filter: ThreadEventFilter | null | undefined): EventSelection {
  const threadId = filter?.threadId ?? null;
  const projectId = filter?.projectId ?? null;
  const userId = filter?.userId ?? null;
  assertValid([
    threadId === null ? null : checkThreadId(threadId, ['filter', 'threadId']),
    projectId === null ? null : checkString(projectId, ['filter', 'projectId'], { max: 128 }),
    userId === null ? null : checkString(userId, ['filter', 'userId'], { min: 1, max: 128 }),
  ]);
  if (userId !== null && userId !== caller.userId && !caller.isAdmin) throw new ForbiddenError();
  return { owner: userId ?? caller.userId, threadId, projectId };
}

/** Live updates: the caller's thread events, over WebSocket (graphql-transport-ws). */
@Resolver()
export class ThreadEventsResolver {
  @Subscription(() => ThreadEvent, {
    description:
      "Committed changes to the caller's threads (an admin may name another user), from every replica, in " +
      'commit order per thread, each once. WebSocket only (graphql-transport-ws on /graphql).',
    topics: THREAD_EVENTS_TOPIC,
    topicId: ({ args, context }: { args: { filter?: ThreadEventFilter | null }; context: GraphQLContext }) =>
      ({
        selection: selectionFor(requireCaller(context), args.filter),
        live: context.live ?? null,
      }) satisfies ThreadEventsTopicId,
  })
  threadEvents(
    @Root() event: ThreadEventData,
    @Arg('filter', () => ThreadEventFilter, {
      nullable: true,
      description: "Which events; all of the caller's when absent.",
    })
    _filter: ThreadEventFilter | null,
  ): ThreadEvent {
    return ThreadEvent.of(event);
  }
}
