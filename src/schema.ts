import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import type { AuditService } from './audit/audit.service.js';
import { ViewerResolver } from './graphql/viewer.resolver.js';
import { ThreadDeleteResolver } from './threads/delete/thread-delete.resolver.js';
import type { DeleteAnswers } from './threads/delete/thread-delete.response.js';
import type { ThreadDeleteService } from './threads/delete/thread-delete.service.js';
import type { ThreadEventBus } from './threads/events/thread-event-bus.js';
import {
  THREAD_EVENTS_TOPIC,
  ThreadEventsResolver,
  type ThreadEventsTopicId,
} from './threads/events/thread-events.resolver.js';
import { NodeResolver } from './threads/node.resolver.js';
import { ThreadResolver } from './threads/thread.resolver.js';
import type { ThreadService } from './threads/thread.service.js';
import { ThreadTrashResolver } from './threads/trash/thread-trash.resolver.js';
import type { ThreadTrashService } from './threads/trash/thread-trash.service.js';

/** The services resolvers are built with. */
export interface ResolverServices {
  readonly threads: ThreadService;
  readonly deletes: ThreadDeleteService;
  readonly answers: DeleteAnswers;
  readonly trash: ThreadTrashService;
  readonly audit: AuditService;
  /** This process's subscribers (the `threadEvents` subscription). */
  readonly events: ThreadEventBus;
}

const RESOLVERS = [
  ThreadResolver,
  ThreadDeleteResolver,
  ThreadTrashResolver,
  AuditResolver,
  NodeResolver,
  ViewerResolver,
  ThreadEventsResolver,
] as const;

/** Builds the executable schema; resolvers get their services from this app, not from globals. */
export async function buildGatewaySchema(services: ResolverServices): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [ThreadResolver, new ThreadResolver(services.threads)],
    [ThreadDeleteResolver, new ThreadDeleteResolver(services.deletes, services.answers)],
    [ThreadTrashResolver, new ThreadTrashResolver(services.trash)],
    [AuditResolver, new AuditResolver(services.audit)],
    [NodeResolver, new NodeResolver(services.threads, services.audit)],
    [ViewerResolver, new ViewerResolver()],
    [ThreadEventsResolver, new ThreadEventsResolver()],
  ]);
  // type-graphql's PubSub seam: the one topic's id is the subscription's checked selection, and
  // the bus hands it exactly the events that selection picks (publishing goes through the bus).
  const pubSub = {
    publish: () => {
      throw new Error('thread events are published by the bus, from committed transactions only');
    },
    subscribe: (topic: string, id: unknown) => {
      if (topic !== THREAD_EVENTS_TOPIC) throw new Error(`no topic ${topic}`);
      const { selection, live } = id as ThreadEventsTopicId;
      return services.events.subscribe(selection, live);
    },
  };
  // type-graphql builds resolver instances lazily, so printing the schema never touches a service.
  const container: ContainerType = { get: (resolverClass) => instances.get(resolverClass) };
  const schema = await buildSchema({ resolvers: RESOLVERS, container, validate: false, pubSub });
  // type-graphql has no option for the root types' descriptions.
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = "Reads of the caller's threads, their messages, the trash and the audit trail.";
  if (mutation) mutation.description = 'Creating threads and messages; deleting and restoring threads.';
  const subscription = schema.getSubscriptionType();
  if (subscription)
    subscription.description = 'Live updates over WebSocket (graphql-transport-ws, on the same /graphql path).';
  return schema;
}

/** The schema's SDL, sorted, as committed in `schema/schema.graphql`. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
