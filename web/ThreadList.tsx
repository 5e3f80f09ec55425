import type { ApolloClient } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DeleteMode, ThreadFilter, WebDeleteResultFragment, WebThreadIdsQuery } from '../gql/graphql.js';
import { BulkDialog } from './BulkDialog.js';
import { evictLists, removeFromLists } from './cache.js';
import { DeleteDialog } from './DeleteDialog.js';
import { RESTORE_THREAD, THREAD_IDS, THREAD_LIST } from './documents.js';
import { useNotify } from './notices.js';
import { Outcomes } from './Outcomes.js';
import { useSelection } from './selection.js';
import { ThreadFilters } from './ThreadFilters.js';
import { ThreadRow } from './ThreadRow.js';
import { useInfiniteScroll } from './useInfiniteScroll.js';

const PAGE_SIZE = 25;
/** Select-all-matching reads at most this many ids (100 pages of 100). */
const MAX_MATCHING = 10_000;

interface Props {
  readonly admin: boolean;
  readonly owner: string | null;
  readonly onOwnerChange: (owner: string | null) => void;
}

type Dialog = { kind: 'one'; id: string } | { kind: 'many' } | null;

/** The caller's threads (an admin's: anyone's), newest first, with search, selection and deletes. */
export function ThreadList({ admin, owner, onOwnerChange }: Props) {
  const client = useApolloClient();
  const notify = useNotify();
  const [base, setBase] = useState<ThreadFilter>({});
  // The filters report after every pause in typing: only a filter that differs is a new list (and clears the selection).
  const changeBase = useCallback(
    (next: ThreadFilter) => setBase((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next)),
    [],
  );
  const filter = useMemo(() => (owner ? { ...base, userId: owner } : base), [base, owner]);
  const list = useQuery(THREAD_LIST, { variables: { first: PAGE_SIZE, filter }, notifyOnNetworkStatusChange: true });
  const connection = list.data?.threads;
  const threads = useMemo(() => connection?.edges.map((edge) => edge.node) ?? [], [connection]);
  const ids = useMemo(() => threads.map((thread) => thread.id), [threads]);
  const selection = useSelection(ids);
  const [active, setActive] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [outcome, setOutcome] = useState<{ mode: DeleteMode; results: WebDeleteResultFragment[] } | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // Every title seen, kept after its row leaves: the outcome of a bulk delete names the ones that failed.
  const titles = useRef(new Map<string, string>()).current;
  for (const thread of threads) titles.set(thread.id, thread.title);

  const hasMore = connection?.pageInfo.hasNextPage ?? false;
  // Each page is asked for once, however often scrolling and rendering call for it.
  const asked = useRef<string | null>(null);
  const endCursor = connection?.pageInfo.endCursor ?? null;
  const { fetchMore } = list;
  const loadMore = useCallback(() => {
    // Keyed by the rows too: a list read again (after an undo) may end at a cursor asked for before.
    const key = `${endCursor}:${threads.length}`;
    if (!hasMore || !endCursor || asked.current === key) return;
    asked.current = key;
    void fetchMore({ variables: { after: endCursor } });
  }, [hasMore, endCursor, fetchMore, threads.length]);
  const sentinel = useInfiniteScroll(hasMore && !list.loading, loadMore);

  const { clear } = selection;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter is a new list: nothing stays selected.
  useEffect(() => {
    clear();
    setActive(0);
  }, [filter, clear]);

  const focusRow = useCallback((index: number) => {
    const links = listRef.current?.querySelectorAll<HTMLAnchorElement>('a.row-link');
    links?.[Math.max(0, Math.min(index, links.length - 1))]?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const move = (to: number) => {
      event.preventDefault();
      const next = Math.max(0, Math.min(to, threads.length - 1));
      setActive(next);
      focusRow(next);
      if (next >= threads.length - 3) loadMore();
    };
    const current = threads[active];
    if (event.key === 'ArrowDown' || event.key === 'j') move(active + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') move(active - 1);
    else if (event.key === 'x' && current) {
      event.preventDefault();
      selection.toggle(current.id, event.shiftKey);
    } else if (event.key === 'Delete' && current) {
      event.preventDefault();
      setDialog(selection.selected.length > 0 ? { kind: 'many' } : { kind: 'one', id: current.id });
    }
  };

  // Once a dialog has closed (and the browser has put the focus back where it was, on a row that
  // may be gone), the focus lands on the row now at the same place, or on the list when it is empty.
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus || dialog) return;
    setRefocus(false);
    if (threads.length > 0) focusRow(active);
    else listRef.current?.focus();
  }, [refocus, dialog, threads, active, focusRow]);
  const closeDialog = () => {
    setDialog(null);
    setRefocus(true);
  };

  const matching = selection.allMatching;
  const total = connection?.totalCount ?? 0;
  const count = matching ? total : selection.selected.length;
  const resolveIds = async () => {
    if (!matching) return selection.selected;
    const all: string[] = [];
    let after: string | null | undefined = null;
    do {
      const page: ApolloClient.QueryResult<WebThreadIdsQuery> = await client.query({
        query: THREAD_IDS,
        variables: { after, filter },
        fetchPolicy: 'no-cache',
      });
      const threadsPage = page.data?.threads;
      all.push(...(threadsPage?.edges.map((edge) => edge.node.id) ?? []));
      after = threadsPage?.pageInfo.hasNextPage ? threadsPage.pageInfo.endCursor : null;
    } while (after && all.length < MAX_MATCHING);
    return all;
  };

  // The list is read again once, after the last restore, not after each one.
  const undoBulk = async (results: WebDeleteResultFragment[]) => {
    setOutcome(null);
    const trashed = results.filter((result) => result.outcome === 'SOFT_DELETED').map((result) => result.threadId);
    let restored = 0;
    for (const id of trashed) {
      try {
        await client.mutate({
          mutation: RESTORE_THREAD,
          variables: { threadId: id },
          update: (cache) => removeFromLists(cache, 'deletedThreads', [id]),
        });
        restored += 1;
      } catch {
        // Counted below: the notice says how many could not come back.
      }
    }
    evictLists(client.cache, 'threads');
    const failed = trashed.length - restored;
    notify({
      text: `Restored ${restored} of ${trashed.length} threads.${failed > 0 ? ` ${failed} could not be restored.` : ''}`,
      tone: failed > 0 ? 'error' : 'info',
    });
  };

  const filtered = Object.keys(filter).length > 0;
  return (
    <section aria-labelledby="threads-title">
      <h1 id="threads-title" tabIndex={-1}>
        {owner ? `Threads of ${owner}` : admin ? 'All threads' : 'Your threads'}
      </h1>
      <ThreadFilters admin={admin} owner={owner} onOwnerChange={onOwnerChange} onChange={changeBase} />
      {outcome && (
        <Outcomes
          mode={outcome.mode}
          results={outcome.results}
          titles={titles}
          onUndo={() => void undoBulk(outcome.results)}
          onDismiss={() => setOutcome(null)}
        />
      )}
      <div className="bulk-bar" role="toolbar" aria-label="Selection">
        <label className="choice">
          <input
            type="checkbox"
            checked={threads.length > 0 && selection.selected.length === threads.length}
            disabled={threads.length === 0}
            onChange={(event) => (event.target.checked ? selection.selectVisible() : selection.clear())}
          />
          Select all {threads.length} shown
        </label>
        {selection.selected.length === threads.length && threads.length > 0 && total > threads.length && !matching && (
          <button type="button" className="link" onClick={() => selection.setAllMatching(true)}>
            Select all {total}
            {connection?.totalCountExact ? '' : '+'} matching {filtered ? 'the filter' : ''}
          </button>
        )}
        <span className="count" aria-live="polite">
          {count > 0 ? `${count} selected${matching ? ' (all matching)' : ''}` : ''}
        </span>
        <button type="button" disabled={count === 0} onClick={() => setDialog({ kind: 'many' })}>
          Delete selected…
        </button>
        {count > 0 && (
          <button type="button" className="secondary" onClick={selection.clear}>
            Clear selection
          </button>
        )}
      </div>
      {list.error && !connection && (
        <div className="error-state" role="alert">
          <p>Could not load the threads: {list.error.message}.</p>
          <p>Check that the server is reachable, then try again.</p>
          <button type="button" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      )}
      {connection && threads.length === 0 && (
        <div className="empty-state">
          {filtered ? (
            <p>No thread matches these filters. Change or clear them to see more.</p>
          ) : (
            <p>No threads yet. Threads created through the API (createThread) show up here.</p>
          )}
        </div>
      )}
      {threads.length > 0 && (
        <p className="summary">
          {total}
          {connection?.totalCountExact ? '' : '+'} {total === 1 ? 'thread' : 'threads'}; arrows or j/k move, x selects,
          Delete deletes, Enter opens.
        </p>
      )}
      <ul className="threads" ref={listRef} aria-label="Threads" tabIndex={-1} onKeyDown={onKeyDown}>
        {threads.map((thread, index) => (
          <ThreadRow
            key={thread.id}
            thread={thread}
            index={index}
            active={index === Math.min(active, threads.length - 1)}
            checked={selection.isChecked(thread.id)}
            showOwner={admin}
            onToggle={selection.toggle}
            onFocus={setActive}
            onDelete={(id) => {
              setActive(index);
              setDialog({ kind: 'one', id });
            }}
          />
        ))}
      </ul>
      <div ref={sentinel} />
      {hasMore && (
        <button type="button" className="secondary" disabled={list.loading} onClick={loadMore}>
          {list.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
      {list.loading && !connection && <p role="status">Loading threads…</p>}
      {dialog?.kind === 'one' && <DeleteDialog threadId={dialog.id} onClose={closeDialog} />}
      {dialog?.kind === 'many' && (
        <BulkDialog
          count={count}
          resolveIds={resolveIds}
          onClose={(done) => {
            if (done) {
              setOutcome(done);
              selection.clear();
            }
            closeDialog();
          }}
        />
      )}
    </section>
  );
}
