import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { uuidv7 } from 'uuidv7';

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
 * Backups of threads as gzipped JSON files under one folder, addressed by storage keys such as
 * `2026-11-29/01a2...json.gz` (never absolute paths). The file is one JSON document written one
 * message per line, so both writing and reading stream: a 100,000-message thread is never held
 * in memory. A backup is written to a temporary name, flushed to disk, then renamed into place.
 */
export class BackupStore {
  constructor(private readonly dir: string) {}

  /** Writes a thread and the messages yielded by `pages`; resolves with the storage key once it is durable. */
  async write(thread: BackupThread, pages: AsyncIterable<BackupMessage[]>): Promise<string> {
    const key = `${new Date().toISOString().slice(0, 10)}/${uuidv7()}.json.gz`;
    const file = this.pathOf(key);
    const temp = `${file}.partial`;
    await mkdir(path.dirname(file), { recursive: true });
    try {
      await pipeline(documentLines(thread, pages), createGzip(), createWriteStream(temp, { flags: 'wx' }));
      await syncPath(temp);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await rename(temp, file);
    await syncPath(path.dirname(file));
    return key;
  }

  /** Opens a backup by key for reading; rejects keys that are not this store's. Call `close()` when done. */
  async read(key: string): Promise<BackupReader> {
    const handle = await open(this.pathOf(key), 'r');
    const source = handle.createReadStream();
    const gunzip = createGunzip();
    source.on('error', (error) => gunzip.destroy(error));
    const reader = createInterface({ input: source.pipe(gunzip), crlfDelay: Infinity });
    const close = () => {
      reader.close();
      gunzip.destroy();
      source.destroy();
    };
    try {
      const lines = reader[Symbol.asyncIterator]();
      const first = await lines.next();
      const header = first.done ? null : (JSON.parse(`${first.value}]}`) as Record<string, unknown>);
      if (!header || header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) {
        throw new Error(`${key} is not a ${BACKUP_FORMAT} v${BACKUP_VERSION} file`);
      }
      return { thread: header.thread as BackupThread, exportedAt: String(header.exportedAt), messages: () => messageLines(lines, key), close };
    } catch (error) {
      close();
      throw error;
    }
  }

  /** The absolute path of a key; anything but a key this store makes is refused (no `..`, no absolute paths). */
  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a backup key: ${JSON.stringify(key)}`);
    return path.join(this.dir, key);
  }
}

async function* documentLines(thread: BackupThread, pages: AsyncIterable<BackupMessage[]>): AsyncGenerator<string> {
  const header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date().toISOString(), thread };
  yield `${JSON.stringify(header).slice(0, -1)},"messages":[`;
  let count = 0;
  // One chunk per page, not per message: a stream write per message costs more than the JSON.
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield `${count === 0 ? '\n' : ',\n'}${page.map((message) => JSON.stringify(message)).join(',\n')}`;
    count += page.length;
  }
  yield `\n],"messageCount":${count}}\n`;
}

async function* messageLines(lines: AsyncIterator<string>, key: string): AsyncGenerator<BackupMessage> {
  let count = 0;
  for (let line = await lines.next(); !line.done; line = await lines.next()) {
    if (line.value.startsWith('],')) {
      const { messageCount } = JSON.parse(`{${line.value.slice(2)}`) as { messageCount: number };
      if (messageCount !== count) throw new Error(`${key} says ${messageCount} messages but holds ${count}`);
      return;
    }
    yield JSON.parse(line.value.endsWith(',') ? line.value.slice(0, -1) : line.value) as BackupMessage;
    count += 1;
  }
  throw new Error(`${key} is truncated`);
}

/** fsync a file or folder: its data (or the rename into it) reaches the disk before we go on. */
async function syncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
