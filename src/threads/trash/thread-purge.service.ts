import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { recordAudit } from '../../audit/audit.service.js';
import type { Database } from '../../db/database.js';
import { ServiceUnavailableError, ThreadBusyError } from '../../errors.js';
import type { Metrics } from '../../http/metrics.js';
import type { Logger } from '../../logger.js';
import { expireBackups } from '../backup/thread-backup.policy.js';
import { ThreadReclaimer } from '../delete/thread-reclaimer.js';
import { Thread } from '../thread.entity.js';
import { announceThreadEvents } from '../thread.events.js';

/** The actor recorded on purge audit entries. */
export const PURGE_ACTOR = 'system:purge';

/**
 * Purges soft-deleted threads whose restore window has closed, through the same reclaim as a big
 * delete: a batch per short transaction is counted, audited (one PURGE entry per thread) and
 * turned into tombstones, then the reclaimer removes their rows a chunk per transaction. On
 * PostgreSQL a batch is claimed with `FOR UPDATE SKIP LOCKED`, so purgers in several replicas (or
 * `npm run purge` beside a server) never take the same thread: none is purged twice and no audit
 * entry is doubled. A run also finishes any tombstone an earlier process left.
 */
export class ThreadPurgeService {
  private readonly reclaimer: ThreadReclaimer;

  constructor(
    private readonly db: Database,
    private readonly logger?: Logger,
    private readonly metrics?: Metrics,
    /** Where backups live and how many days they are kept (0: forever); without it backups are left alone. */
    private readonly backupRetention?: { readonly dir: string; readonly days: number },
    /** In the server: its reclaimer (one per database), which drains the tombstones the purge leaves. */
    reclaimer?: ThreadReclaimer,
  ) {
    this.reclaimer = reclaimer ?? new ThreadReclaimer(db, { logger, metrics });
  }

  /** One purge run: expired soft-deleted threads, then expired backups. */
  async purge(now = new Date()): Promise<{ threads: number; backups: number }> {
    const threads = await this.purgeExpired({ now });
    const retention = this.backupRetention;
    const backups = retention ? await expireBackups(this.db, retention.dir, retention.days, now) : 0;
    if (backups > 0) this.logger?.info({ backups }, 'removed expired backups');
    return { threads, backups };
  }

  /** Purges everything expired by `now` and reclaims every tombstone; returns how many threads were purged. */
  async purgeExpired(options: { batchSize?: number; now?: Date } = {}): Promise<number> {
    const batchSize = options.batchSize ?? 100;
    let purged = 0;
    for (;;) {
      const batch = await this.withRetry(() =>
        this.db.transaction((manager) => this.purgeBatch(manager, batchSize, options.now ?? new Date())),
      );
      this.metrics?.messagesDeleted.inc({ reason: 'purge' }, batch.messages);
      purged += batch.threads;
      if (batch.threads < batchSize) break;
    }
    if (purged > 0) this.logger?.info({ purged }, 'purged expired soft-deleted threads');
    await this.withRetry(() => this.reclaimer.drain());
    return purged;
  }

  /** Audits and tombstones one batch of expired threads; the reclaimer removes their rows. */
  private async purgeBatch(
    manager: EntityManager,
    batchSize: number,
    now: Date,
  ): Promise<{ threads: number; messages: number }> {
    const query = manager
      .createQueryBuilder(Thread, 'thread')
      .where('thread.deletedAt IS NOT NULL')
      .andWhere('thread.restoreUntil <= :now', { now })
      .orderBy('thread.restoreUntil', 'ASC')
      .limit(batchSize);
    if (this.db.kind === 'postgres') query.setLock('pessimistic_write').setOnLocked('skip_locked');
    const threads = await query.getMany();
    if (threads.length === 0) return { threads: 0, messages: 0 };
    const ids = threads.map((thread) => thread.id);
    const auditIds = await recordAudit(
      manager,
      ...threads.map((thread) => ({
        action: 'PURGE' as const,
        threadId: thread.id,
        actor: PURGE_ACTOR,
        owner: thread.userId,
        messageCount: thread.messageCount,
        requestId: null,
        traceId: null,
        at: now,
      })),
    );
    await manager.update(Thread, { id: In(ids) }, { restoreUntil: null });
    await announceThreadEvents(
      this.db,
      manager,
      threads.map((thread, index) => ({
        kind: 'PURGED' as const,
        threadId: thread.id,
        owner: thread.userId,
        actor: PURGE_ACTOR,
        projectId: thread.projectId,
        at: now,
        messageCount: thread.messageCount,
        auditEntryId: auditIds[index],
      })),
    );
    return { threads: threads.length, messages: threads.reduce((sum, thread) => sum + thread.messageCount, 0) };
  }

  /**
   * SQLite files shared between processes answer SQLITE_BUSY under contention, and a PostgreSQL batch
   * can lose a deadlock or a serialization check (THREAD_BUSY): try it again.
   */
  private async withRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        const retryable = error instanceof ServiceUnavailableError || error instanceof ThreadBusyError;
        if (!retryable || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
}
