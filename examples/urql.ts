import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import type { DeleteOutcomeCode, DeleteThreadMutation } from '../gql/graphql.js';

/** Outcomes after which a thread is no longer among the caller's live threads. */
const GONE: readonly DeleteOutcomeCode[] = ['DELETED', 'SOFT_DELETED', 'THREAD_NOT_FOUND'];

/**
 * Graphcache for the gateway: thread lists are Relay connections, and a deleteThread (which
 * selects at least `threadId outcome`) takes the thread out of every cached `threads` page; a
 * thread in the trash makes the trash be read again, a thread gone for good leaves the cache.
 */
const threadsCache = cacheExchange({
  keys: { ThreadConnection: () => null, ThreadEdge: () => null, PageInfo: () => null, ThreadDeleteResult: () => null },
  resolvers: { Query: { threads: relayPagination(), deletedThreads: relayPagination() } },
  updates: {
    Mutation: {
      deleteThread(result, _args, cache) {
        const { threadId, outcome } = (result as DeleteThreadMutation).deleteThread;
        if (!GONE.includes(outcome)) return;
        const thread = cache.keyOfEntity({ __typename: 'Thread', id: threadId });
        for (const { fieldName, fieldKey } of cache.inspectFields('Query')) {
          if (fieldName === 'deletedThreads' && outcome === 'SOFT_DELETED') cache.invalidate('Query', fieldKey);
          if (fieldName !== 'threads') continue;
          const page = cache.resolve('Query', fieldKey) as string;
          const edges = cache.resolve(page, 'edges') as string[];
          cache.link(
            page,
            'edges',
            edges.filter((edge) => cache.resolve(edge, 'node') !== thread),
          );
        }
        if (outcome === 'DELETED') cache.invalidate({ __typename: 'Thread', id: threadId });
      },
    },
  },
});

/**
 * A client of the gateway at `url` (…/graphql) for the holder of `token`. Every operation is a POST:
 * the gateway refuses a GET without a preflight header (Apollo Server's CSRF prevention).
 */
export function createUrqlClient(url: string, token: string): Client {
  return new Client({
    url,
    preferGetMethod: false,
    exchanges: [threadsCache, fetchExchange],
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
  });
}
