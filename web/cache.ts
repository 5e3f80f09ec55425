import type { ApolloCache, Reference } from '@apollo/client';
import type { DeleteOutcomeCode } from '../gql/graphql.js';

/** A cached Relay connection, as relayStylePagination stores it (its edges, and totalCount beside them). */
interface CachedConnection {
  edges: { node: Reference }[];
  totalCount?: number;
}

type ListField = 'threads' | 'deletedThreads';

/** Takes the threads out of every cached list of `field` (every filter), adjusting their totalCount. */
export function removeFromLists(cache: ApolloCache, field: ListField, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const gone = new Set(ids);
  cache.modify<Record<ListField, CachedConnection>>({
    id: 'ROOT_QUERY',
    fields: {
      [field]: (list: CachedConnection | Reference, { readField, isReference }: Parameters<ModifierFn>[1]) => {
        if (isReference(list) || !list.edges) return list;
        const edges = list.edges.filter((edge) => !gone.has(readField<string>('id', edge.node) ?? ''));
        const removed = list.edges.length - edges.length;
        if (removed === 0) return list;
        const totalCount = list.totalCount === undefined ? undefined : Math.max(0, list.totalCount - removed);
        return { ...list, edges, ...(totalCount === undefined ? {} : { totalCount }) };
      },
    },
  });
}

type ModifierFn = (
  value: unknown,
  details: {
    readField: <T>(name: string, from: Reference) => T | undefined;
    isReference: (value: unknown) => value is Reference;
  },
) => unknown;

/** Drops a list field altogether: its active queries read it again (used where a thread must be placed in order). */
export function evictLists(cache: ApolloCache, field: ListField): void {
  cache.evict({ id: 'ROOT_QUERY', fieldName: field });
  cache.gc();
}

/** Forgets a thread that is gone for good. */
export function evictThread(cache: ApolloCache, id: string): void {
  cache.evict({ id: cache.identify({ __typename: 'Thread', id }) });
  cache.gc();
}

/** What a delete did to the cache's lists, by outcome: the cache then says what the server says. */
export function applyDeleteOutcome(cache: ApolloCache, id: string, outcome: DeleteOutcomeCode): void {
  if (outcome === 'SOFT_DELETED') {
    removeFromLists(cache, 'threads', [id]);
    evictLists(cache, 'deletedThreads');
  } else if (outcome === 'DELETED' || outcome === 'THREAD_NOT_FOUND') {
    removeFromLists(cache, 'threads', [id]);
    removeFromLists(cache, 'deletedThreads', [id]);
    if (outcome === 'DELETED') evictThread(cache, id);
  }
}

/** A thread back from the trash: out of the trash lists; the live lists read again, so it lands in its place. */
export function applyRestore(cache: ApolloCache, id: string): void {
  removeFromLists(cache, 'deletedThreads', [id]);
  evictLists(cache, 'threads');
}
