import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupStore } from '../src/threads/backup/thread-backup.store.js';
import { importBackup } from '../src/threads/backup/thread-import.service.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import type { ThreadDeleteResult } from './support/graphql-types.js';
import { auditRows, countRows } from './support/rows.js';
import { dataOf, startTestApp, type TestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION, TRANSPORTS } from './support/transports.js';

const ALL_MESSAGES =
  'query ($id: ID!) { thread(id: $id) { id title projectId userId createdAt messages(first: 100) { edges { node { id role content createdAt } } } } }';

/** Every row of every table, for "nothing changed" assertions. */
async function snapshot(t: TestApp) {
  const ds = t.app.db.dataSource;
  return {
    threads: await ds.query('SELECT * FROM threads ORDER BY id'),
    messages: await ds.query('SELECT * FROM messages ORDER BY id'),
    audit: await ds.query('SELECT * FROM audit_entries ORDER BY id'),
  };
}

describe.each(DATABASE_KINDS)('backups and dry runs (%s)', (kind) => {
  let t: TestApp;
  let alice: Record<string, string>;
  let backupDir: string;

  beforeAll(async () => {
    backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-backups-'));
    // The 2,500-message thread below is deleted in the delete's own transaction (big threads and
    // their reclaim are test/large-deletes.test.ts's), so its rows are gone when the answer comes.
    t = await startTestApp(kind, { BACKUP_DIR: backupDir, DELETE_CHUNK_MESSAGES: '5000' });
    alice = await bearer(t, 'alice');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe.each(TRANSPORTS)('over %s', (transport) => {
    /** Deletes over `transport`: the GraphQL result, or the REST body (a 200 body, as these deletes succeed). */
    const remove = async (
      threadId: string,
      options: { backup?: boolean; dryRun?: boolean },
    ): Promise<ThreadDeleteResult> => {
      if (transport === 'graphql')
        return dataOf(await t.graphql(DELETE_MUTATION, { threadId, options }, alice)).deleteThread;
      const query = `backup=${options.backup ?? false}&dry_run=${options.dryRun ?? false}`;
      return (await t.rest<ThreadDeleteResult>('DELETE', `/api/chat/threads/${threadId}?${query}`, alice)).body;
    };

    it('when a dry run is asked for, then the result counts as if deleted, warns, and the database is unchanged row for row', async () => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 6, owner: 'alice' });
      const before = await snapshot(t);

      const result = await remove(threadId, { dryRun: true, backup: true });

      expect(result).toMatchObject({
        status: 'success',
        deletedMessageCount: 6,
        permanentDelete: true,
        auditLogId: null,
        backupCreated: false,
        backupLocation: null,
        warningCount: 1,
      });
      expect(defined(result.warnings, 'warnings')[0]).toMatch(/dry run/i);
      expect(result.message).toMatch(/^Dry run:/);
      expect(await snapshot(t)).toEqual(before);
    });

    it('when a backup is asked for, then a gzipped JSON file of the thread and every message is written first, and importing it restores the thread exactly', async () => {
      const [threadId] = await seedThreads(t.app.db, {
        threads: 1,
        messagesPerThread: 2500,
        owner: 'alice',
        content: (_t, i) => `message ${i}\nwith "quotes" and ✓`,
      });
      const original = dataOf(await t.graphql(ALL_MESSAGES, { id: threadId }, alice)).thread;

      const result = await remove(threadId, { backup: true });

      expect(result).toMatchObject({ status: 'success', backupCreated: true, deletedMessageCount: 2500 });
      const backupLocation = defined(result.backupLocation, 'backupLocation');
      expect(backupLocation).toMatch(/^\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.json\.gz$/);
      expect(path.isAbsolute(backupLocation)).toBe(false);
      const document = JSON.parse(gunzipSync(readFileSync(path.join(backupDir, backupLocation))).toString('utf8'));
      expect(document).toMatchObject({
        format: 'chat-thread-gateway/thread-backup',
        version: 1,
        messageCount: 2500,
        thread: { id: threadId, userId: 'alice' },
      });
      expect(document.messages).toHaveLength(2500);
      expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });

      const imported = await importBackup(t.app.db, new BackupStore(backupDir), backupLocation);

      expect(imported).toEqual({ threadId, messageCount: 2500 });
      expect(dataOf(await t.graphql(ALL_MESSAGES, { id: threadId }, alice)).thread).toEqual(original);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2500, audit: 2 });
      expect((await auditRows(t, threadId)).map((row) => row.action)).toEqual(['DELETE_PERMANENT', 'RESTORE']);
    });
  });

  it('when messages hold every character JSON escapes, then each message line of the backup is exactly what JSON.stringify writes', async () => {
    // PostgreSQL writes the messages' JSON itself (row_to_json); SQLite's are written by JSON.stringify.
    const tricky = [
      '"quoted" \\ back/slash',
      'tab\tnew\nline\rcr\bbs\fff',
      '\u0001\u001f\u007f',
      'é ✓ 𝄞 \u2028\u2029',
      '',
    ];
    const [threadId] = await seedThreads(t.app.db, {
      threads: 1,
      messagesPerThread: tricky.length,
      owner: 'alice',
      content: (_t, i) => tricky[i],
    });
    const { messages } = defined(dataOf(await t.graphql(ALL_MESSAGES, { id: threadId }, alice)).thread, 'thread');

    const result = await t.graphql(DELETE_MUTATION, { threadId, options: { backup: true } }, alice);

    const location = defined(dataOf(result).deleteThread.backupLocation, 'backupLocation');
    const lines = gunzipSync(readFileSync(path.join(backupDir, location)))
      .toString('utf8')
      .split('\n');
    const expected = messages.edges.map(
      ({ node }, i) =>
        JSON.stringify({ id: node.id, threadId, role: node.role, content: node.content, createdAt: node.createdAt }) +
        (i < tricky.length - 1 ? ',' : ''),
    );
    expect(messages.edges.map(({ node }) => node.content).sort()).toEqual([...tricky].sort());
    expect(lines.slice(1, 1 + tricky.length)).toEqual(expected);
  });

  it('when a backup would overwrite a live thread on import, then the import is refused and nothing changes', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
    const result = dataOf(
      await t.graphql(DELETE_MUTATION, { threadId, options: { backup: true } }, alice),
    ).deleteThread;
    const backupLocation = defined(result.backupLocation, 'backupLocation');
    await importBackup(t.app.db, new BackupStore(backupDir), backupLocation);

    await expect(importBackup(t.app.db, new BackupStore(backupDir), backupLocation)).rejects.toThrow(/already exists/);
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 2 });
  });

  it('when an import names a key that does not exist, then it fails with a clear error (and no crash)', async () => {
    await expect(
      importBackup(t.app.db, new BackupStore(backupDir), '2000-01-01/01a22833-3ad3-7cf9-9f45-c65636830854.json.gz'),
    ).rejects.toThrow(/ENOENT/);
  });

  it.each(['../../etc/passwd', '/etc/passwd', '2026-01-01/../../x.json.gz'])(
    'when an import is asked for the key %s, then it is refused',
    async (key) => {
      await expect(importBackup(t.app.db, new BackupStore(backupDir), key)).rejects.toThrow(/not a backup key/);
    },
  );
});

describe.each(DATABASE_KINDS)('when the backup cannot be written (%s)', (kind) => {
  let t: TestApp;
  let alice: Record<string, string>;

  beforeAll(async () => {
    // A path below a regular file can never be created, even by root.
    const blocker = path.join(mkdtempSync(path.join(tmpdir(), 'ctg-blocked-')), 'not-a-folder');
    writeFileSync(blocker, 'x');
    t = await startTestApp(kind, { BACKUP_DIR: path.join(blocker, 'backups') });
    alice = await bearer(t, 'alice');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('then GraphQL reports BACKUP_FAILED, REST answers 500, and the thread, its messages and the audit trail are intact', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 5, owner: 'alice' });

    const graphql = dataOf(
      await t.graphql(DELETE_MUTATION, { threadId, options: { backup: true } }, alice),
    ).deleteThread;
    const rest = await t.rest('DELETE', `/api/chat/threads/${threadId}?backup=true`, alice);

    expect(graphql).toMatchObject({
      status: 'error',
      errors: ['BACKUP_FAILED'],
      errorCount: 1,
      backupCreated: null,
      auditLogId: null,
    });
    expect(graphql.message).toMatch(/nothing was deleted/);
    expect(rest.status).toBe(500);
    expect(rest.body).toEqual({ detail: 'Backup failed: nothing was deleted' });
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 5, audit: 0 });
  });

  it('then a delete without a backup still works', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });

    const result = dataOf(await t.graphql(DELETE_MUTATION, { threadId }, alice)).deleteThread;

    expect(result).toMatchObject({ status: 'success', backupCreated: false, backupLocation: null });
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });
});
