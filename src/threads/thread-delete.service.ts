import type { EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { type Caller, canAccess } from '../auth/auth.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ThreadNotFoundError } from '../errors.js';
import type { RequestMeta } from '../http/request-context.js';
import type { CustomMetadataInfo } from './custom-metadata.types.js';
import { type DeleteOutcome, notFoundResult, type ResultContext, successResult } from './thread-delete.response.js';
import type { ThreadDeleteResult } from './thread-delete.result.js';
import { Message } from './message.entity.js';
import { Thread } from './thread.entity.js';
import { DeleteMode } from './thread.inputs.js';

/** A delete as both transports hand it to the service, already validated. */
export interface DeleteRequest {
  readonly threadId: string;
  readonly caller: Caller;
  readonly meta: RequestMeta;
  readonly transport: 'graphql' | 'rest';
  readonly mode: DeleteMode;
  readonly dryRun: boolean;
  readonly reason?: string | null;
  readonly customMetadata?: CustomMetadataInfo | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes a thread and everything in it, in one transaction that never loads the messages:
 * lock the thread row, check the owner, count the messages, write the audit entry, then
 * delete the row and let the database's `ON DELETE CASCADE` remove the messages.
 */
export class ThreadDeleteService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
  ) {}

  /** Deletes one thread; a missing or foreign thread is an error result, anything else throws. */
  async deleteThread(request: DeleteRequest): Promise<ThreadDeleteResult> {
    const context: ResultContext = {
      config: this.config,
      meta: request.meta,
      transport: request.transport,
      mode: request.mode === DeleteMode.SOFT ? 'soft' : 'permanent',
      customMetadata: request.customMetadata ?? null,
      startedAt: performance.now(),
    };
    try {
      const outcome = await this.db.transaction((manager) => this.deleteInTransaction(manager, request));
      return successResult(outcome, context);
    } catch (error) {
      if (error instanceof ThreadNotFoundError) return notFoundResult(request.threadId, context);
      throw error;
    }
  }

  private async deleteInTransaction(manager: EntityManager, request: DeleteRequest): Promise<DeleteOutcome> {
    const soft = request.mode === DeleteMode.SOFT;
    const thread = await this.lockThread(manager, request.threadId);
    // A soft-deleted thread is still in the trash: a permanent delete empties it, a soft one finds nothing.
    if (!thread || !canAccess(request.caller, thread.userId) || (soft && thread.deletedAt)) {
      throw new ThreadNotFoundError(request.threadId);
    }
    const messageCount = await manager.count(Message, { where: { threadId: thread.id } });
    const deletedAt = new Date();
    const restoreUntil = soft ? new Date(deletedAt.getTime() + this.config.softDeleteRetentionDays * DAY_MS) : null;
    const outcome = {
      thread,
      messageCount,
      soft,
      dryRun: request.dryRun,
      deletedAt,
      deletedBy: request.caller.userId,
      restoreUntil,
      auditLogId: null,
      backupLocation: null,
    };
    if (request.dryRun) return outcome;

    const auditLogId = await this.writeAudit(manager, request, thread, messageCount, deletedAt);
    if (soft) {
      await manager.update(Thread, { id: thread.id }, { deletedAt, deletedBy: request.caller.userId, restoreUntil, updatedAt: deletedAt });
    } else {
      await manager.delete(Thread, { id: thread.id });
    }
    return { ...outcome, auditLogId };
  }

  /** Reads the thread and, on PostgreSQL, locks its row so concurrent deletes queue up behind this one. */
  private lockThread(manager: EntityManager, threadId: string): Promise<Thread | null> {
    const query = manager.createQueryBuilder(Thread, 'thread').where('thread.id = :threadId', { threadId });
    if (this.db.kind === 'postgres') query.setLock('pessimistic_write');
    return query.getOne();
  }

  private async writeAudit(manager: EntityManager, request: DeleteRequest, thread: Thread, messageCount: number, at: Date): Promise<string> {
    const id = uuidv7();
    await manager.insert(AuditEntry, {
      id,
      action: request.mode === DeleteMode.SOFT ? 'DELETE_SOFT' : 'DELETE_PERMANENT',
      threadId: thread.id,
      actor: request.caller.userId,
      owner: thread.userId,
      messageCount,
      requestId: request.meta.requestId,
      traceId: request.meta.traceId,
      reason: request.reason ?? null,
      createdAt: at,
    });
    return id;
  }
}
