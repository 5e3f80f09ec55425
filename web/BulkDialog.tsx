import { type FormEvent, useState } from 'react';
import type { DeleteMode, WebDeleteResultFragment } from '../gql/graphql.js';
import { useDeleteMany } from './actions.js';
import { DeleteOptionFields } from './DeleteOptionFields.js';
import { Modal } from './Modal.js';

/** From this many threads on, a permanent bulk delete asks for the count to be typed. */
export const LARGE_SELECTION = 20;

interface Props {
  /** How many threads will be acted on, as shown before acting. */
  readonly count: number;
  /** The ids, read when the person confirms (all matching a filter: every page of it). */
  readonly resolveIds: () => Promise<string[]>;
  readonly permanentOnly?: boolean;
  readonly onClose: (outcome: { mode: DeleteMode; results: WebDeleteResultFragment[] } | null) => void;
}

/** Trash or delete several threads at once; the per-thread outcomes go back to the caller to show. */
export function BulkDialog({ count, resolveIds, permanentOnly = false, onClose }: Props) {
  const deleteMany = useDeleteMany();
  const [mode, setMode] = useState<DeleteMode>(permanentOnly ? 'PERMANENT' : 'SOFT');
  const [backup, setBackup] = useState(false);
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const noun = count === 1 ? 'thread' : 'threads';
  const mustType = mode === 'PERMANENT' && count >= LARGE_SELECTION;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mustType && typed.trim() !== String(count)) return;
    setBusy(true);
    try {
      const ids = await resolveIds();
      const results = await deleteMany(ids, { mode, backup, reason: reason.trim() || null });
      onClose({ mode, results });
    } catch (error) {
      setFailure((error as Error).message);
      setBusy(false);
    }
  };

  const title = permanentOnly ? `Delete ${count} ${noun} for good?` : `Delete ${count} ${noun} and their messages?`;
  return (
    <Modal title={title} onClose={() => onClose(null)}>
      <form onSubmit={submit}>
        <DeleteOptionFields
          idPrefix="bulk"
          mode={
            permanentOnly ? null : { value: mode, set: setMode, trashHint: '(restorable for the retention window)' }
          }
          backup={backup}
          setBackup={setBackup}
          backupLabel="Write a backup of each first"
          reason={reason}
          setReason={setReason}
        />
        {mustType && (
          <>
            <label htmlFor="bulk-confirm">Type {count} to delete that many threads for good</label>
            <input
              id="bulk-confirm"
              type="text"
              inputMode="numeric"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </>
        )}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <div className="actions">
          <button type="button" className="secondary" onClick={() => onClose(null)}>
            Cancel
          </button>
          <button
            type="submit"
            className={mode === 'PERMANENT' ? 'danger' : undefined}
            disabled={busy || (mustType && typed.trim() !== String(count))}
            data-autofocus={permanentOnly || undefined}
          >
            {busy ? 'Working…' : mode === 'PERMANENT' ? `Delete ${count} permanently` : `Move ${count} to trash`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
