import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { ThreadDeleteResolver } from '../threads/thread-delete.resolver.js';
import type { ThreadDeleteService } from '../threads/thread-delete.service.js';
import { ThreadResolver } from '../threads/thread.resolver.js';
import type { ThreadService } from '../threads/thread.service.js';

/** The services resolvers are built with. */
export interface ResolverServices {
  readonly threads: ThreadService;
  readonly deletes: ThreadDeleteService;
}

const RESOLVERS = [ThreadResolver, ThreadDeleteResolver] as const;

/** Builds the executable schema; resolvers get their services from this app, not from globals. */
export async function buildGatewaySchema(services: ResolverServices): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [ThreadResolver, new ThreadResolver(services.threads)],
    [ThreadDeleteResolver, new ThreadDeleteResolver(services.deletes)],
  ]);
  // type-graphql builds resolver instances lazily, so printing the schema never touches a service.
  const container: ContainerType = { get: (resolverClass) => instances.get(resolverClass) };
  const schema = await buildSchema({ resolvers: RESOLVERS, container, validate: false });
  // type-graphql has no option for the root types' descriptions.
  schema.getQueryType()!.description = "Reads of the caller's threads and their messages.";
  schema.getMutationType()!.description = 'Creating threads and messages, and deleting threads.';
  return schema;
}

/** The schema's SDL, sorted, as committed in `schema/schema.graphql`. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
