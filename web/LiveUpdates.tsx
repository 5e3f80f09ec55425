import { useApolloClient, useSubscription } from '@apollo/client/react';
import { useSyncExternalStore } from 'react';
import type { WebThreadEventsSubscription } from '../gql/graphql.js';
import type { LiveStatus } from './apollo.js';
import { applyDeleteOutcome, applyRestore, evictLists } from './cache.js';
import { THREAD_EVENTS } from './documents.js';

type ThreadEvent = WebThreadEventsSubscription['threadEvents'];

/**
 * Keeps the cache in step with what happens elsewhere (another tab, a REST caller, the purger):
 * every thread event the caller may see is applied to the cached lists as the same action made
 * here would be. A socket that cannot connect shows nothing: the app works without live updates.
 */
export function LiveUpdates({ status }: { status: LiveStatus }) {
  const client = useApolloClient();
  const state = useSyncExternalStore(status.subscribe, status.get);
  const { error } = useSubscription(THREAD_EVENTS, {
    onData: ({ data }) => {
      if (data.data) applyEvent(client.cache, data.data.threadEvents);
    },
  });
  if (error || state === 'failed')
    return (
      <p className="live-off" data-testid="live-status" data-state="failed">
        Live updates are off; reload the page to see changes made elsewhere.
      </p>
    );
  return (
    <span className="visually-hidden" data-testid="live-status" data-state={state}>
      {state === 'on' ? 'Live updates on' : 'Connecting live updates…'}
    </span>
  );
}

function applyEvent(cache: Parameters<typeof applyRestore>[0], event: ThreadEvent): void {
  if (event.kind === 'DELETED' || event.kind === 'PURGED') applyDeleteOutcome(cache, event.threadId, 'DELETED');
  else if (event.kind === 'TRASHED') applyDeleteOutcome(cache, event.threadId, 'SOFT_DELETED');
  else if (event.kind === 'RESTORED') applyRestore(cache, event.threadId);
  else if (event.kind === 'CREATED') evictLists(cache, 'threads');
  else if (event.kind === 'MESSAGE_ADDED')
    cache.modify({
      id: cache.identify({ __typename: 'Thread', id: event.threadId }),
      fields: { messageCount: () => event.messageCount },
    });
}
