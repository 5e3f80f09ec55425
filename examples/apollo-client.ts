import { type ApolloCache, ApolloClient, HttpLink, InMemoryCache, type Reference } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import type { DeleteOutcomeCode } from '../gql/graphql.js';

/** Outcomes after which a thread is no longer among the caller's live threads. */
const GONE: readonly DeleteOutcomeCode[] = ['DELETED', 'SOFT_DELETED', 'THREAD_NOT_FOUND'];

/** A client of the gateway at `uri` (…/graphql) for the holder of `token`. */
export function createApolloClient(uri: string, token: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri, headers: { authorization: `Bearer ${token}` } }),
    // Thread lists are Relay connections: the pages of each list are merged into one.
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            threads: relayStylePagination(['filter', 'orderBy']),
            deletedThreads: relayStylePagination(['filter', 'orderBy']),
          },
        },
      },
    }),
  });
}

/**
 * The `update` of a deleteThread mutation, which selects at least `threadId outcome` (and
 * `thread { id deletedAt restoreUntil }`, which updates a soft-deleted thread in the cache by
 * itself). It takes the thread out of every cached `threads` list; a thread in the trash makes the
 * trash be read again, a thread gone for good leaves the cache.
 */
export function removeDeletedThread(
  cache: ApolloCache,
  { data }: { data?: { deleteThread: { threadId: string; outcome: DeleteOutcomeCode } } | null },
): void {
  const result = data?.deleteThread;
  if (!result || !GONE.includes(result.outcome)) return;
  cache.modify<{ threads: { edges: { node: Reference }[] } }>({
    fields: {
      threads: (list, { readField, isReference }) =>
        isReference(list)
          ? list
          : { ...list, edges: list.edges.filter((edge) => readField('id', edge.node) !== result.threadId) },
    },
  });
  if (result.outcome === 'SOFT_DELETED') cache.evict({ id: 'ROOT_QUERY', fieldName: 'deletedThreads' });
  if (result.outcome === 'DELETED') {
    cache.evict({ id: cache.identify({ __typename: 'Thread', id: result.threadId }) });
    cache.gc();
  }
}
