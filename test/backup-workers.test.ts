import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { BackupFailedError } from '../src/errors.js';
import { BACKUP_WORKER_MIN_MESSAGES, BackupWorkers } from '../src/threads/backup/backup-workers.js';
import { messagePages, toBackupThread } from '../src/threads/backup/thread-backup.mapping.js';
import { BackupStore, backupFiles } from '../src/threads/backup/thread-backup.store.js';
import { Thread } from '../src/threads/thread.entity.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import { backupThread } from './support/fixtures.js';
import { untilNoTombstones } from './support/reclaim.js';
import { countRows } from './support/rows.js';
import { dataOf, startTestApp, type TestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

const SERVER_DATABASES = DATABASE_KINDS.filter((kind) => kind === 'postgres');

/** The gateway's own writer, for a backup a worker must write. */
const notHere = () => Promise.reject(new Error('written on the gateway thread, not in a worker'));

describe('which backups go to a worker', () => {
  const store = new BackupStore(tmpdir());
  const postgres = { ...loadDatabaseConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }) };
  const sqlite = loadDatabaseConfig({ DATABASE_URL: 'sqlite::memory:' });

  it('when the database is PostgreSQL and the thread has BACKUP_WORKER_MIN_MESSAGES or more, then a worker writes it; fewer, SQLite, or closed, the gateway itself', async () => {
    const workers = new BackupWorkers(postgres, store);
    expect(workers.takes(BACKUP_WORKER_MIN_MESSAGES)).toBe(true);
    expect(workers.takes(BACKUP_WORKER_MIN_MESSAGES - 1)).toBe(false);
    expect(new BackupWorkers(sqlite, store).takes(BACKUP_WORKER_MIN_MESSAGES * 10)).toBe(false);
    await workers.close();
    expect(workers.takes(BACKUP_WORKER_MIN_MESSAGES)).toBe(false);
  });

  it('when the worker cannot connect to the database, then the backup is written on the gateway thread instead, and the worker leaves nothing behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ctg-backup-workers-connect-'));
    try {
      const workers = new BackupWorkers({ ...postgres, connectTimeoutMs: 2000 }, new BackupStore(dir));
      const thread = backupThread('a-thread');
      const here = vi.fn(async () => 'written here');

      expect(await workers.write(thread, here)).toBe('written here');

      expect(here).toHaveBeenCalledTimes(1);
      expect(readdirSync(dir, { recursive: true })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A thread of `messages` messages of alice's, inserted in one statement. */
async function bigThread(t: TestApp, messages: number): Promise<string> {
  const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 0, owner: 'alice' });
  await t.app.db.dataSource.query(
    `INSERT INTO messages (id, thread_id, role, content, created_at)
     SELECT substr($1, 1, 24) || lpad(to_hex(g), 12, '0'), $1, CASE WHEN g % 2 = 0 THEN 'assistant' ELSE 'user' END,
            'message ' || g || ' "quoted" \\ é ' || chr(1), now() - (($2 - g) * interval '1 ms')
     FROM generate_series(1, $2) AS g`,
    [threadId, messages],
  );
  return threadId;
}

/**
 * Holds every read of `messages` (an ACCESS EXCLUSIVE lock from a session of its own, with none of
 * the gateway's timeouts) until `release()`; `waiting()` resolves with the pid of the backend whose
 * backup page waits for it.
 */
async function holdMessageReads(t: TestApp): Promise<{ waiting: () => Promise<number>; release: () => Promise<void> }> {
  const { db } = t.app;
  const holder = new Client({ connectionString: t.app.config.database.url });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
  return {
    async waiting() {
      for (const until = Date.now() + 10_000; Date.now() < until; ) {
        const [row] = await db.dataSource.query(
          `SELECT pid FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH head AS%'`,
        );
        if (row) return Number(row.pid);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('no backup page waited for the lock within 10 s');
    },
    async release() {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    },
  };
}

/** The messages of a backup document, and the count it declares. */
function documentOf(file: string): { messages: unknown[]; messageCount: number; thread: unknown } {
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
}

describe.each(SERVER_DATABASES)(
  'when a thread big enough for a backup worker is deleted with a backup (%s)',
  (kind) => {
    let t: TestApp;
    let alice: Record<string, string>;
    let root: string;
    let backupDir: string;

    beforeAll(async () => {
      root = mkdtempSync(path.join(tmpdir(), 'ctg-backup-workers-'));
      backupDir = path.join(root, 'backups');
      mkdirSync(backupDir);
      // A statement waits for a lock for at most 2 s (THREAD_BUSY then): time enough to terminate it first.
      t = await startTestApp(kind, { BACKUP_DIR: backupDir, DB_LOCK_TIMEOUT_MS: '2000' });
      alice = await bearer(t, 'alice');
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });
    afterAll(async () => {
      await t?.close();
      rmSync(root, { recursive: true, force: true });
    });

    const files = () =>
      readdirSync(backupDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(backupDir, path.join(entry.parentPath, entry.name)));

    it('then a worker writes the backup (not the gateway’s thread), holding every message as the gateway’s own backup does, and the thread is deleted', async () => {
      const threadId = await bigThread(t, BACKUP_WORKER_MIN_MESSAGES);
      // The gateway's own backup of the same thread, for comparison.
      const thread = defined(await t.app.db.read((manager) => manager.findOneBy(Thread, { id: threadId })));
      const ownDir = mkdtempSync(path.join(tmpdir(), 'ctg-backup-own-'));
      const ownKey = await new BackupStore(ownDir).write(
        toBackupThread(thread),
        messagePages((work) => t.app.db.read(work), threadId),
      );
      const own = documentOf(path.join(ownDir, ownKey));
      rmSync(ownDir, { recursive: true, force: true });
      const onThisThread = vi.spyOn(backupFiles, 'createWriteStream');

      const answer = await t.graphql(DELETE_MUTATION, { threadId, options: { backup: true } }, alice);

      const result = dataOf(answer).deleteThread;
      expect(result).toMatchObject({ status: 'success', deletedMessageCount: BACKUP_WORKER_MIN_MESSAGES });
      expect(onThisThread).not.toHaveBeenCalled();
      const key = defined(result.backupLocation);
      expect(files()).toEqual([key]);
      const written = documentOf(path.join(backupDir, key));
      expect(written.messageCount).toBe(BACKUP_WORKER_MIN_MESSAGES);
      expect(written.thread).toEqual(own.thread);
      expect(written.messages).toEqual(own.messages);
      await untilNoTombstones(t.app.db);
      expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
      rmSync(path.join(backupDir, key));
    });

    it('when BACKUP_DIR cannot be written, then the delete answers BACKUP_FAILED, deletes nothing and leaves no file', async () => {
      const threadId = await bigThread(t, BACKUP_WORKER_MIN_MESSAGES);
      rmSync(backupDir, { recursive: true, force: true });
      writeFileSync(backupDir, 'not a folder');
      try {
        const viaWorker = vi.spyOn(BackupWorkers.prototype, 'write');
        const answer = await t.graphql(DELETE_MUTATION, { threadId, options: { backup: true } }, alice);

        expect(viaWorker).toHaveBeenCalledTimes(1);
        expect(dataOf(answer).deleteThread).toMatchObject({ status: 'error', errors: ['BACKUP_FAILED'] });
        expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: BACKUP_WORKER_MIN_MESSAGES, audit: 0 });
        expect(readdirSync(root)).toEqual(['backups']);
        expect(readFileSync(backupDir, 'utf8')).toBe('not a folder');
      } finally {
        rmSync(backupDir, { force: true });
        mkdirSync(backupDir);
      }
    });

    it.each([
      {
        what: "the worker's connection is terminated",
        code: 'SERVICE_UNAVAILABLE',
        act: async (pid: number, t: TestApp) => {
          await t.app.db.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
        },
      },
      { what: 'a page waits for a lock past DB_LOCK_TIMEOUT_MS', code: 'THREAD_BUSY', act: async () => undefined },
    ])(
      'when $what mid-backup, then the delete answers $code, deletes nothing and leaves no file',
      async ({ code, act }) => {
        const threadId = await bigThread(t, BACKUP_WORKER_MIN_MESSAGES);
        const hold = await holdMessageReads(t);
        const viaWorker = vi.spyOn(BackupWorkers.prototype, 'write');
        let answer: Awaited<ReturnType<TestApp['graphql']>>;
        try {
          const deleting = t.graphql(DELETE_MUTATION, { threadId, options: { backup: true } }, alice);
          await act(await hold.waiting(), t);
          answer = await deleting;
        } finally {
          await hold.release();
        }

        expect(viaWorker).toHaveBeenCalledTimes(1);
        expect(answer.body.data).toBeNull();
        expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual([code]);
        expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: BACKUP_WORKER_MIN_MESSAGES, audit: 0 });
        expect(files()).toEqual([]);
      },
    );

    it("when every message is as long as addMessage allows and every character needs an escape, then the worker's capped heap writes them all", async () => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 0, owner: 'alice' });
      // 100,000 code points each, all U+0001: 600 KB of JSON per message, a page of one message.
      await t.app.db.dataSource.query(
        `INSERT INTO messages (id, thread_id, role, content, created_at)
         SELECT substr($1, 1, 24) || lpad(to_hex(g), 12, '0'), $1, 'tool', repeat(chr(1), 100000), now() + g * interval '1 ms'
         FROM generate_series(1, 40) AS g`,
        [threadId],
      );
      const thread = defined(await t.app.db.read((manager) => manager.findOneBy(Thread, { id: threadId })));
      const workers = new BackupWorkers(t.app.config.database, new BackupStore(backupDir), {
        minMessages: 1,
        maxWorkers: 1,
      });

      const key = await workers.write(toBackupThread(thread), notHere);

      const written = documentOf(path.join(backupDir, key));
      expect(written.messageCount).toBe(40);
      expect(written.messages).toHaveLength(40);
      expect(
        written.messages.every((message) => (message as { content: string }).content === '\u0001'.repeat(100_000)),
      ).toBe(true);
      rmSync(path.join(backupDir, key));
    });

    it('when the workers are closed mid-backup (the gateway stops), then that backup fails as BACKUP_FAILED and leaves no file; while it ran, the next big backup would have been written by the gateway itself', async () => {
      const threadId = await bigThread(t, BACKUP_WORKER_MIN_MESSAGES);
      const thread = defined(await t.app.db.read((manager) => manager.findOneBy(Thread, { id: threadId })));
      const workers = new BackupWorkers(t.app.config.database, new BackupStore(backupDir), {
        minMessages: 1,
        maxWorkers: 1,
      });
      const hold = await holdMessageReads(t);
      try {
        const writing = workers.write(toBackupThread(thread), notHere).catch((error: unknown) => error);
        await hold.waiting();
        expect(workers.takes(1)).toBe(false);

        await workers.close();

        expect(await writing).toBeInstanceOf(BackupFailedError);
      } finally {
        await hold.release();
      }
      expect(files()).toEqual([]);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: BACKUP_WORKER_MIN_MESSAGES, audit: 0 });
    });
  },
);
