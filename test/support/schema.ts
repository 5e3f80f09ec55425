import type { GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../../src/schema.js';

/**
 * The gateway's GraphQL schema with no services behind it: enough to inspect types and validate
 * documents (nothing resolves; a resolver that ran would fail).
 */
export function schemaForInspection(): Promise<GraphQLSchema> {
  const unused = {} as never;
  return buildGatewaySchema({
    threads: unused,
    deletes: unused,
    answers: unused,
    trash: unused,
    audit: unused,
    events: unused,
  });
}
