import type { Fetcher } from '@graphiql/toolkit';
import { type DocumentNode, Kind, parse } from 'graphql';

/** `query` parsed, or null when it does not parse. */
function parsed(query: string): DocumentNode | null {
  try {
    return parse(query);
  } catch {
    return null;
  }
}

/**
 * `fetcher`, sending the name of the operation the editor holds, with the document it sends.
 * GraphiQL 5 takes the operation name and the parsed document from facts it updates 100 ms after
 * the editor changes, so a run right after switching tabs sent the previous tab's name with this
 * tab's query, which the gateway refuses (400, "Unknown operation named ..."), and the fetcher
 * judged by the previous tab's document whether to subscribe over WebSocket. When the name is not
 * in the document and the document has one operation, that one's name is sent; a document with
 * several operations is sent with GraphiQL's name. The document handed on is always the one sent.
 */
export function withOperationOfDocument(fetcher: Fetcher): Fetcher {
  return (params, options) => {
    const document = parsed(params.query);
    if (!document) return fetcher(params, options);
    const names = document.definitions
      .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => operation.name?.value);
    const current = { ...options, documentAST: document };
    if (names.length !== 1 || names.includes(params.operationName ?? undefined)) return fetcher(params, current);
    return fetcher({ ...params, operationName: names[0] ?? null }, current);
  };
}
