import type { ApolloClient } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import type { WebDeleteResultFragment, WebTrashIdsQuery } from '../gql/graphql.js';
import { useRestore } from './actions.js';
import { BulkDialog } from './BulkDialog.js';
import { DeleteDialog } from './DeleteDialog.js';
import { TRASH, TRASH_IDS } from './documents.js';
import { Outcomes } from './Outcomes.js';
import { When } from './ThreadRow.js';
import { fullTime, relativeTime } from './time.js';
import { usePagedList } from './usePagedList.js';

const PAGE_SIZE = 25;
/** Emptying the trash reads at most this many ids (100 pages of 100) per click. */
const MAX_IDS = 10_000;

interface Props {
  readonly admin: boolean;
  readonly owner: string | null;
}

/** The trash: what is restorable and for how long; restore, delete forever, empty it. */
export function TrashView({ admin, owner }: Props) {
  const client = useApolloClient();
  const filter = useMemo(() => (owner ? { userId: owner } : {}), [owner]);
  const trash = useQuery(TRASH, { variables: { first: PAGE_SIZE, filter }, notifyOnNetworkStatusChange: true });
  const restore = useRestore();
  const [deleting, setDeleting] = useState<string | null>(null);
  const [emptying, setEmptying] = useState(false);
  const [outcome, setOutcome] = useState<WebDeleteResultFragment[] | null>(null);
  const connection = trash.data?.deletedThreads;
  const threads = connection?.edges.map((edge) => edge.node) ?? [];
  const { hasMore, loadMore, sentinel } = usePagedList(connection, trash.loading, trash.fetchMore);

  // Every id in the trash, read page by page outside the cache before anything is deleted.
  const allTrashIds = async () => {
    const ids: string[] = [];
    let after: string | null | undefined = null;
    do {
      const page: ApolloClient.QueryResult<WebTrashIdsQuery> = await client.query({
        query: TRASH_IDS,
        variables: { after, filter },
        fetchPolicy: 'no-cache',
      });
      const trashPage = page.data?.deletedThreads;
      ids.push(...(trashPage?.edges.map((edge) => edge.node.id) ?? []));
      after = trashPage?.pageInfo.hasNextPage ? trashPage.pageInfo.endCursor : null;
    } while (after && ids.length < MAX_IDS);
    return ids;
  };

  return (
    <section aria-labelledby="trash-title">
      <h1 id="trash-title" tabIndex={-1}>
        {owner ? `Trash of ${owner}` : admin ? 'Trash (all users)' : 'Trash'}
      </h1>
      <p>Threads in the trash can be restored until their time runs out; then they are deleted for good.</p>
      {outcome && <Outcomes mode="PERMANENT" results={outcome} titles={new Map()} onDismiss={() => setOutcome(null)} />}
      <div className="bulk-bar">
        <button type="button" className="danger" disabled={threads.length === 0} onClick={() => setEmptying(true)}>
          Empty trash…
        </button>
      </div>
      {trash.error && !connection && (
        <div className="error-state" role="alert">
          <p>Could not load the trash: {trash.error.message}.</p>
          <button type="button" onClick={() => void trash.refetch()}>
            Try again
          </button>
        </div>
      )}
      {connection && threads.length === 0 && (
        <p className="empty-state">
          The trash is empty. Threads you move to the trash wait here before they go for good.
        </p>
      )}
      <ul className="threads" aria-label="Trashed threads">
        {threads.map((thread) => (
          <li key={thread.id} className="row" data-thread-id={thread.id}>
            <div className="row-main">
              <span className="title">{thread.title}</span>
              <span className="meta">
                <span>
                  {thread.messageCount} {thread.messageCount === 1 ? 'message' : 'messages'}
                </span>
                {admin && <span>owner {thread.userId}</span>}
                {thread.deletedAt && <When iso={thread.deletedAt} label="trashed" />}
                {thread.restoreUntil && (
                  <time dateTime={thread.restoreUntil} title={fullTime(thread.restoreUntil)} className="time-left">
                    deleted for good {relativeTime(thread.restoreUntil)}
                  </time>
                )}
              </span>
            </div>
            <button type="button" onClick={() => void restore(thread.id, thread.title)}>
              Restore<span className="visually-hidden"> "{thread.title}"</span>
            </button>
            <button type="button" className="danger" onClick={() => setDeleting(thread.id)}>
              Delete forever<span className="visually-hidden"> "{thread.title}"</span>
            </button>
          </li>
        ))}
      </ul>
      <div ref={sentinel} />
      {hasMore && (
        <button type="button" className="secondary" onClick={loadMore}>
          Load more
        </button>
      )}
      {deleting && <DeleteDialog threadId={deleting} permanentOnly onClose={() => setDeleting(null)} />}
      {emptying && (
        <BulkDialog
          count={connection?.totalCount ?? threads.length}
          permanentOnly
          resolveIds={allTrashIds}
          onClose={(done) => {
            setEmptying(false);
            if (done) setOutcome(done.results);
          }}
        />
      )}
    </section>
  );
}
