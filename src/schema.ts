import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import type { AuditService } from './audit/audit.service.js';
import { ViewerResolver } from './graphql/viewer.resolver.js';
import { ThreadDeleteResolver } from './threads/delete/thread-delete.resolver.js';
import type { DeleteAnswers } from './threads/delete/thread-delete.response.js';
import type { ThreadDeleteService } from './threads/delete/thread-delete.service.js';
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
}

const RESOLVERS = [
  ThreadResolver,
  ThreadDeleteResolver,
  ThreadTrashResolver,
  AuditResolver,
  NodeResolver,
  ViewerResolver,
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
  ]);
  // type-graphql builds resolver instances lazily, so printing the schema never touches a service.
  const container: ContainerType = { get: (resolverClass) => instances.get(resolverClass) };
  const schema = await buildSchema({ resolvers: RESOLVERS, container, validate: false });
  // type-graphql has no option for the root types' descriptions.
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = "Reads of the caller's threads, their messages, the trash and the audit trail.";
  if (mutation) mutation.description = 'Creating threads and messages; deleting and restoring threads.';
  return schema;
}

/** The schema's SDL, sorted, as committed in `schema/schema.graphql`. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
