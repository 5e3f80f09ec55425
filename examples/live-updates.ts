import { type ApolloCache, ApolloClient, HttpLink, InMemoryCache, type Reference, split } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition, relayStylePagination } from '@apollo/client/utilities';
import type { DocumentNode } from 'graphql';
import { createClient } from 'graphql-ws';
import type { ThreadEventKind } from '../gql/graphql.js';
import { graphql } from '../gql/index.js';

/** Every committed change to the caller's threads, with what `applyThreadEvent` reads. */
export const LIVE_THREAD_EVENTS = graphql(`
  subscription LiveThreadEvents {
    threadEvents { id kind threadId messageCount at }
  }
`);

/**
 * A client of the gateway at `uri` (…/graphql) for the holder of `token`: queries and mutations
 * over HTTP, subscriptions over a WebSocket on the same path (graphql-transport-ws). In a browser
 * leave `webSocketImpl` out; in Node pass `ws`'s WebSocket.
 */
export function createLiveApolloClient(uri: string, token: string, webSocketImpl?: unknown): ApolloClient {
  const sockets = new GraphQLWsLink(
    createClient({
      url: uri.replace(/^http/, 'ws'),
      // A function: read again at every (re)connection, so a client that keeps its token fresh
      // reconnects with the new one after a 4403 "Token expired".
      connectionParams: () => ({ authorization: `Bearer ${token}` }),
      webSocketImpl,
    }),
  );
  const http = new HttpLink({ uri, headers: { authorization: `Bearer ${token}` } });
  const isSubscription = ({ query }: { query: DocumentNode }) => {
    const definition = getMainDefinition(query);
    return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
  };
  return new ApolloClient({
    link: split(isSubscription, sockets, http),
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
 * Brings the cache up to date with one event. A new message sets the thread's `messageCount`; a
 * thread that left the live list (deleted, trashed, purged) leaves every cached `threads` list, and
 * one deleted for good leaves the cache; a thread that joined it (created, restored) makes the lists
 * be read again, as the trash is after any change to it.
 */
export function applyThreadEvent(
  cache: ApolloCache,
  event: { kind: ThreadEventKind; threadId: string; messageCount: number },
): void {
  const id = cache.identify({ __typename: 'Thread', id: event.threadId });
  if (event.kind === 'MESSAGE_ADDED') {
    cache.modify({ id, fields: { messageCount: () => event.messageCount } });
    return;
  }
  if (event.kind === 'CREATED' || event.kind === 'RESTORED') {
    cache.evict({ id: 'ROOT_QUERY', fieldName: 'threads' });
  } else {
    cache.modify<{ threads: { edges: { node: Reference }[] } }>({
      fields: {
        threads: (list, { readField, isReference }) =>
          isReference(list)
            ? list
            : { ...list, edges: list.edges.filter((edge) => readField('id', edge.node) !== event.threadId) },
      },
    });
  }
  if (event.kind !== 'CREATED') cache.evict({ id: 'ROOT_QUERY', fieldName: 'deletedThreads' });
  if (event.kind === 'DELETED' || event.kind === 'PURGED') cache.evict({ id });
  cache.gc();
}
