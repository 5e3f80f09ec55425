import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { TRAFFIC_WINDOW_MS, WriterGate } from '../../db/writer-gate.js';
import { SQLITE_RECLAIM_CHUNK } from './sqlite-reclaim.sql.js';
import { FOREGROUND_WAIT_MS, StepSizer } from './step-sizer.js';

// SQLite's reclaim steps on a thread of their own (`SqliteReclaimThread`): the same statements as
// `ThreadReclaimer`'s SQLite step, on a better-sqlite3 connection of this thread's, so a step's CPU
// is no longer the event loop's. It loads the driver alone, not TypeORM. Steps take the writer
// only when the gateway's thread has no write in progress or queued (`WriterGate`).

/**
 * How long a step aims to take. A write of the gateway's that comes during a step waits for the
 * rest of it, so steps are short: at 1 ms (about 600 messages here) the gateway's writes waited
 * 0.6 ms at the median and 2.5 ms at most during a 500,000-message reclaim; at 4 ms, 1.5 and 8.
 * Shorter steps cost little here, where the event loop no longer pays for each.
 */
const STEP_TARGET_MS = 1;
/**
 * While requests come in (one began in the last TRAFFIC_WINDOW_MS), a step is followed by a rest of
 * this much of its time: the thread's core is not the event loop's, but two cores are also shared
 * with the checkpoints, the disk's work and everything else. In the mixed benchmark (500,000
 * messages, 200 small deletes a second; docs/mixed-benchmark-history.md) no rest gave the small
 * deletes a p99 of 1.9 to 3.3x the one without the big delete in three runs, a rest of half a step
 * 1.5 to 2.3x in five, for about 0.95 and 0.6x the speed of a raw DELETE.
 */
const REST_RATIO = 0.5;
/**
 * The connection checkpoints the write-ahead log itself, between its steps, once they took this
 * long since the last checkpoint (about 1,000 pages of log here, SQLite's own default). The
 * checkpointing thread (`SqliteCheckpoints`) cannot keep up with a reclaim: the log is written while
 * it copies, so it never finishes, the log never starts over, and the gateway's connection ends up
 * checkpointing in its commits (its fallback, past 10,000 pages), 5 to 15 ms on the event loop. Nor
 * does the step checkpoint in its COMMIT (SQLite's automatic checkpoint): the gateway's writes
 * would wait for that too.
 */
const CHECKPOINT_AFTER_STEP_MS = 16;

/** How the thread is set up. */
export interface ReclaimWorkerSetup {
  readonly file: string;
  /** How long steps wait for a lock another connection holds before the drain fails: the gateway's busy timeout (DB_CONNECT_TIMEOUT_MS). */
  readonly busyTimeoutMs: number;
  /** DELETE_CHUNK_MESSAGES: the most messages one step removes. */
  readonly chunkMessages: number;
  /** The `WriterGate`'s buffer, shared with the gateway's thread. */
  readonly gate: SharedArrayBuffer;
}

/** Asks for a drain: steps until no tombstone but those in `skip` is left. */
export interface ReclaimDrainRequest {
  readonly skip: readonly string[];
}

/** What the thread tells the gateway's thread, in order: steps and failures, then `done` once per drain. */
export type ReclaimWorkerReport =
  | { readonly kind: 'step'; readonly threadId: string; readonly messages: number; readonly finished: boolean }
  | { readonly kind: 'failed'; readonly threadId: string; readonly error: ReportedError }
  | { readonly kind: 'done'; readonly error: ReportedError | null };

/** An error as it crosses from the thread: enough to log it and give it its code again. */
export interface ReportedError {
  readonly name: string;
  readonly message: string;
  readonly code: string | null;
}

function reported(error: unknown): ReportedError {
  const failure = error instanceof Error ? error : new Error(String(error));
  const code = (failure as { code?: unknown }).code;
  return { name: failure.name, message: failure.message, code: typeof code === 'string' ? code : null };
}

/** How long a step that found the lock taken waits before it tries again. */
const LOCKED_RETRY_MS = 1;

/** SQLITE_BUSY (or a code derived from it): another connection holds the write lock. */
const isLocked = (error: unknown) => /^SQLITE_BUSY/.test(String((error as { code?: unknown } | null)?.code));

/** The oldest tombstone (`deleted_at` set, `restore_until` null) but those in the JSON array `?`. */
const OLDEST_TOMBSTONE = `SELECT id FROM threads
  WHERE deleted_at IS NOT NULL AND restore_until IS NULL AND id NOT IN (SELECT value FROM json_each(?))
  ORDER BY deleted_at ASC LIMIT 1`;
const THREAD_ROW = 'DELETE FROM threads WHERE id = ?';

/** Runs the thread: drains on request, one at a time, until told to stop. */
function main(setup: ReclaimWorkerSetup): void {
  const port = parentPort;
  if (!port) return;
  // No busy timeout: a step never waits for the lock while it holds its turn (`drain` tries again).
  const db = new BetterSqlite3(setup.file, { fileMustExist: true, timeout: 0 });
  // As the gateway's connection has them (ormconfig.ts): TypeORM turns foreign keys on, so the
  // thread's row cascades as it does there; checkpoints are the checkpointing thread's, this
  // connection's own only a fallback as the gateway's is (sqlite-checkpoints.ts).
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('wal_autocheckpoint = 0');
  const oldest = db.prepare<[string], { id: string }>(OLDEST_TOMBSTONE);
  const chunk = db.prepare<[string, number]>(SQLITE_RECLAIM_CHUNK);
  const threadRow = db.prepare<[string]>(THREAD_ROW);
  const gate = new WriterGate(setup.gate);
  const sizer = new StepSizer(setup.chunkMessages, STEP_TARGET_MS);
  const sleeper = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  /** Puts this thread to sleep for `ms` (it has nothing else to do: its steps run back to back). */
  const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

  /** One step: null when no tombstone is left; throws with the tombstone it claimed, if any. */
  const step = db.transaction((skip: string) => {
    const tombstone = oldest.get(skip);
    if (!tombstone) return null;
    const limit = sizer.next;
    try {
      const messages = chunk.run(tombstone.id, limit).changes;
      const finished = messages < limit;
      if (finished) threadRow.run(tombstone.id);
      return { threadId: tombstone.id, messages, finished };
    } catch (error) {
      throw Object.assign(new ClaimedStepError(tombstone.id), { cause: error });
    }
  });

  const drain = ({ skip }: ReclaimDrainRequest): void => {
    const failed = new Set(skip);
    sizer.restart();
    let sinceCheckpointMs = 0;
    /** Since when another connection has held the lock each time a step began, if it has. */
    let lockedSince: number | null = null;
    let error: ReportedError | null = null;
    while (gate.takeTurn(FOREGROUND_WAIT_MS)) {
      const started = performance.now();
      let done: { threadId: string; messages: number; finished: boolean } | null;
      try {
        done = step.immediate(JSON.stringify([...failed]));
      } catch (failure) {
        // BEGIN IMMEDIATE found the lock taken (a write that began while the turn was being taken,
        // another process): the turn goes back, and the step waits as the gateway's connection would.
        if (isLocked(failure)) {
          lockedSince ??= started;
          if (started - lockedSince < setup.busyTimeoutMs) {
            gate.endTurn();
            sleep(LOCKED_RETRY_MS);
            continue;
          }
        }
        if (!(failure instanceof ClaimedStepError)) {
          // The claim itself failed (the database is locked or gone): nothing to learn by going on.
          error = reported(failure);
          break;
        }
        failed.add(failure.threadId);
        port.postMessage({ kind: 'failed', threadId: failure.threadId, error: reported(failure.cause) });
        continue;
      } finally {
        gate.endTurn();
      }
      lockedSince = null;
      if (!done) break;
      const tookMs = performance.now() - started;
      sizer.record(done.messages, tookMs);
      port.postMessage({ kind: 'step', ...done });
      sinceCheckpointMs += tookMs;
      if (sinceCheckpointMs >= CHECKPOINT_AFTER_STEP_MS) {
        sinceCheckpointMs = 0;
        // PASSIVE: it waits for no one; if the checkpointing thread is at it, this one does nothing.
        // A failure is left to the checkpointing thread, which reports its own.
        try {
          db.pragma('wal_checkpoint(PASSIVE)');
        } catch {}
      }
      if (gate.sawTraffic(TRAFFIC_WINDOW_MS)) sleep(tookMs * REST_RATIO);
    }
    port.postMessage({ kind: 'done', error });
  };

  port.on('message', (message: ReclaimDrainRequest | 'stop') => {
    if (message === 'stop') {
      db.close();
      port.close();
      return;
    }
    drain(message);
  });
}

/** A step that failed after it took a tombstone: the drain leaves that one and goes on. */
class ClaimedStepError extends Error {
  constructor(readonly threadId: string) {
    super(`reclaim step of thread ${threadId} failed`);
  }
}

if (!isMainThread) main(workerData as ReclaimWorkerSetup);
