import { useMutation } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import type { DeleteMode, WebDeleteResultFragment } from '../gql/graphql.js';
import { describeFailure, useDeleteOne } from './actions.js';
import { DeleteOptionFields } from './DeleteOptionFields.js';
import { DELETE_THREAD } from './documents.js';
import { Modal } from './Modal.js';
import { fullTime } from './time.js';

/** From this many messages on, a permanent delete asks for the thread's title to be typed. */
export const LARGE_THREAD_MESSAGES = 100;

interface Props {
  readonly threadId: string;
  /** In the trash only a permanent delete makes sense. */
  readonly permanentOnly?: boolean;
  readonly onClose: (result: WebDeleteResultFragment | null) => void;
}

/**
 * Delete one thread: the dialog is built from a dry run, so it says exactly what will go
 * ("Delete "Trip planning" and its 3 messages?"); trash is the default, permanent is a choice.
 */
export function DeleteDialog({ threadId, permanentOnly = false, onClose }: Props) {
  const [dryRun, preview] = useMutation(DELETE_THREAD);
  const deleteOne = useDeleteOne();
  const [mode, setMode] = useState<DeleteMode>(permanentOnly ? 'PERMANENT' : 'SOFT');
  const [backup, setBackup] = useState(false);
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    dryRun({ variables: { threadId, options: { dryRun: true, mode: permanentOnly ? 'PERMANENT' : 'SOFT' } } }).catch(
      (error: Error) => setFailure(error.message),
    );
  }, [dryRun, threadId, permanentOnly]);

  const plan = preview.data?.deleteThread;
  const close = () => onClose(null);
  if (plan?.outcome !== 'DRY_RUN')
    return (
      <Modal title="Delete thread" focusKey="checking" onClose={close}>
        <p role={plan || failure ? 'alert' : 'status'}>
          {failure ??
            (plan
              ? `This thread cannot be deleted: ${describeFailure(plan.outcome)}.`
              : 'Checking what would be deleted…')}
        </p>
        <div className="actions">
          <button type="button" data-autofocus onClick={close}>
            Close
          </button>
        </div>
      </Modal>
    );

  const count = plan.deletedMessageCount ?? 0;
  const title = plan.threadTitle ?? threadId;
  const mustType = mode === 'PERMANENT' && count >= LARGE_THREAD_MESSAGES;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mustType && typed !== title) return;
    setBusy(true);
    try {
      const result = await deleteOne(threadId, { mode, backup, reason: reason.trim() || null });
      onClose(result);
    } catch (error) {
      setFailure((error as Error).message);
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Delete "${title}" and its ${count} ${count === 1 ? 'message' : 'messages'}?`}
      focusKey="plan"
      onClose={close}
    >
      <form onSubmit={submit}>
        <DeleteOptionFields
          idPrefix="delete"
          mode={
            permanentOnly
              ? null
              : {
                  value: mode,
                  set: setMode,
                  trashHint: plan.restoreUntil ? `(restorable until ${fullTime(plan.restoreUntil)})` : '',
                }
          }
          backup={backup}
          setBackup={setBackup}
          backupLabel="Write a backup first"
          reason={reason}
          setReason={setReason}
        />
        {permanentOnly && <p>It is deleted for good: this cannot be undone.</p>}
        {mustType && (
          <>
            <label htmlFor="delete-confirm">
              Type the title, {title}, to delete {count} messages for good
            </label>
            <input id="delete-confirm" type="text" value={typed} onChange={(event) => setTyped(event.target.value)} />
          </>
        )}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <div className="actions">
          <button type="button" className="secondary" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            className={mode === 'PERMANENT' ? 'danger' : undefined}
            disabled={busy || (mustType && typed !== title)}
            data-autofocus={permanentOnly || undefined}
          >
            {mode === 'PERMANENT' ? 'Delete permanently' : 'Move to trash'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
