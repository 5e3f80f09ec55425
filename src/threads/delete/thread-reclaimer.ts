import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { type Database, giveWay } from '../../db/database.js';
import { asDomainError, ReportedDatabaseError } from '../../db/db-errors.js';
import type { Foreground } from '../../db/foreground.js';
import { ServiceUnavailableError } from '../../errors.js';
import type { Metrics } from '../../http/metrics.js';
import type { Logger } from '../../logger.js';
import { Thread } from '../thread.entity.js';
import { ReclaimThreadError, type ReclaimThreadEvent, SqliteReclaimThread } from './reclaim-thread.js';
import { SQLITE_RECLAIM_CHUNK } from './sqlite-reclaim.sql.js';
import { FOREGROUND_WAIT_MS, STEP_TARGET_MS, StepSizer } from './step-sizer.js';

/** What one reclaim transaction did. */
export interface ReclaimStep {
  readonly threadId: string;
  /** Messages removed by this step: at most the database's `chunkMessages`, fewer on a slow disk (`StepSizer`). */
  readonly messages: number;
  /** True when the tombstone's row went too: nothing of the thread is left. */
  readonly finished: boolean;
}

/** How long a drain waits before it looks again at a tombstone another transaction holds. */
const HELD_RETRY_MS = 250;

/** The tombstones (`deleted_at` set, `restore_until` null), but those in `skip`. */
function tombstones(manager: EntityManager, skip: readonly string[]): SelectQueryBuilder<Thread> {
  const query = manager
    .createQueryBuilder(Thread, 'thread')
    .where('thread.deletedAt IS NOT NULL')
    .andWhere('thread.restoreUntil IS NULL');
  if (skip.length > 0) query.andWhere('thread.id NOT IN (:...skip)', { skip });
  return query;
}

/** A message's place in `idx_messages_thread_created` order: `created_at` as PostgreSQL prints it (microseconds kept), then `id`. */
interface Place {
  readonly at: string;
  readonly id: string;
}

/**
 * Where the last committed PostgreSQL reclaim steps of a thread left it: `ends` holds the ends of
 * up to the last three steps' ranges, oldest first (null: before the thread's first message), so
 * every message up to the last is gone. Kept in memory; a step without one (the first, or after
 * another replica stepped the thread, or after a failure) starts at the thread's beginning and is
 * only slower.
 */
interface Frontier {
  readonly threadId: string;
  readonly ends: readonly (Place | null)[];
}

/** A row of `ctg_reclaim_step`: the step, or the claimed tombstone and the error its chunk met. */
interface StepRow {
  readonly o_thread_id: string;
  readonly o_messages: number;
  readonly o_finished: boolean;
  /** The chunk's last message (`created_at` as PostgreSQL prints it); null after the last chunk. */
  readonly o_edge_at: string | null;
  readonly o_edge_id: string | null;
  readonly o_error_code: string | null;
  readonly o_error: string | null;
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
 * messages (fewer when steps run slow: `StepSizer`) and, once none are left, the row. Between
 * steps other requests get the database (on SQLite, the process's lock), so no transaction does
 * unbounded work however big the thread.
 * On PostgreSQL the tombstone is claimed `FOR UPDATE SKIP LOCKED`: replicas share a backlog, each
 * message deleted once, none waiting for another. Work survives a crash: a tombstone stays until
 * its last step commits, and `start()` drains what an earlier process left.
 */
export class ThreadReclaimer {
  private draining: Promise<ReclaimTotals> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly sizer: StepSizer;
  /** PostgreSQL: where the last committed step of a thread stopped. */
  private frontier: Frontier | null = null;
  /** How long the last step took: its claim, chunk and commit (or rollback). */
  private lastStepMs = 0;
  /** The drain in progress or last ended, which the next one waits for. */
  private drains: Promise<unknown> = Promise.resolve();
  /** SQLite, `onThread`: the thread that drains (undefined until the first drain; null if it cannot run). */
  private thread: SqliteReclaimThread | null | undefined;

  constructor(
    private readonly db: Database,
    private readonly deps: {
      readonly logger?: Logger;
      readonly metrics?: Metrics;
      /** The requests in progress: on SQLite a step rests while they come in, then waits for a moment without any (`pause`). */
      readonly foreground?: Foreground;
      /**
       * SQLite: drain on a thread of its own (`SqliteReclaimThread`), for the server; one reclaimer
       * per database may. Where that thread cannot run, or once it died, steps run on the event loop.
       */
      readonly onThread?: boolean;
    } = {},
  ) {
    this.sizer = new StepSizer(db.chunkMessages, STEP_TARGET_MS[db.kind]);
  }

  /**
   * One chunk of the oldest unclaimed tombstone (but those in `skip`); null when there is none.
   * If the chunk fails, `onClaim` learns which tombstone the step took before the error is thrown.
   */
  async step(skip: readonly string[] = [], onClaim?: (threadId: string) => void): Promise<ReclaimStep | null> {
    const attempted = performance.now();
    let step: ReclaimStep | null;
    try {
      step =
        this.db.kind === 'postgres' ? await this.stepPostgres(skip, onClaim) : await this.stepSqlite(skip, onClaim);
    } catch (error) {
      // Whatever the step did is undone: the next one starts from the thread's beginning.
      this.frontier = null;
      throw error;
    } finally {
      // A step that rolls back held the writer (on SQLite, the event loop) as long as one that commits.
      this.lastStepMs = performance.now() - attempted;
    }
    // The step's time includes its commit: on PostgreSQL the commit flushes the chunk's WAL, which
    // the small deletes committing meanwhile wait for too.
    if (step) this.sizer.record(step.messages, this.lastStepMs);
    return step;
  }

  /**
   * SQLite: one transaction that takes the oldest tombstone and deletes up to the step's size of its
   * messages (`SQLITE_RECLAIM_CHUNK`); once none are left, the row.
   */
  private stepSqlite(skip: readonly string[], onClaim?: (threadId: string) => void): Promise<ReclaimStep | null> {
    return this.db.transaction(async (manager) => {
      const tombstone = await tombstones(manager, skip)
        .select('thread.id')
        .orderBy('thread.deletedAt', 'ASC')
        .limit(1)
        .getOne();
      if (!tombstone) return null;
      const limit = this.sizer.next;
      const runner = manager.queryRunner;
      if (!runner) throw new Error('a reclaim step runs in a transaction');
      try {
        const result = await runner.query(SQLITE_RECLAIM_CHUNK, [tombstone.id, limit], true);
        const messages: number = result.affected ?? 0;
        const finished = messages < limit;
        if (finished) await manager.delete(Thread, { id: tombstone.id });
        return { threadId: tombstone.id, messages, finished };
      } catch (error) {
        onClaim?.(tombstone.id);
        throw error;
      }
    });
  }

  /**
   * PostgreSQL: one call of `ctg_reclaim_step` (its migration has the SQL), one round trip and one
   * transaction: it claims the oldest tombstone no one holds (`FOR UPDATE SKIP LOCKED`), deletes up
   * to the step's size of its messages and, once none are left, the row.
   *
   * The index keeps a deleted message's entry until a vacuum. A step therefore deletes a range of
   * the index: it finds the `limit`-th message after the last step's end (`Frontier`) with an
   * index-only scan, then deletes up to it in one statement, as fast per message as a bare DELETE
   * of the whole thread (deleting a list of rows by ctid was 3x slower), where an unordered LIMIT
   * would walk every dead entry again or scan the table.
   * The same call walks the range the step before last deleted, looking up each row: a scan that
   * finds a row no transaction can see any more marks its index entry dead, and later scans skip
   * such entries without a lookup. Without that walk, deleting the thread's row at the end (the
   * foreign key's cascade looks for messages left) looked up all of them at once, 300 to 570 ms for
   * 500,000 messages here, in one transaction, growing with the thread; now it looks up the last
   * two steps' worth at most. Not the last step's range: the small deletes running when it committed
   * may still see its rows, so they are not dead to everyone yet.
   */
  private async stepPostgres(
    skip: readonly string[],
    onClaim?: (threadId: string) => void,
  ): Promise<ReclaimStep | null> {
    const frontier = this.frontier;
    const ends = frontier?.ends ?? [];
    const from = ends.at(-1) ?? null;
    const walk = ends.length === 3 ? { after: ends[0], upTo: ends[1] } : null;
    const parameters = [
      skip,
      this.sizer.next,
      frontier?.threadId ?? null,
      from?.at ?? null,
      from?.id ?? null,
      walk?.after?.at ?? null,
      walk?.after?.id ?? null,
      walk?.upTo?.at ?? null,
      walk?.upTo?.id ?? null,
    ];
    const [row]: StepRow[] = await this.db.execute((manager) =>
      manager.query('SELECT * FROM ctg_reclaim_step($1, $2, $3, $4, $5, $6, $7, $8, $9)', parameters),
    );
    if (!row) {
      this.frontier = null;
      return null;
    }
    if (row.o_error_code) {
      onClaim?.(row.o_thread_id);
      throw new ReportedDatabaseError(row.o_error_code, row.o_error ?? '');
    }
    const step = { threadId: row.o_thread_id, messages: row.o_messages, finished: row.o_finished };
    // Only a committed step moves the frontier. The call ignores a frontier of another thread.
    const known = frontier?.threadId === step.threadId ? ends : [];
    this.frontier =
      step.finished || row.o_edge_at === null || row.o_edge_id === null
        ? null
        : {
            threadId: step.threadId,
            ends: [...(known.length > 0 ? known : [null]), { at: row.o_edge_at, id: row.o_edge_id }].slice(-3),
          };
    return step;
  }

  /**
   * Steps until no tombstone is left (or `stop()`); returns what it removed. A tombstone whose step
   * fails is left for the next drain, so it cannot hold up the others; one that another
   * transaction holds (a request, another replica's step) is waited for, so it is not left behind.
   * Drains of one reclaimer run one after another (the purge's and the one a delete kicked share
   * the step sizer, the frontier and the thread).
   */
  drain(): Promise<ReclaimTotals> {
    const run = this.drains.then(() => this.drainOnce());
    this.drains = run.catch(() => undefined);
    return run;
  }

  private async drainOnce(): Promise<ReclaimTotals> {
    const thread = this.drainingThread();
    if (thread) {
      try {
        return await this.drainOnThread(thread);
      } catch (error) {
        if (thread.running || this.stopped) throw error;
        // The thread died (out of memory, a crash): what it left is the event loop's from now on.
        this.deps.logger?.warn({ err: error }, 'the reclaim thread ended; reclaiming on the event loop');
      }
    }
    // The first step of a drain rests for nothing: the last one of an earlier drain is long over.
    this.lastStepMs = 0;
    this.sizer.restart();
    let threads = 0;
    let messages = 0;
    const failed = new Set<string>();
    while (!this.stopped) {
      // better-sqlite3 answers synchronously, so without this the steps would chain as microtasks
      // and no request (I/O) would be served until the drain ended: each step gives way first.
      await this.pause();
      let step: ReclaimStep | null;
      let claimed: string | null = null;
      try {
        step = await this.step([...failed], (threadId) => {
          claimed = threadId;
        });
      } catch (error) {
        // The database is down, or the claim itself failed: nothing to learn by going on.
        if (claimed === null || error instanceof ServiceUnavailableError) throw error;
        failed.add(claimed);
        this.deps.metrics?.reclaimFailedSteps.inc();
        this.deps.logger?.warn(
          { err: error, threadId: claimed },
          'reclaim step failed; the thread is tried again at the next drain',
        );
        continue;
      }
      if (!step) {
        if (!(await this.anyHeld([...failed]))) break;
        await new Promise((resolve) => setTimeout(resolve, HELD_RETRY_MS));
        continue;
      }
      messages += step.messages;
      if (this.counted(step)) threads += 1;
    }
    return { threads, messages };
  }

  /** Counts a step in `/metrics` (and logs a thread it finished); true if it finished one. */
  private counted(step: ReclaimStep): boolean {
    this.deps.metrics?.reclaimedMessages.inc(step.messages);
    if (!step.finished) return false;
    this.deps.metrics?.reclaimedThreads.inc();
    this.deps.logger?.info({ threadId: step.threadId }, 'reclaimed a deleted thread');
    return true;
  }

  /** The thread to drain on, started at the first drain; null to step on the event loop. */
  private drainingThread(): SqliteReclaimThread | null {
    if (!this.deps.onThread || this.db.kind !== 'sqlite' || this.stopped) return null;
    if (this.thread === undefined) {
      const file = this.db.dataSource.options.database;
      const { timeout } = this.db.dataSource.options as { timeout?: number };
      this.thread =
        typeof file === 'string'
          ? SqliteReclaimThread.start({
              file,
              busyTimeoutMs: timeout ?? 5000,
              chunkMessages: this.db.chunkMessages,
              gate: this.db.writerGate,
            })
          : null;
    }
    return this.thread?.running ? this.thread : null;
  }

  /** `drain` on the reclaim thread: the same steps, counted and logged here as they happen. */
  private async drainOnThread(thread: SqliteReclaimThread): Promise<ReclaimTotals> {
    let threads = 0;
    let messages = 0;
    const onEvent = (event: ReclaimThreadEvent) => {
      if (event.kind === 'failed') {
        this.deps.metrics?.reclaimFailedSteps.inc();
        this.deps.logger?.warn(
          { err: new ReclaimThreadError(event.error), threadId: event.threadId },
          'reclaim step failed; the thread is tried again at the next drain',
        );
        return;
      }
      messages += event.messages;
      if (this.counted(event)) threads += 1;
    };
    try {
      await thread.drain([], onEvent);
    } catch (error) {
      throw asDomainError(error);
    }
    return { threads, messages };
  }

  /**
   * Before each step, pending I/O goes first. On SQLite, where a step holds the process's writer
   * and event loop, the step also rests as long as the last one took while requests are coming in
   * (`Foreground.restAfter`: at most about half of the process goes to the reclaim then; the
   * runs are in docs/mixed-benchmark-history.md), then waits (up to FOREGROUND_WAIT_MS) for a moment
   * when no request is in progress, so a request waits for one step at most. On PostgreSQL a step
   * holds up no one.
   */
  private async pause(): Promise<void> {
    const { foreground } = this.deps;
    if (this.db.kind !== 'sqlite' || !foreground) return giveWay();
    const rest = foreground.restAfter(this.lastStepMs);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    await foreground.quiet(FOREGROUND_WAIT_MS);
  }

  /** True when tombstones (but those in `skip`) remain that a step could not claim: someone holds them. */
  private anyHeld(skip: readonly string[]): Promise<boolean> {
    if (this.db.kind !== 'postgres') return Promise.resolve(false);
    return this.db.read((manager) => tombstones(manager, skip).getExists());
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
    await this.thread?.stop();
    while (this.draining) await this.draining;
    await this.drains;
  }
}
