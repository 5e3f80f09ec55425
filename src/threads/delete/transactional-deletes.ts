import type { EntityManager } from 'typeorm';
import { TypeORMError } from 'typeorm';
import { recordAudit } from '../../audit/audit.service.js';
import { type Caller, canAccess } from '../../auth/auth.js';
import type { Database } from '../../db/database.js';
import { isUnavailable } from '../../db/db-errors.js';
import { BackupFailedError, DomainError, ThreadNotFoundError } from '../../errors.js';
import type { RequestMeta } from '../../http/request-context.js';
import type { BackupWorkers } from '../backup/backup-workers.js';
import { messagePages, toBackupThread } from '../backup/thread-backup.mapping.js';
import type { BackupLimits } from '../backup/thread-backup.policy.js';
import type { BackupStore } from '../backup/thread-backup.store.js';
import { Thread } from '../thread.entity.js';
import { announceThreadEvent } from '../thread.events.js';
import { isGone, selectThreadForWrite } from '../thread.queries.js';
import type { DeleteOutcome } from './thread-delete.response.js';

/** What a soft delete, a dry run or a delete with backup needs to know. */
export interface TransactionalDeleteInput {
  readonly threadId: string;
  readonly caller: Caller;
  readonly meta: RequestMeta;
  readonly soft: boolean;
  readonly reason?: string | null;
}

/** What a backup saw of a thread before it was written: the delete commits only if nothing changed since. */
interface Seen {
  readonly updatedAt: number;
  readonly messageCount: number;
}

/** The thread changed between its backup and its delete (a message was added, it was restored...). */
class ThreadChangedError extends Error {
  override readonly name = 'ThreadChangedError';
}

/** How often a backup is written again when the thread changed while it was written. */
const BACKUP_ATTEMPTS = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The deletes that are not the plain permanent one: soft deletes, dry runs and deletes with a
 * backup, through TypeORM. One short transaction locks the thread, checks it, reads its count
 * (`message_count`, kept by the database), writes the audit entry and changes the row: a soft delete marks it (the
 * trash), a permanent one deletes it with its messages (the cascade) or, past
 * `chunkMessages` messages, leaves a tombstone for the reclaimer. Nothing long runs under a lock:
 * a dry run only reads, and a backup is written before the delete's transaction, from reads that
 * hold no lock; the transaction then checks that the thread did not change meanwhile (else the
 * backup is written again), so "backup failed, nothing deleted" holds and no one waits for a file.
 */
export class TransactionalDeletes {
  constructor(
    private readonly db: Database,
    private readonly deps: {
      readonly backups: BackupStore;
      readonly backupLimits: BackupLimits;
      readonly softDeleteRetentionDays: number;
      /** Writes big backups off the gateway's thread (PostgreSQL); without it, every backup is written here. */
      readonly backupWorkers?: BackupWorkers;
    },
  ) {}

  /** What the delete would do, read without any lock; nothing is written. */
  async preview(input: TransactionalDeleteInput): Promise<DeleteOutcome> {
    const at = new Date();
    const thread = await this.look(input, at);
    const plan = this.plan(input, thread, at);
    // A dry run leaves nothing to reclaim.
    return { ...plan, reclaiming: false, dryRun: true, auditLogId: null, backupLocation: null };
  }

  /** Soft delete, or permanent delete of a thread in the trash, in one transaction. */
  async delete(input: TransactionalDeleteInput): Promise<DeleteOutcome> {
    return this.db.transaction((manager) => this.commit(manager, input, null));
  }

  /** The thread, read without a lock (THREAD_NOT_FOUND if this caller may not delete it this way). */
  private look(input: TransactionalDeleteInput, at: Date): Promise<Thread> {
    return this.db.read((manager) => this.inspect(manager, input, at, false));
  }

  /**
   * Writes the thread's backup from lock-free reads, then deletes in one short transaction that
   * records the backup, provided the thread is as the backup saw it. If not, the file is removed
   * and the backup written again (BACKUP_FAILED after BACKUP_ATTEMPTS); if the transaction fails,
   * the file is removed: a backup exists only for a delete that committed.
   */
  async deleteWithBackup(input: TransactionalDeleteInput): Promise<DeleteOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const { key, seen } = await this.writeBackup(input);
      try {
        return await this.db.transaction((manager) => this.commit(manager, input, { key, seen }));
      } catch (error) {
        await this.deps.backups.remove(key).catch(() => undefined);
        if (!(error instanceof ThreadChangedError)) throw error;
        if (attempt >= BACKUP_ATTEMPTS) throw new BackupFailedError({ cause: error });
      }
    }
  }

  private async writeBackup(input: TransactionalDeleteInput): Promise<{ key: string; seen: Seen }> {
    const thread = await this.look(input, new Date());
    await this.db.read((manager) => this.deps.backupLimits.assertRoom(manager, input.caller.userId));
    const { backups, backupWorkers } = this.deps;
    try {
      // On this thread, a page at a time through the pool; big ones on PostgreSQL in a worker.
      const here = () =>
        backups.write(
          toBackupThread(thread),
          messagePages((work) => this.db.read(work), thread.id),
        );
      const key = backupWorkers?.takes(thread.messageCount)
        ? await backupWorkers.write(toBackupThread(thread), here)
        : await here();
      return { key, seen: { updatedAt: thread.updatedAt.getTime(), messageCount: thread.messageCount } };
    } catch (error) {
      if (error instanceof DomainError || error instanceof TypeORMError || isUnavailable(error)) throw error;
      throw new BackupFailedError({ cause: error });
    }
  }

  /** The thread, if this caller may delete it this way now; THREAD_NOT_FOUND otherwise. */
  private async inspect(
    manager: EntityManager,
    input: TransactionalDeleteInput,
    at: Date,
    lock: boolean,
  ): Promise<Thread> {
    const thread = lock
      ? await selectThreadForWrite(manager, input.threadId, 'any')
      : await manager.findOneBy(Thread, { id: input.threadId });
    // A thread in the trash: a permanent delete empties it, a soft one finds nothing. A tombstone
    // (or a trashed thread past its window) is gone for both.
    if (!thread || !canAccess(input.caller, thread.userId) || (input.soft && thread.deletedAt) || isGone(thread, at)) {
      throw new ThreadNotFoundError(input.threadId);
    }
    return thread;
  }

  private plan(input: TransactionalDeleteInput, thread: Thread, at: Date) {
    const { soft } = input;
    const { messageCount } = thread;
    return {
      thread,
      messageCount,
      soft,
      deletedAt: at,
      deletedBy: input.caller.userId,
      restoreUntil: soft ? new Date(at.getTime() + this.deps.softDeleteRetentionDays * DAY_MS) : null,
      // A permanent delete of more than a chunk of messages leaves a tombstone for the reclaimer.
      reclaiming: !soft && messageCount > this.db.chunkMessages,
    };
  }

  private async commit(
    manager: EntityManager,
    input: TransactionalDeleteInput,
    backup: { key: string; seen: Seen } | null,
  ): Promise<DeleteOutcome> {
    const at = new Date();
    const thread = await this.inspect(manager, input, at, true);
    const { messageCount } = thread;
    if (backup && (thread.updatedAt.getTime() !== backup.seen.updatedAt || messageCount !== backup.seen.messageCount))
      throw new ThreadChangedError(`thread ${thread.id} changed while its backup was written`);
    const plan = this.plan(input, thread, at);
    if (backup) {
      await this.deps.backupLimits.assertRoom(manager, input.caller.userId);
      await this.deps.backupLimits.record(manager, {
        key: backup.key,
        threadId: thread.id,
        actor: input.caller.userId,
        owner: thread.userId,
        at,
      });
    }
    const [auditLogId] = await recordAudit(manager, {
      action: input.soft ? 'DELETE_SOFT' : 'DELETE_PERMANENT',
      threadId: thread.id,
      actor: input.caller.userId,
      owner: thread.userId,
      messageCount,
      requestId: input.meta.requestId,
      traceId: input.meta.traceId,
      reason: input.reason,
      at,
    });
    if (input.soft || plan.reclaiming) {
      // A soft delete's row waits out its restore window; a tombstone's (restoreUntil null) the reclaimer.
      await manager.update(
        Thread,
        { id: thread.id },
        { deletedAt: at, deletedBy: input.caller.userId, restoreUntil: plan.restoreUntil, updatedAt: at },
      );
    } else {
      await manager.delete(Thread, { id: thread.id });
    }
    await announceThreadEvent(this.db, manager, {
      kind: input.soft ? 'TRASHED' : 'DELETED',
      threadId: thread.id,
      owner: thread.userId,
      actor: input.caller.userId,
      projectId: thread.projectId,
      at,
      messageCount,
      auditEntryId: auditLogId,
      restoreUntil: plan.restoreUntil,
    });
    return { ...plan, dryRun: false, auditLogId, backupLocation: backup?.key ?? null };
  }
}
