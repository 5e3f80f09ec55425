import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants as zlibConstants } from 'node:zlib';
import { BackupFailedError } from '../../errors.js';
import { uuidv7 } from '../../ids.js';

// Writing a backup file, and nothing else: what both the gateway's thread and a backup worker
// (`backup-worker.ts`) load, so a worker loads no TypeORM, GraphQL or validation code.

/** Identifies a backup file; `version` changes if the layout ever does. */
export const BACKUP_FORMAT = 'chat-thread-gateway/thread-backup';
export const BACKUP_VERSION = 1;

/** A thread as a backup stores it (timestamps as ISO 8601 strings). */
export interface BackupThread {
  id: string;
  title: string;
  projectId: string | null;
  conversationId: string | null;
  userId: string;
  createdAt: string;
  updatedAt: string;
}

/** A message as a backup stores it. */
export interface BackupMessage {
  id: string;
  threadId: string;
  role: string;
  content: string;
  createdAt: string;
}

/** A message's fields in a backup, in order: `write` stores these and nothing else of the objects it is given. */
const BACKUP_MESSAGE_FIELDS: readonly (keyof BackupMessage)[] = ['id', 'threadId', 'role', 'content', 'createdAt'];

/**
 * A page of messages already written as the backup stores them, by the database: `count` messages,
 * each one compact JSON object of `BACKUP_MESSAGE_FIELDS` in that order, joined by `,\n`. Parsing
 * rows into objects only to serialize them again is most of a backup's CPU and garbage on PostgreSQL.
 */
export interface RenderedPage {
  readonly count: number;
  readonly json: string;
}

/** What `write` takes per page: messages, or messages the database already rendered. */
export type BackupPage = readonly BackupMessage[] | RenderedPage;

/** The pattern of a storage key: `<day>/<uuid>.json.gz`. */
export const BACKUP_KEY = /^\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.json\.gz$/;

/** A new storage key, under today's folder. */
export function newBackupKey(): string {
  return `${new Date().toISOString().slice(0, 10)}/${uuidv7()}.json.gz`;
}

/** Where a backup is written before it is complete and durable; renamed to its key's path then. */
export const partialPathOf = (file: string): string => `${file}.partial`;

/**
 * The file system failed while a backup was written or measured, whatever the errno: ENOSPC,
 * EACCES, ENOTDIR, or ETIMEDOUT and EPIPE from a network mount. It is BACKUP_FAILED from where it
 * happens, so no errno can pass for a database error (ETIMEDOUT is also what an unreachable
 * database fails with); `cause` is the file system's error.
 */
export class BackupStorageError extends BackupFailedError {
  override readonly name = 'BackupStorageError';
  constructor(
    readonly operation: string,
    options: { cause: unknown },
  ) {
    super(options);
  }
}

/**
 * The file-system calls backups are written and measured with: their one boundary with the disk.
 * A test may replace one to make the disk fail with a given errno; nothing else does.
 */
export const backupFiles = { createWriteStream, mkdir, open, rename, rm, stat };

/**
 * Writes a thread and the messages yielded by `pages` to `file`: gzipped, one message per line,
 * to a temporary name that is flushed to disk, then renamed into place (and the folder flushed).
 * A failure of `pages` (the database) is thrown as it is; any failure of the disk is a
 * `BackupStorageError`. Nothing is left at either name if it fails.
 */
export async function writeBackupFile(
  file: string,
  thread: BackupThread,
  pages: AsyncIterable<BackupPage>,
): Promise<void> {
  const temp = partialPathOf(file);
  await onDisk('create the folder', () => backupFiles.mkdir(path.dirname(file), { recursive: true }));
  const source = new NotedSource(pages);
  try {
    const sink = backupFiles.createWriteStream(temp, { flags: 'wx' });
    await pipeline(documentLines(thread, source.pages()), createGzip({ level: zlibConstants.Z_BEST_SPEED }), sink);
    await syncPath(temp);
  } catch (error) {
    await backupFiles.rm(temp, { force: true }).catch(() => undefined);
    // The messages are the caller's reads (the database): their failure is passed on as it is.
    if (source.failure) throw source.failure.error;
    throw new BackupStorageError('write the file', { cause: error });
  }
  await onDisk('put the file in place', async () => {
    await backupFiles.rename(temp, file);
    await syncPath(path.dirname(file));
  });
}

/** Runs file-system work; whatever it fails with becomes a `BackupStorageError`. */
export async function onDisk<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new BackupStorageError(operation, { cause: error });
  }
}

/** A source of pages that remembers the error it failed with, if it did: a failure that is not the disk's. */
class NotedSource<T> {
  failure: { error: unknown } | null = null;

  constructor(private readonly source: AsyncIterable<T>) {}

  async *pages(): AsyncGenerator<T> {
    try {
      yield* this.source;
    } catch (error) {
      this.failure = { error };
      throw error;
    }
  }
}

function rendered(page: BackupPage): RenderedPage {
  if (!Array.isArray(page)) return page as RenderedPage;
  const messages = page as readonly BackupMessage[];
  const lines = messages.map((message) => JSON.stringify(message, BACKUP_MESSAGE_FIELDS as string[]));
  return { count: messages.length, json: lines.join(',\n') };
}

async function* documentLines(thread: BackupThread, pages: AsyncIterable<BackupPage>): AsyncGenerator<string> {
  const header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date().toISOString(), thread };
  yield `${JSON.stringify(header).slice(0, -1)},"messages":[`;
  let count = 0;
  // One chunk per page, not per message: a stream write per message costs more than the JSON.
  for await (const page of pages) {
    const { count: messages, json } = rendered(page);
    if (messages === 0) continue;
    yield `${count === 0 ? '\n' : ',\n'}${json}`;
    count += messages;
  }
  yield `\n],"messageCount":${count}}\n`;
}

/** fsync a file or folder: its data (or the rename into it) reaches the disk before we go on. */
async function syncPath(target: string): Promise<void> {
  const handle = await backupFiles.open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
