import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { backupFiles } from '../src/threads/backup/thread-backup.store.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { dataOf, startTestApp, type TestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

const BIG = 230;
const ADD = 'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "mid-backup" }) { id } }';
const THREAD = 'query ($id: ID!) { thread(id: $id) { id messageCount } }';

/**
 * Makes the next backup file stop at its first write until `release()`: `writing` resolves once the
 * backup got that far (its thread and first page read, gzip started). Later files are not held.
 */
function holdNextBackupFile(): { writing: Promise<void>; release: () => void } {
  const real = backupFiles.createWriteStream;
  let started!: () => void;
  let release!: () => void;
  const writing = new Promise<void>((resolve) => {
    started = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  vi.spyOn(backupFiles, 'createWriteStream').mockImplementationOnce((file, options) => {
    const sink = real(file, options);
    return new Writable({
      write(chunk, encoding, done) {
        started();
        released.then(() => sink.write(chunk, encoding, done));
      },
      final(done) {
        sink.end(done);
      },
    }) as unknown as ReturnType<typeof backupFiles.createWriteStream>;
  });
  return { writing, release };
}

describe.each(DATABASE_KINDS)('while the backup of a big thread is being written (%s)', (kind) => {
  let t: TestApp;
  let backupDir: string;
  let alice: Record<string, string>;

  beforeAll(async () => {
    backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-backup-without-lock-'));
    t = await startTestApp(kind, { DELETE_CHUNK_MESSAGES: '50', BACKUP_DIR: backupDir });
    alice = await bearer(t, 'alice');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('then other deletes, reads and a message added to that very thread go through at once, and the delete, written again, counts that message', async () => {
    const [big] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    const small = await seedThreads(t.app.db, { threads: 5, messagesPerThread: 3, owner: 'alice' });
    const file = holdNextBackupFile();

    const backup = t.graphql(DELETE_MUTATION, { threadId: big, options: { backup: true } }, alice);
    await file.writing;

    // Nothing of the backup holds a lock: on SQLite the process's one writer, on PostgreSQL the row.
    const deletes = await Promise.all(small.map((threadId) => t.graphql(DELETE_MUTATION, { threadId }, alice)));
    expect(deletes.map((answer) => dataOf(answer).deleteThread.status)).toEqual(small.map(() => 'success'));
    expect(dataOf(await t.graphql(THREAD, { id: big }, alice)).thread).toEqual({ id: big, messageCount: BIG });
    dataOf(await t.graphql(ADD, { id: big }, alice));
    for (const threadId of small) expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
    expect(await countRows(t, big)).toEqual({ threads: 1, messages: BIG + 1, audit: 0 });

    file.release();
    const result = dataOf(await backup).deleteThread;

    // The first file missed the added message: the delete saw the thread had changed, removed that
    // file and wrote the backup again.
    expect(result).toMatchObject({ status: 'success', deletedMessageCount: BIG + 1, backupCreated: true });
    const location = defined(result.backupLocation, 'backupLocation');
    const document = JSON.parse(gunzipSync(readFileSync(path.join(backupDir, location))).toString('utf8'));
    expect(document.messageCount).toBe(BIG + 1);
    expect(document.messages.at(-1).content).toBe('mid-backup');
    expect(vi.mocked(backupFiles.createWriteStream)).toHaveBeenCalledTimes(2);
  });
});
