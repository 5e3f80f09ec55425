import type { DeleteMode, WebDeleteResultFragment } from '../gql/graphql.js';
import { describeFailure } from './actions.js';

interface Props {
  readonly mode: DeleteMode | 'RESTORE';
  readonly results: readonly WebDeleteResultFragment[];
  /** Titles known on the page, for the ids whose result carries none (a failed one). */
  readonly titles: ReadonlyMap<string, string>;
  readonly onUndo?: () => void;
  readonly onDismiss: () => void;
}

const DONE = new Set(['DELETED', 'SOFT_DELETED']);

/** What a bulk action did, per thread: how many went, and which did not and why. */
export function Outcomes({ mode, results, titles, onUndo, onDismiss }: Props) {
  const done = results.filter((result) => DONE.has(result.outcome));
  const failed = results.filter((result) => !DONE.has(result.outcome));
  const verb = mode === 'SOFT' ? 'moved to the trash' : 'deleted for good';
  return (
    <section className="outcomes" aria-labelledby="outcomes-title" data-testid="bulk-outcomes">
      <h2 id="outcomes-title">
        {done.length} of {results.length} {verb}
        {failed.length > 0 && `, ${failed.length} failed`}
      </h2>
      {failed.length > 0 && (
        <div role="alert">
          <ul className="failures">
            {failed.map((result) => (
              <li key={result.threadId} data-thread-id={result.threadId}>
                <strong>{result.threadTitle ?? titles.get(result.threadId) ?? result.threadId}</strong>:{' '}
                {describeFailure(result.outcome)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="actions">
        {onUndo && mode === 'SOFT' && done.length > 0 && (
          <button type="button" onClick={onUndo}>
            Undo (restore {done.length})
          </button>
        )}
        <button type="button" className="secondary" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
