import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { QueryFailedError } from 'typeorm';
import type { DatabaseConfig } from '../../config.js';
import { asDomainError, isUnavailable } from '../../db/db-errors.js';
import { BackupFailedError } from '../../errors.js';
import { PACKAGE_ROOT } from '../../paths.js';
import type { BackupJob, BackupJobFailure, BackupJobResult } from './backup-worker.js';
import { BackupStorageError, type BackupThread, newBackupKey } from './thread-backup.file.js';
import type { BackupStore } from './thread-backup.store.js';

/**
 * The worker's code, built (`npm run build`; the tests build first too): a worker runs plain
 * JavaScript, the same file from the server and from the tests.
 */
const WORKER_FILE = path.join(PACKAGE_ROOT, 'dist', 'src', 'threads', 'backup', 'backup-worker.js');

/**
 * The fewest messages a backup needs to go to a worker. A worker costs about 0.2 s and 14 MB to
 * start; the gateway's own thread reads a page of 300 messages in about 5 ms, so below this a
 * backup is over before a worker would have started (about 35 pages).
 */
export const BACKUP_WORKER_MIN_MESSAGES = 10_000;

/**
 * Backups in workers at once, at most: each holds a database connection besides the pool's
 * (DB_POOL_SIZE) and about 15 MB. More big backups at once run on the gateway's thread, as
 * small ones do.
 */
export const BACKUP_WORKERS = 2;

/**
 * A worker's heap, at most: it holds a page or two (about 64 KB each; about 600 KB for one message
 * of 100,000 characters that all need a JSON escape, the longest `addMessage` and an import accept;
 * messages eight times that long still fit, tried by hand) and the gzip stream. With V8's default young
 * generation (tens of MB) a 500,000-message backup grew the gateway's RSS by 28 MB; with these
 * limits, by 18 (the worker's own start-up is 10 to 14 of them), and the backup took as long.
 * With an 8 MB old generation a page of such a message ran out. A worker that runs out of heap
 * ends, and its backup is BACKUP_FAILED, with nothing deleted.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 };

/**
 * Big backups on PostgreSQL, each written by a worker thread with a connection of its own. On the
 * gateway's thread a 500,000-message backup took about 40% of its event loop for seconds: the
 * driver reading 100 MB of pages, the strings' garbage, the gzip and file callbacks, in stretches
 * of up to 30 ms that the small requests queued behind. In a worker, the operating system shares
 * the cores between the two threads in slices of a few milliseconds instead, and the worker's
 * garbage is collected in its own heap. (SQLite keeps its backups on the gateway's thread: its
 * one connection is the gateway's, and its pages cost little.)
 */
export class BackupWorkers {
  /** The workers writing now, each with its `write` (settled once its file is cleaned up). */
  private readonly running = new Map<Worker, Promise<unknown>>();
  private closed = false;
  /** Whether the worker's code is there (a build without it writes every backup on the gateway's thread). */
  private readonly available: boolean;

  constructor(
    private readonly database: DatabaseConfig,
    private readonly store: BackupStore,
    private readonly options: { readonly minMessages: number; readonly maxWorkers: number } = {
      minMessages: BACKUP_WORKER_MIN_MESSAGES,
      maxWorkers: BACKUP_WORKERS,
    },
  ) {
    this.available = database.kind === 'postgres' && existsSync(WORKER_FILE);
  }

  /** Whether a worker should write the backup of a thread of `messageCount` messages, now. */
  takes(messageCount: number): boolean {
    return (
      this.available &&
      !this.closed &&
      messageCount >= this.options.minMessages &&
      this.running.size < this.options.maxWorkers
    );
  }

  /**
   * Writes the backup of `thread` in a worker; resolves with its storage key once it is durable.
   * If the worker cannot connect to the database (a connection more than the pool's: the server
   * may be at `max_connections`), the backup is written by `here` (the gateway's thread, with the
   * pool) instead. Otherwise it fails as the gateway's own backups do: the disk's failures are
   * `BackupStorageError`s, the database's what `Database` makes of them (SERVICE_UNAVAILABLE,
   * DATABASE_TIMEOUT, THREAD_BUSY, or the driver's error as a `QueryFailedError`), anything else
   * BACKUP_FAILED. Nothing is left on disk if it fails: the worker has ended before its file is removed.
   */
  async write(thread: BackupThread, here: () => Promise<string>): Promise<string> {
    const key = newBackupKey();
    const job: BackupJob = { database: this.database, file: this.store.pathOf(key), thread };
    const worker = new Worker(WORKER_FILE, { workerData: { job }, resourceLimits: WORKER_LIMITS });
    // The key, or null if the worker could not connect. Whatever the outcome, the worker has ended
    // (it has posted its only message, or failed) before its slot is freed or its file removed.
    const writing = (async (): Promise<string | null> => {
      try {
        const result = await resultOf(worker);
        if (result.ok) return key;
        if (result.failure.connecting) return null;
        throw errorOf(result.failure);
      } catch (error) {
        await worker.terminate();
        await this.store.remove(key).catch(() => undefined);
        throw error;
      } finally {
        await worker.terminate();
        this.running.delete(worker);
      }
    })();
    this.running.set(
      worker,
      writing.catch(() => undefined),
    );
    return (await writing) ?? here();
  }

  /**
   * Stops every worker still writing (their backups fail, and their deletes with them), waits until
   * their files are removed, and takes no more.
   */
  async close(): Promise<void> {
    this.closed = true;
    const writes = [...this.running.values()];
    await Promise.all([...this.running.keys()].map((worker) => worker.terminate()));
    await Promise.all(writes);
  }
}

/** What the worker posted; a worker that failed or ended without posting is BACKUP_FAILED. */
function resultOf(worker: Worker): Promise<BackupJobResult> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', (error) => reject(new BackupFailedError({ cause: error })));
    worker.once('exit', (code) =>
      reject(new BackupFailedError({ cause: new Error(`the backup worker stopped (exit code ${code})`) })),
    );
  });
}

/** The error a failed job stands for, as the same failure on the gateway's own thread would be. */
function errorOf(failure: BackupJobFailure): Error {
  const cause = Object.assign(new Error(failure.message), {
    name: failure.name,
    ...(failure.code ? { code: failure.code } : {}),
  });
  if (failure.storage) return new BackupStorageError(failure.storage.operation, { cause });
  // As `Database` hands its errors on: SERVICE_UNAVAILABLE, DATABASE_TIMEOUT, THREAD_BUSY, or as it is.
  if (failure.database || isUnavailable(cause))
    return asDomainError(new QueryFailedError('(a backup page)', [], cause)) as Error;
  return new BackupFailedError({ cause });
}
