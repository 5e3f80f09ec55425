import { useApolloClient, useMutation } from '@apollo/client/react';
import { useCallback } from 'react';
import type { DeleteOutcomeCode, DeleteThreadOptions, WebDeleteResultFragment } from '../gql/graphql.js';
import { applyDeleteOutcome, applyRestore, evictLists, removeFromLists } from './cache.js';
import { DELETE_THREAD, DELETE_THREADS, RESTORE_THREAD } from './documents.js';
import { useNotify } from './notices.js';
import { fullTime } from './time.js';

/** deleteThreads takes at most this many ids per call. */
const BULK_CHUNK = 100;

/** Why a delete did not happen, in words the person can act on. */
export function describeFailure(code: DeleteOutcomeCode | string): string {
  switch (code) {
    case 'THREAD_NOT_FOUND':
      return 'not found: it was already deleted, or it is not yours';
    case 'THREAD_BUSY':
      return 'busy: another request is changing it; try again';
    case 'BACKUP_FAILED':
      return 'the backup could not be written, so nothing was deleted';
    case 'BACKUP_QUOTA_EXCEEDED':
      return 'your backups have used up their quota, so nothing was deleted';
    case 'RATE_LIMITED':
      return 'too many requests; wait a moment and try again';
    default:
      return `not deleted (${code})`;
  }
}

const quoted = (result: WebDeleteResultFragment) => `"${result.threadTitle ?? result.threadId}"`;

/** Brings a thread back from the trash, keeps the cache right and says so. */
export function useRestore(): (id: string, title: string) => Promise<boolean> {
  const [restore] = useMutation(RESTORE_THREAD);
  const notify = useNotify();
  return useCallback(
    async (id, title) => {
      try {
        await restore({ variables: { threadId: id }, update: (cache) => applyRestore(cache, id) });
        notify({ text: `Restored "${title}".` });
        return true;
      } catch (error) {
        notify({ text: `Could not restore "${title}": ${(error as Error).message}`, tone: 'error' });
        return false;
      }
    },
    [restore, notify],
  );
}

/** Deletes one thread (not a dry run), updates the cache by its outcome, and gives a notice with Undo for a trash. */
export function useDeleteOne(): (id: string, options: DeleteThreadOptions) => Promise<WebDeleteResultFragment> {
  const [remove] = useMutation(DELETE_THREAD);
  const restore = useRestore();
  const notify = useNotify();
  return useCallback(
    async (id, options) => {
      const answer = await remove({
        variables: { threadId: id, options },
        update: (cache, { data }) => data && applyDeleteOutcome(cache, id, data.deleteThread.outcome),
      });
      const result = answer.data?.deleteThread;
      if (!result) throw new Error('The server gave no result.');
      const title = result.threadTitle ?? id;
      if (result.outcome === 'SOFT_DELETED')
        notify({
          text: `Moved ${quoted(result)} to the trash; restorable until ${fullTime(result.restoreUntil ?? '')}.`,
          undo: { label: 'Undo', run: async () => void (await restore(id, title)) },
        });
      else if (result.outcome === 'DELETED')
        notify({
          text:
            `Deleted ${quoted(result)} and its ${result.deletedMessageCount ?? 0} messages for good.` +
            (result.backupCreated ? ` Backup: ${result.backupLocation}.` : ''),
        });
      else notify({ text: `Could not delete ${quoted(result)}: ${describeFailure(result.outcome)}.`, tone: 'error' });
      return result;
    },
    [remove, restore, notify],
  );
}

/** Deletes many threads, 100 per call, updating the cache by each result's outcome; one result per id, in order. */
export function useDeleteMany(): (
  ids: readonly string[],
  options: DeleteThreadOptions,
) => Promise<WebDeleteResultFragment[]> {
  const [remove] = useMutation(DELETE_THREADS);
  return useCallback(
    async (ids, options) => {
      const results: WebDeleteResultFragment[] = [];
      for (let start = 0; start < ids.length; start += BULK_CHUNK) {
        const chunk = ids.slice(start, start + BULK_CHUNK);
        const answer = await remove({
          variables: { threadIds: [...chunk], options },
          update: (cache, { data }) => {
            for (const result of data?.deleteThreads ?? []) applyDeleteOutcome(cache, result.threadId, result.outcome);
          },
        });
        results.push(...(answer.data?.deleteThreads ?? []));
      }
      return results;
    },
    [remove],
  );
}

/** Brings many threads back from the trash (a bulk Undo); the live lists are read again once, after the last. */
export function useRestoreMany(): (ids: readonly string[]) => Promise<void> {
  const client = useApolloClient();
  const notify = useNotify();
  return useCallback(
    async (ids) => {
      let restored = 0;
      for (const id of ids) {
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
      const failed = ids.length - restored;
      notify({
        text: `Restored ${restored} of ${ids.length} threads.${failed > 0 ? ` ${failed} could not be restored.` : ''}`,
        tone: failed > 0 ? 'error' : 'info',
      });
    },
    [client, notify],
  );
}
