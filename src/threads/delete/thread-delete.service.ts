import type { Caller } from '../../auth/auth.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { BackupFailedError, BackupQuotaExceededError, errorCodeOf, ThreadNotFoundError } from '../../errors.js';
import type { Fairness } from '../../http/fairness.js';
import type { Metrics } from '../../http/metrics.js';
import type { Logger } from '../../logger.js';
import type { BackupWorkers } from '../backup/backup-workers.js';
import type { BackupLimits } from '../backup/thread-backup.policy.js';
import type { BackupStore } from '../backup/thread-backup.store.js';
import { DeleteMode } from '../thread.inputs.js';
import { PermanentDeletes } from './permanent-deletes.js';
import type { DeleteAttempt, DeleteRequest } from './thread-delete.request.js';
import type { DeleteOutcome } from './thread-delete.response.js';
import type { ThreadReclaimer } from './thread-reclaimer.js';
import { type TransactionalDeleteInput, TransactionalDeletes } from './transactional-deletes.js';

/**
 * Deletes threads for both transports and counts the outcomes. The plain permanent delete takes the
 * engine's fastest path with group commit (`PermanentDeletes`); soft deletes, dry runs and deletes
 * with a backup go through `TransactionalDeletes`. Either way no transaction removes more than
 * `chunkMessages` messages: a bigger thread is left as a tombstone and the reclaimer, kicked here
 * once it committed, removes the rest in chunks.
 */
export class ThreadDeleteService {
  private readonly permanentDeletes: PermanentDeletes;
  private readonly transactional: TransactionalDeletes;

  constructor(
    db: Database,
    config: Config,
    private readonly deps: {
      readonly backups: BackupStore;
      readonly backupLimits: BackupLimits;
      /** Writes big backups off the gateway's thread (PostgreSQL). */
      readonly backupWorkers?: BackupWorkers;
      readonly fairness?: Fairness;
      readonly metrics?: Metrics;
      readonly logger?: Logger;
      /** Kicked when a delete leaves a tombstone, so its messages go without waiting for the timer. */
      readonly reclaimer?: ThreadReclaimer;
    },
  ) {
    this.permanentDeletes = new PermanentDeletes(db);
    this.transactional = new TransactionalDeletes(db, {
      backups: deps.backups,
      backupLimits: deps.backupLimits,
      backupWorkers: deps.backupWorkers,
      softDeleteRetentionDays: config.softDeleteRetentionDays,
    });
  }

  /** Deletes one thread; throws ThreadNotFoundError, BackupFailedError, or whatever else went wrong. */
  delete(request: DeleteRequest): Promise<DeleteOutcome> {
    return this.run(request);
  }

  /**
   * Deletes one thread; a missing or foreign thread, or a backup that failed or had no room, is an
   * attempt with its error code (GraphQL answers it as a result); anything else is thrown.
   */
  async attempt(request: DeleteRequest): Promise<DeleteAttempt> {
    const { threadId } = request;
    const startedAt = performance.now();
    try {
      return { threadId, startedAt, ok: true, outcome: await this.run(request) };
    } catch (error) {
      if (error instanceof BackupFailedError)
        this.deps.logger?.error({ err: error.cause, requestId: request.meta.requestId }, 'backup failed');
      if (
        error instanceof ThreadNotFoundError ||
        error instanceof BackupFailedError ||
        error instanceof BackupQuotaExceededError
      ) {
        return { threadId, startedAt, ok: false, code: error.code };
      }
      throw error;
    }
  }

  /**
   * Deletes several threads in order, each in its own transaction, one attempt per id. A failure
   * of any kind becomes that id's error code, so the caller always learns which deletes committed
   * before it. A bulk delete is an expensive operation: it takes one of the caller's slots
   * (RATE_LIMITED when all are taken), and its backups do not take more.
   */
  deleteMany(threadIds: readonly string[], request: Omit<DeleteRequest, 'threadId'>): Promise<DeleteAttempt[]> {
    return this.asExpensive(request.caller, () => this.deleteEach(threadIds, { ...request, inSlot: true }));
  }

  private async deleteEach(
    threadIds: readonly string[],
    request: Omit<DeleteRequest, 'threadId'>,
  ): Promise<DeleteAttempt[]> {
    const attempts: DeleteAttempt[] = [];
    for (const threadId of threadIds) {
      const startedAt = performance.now();
      try {
        attempts.push(await this.attempt({ ...request, threadId }));
      } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'INTERNAL_SERVER_ERROR')
          this.deps.logger?.error(
            { err: error, requestId: request.meta.requestId },
            'unexpected error in a bulk delete',
          );
        attempts.push({ threadId, startedAt, ok: false, code });
      }
    }
    return attempts;
  }

  /** Runs the delete's transaction and counts its outcome for `/metrics`. */
  private async run(request: DeleteRequest): Promise<DeleteOutcome> {
    const labels = { mode: request.mode === DeleteMode.SOFT ? 'soft' : 'permanent', transport: request.transport };
    try {
      const plain = request.mode === DeleteMode.PERMANENT && !request.backup && !request.dryRun;
      const outcome = plain
        ? await this.deletePlain(request)
        : request.dryRun
          ? await this.transactional.preview(this.inputOf(request))
          : request.backup
            ? await this.deleteWithBackup(request)
            : await this.transactional.delete(this.inputOf(request));
      if (outcome.reclaiming) this.deps.reclaimer?.kick();
      this.deps.metrics?.deletes.inc({ ...labels, outcome: outcome.dryRun ? 'dry_run' : 'success' });
      if (!outcome.dryRun && !outcome.soft)
        this.deps.metrics?.messagesDeleted.inc({ reason: 'delete' }, outcome.messageCount);
      return outcome;
    } catch (error) {
      this.deps.metrics?.deletes.inc({ ...labels, outcome: errorCodeOf(error) });
      throw error;
    }
  }

  /** The common case, a permanent delete without backup or dry run, on the engine's fastest path. */
  private async deletePlain(request: DeleteRequest): Promise<DeleteOutcome> {
    const at = new Date();
    const { meta, caller, threadId } = request;
    const done = await this.permanentDeletes.delete({
      threadId,
      caller,
      requestId: meta.requestId,
      traceId: meta.traceId,
      reason: request.reason ?? null,
      at,
    });
    if (!done) throw new ThreadNotFoundError(threadId);
    const { thread, messageCount, auditLogId, tombstoned } = done;
    return {
      reclaiming: tombstoned,
      thread,
      messageCount,
      soft: false,
      dryRun: false,
      deletedAt: at,
      deletedBy: caller.userId,
      restoreUntil: null,
      auditLogId,
      backupLocation: null,
    };
  }

  /**
   * A delete with a backup is expensive: it takes one of the caller's slots (unless its bulk delete
   * holds one) and one of the process's backup slots before anything is read.
   */
  private deleteWithBackup(request: DeleteRequest): Promise<DeleteOutcome> {
    const run = () => this.deps.backupLimits.inSlot(() => this.transactional.deleteWithBackup(this.inputOf(request)));
    return request.inSlot ? run() : this.asExpensive(request.caller, run);
  }

  private asExpensive<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
    return this.deps.fairness ? this.deps.fairness.expensive(caller, work) : work();
  }

  private inputOf(request: DeleteRequest): TransactionalDeleteInput {
    const { threadId, caller, meta, reason } = request;
    return { threadId, caller, meta, reason, soft: request.mode === DeleteMode.SOFT };
  }
}
