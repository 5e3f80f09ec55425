import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, constants as zlibConstants } from 'node:zlib';
import { BackupFailedError } from '../../errors.js';
import { uuidv7 } from '../../ids.js';
import { boundedLines, LineError, type LineLimits } from './bounded-lines.js';
import {
  BackupProblem,
  checkTimestamp,
  fieldsOf,
  parseJson,
  text,
  validBackupMessage,
  validBackupThread,
} from './thread-backup.validation.js';

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

/** What reading a backup yields: the header first, then the messages in order. */
export interface BackupReader {
  readonly thread: BackupThread;
  readonly exportedAt: string;
  messages(): AsyncGenerator<BackupMessage>;
  /** Releases the file; safe to call more than once. */
  close(): void;
}

const KEY = /^\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.json\.gz$/;

/**
 * How much of a backup file reading accepts: a crafted or corrupt file ends with one clear error, never an
 * out-of-memory.
 */
export interface BackupReadLimits extends LineLimits {
  /** Messages one backup may hold. */
  readonly maxMessages: number;
}

export const BACKUP_READ_LIMITS: BackupReadLimits = Object.freeze({
  // The longest line `write` makes is a message of 100,000 code points that each need a six-byte
  // JSON escape (\u0001): about 600 KB. 1 MiB admits it with room to spare; nothing longer is held.
  maxLineBytes: 1024 * 1024,
  // Bounds the time and transaction size a decompression bomb can cost, yet admits a backup as big
  // as the whole default per-user quota (1 GiB of gzip) of chat text, which compresses about 4-8x.
  maxTotalBytes: 8 * 1024 ** 3,
  // Ten times the largest thread this gateway is sized for (100,000 messages).
  maxMessages: 1_000_000,
});

/** Thrown when a backup file breaks its layout or the API's rules; the message names the file and the place. */
export class BackupFormatError extends Error {}

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
 * The file-system calls the store writes and measures backups with: its one boundary with the disk.
 * A test may replace one to make the disk fail with a given errno; nothing else does.
 */
export const backupFiles = { createWriteStream, mkdir, open, rename, rm, stat };

/**
 * Backups of threads as gzipped JSON files under one folder, addressed by storage keys such as
 * `2026-11-29/01a2...json.gz` (never absolute paths). The file is one JSON document written one
 * message per line, so both writing and reading stream: a 100,000-message thread is never held
 * in memory. A backup is written to a temporary name, flushed to disk, then renamed into place.
 */
export class BackupStore {
  constructor(
    private readonly dir: string,
    private readonly limits: BackupReadLimits = BACKUP_READ_LIMITS,
  ) {}

  /** Writes a thread and the messages yielded by `pages`; resolves with the storage key once it is durable. */
  async write(thread: BackupThread, pages: AsyncIterable<BackupPage>): Promise<string> {
    const key = `${new Date().toISOString().slice(0, 10)}/${uuidv7()}.json.gz`;
    const file = this.pathOf(key);
    const temp = `${file}.partial`;
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
    return key;
  }

  /** The size in bytes of a written backup; a failure is a `BackupStorageError`. */
  sizeOf(key: string): Promise<number> {
    const file = this.pathOf(key);
    return onDisk('measure the file', async () => (await backupFiles.stat(file)).size);
  }

  /**
   * Opens a backup by key for reading; rejects keys that are not this store's. Call `close()` when done.
   * Nothing in the file is trusted: lines are bounded by `limits` and every field is checked against
   * the API's rules; the first problem found is a `BackupFormatError` naming the place.
   */
  async read(key: string): Promise<BackupReader> {
    const handle = await open(this.pathOf(key), 'r');
    const source = handle.createReadStream();
    const gunzip = createGunzip();
    source.on('error', (error) => gunzip.destroy(error));
    const lines = boundedLines(source.pipe(gunzip), this.limits);
    const close = () => {
      gunzip.destroy();
      source.destroy();
    };
    try {
      const first = await nextLine(lines, key);
      const header = located(key, 'header', () => parseHeader(first));
      const thread = located(key, 'thread', () => validBackupThread(header.thread));
      return {
        thread,
        exportedAt: header.exportedAt,
        messages: () => messageLines(lines, key, thread.id, this.limits.maxMessages),
        close,
      };
    } catch (error) {
      close();
      throw error;
    }
  }

  /** The absolute path of a key; anything but a key this store makes is refused (no `..`, no absolute paths). */
  /** Removes a backup file (of a delete that did not commit); a missing file is not an error. */
  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a backup key: ${JSON.stringify(key)}`);
    return path.join(this.dir, key);
  }
}

/** Runs file-system work; whatever it fails with becomes a `BackupStorageError`. */
async function onDisk<T>(operation: string, work: () => Promise<T>): Promise<T> {
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

const HEADER_FIELDS = ['format', 'version', 'exportedAt', 'thread', 'messages'];

/** The first line, `{"format":...,"thread":{...},"messages":[`, closed and checked but for the thread. */
function parseHeader(line: string | null): { thread: unknown; exportedAt: string } {
  if (line === null) throw new BackupProblem('the file is empty');
  const document = parseJson(`${line}]}`) as { format?: unknown; version?: unknown } | null;
  if (document?.format !== BACKUP_FORMAT || document.version !== BACKUP_VERSION)
    throw new BackupProblem(`not a ${BACKUP_FORMAT} v${BACKUP_VERSION} file`);
  const header = fieldsOf(document, HEADER_FIELDS);
  if (!Array.isArray(header.messages) || header.messages.length > 0)
    throw new BackupProblem('messages should start on the next line');
  return { thread: header.thread, exportedAt: text(header, 'exportedAt', checkTimestamp) };
}

/** The messages, one a line (a comma after all but the last), then `],"messageCount":N}` and the end of the file. */
async function* messageLines(
  lines: AsyncGenerator<string>,
  key: string,
  threadId: string,
  maxMessages: number,
): AsyncGenerator<BackupMessage> {
  let count = 0;
  for (let line = await nextLine(lines, key); line !== null; line = await nextLine(lines, key)) {
    if (line.startsWith('],')) {
      const declared = located(key, 'end', () => messageCountOf(line.slice(2)));
      if (declared !== count)
        throw new BackupFormatError(`backup ${key}, end: says ${declared} messages but holds ${count}`);
      if ((await nextLine(lines, key)) !== null)
        throw new BackupFormatError(`backup ${key}: data after the end of the document`);
      return;
    }
    count += 1;
    if (count > maxMessages) throw new BackupFormatError(`backup ${key}: holds more than ${maxMessages} messages`);
    const json = line.endsWith(',') ? line.slice(0, -1) : line;
    yield located(key, `message ${count}`, () => validBackupMessage(parseJson(json), threadId));
  }
  throw new BackupFormatError(`backup ${key} is truncated: no end after message ${count}`);
}

function messageCountOf(rest: string): number {
  const { messageCount } = fieldsOf(parseJson(`{${rest}`), ['messageCount']);
  if (!Number.isSafeInteger(messageCount) || (messageCount as number) < 0)
    throw new BackupProblem('messageCount: should be a whole number');
  return messageCount as number;
}

/** The next line, or null at the end of the file; a line too long, bad UTF-8 or bad gzip is a `BackupFormatError`. */
async function nextLine(lines: AsyncGenerator<string>, key: string): Promise<string | null> {
  try {
    const line = await lines.next();
    return line.done ? null : line.value;
  } catch (error) {
    if (error instanceof LineError) throw new BackupFormatError(`backup ${key}: ${error.message}`);
    if (isZlibError(error)) throw new BackupFormatError(`backup ${key}: cannot be decompressed (${error.message})`);
    throw error;
  }
}

function isZlibError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}

/** Runs `parse`; a `BackupProblem` it finds becomes a `BackupFormatError` naming the backup and `where`. */
function located<T>(key: string, where: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof BackupProblem ? new BackupFormatError(`backup ${key}, ${where}: ${error.message}`) : error;
  }
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
