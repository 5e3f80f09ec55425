import type { Fetcher } from '@graphiql/toolkit';
import { Kind, parse } from 'graphql';

/** The names of the operations in `query`, or null when it does not parse. */
function operationNames(query: string): (string | undefined)[] | null {
  try {
    return parse(query)
      .definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => operation.name?.value);
  } catch {
    return null;
  }
}

/**
 * `fetcher`, sending the name of the operation the editor holds. GraphiQL 5 takes the operation
 * name from facts it updates 100 ms after the editor changes, so a run right after switching tabs
 * sent the previous tab's name with this tab's query, which the gateway refuses (400, "Unknown
 * operation named ..."). When the name is not in the document and the document has one operation,
 * that one's name is sent; a document with several operations is sent as GraphiQL made it.
 */
export function withOperationOfDocument(fetcher: Fetcher): Fetcher {
  return (params, options) => {
    const names = operationNames(params.query);
    if (names?.length !== 1 || names.includes(params.operationName ?? undefined)) return fetcher(params, options);
    return fetcher({ ...params, operationName: names[0] ?? null }, options);
  };
}
