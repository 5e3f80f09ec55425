import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import type { LiveStatus } from './apollo.js';
import { VIEWER } from './documents.js';
import { LiveUpdates } from './LiveUpdates.js';
import { NoticeProvider } from './notices.js';
import { hrefOf, useRoute } from './route.js';
import { ThreadList } from './ThreadList.js';
import { ThreadView } from './ThreadView.js';
import { TrashView } from './TrashView.js';

interface Props {
  readonly live: LiveStatus;
  readonly onSignOut: () => void;
}

/** The signed-in app: who is signed in, the views, the notices and the live subscription. */
export function Shell({ live, onSignOut }: Props) {
  const viewer = useQuery(VIEWER);
  const route = useRoute();
  const [owner, setOwner] = useState<string | null>(null);
  const main = useRef<HTMLElement>(null);
  // A new view moves focus to its heading, as a page load would.
  const me = viewer.data?.viewer;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route and the sign-in are the triggers, not inputs.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route, me?.userId]);

  if (viewer.error && !me)
    return (
      <main className="centered">
        <h1>Cannot reach the server</h1>
        <p role="alert">{viewer.error.message}. Check that the gateway is running, then reload the page.</p>
      </main>
    );
  if (!me) return <p className="centered">Signing in…</p>;
  const admin = me.isAdmin;
  return (
    <NoticeProvider>
      <header className="top">
        <span className="brand">chat-thread-gateway</span>
        <nav aria-label="Views">
          <a href={hrefOf({ view: 'threads' })} aria-current={route.view === 'threads' ? 'page' : undefined}>
            Threads
          </a>
          <a href={hrefOf({ view: 'trash' })} aria-current={route.view === 'trash' ? 'page' : undefined}>
            Trash
          </a>
        </nav>
        <span className="who" data-testid="signed-in-as">
          Signed in as <strong>{me.userId}</strong>
          {admin && <span className="badge">admin</span>}
        </span>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main ref={main}>
        {route.view === 'threads' && <ThreadList admin={admin} owner={owner} onOwnerChange={setOwner} />}
        {route.view === 'trash' && <TrashView admin={admin} owner={owner} />}
        {route.view === 'thread' && <ThreadView id={route.id} admin={admin} />}
      </main>
      {live.get() !== 'off' && <LiveUpdates status={live} />}
    </NoticeProvider>
  );
}
