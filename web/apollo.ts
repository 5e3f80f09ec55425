import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition, relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';

/** Where the live-updates socket stands: not used, opening, open, or closed for good after its retries. */
export type LiveState = 'off' | 'connecting' | 'on' | 'failed';

/** The socket's state, for useSyncExternalStore. */
export interface LiveStatus {
  get(): LiveState;
  subscribe(listener: () => void): () => void;
}

function liveStatus(initial: LiveState): LiveStatus & { set(state: LiveState): void } {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface ClientOptions {
  readonly token: string;
  /** Open a WebSocket for subscriptions (only when the server accepts upgrades: /web/config.json). */
  readonly live: boolean;
  /** Called once when the server says the token is no longer good (UNAUTHENTICATED, or the socket's 4401/4403). */
  readonly onUnauthenticated: () => void;
}

/** True for an answer that says the caller is not signed in (a missing, expired or rejected token). */
export function isUnauthenticated(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          // Lists are Relay connections: the pages of one list (one filter) merge into one.
          threads: relayStylePagination(['filter', 'orderBy']),
          deletedThreads: relayStylePagination(['filter', 'orderBy']),
        },
      },
      Thread: { fields: { messages: relayStylePagination() } },
      // Results are not entities: a dry run and the real delete of one thread must not merge.
      ThreadDeleteResult: { keyFields: false },
    },
  });
}

/**
 * The app's Apollo Client: HTTP for queries and mutations; subscriptions over `graphql-ws` on the
 * same path (`/graphql`), lazily (the socket opens with the first subscription and closes after
 * the last), and only when `live` says the server takes WebSockets.
 */
export function createAppClient(options: ClientOptions): {
  client: ApolloClient;
  live: LiveStatus;
  dispose: () => void;
} {
  const authorization = `Bearer ${options.token}`;
  const http = new HttpLink({ uri: '/graphql', headers: { authorization } });
  const errors = new ErrorLink(({ error }) => {
    if (isUnauthenticated(error)) options.onUnauthenticated();
  });
  let link: ApolloLink = ApolloLink.from([errors, http]);
  let dispose = () => {};
  const live = liveStatus(options.live ? 'connecting' : 'off');
  if (options.live) {
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
    const socket = createClient({
      url,
      lazy: true,
      connectionParams: { authorization },
      retryAttempts: 5,
      on: {
        connecting: () => live.set('connecting'),
        connected: () => live.set('on'),
        closed: (event) => {
          const code = (event as { code?: number }).code;
          if (code === 4401 || code === 4403) options.onUnauthenticated();
        },
      },
    });
    dispose = () => void socket.dispose();
    const isSubscription = ({ query }: ApolloLink.Operation) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === OperationTypeNode.SUBSCRIPTION;
    };
    link = ApolloLink.split(isSubscription, new GraphQLWsLink(socket), link);
  }
  return { client: new ApolloClient({ link, cache: createCache() }), live, dispose };
}
