import type { Caller } from '../../auth/auth.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { BackupFailedError, BackupQuotaExceededError, errorCodeOf, ThreadNotFoundError } from '../../errors.js';
import type { Fairness } from '../../http/fairness.js';
import type { Metrics } from '../../http/metrics.js';
import type { RequestMeta } from '../../http/request-context.js';
import type { Logger } from '../../logger.js';
import type { BackupLimits } from '../backup/thread-backup.policy.js';
import type { BackupStore } from '../backup/thread-backup.store.js';
import type { CustomMetadataInfo } from '../custom-metadata.types.js';
import { DeleteMode } from '../thread.inputs.js';
import { PermanentDeletes } from './thread-delete.fast-path.js';
import { type DeleteOutcome, errorResult, type ResultContext, successResult } from './thread-delete.response.js';
import type { ThreadDeleteResult } from './thread-delete.result.js';
import type { ThreadReclaimer } from './thread-reclaimer.js';
import { type TransactionalDeleteInput, TransactionalDeletes } from './transactional-deletes.js';

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
    this.transactional = new TransactionalDeletes(db, {
      backups: deps.backups,
      backupLimits: deps.backupLimits,
      softDeleteRetentionDays: config.softDeleteRetentionDays,
    });
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
