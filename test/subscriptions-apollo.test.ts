import { type ApolloClient, gql } from '@apollo/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { applyThreadEvent, createLiveApolloClient, LIVE_THREAD_EVENTS } from '../examples/live-updates.js';
import type { LiveThreadEventsSubscription } from '../gql/graphql.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import { createThread } from './support/live.js';
import { useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

const THREADS = gql`
  query CachedThreads {
    threads(first: 10) { edges { cursor node { id messageCount } } pageInfo { hasNextPage endCursor } }
  }
`;
const ADD = 'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "hi" }) { id } }';

type LiveEvent = LiveThreadEventsSubscription['threadEvents'];

/** The threads the cache lists, with their counts, without asking the server. */
function cached(client: ApolloClient): { id: string; messageCount: number }[] {
  const data = client.cache.readQuery<{ threads: { edges: { node: { id: string; messageCount: number } }[] } }>({
    query: THREADS,
  });
  return defined(data, 'cached threads').threads.edges.map((edge) => edge.node);
}

describe.each(DATABASE_KINDS)('Apollo Client 4 with examples/live-updates.ts (%s)', (kind) => {
  const t = useTestApp(kind);
  const clients: ApolloClient[] = [];

  afterEach(() => {
    for (const client of clients.splice(0)) client.stop();
  });

  it('when another client deletes a thread and messages another, then the subscribed cache drops the one and counts the other', async () => {
    const alice = await bearer(t, 'alice');
    const [kept, removed] = [await createThread(t, 'alice'), await createThread(t, 'alice')];
    const client = createLiveApolloClient(`${t.url}/graphql`, await t.token('alice'), WebSocket);
    clients.push(client);
    await client.query({ query: THREADS });
    const events: LiveEvent[] = [];
    const subscription = client.subscribe({ query: LIVE_THREAD_EVENTS }).subscribe({
      next: ({ data }) => {
        if (!data) return;
        events.push(data.threadEvents);
        applyThreadEvent(client.cache, data.threadEvents);
      },
    });
    try {
      // Live once it hears a change: make throwaway ones (created and deleted) until it does, then
      // one more, whose DELETED comes after everything the earlier ones announced.
      const throwaway = async () => {
        const id = await createThread(t, 'alice');
        await t.graphql(DELETE_MUTATION, { threadId: id }, alice);
        return id;
      };
      while (events.length === 0) {
        await throwaway();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const last = await throwaway();
      while (!events.some((event) => event.kind === 'DELETED' && event.threadId === last)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await client.query({ query: THREADS, fetchPolicy: 'network-only' });
      const heard = events.length;

      await t.graphql(DELETE_MUTATION, { threadId: removed }, alice);
      await t.graphql(ADD, { id: kept }, alice);
      while (!events.slice(heard).some((event) => event.kind === 'MESSAGE_ADDED')) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      expect(events.slice(heard).map((event) => `${event.kind} ${event.threadId}`)).toEqual([
        `DELETED ${removed}`,
        `MESSAGE_ADDED ${kept}`,
      ]);
      expect(cached(client)).toEqual([{ __typename: 'Thread', id: kept, messageCount: 1 }]);
      expect(Object.keys(client.cache.extract() as Record<string, unknown>)).not.toContain(`Thread:${removed}`);
    } finally {
      subscription.unsubscribe();
    }
  });
});
