import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Client, DatabaseError } from 'pg';
import type { DatabaseConfig } from '../../config.js';
import { POSTGRES_APPLICATION_NAME, postgresSessionSettings } from '../../db/postgres-session.js';
import { BackupStorageError, type BackupThread, writeBackupFile } from './thread-backup.file.js';
import {
  type PageCursor,
  type PostgresPageRow,
  pagesOf,
  postgresPage,
  postgresPageQuery,
} from './thread-backup.pages.js';

// A backup written by a worker thread (PostgreSQL): the thread's pages read on a connection of the
// worker's own, gzipped and written to `file`, off the gateway's event loop (`BackupWorkers`).
// It loads the driver alone, not TypeORM: a worker with TypeORM took 0.6 s and 36 MB to start,
// one with node-postgres 0.2 s and 14 MB. Its statement is the one the gateway's own backups run
// (`postgresPageQuery`), with parameters, through the callback API as `queryLargeRows` does.

/** What a backup worker is asked to do. */
export interface BackupJob {
  readonly database: DatabaseConfig;
  /** The absolute path the backup goes to (the store's path of its key). */
  readonly file: string;
  readonly thread: BackupThread;
}

/** How a job failed, as it crosses from the worker: enough to give the error its code again. */
export interface BackupJobFailure {
  /** The disk failed (`BackupStorageError`), and in doing what. */
  readonly storage: { readonly operation: string } | null;
  /** PostgreSQL answered with an error (a SQLSTATE in `code`). */
  readonly database: boolean;
  /** The worker could not connect: nothing was read or written. */
  readonly connecting: boolean;
  readonly name: string;
  readonly message: string;
  readonly code: string | null;
}

/** What a backup worker posts once, before it ends. */
export type BackupJobResult = { readonly ok: true } | { readonly ok: false; readonly failure: BackupJobFailure };

/** Writes the backup of `job`; never throws. */
export async function runBackupJob(job: BackupJob): Promise<BackupJobResult> {
  const { database } = job;
  const client = new Client({
    connectionString: database.url,
    connectionTimeoutMillis: database.connectTimeoutMs,
    application_name: POSTGRES_APPLICATION_NAME,
    ...postgresSessionSettings(database),
  });
  // A connection lost between statements also fails the statement that follows: that is where it is reported.
  client.on('error', () => undefined);
  const readPage = (after: PageCursor | null) => {
    const { sql, parameters } = postgresPageQuery(job.thread.id, after);
    return new Promise<ReturnType<typeof postgresPage>>((resolve, reject) => {
      client.query(sql, parameters as unknown[], (error: Error | null, result: { rows: PostgresPageRow[] }) => {
        if (error) reject(error);
        else resolve(postgresPage(result.rows[0]));
      });
    });
  };
  try {
    try {
      await client.connect();
    } catch (error) {
      return { ok: false, failure: { ...failureOf(error), connecting: true } };
    }
    await writeBackupFile(job.file, job.thread, pagesOf(readPage));
    return { ok: true };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function failureOf(error: unknown): BackupJobFailure {
  const cause = error instanceof BackupStorageError ? error.cause : error;
  const { name, message, code } = (cause ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return {
    storage: error instanceof BackupStorageError ? { operation: error.operation } : null,
    database: error instanceof DatabaseError,
    connecting: false,
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(cause),
    code: typeof code === 'string' ? code : null,
  };
}

if (!isMainThread && parentPort && (workerData as { job?: BackupJob } | null)?.job) {
  const port = parentPort;
  void runBackupJob((workerData as { job: BackupJob }).job).then((result) => port.postMessage(result));
}
