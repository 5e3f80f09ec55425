import type { useSelection } from './selection.js';

interface Props {
  readonly selection: ReturnType<typeof useSelection>;
  /** How many rows are shown, and how many match the filter (totalCount, exact or not). */
  readonly shown: number;
  readonly total: number;
  readonly totalExact: boolean;
  readonly filtered: boolean;
  readonly onDelete: () => void;
}

/** Select all shown, then all matching (with the count), how many are selected, and the bulk delete. */
export function SelectionBar({ selection, shown, total, totalExact, filtered, onDelete }: Props) {
  const matching = selection.allMatching;
  const count = matching ? total : selection.selected.length;
  const allShown = shown > 0 && selection.selected.length === shown;
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selection">
      <label className="choice">
        <input
          type="checkbox"
          checked={allShown}
          disabled={shown === 0}
          onChange={(event) => (event.target.checked ? selection.selectVisible() : selection.clear())}
        />
        Select all {shown} shown
      </label>
      {allShown && total > shown && !matching && (
        <button type="button" className="link" onClick={() => selection.setAllMatching(true)}>
          Select all {total}
          {totalExact ? '' : '+'} matching {filtered ? 'the filter' : ''}
        </button>
      )}
      <span className="count" aria-live="polite">
        {count > 0 ? `${count} selected${matching ? ' (all matching)' : ''}` : ''}
      </span>
      <button type="button" disabled={count === 0} onClick={onDelete}>
        Delete selected…
      </button>
      {count > 0 && (
        <button type="button" className="secondary" onClick={selection.clear}>
          Clear selection
        </button>
      )}
    </div>
  );
}
