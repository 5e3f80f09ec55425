import type { DeleteMode } from '../gql/graphql.js';

interface Props {
  /** Prefix of the fields' ids and of the radio group's name ("delete", "bulk"). */
  readonly idPrefix: string;
  /** Null when the delete can only be permanent (from the trash): no choice is offered. */
  readonly mode: {
    readonly value: DeleteMode;
    readonly set: (mode: DeleteMode) => void;
    readonly trashHint: string;
  } | null;
  readonly backup: boolean;
  readonly setBackup: (backup: boolean) => void;
  readonly backupLabel: string;
  readonly reason: string;
  readonly setReason: (reason: string) => void;
}

/** What both delete dialogs ask: trash or delete for good, a backup, a reason for the audit trail. */
export function DeleteOptionFields({ idPrefix, mode, backup, setBackup, backupLabel, reason, setReason }: Props) {
  return (
    <>
      {mode && (
        <fieldset>
          <legend>How</legend>
          <label className="choice">
            <input
              type="radio"
              name={`${idPrefix}-mode`}
              value="SOFT"
              checked={mode.value === 'SOFT'}
              data-autofocus
              onChange={() => mode.set('SOFT')}
            />
            Move to trash <span className="hint">{mode.trashHint}</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={`${idPrefix}-mode`}
              value="PERMANENT"
              checked={mode.value === 'PERMANENT'}
              onChange={() => mode.set('PERMANENT')}
            />
            Delete permanently <span className="hint">(cannot be undone)</span>
          </label>
        </fieldset>
      )}
      <label className="choice">
        <input type="checkbox" checked={backup} onChange={(event) => setBackup(event.target.checked)} />
        {backupLabel}
      </label>
      <label htmlFor={`${idPrefix}-reason`}>Reason (optional, kept in the audit trail)</label>
      <input
        id={`${idPrefix}-reason`}
        type="text"
        maxLength={1000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
    </>
  );
}
