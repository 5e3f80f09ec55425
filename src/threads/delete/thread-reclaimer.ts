import type { EntityManager } from 'typeorm';
import type { Database } from '../../db/database.js';
import type { Metrics } from '../../http/metrics.js';
import type { Logger } from '../../logger.js';
import { Thread } from '../thread.entity.js';

/** What one reclaim transaction did. */
export interface ReclaimStep {
  readonly threadId: string;
  /** Messages removed by this step: at most the database's `chunkMessages`. */
  readonly messages: number;
  /** True when the tombstone's row went too: nothing of the thread is left. */
  readonly finished: boolean;
}

/** What a drain removed. */
export interface ReclaimTotals {
  readonly threads: number;
  readonly messages: number;
}

/**
 * Removes tombstoned threads (`deleted_at` set, `restore_until` null): a big thread's delete,
 * or an expired soft delete once the purger has audited it. Each step is one short transaction
 * that takes the oldest tombstone no one else holds, deletes at most `chunkMessages` of its
 * messages and, once none are left, the row. Between steps other requests get the database (on
 * SQLite, the process's lock), so no transaction does unbounded work however big the thread.
 * On PostgreSQL the tombstone is claimed `FOR UPDATE SKIP LOCKED`: replicas share a backlog, each
 * message deleted once, none waiting for another. Work survives a crash: a tombstone stays until
 * its last step commits, and `start()` drains what an earlier process left.
 */
export class ThreadReclaimer {
  private draining: Promise<ReclaimTotals> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly deps: { readonly logger?: Logger; readonly metrics?: Metrics } = {},
  ) {}

  /** One chunk of the oldest unclaimed tombstone; null when there is none. */
  step(): Promise<ReclaimStep | null> {
    return this.db.transaction(async (manager) => {
      const claim = manager
        .createQueryBuilder(Thread, 'thread')
        .select('thread.id')
        .where('thread.deletedAt IS NOT NULL')
        .andWhere('thread.restoreUntil IS NULL')
        .orderBy('thread.deletedAt', 'ASC')
        .limit(1);
      if (this.db.kind === 'postgres') claim.setLock('pessimistic_write').setOnLocked('skip_locked');
      const tombstone = await claim.getOne();
      if (!tombstone) return null;
      const messages = await this.deleteChunk(manager, tombstone.id);
      const finished = messages < this.db.chunkMessages;
      if (finished) await manager.delete(Thread, { id: tombstone.id });
      return { threadId: tombstone.id, messages, finished };
    });
  }

  private async deleteChunk(manager: EntityManager, threadId: string): Promise<number> {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('a reclaim step runs in a transaction');
    // By physical row address (ctid, rowid), found through the thread's index: no lookup by primary
    // key per row (on PostgreSQL about 5x faster than `id IN (...)` for a chunk of 5,000). The
    // addresses are read and used in one statement, and the claimed tombstone keeps other
    // reclaimers off this thread.
    const sql =
      this.db.kind === 'postgres'
        ? 'DELETE FROM messages WHERE ctid = ANY(ARRAY(SELECT ctid FROM messages WHERE thread_id = $1 LIMIT $2))'
        : 'DELETE FROM messages WHERE rowid IN (SELECT rowid FROM messages WHERE thread_id = ? LIMIT ?)';
    const result = await runner.query(sql, [threadId, this.db.chunkMessages], true);
    return result.affected ?? 0;
  }

  /** Steps until no tombstone is left (or `stop()`); returns what it removed. */
  async drain(): Promise<ReclaimTotals> {
    let threads = 0;
    let messages = 0;
    while (!this.stopped) {
      // better-sqlite3 answers synchronously, so without this the steps would chain as microtasks
      // and no request (I/O) would be served until the drain ended: each step gives way first.
      await new Promise((resolve) => setImmediate(resolve));
      const step = await this.step();
      if (!step) break;
      messages += step.messages;
      this.deps.metrics?.reclaimedMessages.inc(step.messages);
      if (step.finished) {
        threads += 1;
        this.deps.metrics?.reclaimedThreads.inc();
        this.deps.logger?.info({ threadId: step.threadId }, 'reclaimed a deleted thread');
      }
    }
    return { threads, messages };
  }

  /**
   * Drains in the background: at once if no drain runs, else once more after the current one
   * (a tombstone committed while a drain was finishing is not left waiting for the timer).
   */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => {
        this.deps.logger?.warn({ err: error }, 'reclaim failed; will retry');
        return { threads: 0, messages: 0 };
      })
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Drains now (what a stopped or crashed process left), then every `intervalMs` (other replicas' leftovers). */
  start(intervalMs: number): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** Stops after the step in progress, which commits or rolls back whole. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.draining) await this.draining;
  }
}
