import { type EntityManager, TypeORMError } from 'typeorm';
import { recordAudit } from '../../audit/audit.service.js';
import { type Caller, canAccess } from '../../auth/auth.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { isUnavailable } from '../../db/db-errors.js';
import {
  BackupFailedError,
  BackupQuotaExceededError,
  DomainError,
  errorCodeOf,
  ThreadNotFoundError,
} from '../../errors.js';
import type { Fairness } from '../../http/fairness.js';
import type { Metrics } from '../../http/metrics.js';
import type { RequestMeta } from '../../http/request-context.js';
import type { Logger } from '../../logger.js';
import { messagePages, toBackupThread } from '../backup/thread-backup.mapping.js';
import type { BackupLimits } from '../backup/thread-backup.policy.js';
import type { BackupStore } from '../backup/thread-backup.store.js';
import type { CustomMetadataInfo } from '../custom-metadata.types.js';
import { Message } from '../message.entity.js';
import { Thread } from '../thread.entity.js';
import { DeleteMode } from '../thread.inputs.js';
import { selectThreadForWrite } from '../thread.queries.js';
import { isGone, PermanentDeletes } from './thread-delete.fast-path.js';
import { type DeleteOutcome, errorResult, type ResultContext, successResult } from './thread-delete.response.js';
import type { ThreadDeleteResult } from './thread-delete.result.js';
import type { ThreadReclaimer } from './thread-reclaimer.js';

/** A delete as both transports hand it to the service, already validated. */
export interface DeleteRequest {
  readonly threadId: string;
  readonly caller: Caller;
  readonly meta: RequestMeta;
  readonly transport: 'graphql' | 'rest';
  readonly mode: DeleteMode;
  readonly backup: boolean;
  readonly dryRun: boolean;
  readonly reason?: string | null;
  readonly customMetadata?: CustomMetadataInfo | null;
  /** True inside a bulk delete, which already holds one of the caller's expensive-operation slots. */
  readonly inSlot?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes a thread and everything in it, in one transaction that never loads the messages. The
 * plain permanent delete takes the engine's fastest path (`PermanentDeletes`). Everything else
 * (soft delete, backup, dry run): lock the thread row, check the owner, count the messages, write
 * the backup if asked (before anything changes), write the audit entry, then delete the row and
 * let the database's `ON DELETE CASCADE` remove the messages (or, for a soft delete, mark the row).
 */
export class ThreadDeleteService {
  private readonly permanentDeletes: PermanentDeletes;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly deps: {
      readonly backups: BackupStore;
      readonly backupLimits: BackupLimits;
      readonly fairness?: Fairness;
      readonly metrics?: Metrics;
      readonly logger?: Logger;
      /** Kicked when a delete leaves a tombstone, so its messages go without waiting for the timer. */
      readonly reclaimer?: ThreadReclaimer;
    },
  ) {
    this.permanentDeletes = new PermanentDeletes(db);
  }

  /** Deletes one thread; throws ThreadNotFoundError, BackupFailedError, or whatever else went wrong. */
  async delete(request: DeleteRequest): Promise<ThreadDeleteResult> {
    const context = this.contextOf(request);
    return successResult(await this.run(request), context);
  }

  /** Deletes one thread; a missing or foreign thread, or a failed backup, becomes an error result. */
  async deleteAsResult(request: DeleteRequest): Promise<ThreadDeleteResult> {
    const context = this.contextOf(request);
    try {
      return successResult(await this.run(request), context);
    } catch (error) {
      if (error instanceof BackupFailedError)
        this.deps.logger?.error({ err: error.cause, requestId: request.meta.requestId }, 'backup failed');
      if (
        error instanceof ThreadNotFoundError ||
        error instanceof BackupFailedError ||
        error instanceof BackupQuotaExceededError
      ) {
        return errorResult(request.threadId, error.code, context);
      }
      throw error;
    }
  }

  /**
   * Deletes several threads in order, each in its own transaction, one result per id. A failure
   * of any kind becomes that id's error result, so the caller always learns which deletes
   * committed before it. A bulk delete is an expensive operation: it takes one of the caller's
   * slots (RATE_LIMITED when all are taken), and its backups do not take more.
   */
  deleteMany(threadIds: readonly string[], request: Omit<DeleteRequest, 'threadId'>): Promise<ThreadDeleteResult[]> {
    return this.asExpensive(request.caller, () => this.deleteEach(threadIds, { ...request, inSlot: true }));
  }

  private async deleteEach(
    threadIds: readonly string[],
    request: Omit<DeleteRequest, 'threadId'>,
  ): Promise<ThreadDeleteResult[]> {
    const results: ThreadDeleteResult[] = [];
    for (const threadId of threadIds) {
      try {
        results.push(await this.deleteAsResult({ ...request, threadId }));
      } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'INTERNAL_SERVER_ERROR')
          this.deps.logger?.error(
            { err: error, requestId: request.meta.requestId },
            'unexpected error in a bulk delete',
          );
        results.push(errorResult(threadId, code, this.contextOf({ ...request, threadId })));
      }
    }
    return results;
  }

  /** Runs the delete's transaction and counts its outcome for `/metrics`. */
  private async run(request: DeleteRequest): Promise<DeleteOutcome> {
    const labels = { mode: request.mode === DeleteMode.SOFT ? 'soft' : 'permanent', transport: request.transport };
    try {
      const plain = request.mode === DeleteMode.PERMANENT && !request.backup && !request.dryRun;
      const outcome = plain
        ? await this.deletePlain(request)
        : request.backup && !request.dryRun
          ? await this.deleteWithBackup(request)
          : await this.deleteInTransaction(request);
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

  private contextOf(request: DeleteRequest): ResultContext {
    return {
      config: this.config,
      meta: request.meta,
      transport: request.transport,
      mode: request.mode === DeleteMode.SOFT ? 'soft' : 'permanent',
      customMetadata: request.customMetadata ?? null,
      startedAt: performance.now(),
    };
  }

  /**
   * A delete with a backup is expensive: it takes one of the caller's slots (unless its bulk delete
   * holds one) and one of the process's backup slots before its transaction opens.
   */
  private deleteWithBackup(request: DeleteRequest): Promise<DeleteOutcome> {
    const run = () => this.deps.backupLimits.inSlot(() => this.deleteInTransaction(request));
    return request.inSlot ? run() : this.asExpensive(request.caller, run);
  }

  private asExpensive<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
    return this.deps.fairness ? this.deps.fairness.expensive(caller, work) : work();
  }

  private deleteInTransaction(request: DeleteRequest): Promise<DeleteOutcome> {
    return this.db.transaction((manager) => this.deleteLocked(manager, request));
  }

  private async deleteLocked(manager: EntityManager, request: DeleteRequest): Promise<DeleteOutcome> {
    const soft = request.mode === DeleteMode.SOFT;
    const thread = await selectThreadForWrite(manager, request.threadId, 'any');
    const deletedAt = new Date();
    // A soft-deleted thread is in the trash: a permanent delete empties it, a soft one finds nothing.
    // A tombstone (or a trashed thread past its window) is gone for both.
    if (
      !thread ||
      !canAccess(request.caller, thread.userId) ||
      (soft && thread.deletedAt) ||
      isGone(thread, deletedAt)
    ) {
      throw new ThreadNotFoundError(request.threadId);
    }
    const messageCount = await manager.countBy(Message, { threadId: thread.id });
    // A permanent delete of more than a chunk of messages leaves a tombstone for the reclaimer.
    const reclaiming = !soft && !request.dryRun && messageCount > this.db.chunkMessages;
    const restoreUntil = soft ? new Date(deletedAt.getTime() + this.config.softDeleteRetentionDays * DAY_MS) : null;
    const outcome = {
      thread,
      messageCount,
      soft,
      dryRun: request.dryRun,
      deletedAt,
      deletedBy: request.caller.userId,
      restoreUntil,
      reclaiming,
    };
    if (request.dryRun) return { ...outcome, auditLogId: null, backupLocation: null };

    const backupLocation = request.backup ? await this.backup(manager, thread, request.caller.userId, deletedAt) : null;
    const [auditLogId] = await recordAudit(manager, {
      action: soft ? 'DELETE_SOFT' : 'DELETE_PERMANENT',
      threadId: thread.id,
      actor: request.caller.userId,
      owner: thread.userId,
      messageCount,
      requestId: request.meta.requestId,
      traceId: request.meta.traceId,
      reason: request.reason,
      at: deletedAt,
    });
    if (soft || reclaiming) {
      // A soft delete's row waits out its restore window; a tombstone's (restoreUntil null) the reclaimer.
      await manager.update(
        Thread,
        { id: thread.id },
        { deletedAt, deletedBy: request.caller.userId, restoreUntil, updatedAt: deletedAt },
      );
    } else {
      await manager.delete(Thread, { id: thread.id });
    }
    return { ...outcome, auditLogId, backupLocation };
  }

  /**
   * Streams the thread into the backup store and records it against the actor's quota; a full
   * quota or a storage failure aborts the delete before anything changed.
   */
  private async backup(manager: EntityManager, thread: Thread, actor: string, at: Date): Promise<string> {
    await this.deps.backupLimits.assertRoom(manager, actor);
    try {
      const key = await this.deps.backups.write(toBackupThread(thread), messagePages(manager, thread.id));
      await this.deps.backupLimits.record(manager, { key, threadId: thread.id, actor, owner: thread.userId, at });
      return key;
    } catch (error) {
      if (error instanceof DomainError || error instanceof TypeORMError || isUnavailable(error)) throw error;
      throw new BackupFailedError({ cause: error });
    }
  }
}
