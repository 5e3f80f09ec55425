import type { ApolloClient } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DeleteMode, ThreadFilter, WebDeleteResultFragment, WebThreadIdsQuery } from '../gql/graphql.js';
import { useRestoreMany } from './actions.js';
import { BulkDialog } from './BulkDialog.js';
import { DeleteDialog } from './DeleteDialog.js';
import { THREAD_IDS, THREAD_LIST } from './documents.js';
import { Outcomes } from './Outcomes.js';
import { SelectionBar } from './SelectionBar.js';
import { useSelection } from './selection.js';
import { ThreadFilters } from './ThreadFilters.js';
import { ThreadRow } from './ThreadRow.js';
import { usePagedList } from './usePagedList.js';

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

  const { hasMore, loadMore, sentinel } = usePagedList(connection, list.loading, list.fetchMore);

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

  const restoreMany = useRestoreMany();
  const undoBulk = (results: WebDeleteResultFragment[]) => {
    setOutcome(null);
    void restoreMany(results.filter((result) => result.outcome === 'SOFT_DELETED').map((result) => result.threadId));
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
          onUndo={() => undoBulk(outcome.results)}
          onDismiss={() => setOutcome(null)}
        />
      )}
      <SelectionBar
        selection={selection}
        shown={threads.length}
        total={total}
        totalExact={connection?.totalCountExact ?? true}
        filtered={filtered}
        onDelete={() => setDialog({ kind: 'many' })}
      />
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
