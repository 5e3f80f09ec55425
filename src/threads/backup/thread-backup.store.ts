import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { boundedLines, LineError, type LineLimits } from './bounded-lines.js';
import {
  BACKUP_FORMAT,
  BACKUP_KEY,
  BACKUP_VERSION,
  type BackupMessage,
  type BackupPage,
  type BackupThread,
  backupFiles,
  newBackupKey,
  onDisk,
  partialPathOf,
  writeBackupFile,
} from './thread-backup.file.js';
import {
  BackupProblem,
  checkTimestamp,
  fieldsOf,
  parseJson,
  text,
  validBackupMessage,
  validBackupThread,
} from './thread-backup.validation.js';

export {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupMessage,
  type BackupPage,
  BackupStorageError,
  type BackupThread,
  backupFiles,
  type RenderedPage,
} from './thread-backup.file.js';

/** What reading a backup yields: the header first, then the messages in order. */
export interface BackupReader {
  readonly thread: BackupThread;
  readonly exportedAt: string;
  messages(): AsyncGenerator<BackupMessage>;
  /** Releases the file; safe to call more than once. */
  close(): void;
}

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

  /** Writes a thread and the messages yielded by `pages`; resolves with its new storage key once it is durable. */
  async write(thread: BackupThread, pages: AsyncIterable<BackupPage>): Promise<string> {
    const key = newBackupKey();
    await writeBackupFile(this.pathOf(key), thread, pages);
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

  /**
   * Removes a backup file (of a delete that did not commit), and what a writer stopped half-way
   * left at its temporary name; a missing file is not an error.
   */
  async remove(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(partialPathOf(file), { force: true });
    await rm(file, { force: true });
  }

  /** The absolute path of a key; anything but a key this store makes is refused (no `..`, no absolute paths). */
  pathOf(key: string): string {
    if (!BACKUP_KEY.test(key)) throw new Error(`not a backup key: ${JSON.stringify(key)}`);
    return path.join(this.dir, key);
  }
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
