import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** How often the checkpointing thread looks for new commits. */
const INTERVAL_MS = 25;
/**
 * The main connection's own automatic checkpoint, kept as a fallback should the thread fall behind
 * or die: 10,000 pages (40 MB of log) instead of SQLite's 1,000.
 */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The thread's code, plain CommonJS (evaluated, so it runs the same from dist/ and under vitest):
 * its own better-sqlite3 connection to the file, which copies the write-ahead log into the
 * database (a PASSIVE checkpoint: it never blocks a writer or a reader) whenever another
 * connection committed since it last looked (`PRAGMA data_version` changes).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
let paused = false;
let seen = db.pragma('data_version', { simple: true });
const timer = setInterval(() => {
  if (paused) return;
  const version = db.pragma('data_version', { simple: true });
  if (version === seen) return;
  seen = version;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.code) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'pause') paused = true;
  if (message === 'resume') paused = false;
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
    return;
  }
  parentPort.postMessage({ ack: message });
});
`;

/**
 * Checkpoints a SQLite database's write-ahead log on a thread of its own. By default SQLite
 * checkpoints in the COMMIT that takes the log past 1,000 pages, on the committing connection:
 * here, the event loop. A checkpoint copies and fsyncs those pages, 10 ms or more, during which no
 * request is served; during a big reclaim one step in nine paid it (steps of 4 ms took 13 to 17),
 * and every small request waiting behind that step with it. On a thread of its own the checkpoint
 * overlaps the requests instead.
 */
export class SqliteCheckpoints {
  /** False once the thread ended (stopped, or died: then the main connection checkpoints again). */
  private running = true;

  private constructor(
    private readonly worker: Worker,
    private readonly restoreAutocheckpoint: () => void,
  ) {
    worker.once('exit', () => {
      this.running = false;
    });
  }

  /**
   * Starts checkpointing `file` on a thread; `connection` is the main connection, whose own
   * automatic checkpoint becomes a fallback for a much longer log. `onFailure` hears what went wrong.
   */
  static start(
    file: string,
    connection: BetterSqlite3.Database,
    onFailure: (error: unknown) => void,
  ): SqliteCheckpoints {
    const worker = new Worker(WORKER, { eval: true, workerData: { file, intervalMs: INTERVAL_MS } });
    worker.unref();
    const previous = connection.pragma('wal_autocheckpoint') as { wal_autocheckpoint: number }[];
    const restore = () => {
      if (!connection.open) return;
      connection.pragma(`wal_autocheckpoint = ${Number(previous[0]?.wal_autocheckpoint ?? 1000)}`);
    };
    connection.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    // A checkpoint that fails (SQLITE_BUSY, a full disk) is tried again at the next commit; a
    // thread that dies hands checkpointing back to the main connection.
    worker.on('message', (message: { failed?: string }) => {
      if (message.failed) onFailure(new Error(`SQLite checkpoint failed: ${message.failed}`));
    });
    worker.on('error', (error) => {
      restore();
      onFailure(error);
    });
    return new SqliteCheckpoints(worker, restore);
  }

  /**
   * Stops checkpointing until the returned function is called (the tests that count commits in the
   * log need it to stay put); resolves once no checkpoint is running.
   */
  async pause(): Promise<() => Promise<void>> {
    await this.send('pause');
    return () => this.send('resume');
  }

  /** Ends the thread; the main connection checkpoints on its own again. */
  async stop(): Promise<void> {
    this.restoreAutocheckpoint();
    if (!this.running) return;
    // Referenced while it stops: else a process with nothing else to do would end before it did.
    this.worker.ref();
    const exited = once(this.worker, 'exit');
    this.worker.postMessage('stop');
    await exited;
  }

  private async send(message: 'pause' | 'resume'): Promise<void> {
    if (!this.running) return;
    this.worker.ref();
    try {
      this.worker.postMessage(message);
      for (;;) {
        const [reply] = (await once(this.worker, 'message')) as [{ ack?: string }];
        if (reply.ack === message) return;
      }
    } finally {
      this.worker.unref();
    }
  }
}
