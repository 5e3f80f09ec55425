import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { RECLAIMING_WARNING } from '../src/threads/delete/thread-delete.response.js';
import { type ReclaimStep, ThreadReclaimer } from '../src/threads/delete/thread-reclaimer.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { ThreadPurgeService } from '../src/threads/trash/thread-purge.service.js';
import { defined } from './support/assertions.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import type { GqlBody, ThreadDeleteResult } from './support/graphql-types.js';
import { unheldThreads, waitersAt } from './support/pg-locks.js';
import {
  deleteColumnsOf,
  gateMessageDeletes,
  ReclaimHold,
  reclaimedSoFar,
  rowsOf,
  slowMessageDeletes,
} from './support/reclaim.js';
import { auditRows } from './support/rows.js';
import { processTokens, type ServerProcess, startServerProcess } from './support/server-process.js';
import { dataOf, startTestApp, type TestApp } from './support/test-app.js';
import { ALL_RESULT_FIELDS, bearer, DELETE_MUTATION, deleteVia } from './support/transports.js';

/** A big thread here: 230 messages, reclaimed as four chunks of 50 and one of 30. */
const BIG = 230;
const CHUNK = 50;
const CHUNKED = { DELETE_CHUNK_MESSAGES: String(CHUNK) };
const DAY = 86_400_000;
const DRY_RUN_WARNING = 'Dry run: nothing was changed.';
const POSTGRES_ONLY = DATABASE_KINDS.filter((kind) => kind === 'postgres');

const THREAD = 'query ($id: ID!) { thread(id: $id) { id messageCount } }';
const THREADS = '{ threads(first: 100) { edges { node { id } } } }';
const TRASH = '{ deletedThreads(first: 100) { edges { node { id } } } }';
const ADD = 'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "too late" }) { id } }';
const RESTORE = 'mutation ($id: ID!) { restoreThread(threadId: $id) { id messageCount } }';
const DELETE_MANY = `mutation ($ids: [ID!]!, $options: DeleteThreadOptions) {
  deleteThreads(threadIds: $ids, options: $options) { ${ALL_RESULT_FIELDS} }
}`;

type Headers = Record<string, string>;

/** The fields every successful permanent delete of a big thread answers. */
const TOMBSTONED = {
  status: 'success',
  deletedMessageCount: BIG,
  permanentDelete: true,
  softDelete: false,
  canRestore: false,
  restoreUntil: null,
  errors: [],
  errorCount: 0,
  warnings: [RECLAIMING_WARNING],
  warningCount: 1,
};

const idsOf = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);
const codeOf = (body: GqlBody) => body.errors?.[0]?.extensions?.code;

/** The audit rows of a thread in the columns a delete decides. */
async function auditOf(t: TestApp, threadId: string) {
  return (await auditRows(t, threadId)).map((row) => ({
    id: row.id,
    action: row.action,
    actor: row.actor,
    owner: row.owner,
    messageCount: Number(row.message_count),
    reason: row.reason,
    requestId: row.request_id,
  }));
}

/** Every step a fresh reclaimer takes until no tombstone is left. */
async function stepsOf(db: Database): Promise<ReclaimStep[]> {
  const reclaimer = new ThreadReclaimer(db);
  const steps: ReclaimStep[] = [];
  for (let step = await reclaimer.step(); step; step = await reclaimer.step()) steps.push(step);
  return steps;
}

/** The steps that reclaim a thread of `messages` messages, a chunk at a time. */
function chunksOf(threadId: string, messages: number): ReclaimStep[] {
  const steps: ReclaimStep[] = [];
  for (let left = messages; ; left -= CHUNK) {
    const removed = Math.min(left, CHUNK);
    steps.push({ threadId, messages: removed, finished: removed < CHUNK });
    if (removed < CHUNK) return steps;
  }
}

/** Asserts that no read shows the thread, to its owner or to an admin (reads take no lock). */
async function expectUnreadable(t: TestApp, threadId: string, owner: Headers, admin: Headers): Promise<void> {
  for (const caller of [owner, admin]) {
    expect(dataOf(await t.graphql(THREAD, { id: threadId }, caller)).thread).toBeNull();
    expect(idsOf(dataOf(await t.graphql(THREADS, {}, caller)).threads)).not.toContain(threadId);
    expect(idsOf(dataOf(await t.graphql(TRASH, {}, caller)).deletedThreads)).not.toContain(threadId);
  }
}

/**
 * Asserts that every write on the thread is THREAD_NOT_FOUND, for its owner and for an admin:
 * addMessage, restoreThread, a second delete in every mode, in bulk and over REST. Callers check
 * the rows after, to see that none of them added a message or an audit entry.
 */
async function expectUnwritable(t: TestApp, threadId: string, owner: Headers, admin: Headers): Promise<void> {
  for (const caller of [owner, admin]) {
    expect(codeOf((await t.graphql(ADD, { id: threadId }, caller)).body)).toBe('THREAD_NOT_FOUND');
    expect(codeOf((await t.graphql(RESTORE, { id: threadId }, caller)).body)).toBe('THREAD_NOT_FOUND');
  }
  for (const options of [{}, { mode: 'SOFT' }, { dryRun: true }, { backup: true }]) {
    const again = dataOf(await t.graphql(DELETE_MUTATION, { threadId, options }, owner)).deleteThread;
    expect([again.status, again.errors]).toEqual(['error', ['THREAD_NOT_FOUND']]);
  }
  const bulk = dataOf(await t.graphql(DELETE_MANY, { ids: [threadId] }, admin)).deleteThreads;
  expect(bulk.map((result) => result.errors)).toEqual([['THREAD_NOT_FOUND']]);
  const rest = await deleteVia('rest', t, threadId, owner);
  expect([rest.status, rest.body]).toEqual([404, { detail: 'Thread not found' }]);
}

/** Both of the above: the thread is gone for every read and every write. */
async function expectGone(t: TestApp, threadId: string, owner: Headers, admin: Headers): Promise<void> {
  await expectUnreadable(t, threadId, owner, admin);
  await expectUnwritable(t, threadId, owner, admin);
}

/**
 * Waits until the app's own reclaimer (kicked by the delete) has removed `threadIds` and counted
 * exactly `messages` messages and that many threads since `before`.
 */
async function expectReclaimedByApp(
  t: TestApp,
  threadIds: string[],
  before: { threads: number; messages: number },
  messages: number,
  timeout = 5_000,
): Promise<void> {
  await vi.waitFor(
    async () => {
      const now = await reclaimedSoFar(t.app.metrics);
      const rows = [];
      for (const threadId of threadIds) rows.push(await rowsOf(t.app.db, threadId));
      expect({
        rows,
        reclaimed: { threads: now.threads - before.threads, messages: now.messages - before.messages },
      }).toEqual({
        rows: threadIds.map(() => ({ threads: 0, messages: 0, audit: 1 })),
        reclaimed: { threads: threadIds.length, messages },
      });
    },
    // Well under the reclaimer's 30 s scan: what is reclaimed in time was reclaimed because the delete kicked it.
    { timeout, interval: 50 },
  );
}

describe.each(DATABASE_KINDS)('deleting a thread of more than DELETE_CHUNK_MESSAGES messages (%s)', (kind) => {
  let t: TestApp;
  let hold: ReclaimHold;
  let backupDir: string;
  let alice: Headers;
  let root: Headers;

  beforeAll(async () => {
    backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-large-deletes-'));
    t = await startTestApp(kind, { ...CHUNKED, BACKUP_DIR: backupDir, SOFT_DELETE_RETENTION_DAYS: '7' });
    hold = await ReclaimHold.install(t.app.db, t.app.metrics);
    alice = await bearer(t, 'alice');
    root = await bearer(t, 'root', ['admin']);
  });
  afterEach(async () => {
    // A test that failed while holding a thread leaves its tombstone: the next test starts without it.
    await hold.releaseAll();
    await new ThreadReclaimer(t.app.db).drain();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('when an admin deletes it over GraphQL, then the answer is exact and warns, the thread is a tombstone gone for every read and write while all its messages remain, and the reclaim removes them a chunk per step', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    await hold.hold(threadId);

    const result = dataOf(
      await t.graphql(DELETE_MUTATION, { threadId, options: { reason: 'erasure request' } }, root),
    ).deleteThread;

    expect(result).toMatchObject({ ...TOMBSTONED, threadId, userId: 'alice', deletedBy: 'root', backupCreated: false });
    expect(result.message).toBe(`Thread '${threadId}' and its 230 messages were permanently deleted.`);
    expect(await auditOf(t, threadId)).toEqual([
      {
        id: result.auditLogId,
        action: 'DELETE_PERMANENT',
        actor: 'root',
        owner: 'alice',
        messageCount: BIG,
        reason: 'erasure request',
        requestId: result.requestId,
      },
    ]);
    expect(await deleteColumnsOf(t.app.db, threadId)).toEqual({
      deletedAt: Date.parse(defined(result.deletedAt, 'deletedAt')),
      deletedBy: 'root',
      restoreUntil: null,
    });
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 1, messages: BIG, audit: 1 });

    await expectGone(t, threadId, alice, root);

    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 1, messages: BIG, audit: 1 });
    await hold.untilTried();
    await hold.release(threadId);
    expect(await stepsOf(t.app.db)).toEqual(chunksOf(threadId, BIG));
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when the owner deletes it over REST, then the 200 body is exact and warns, the thread is gone at once, and the app reclaims every message by itself', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    const before = await reclaimedSoFar(t.app.metrics);

    const call = await deleteVia('rest', t, threadId, alice);

    expect(call.status).toBe(200);
    const result = defined(call.result, 'the 200 body');
    expect(result).toMatchObject({ ...TOMBSTONED, threadId, userId: 'alice', deletedBy: 'alice' });
    expect(await auditOf(t, threadId)).toEqual([
      {
        id: result.auditLogId,
        action: 'DELETE_PERMANENT',
        actor: 'alice',
        owner: 'alice',
        messageCount: BIG,
        reason: null,
        requestId: result.requestId,
      },
    ]);
    await expectUnreadable(t, threadId, alice, root);
    // Writes come after the reclaim: each locks the tombstone's row for a moment, and a drain that
    // finds the only tombstone locked (SKIP LOCKED on PostgreSQL) stops until the next 30 s scan.
    await expectReclaimedByApp(t, [threadId], before, BIG);
    await expectUnwritable(t, threadId, alice, root);
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when a bulk delete takes two big threads, a small one and a missing one, then each answer is exact, only the big ones warn, and the app reclaims both', async () => {
    const [first, second] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: BIG, owner: 'alice' });
    const [small] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
    const missing = '01890000-0000-7000-8000-000000000000';
    const before = await reclaimedSoFar(t.app.metrics);

    const results = dataOf(
      await t.graphql(DELETE_MANY, { ids: [first, small, missing, second], options: { reason: 'tidy' } }, alice),
    ).deleteThreads;

    expect(
      results.map((result) => [
        result.threadId,
        result.status,
        result.deletedMessageCount,
        result.warnings,
        result.errors,
      ]),
    ).toEqual([
      [first, 'success', BIG, [RECLAIMING_WARNING], []],
      [small, 'success', 3, [], []],
      [missing, 'error', null, [], ['THREAD_NOT_FOUND']],
      [second, 'success', BIG, [RECLAIMING_WARNING], []],
    ]);
    expect(await rowsOf(t.app.db, small)).toEqual({ threads: 0, messages: 0, audit: 1 });
    for (const [index, threadId] of [first, second].entries()) {
      const result = results[index === 0 ? 0 : 3];
      expect(await auditOf(t, threadId)).toEqual([
        {
          id: result.auditLogId,
          action: 'DELETE_PERMANENT',
          actor: 'alice',
          owner: 'alice',
          messageCount: BIG,
          reason: 'tidy',
          requestId: result.requestId,
        },
      ]);
      await expectUnreadable(t, threadId, alice, root);
    }
    await expectReclaimedByApp(t, [first, second], before, 2 * BIG);
    for (const threadId of [first, second]) {
      await expectUnwritable(t, threadId, alice, root);
      expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
    }
  });

  it('when a thread has exactly DELETE_CHUNK_MESSAGES messages, then it is deleted in the delete transaction without a warning; one more message makes it a tombstone', async () => {
    const [atChunk] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: CHUNK, owner: 'alice' });
    const [overChunk] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: CHUNK + 1, owner: 'alice' });
    // Held: a tombstone keeps every row until released, a thread deleted in one transaction keeps none.
    await hold.hold(atChunk, overChunk);

    const at = dataOf(await t.graphql(DELETE_MUTATION, { threadId: atChunk }, alice)).deleteThread;
    const over = dataOf(await t.graphql(DELETE_MUTATION, { threadId: overChunk }, alice)).deleteThread;

    expect([at.status, at.deletedMessageCount, at.warnings, at.warningCount]).toEqual(['success', CHUNK, [], 0]);
    expect(await rowsOf(t.app.db, atChunk)).toEqual({ threads: 0, messages: 0, audit: 1 });
    expect([over.status, over.deletedMessageCount, over.warnings, over.warningCount]).toEqual([
      'success',
      CHUNK + 1,
      [RECLAIMING_WARNING],
      1,
    ]);
    expect(await rowsOf(t.app.db, overChunk)).toEqual({ threads: 1, messages: CHUNK + 1, audit: 1 });
    await hold.untilTried();
    await hold.release(atChunk, overChunk);
    expect(await stepsOf(t.app.db)).toEqual(chunksOf(overChunk, CHUNK + 1));
    expect(await rowsOf(t.app.db, overChunk)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when it is deleted with a backup, then the backup holds every message, the thread is a tombstone, and the reclaim removes it', async () => {
    const content = (_thread: number, index: number) => `message ${index}`;
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice', content });
    await hold.hold(threadId);

    const result = dataOf(
      await t.graphql(DELETE_MUTATION, { threadId, options: { backup: true } }, alice),
    ).deleteThread;

    expect(result).toMatchObject({ ...TOMBSTONED, threadId, backupCreated: true });
    const backupLocation = defined(result.backupLocation, 'backupLocation');
    const document = JSON.parse(gunzipSync(readFileSync(path.join(backupDir, backupLocation))).toString('utf8'));
    expect(document).toMatchObject({ messageCount: BIG, thread: { id: threadId, userId: 'alice' } });
    expect(document.messages.map((message: { content: string }) => message.content)).toEqual(
      Array.from({ length: BIG }, (_, index) => content(0, index)),
    );
    expect((await auditOf(t, threadId)).map((row) => [row.action, row.actor, row.messageCount])).toEqual([
      ['DELETE_PERMANENT', 'alice', BIG],
    ]);
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 1, messages: BIG, audit: 1 });
    await expectGone(t, threadId, alice, root);
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 1, messages: BIG, audit: 1 });
    await hold.untilTried();
    await hold.release(threadId);
    expect(await stepsOf(t.app.db)).toEqual(chunksOf(threadId, BIG));
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when it is soft-deleted, then it goes to the trash with every message and no warning, and restoring it brings them all back', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });

    const result = dataOf(
      await t.graphql(DELETE_MUTATION, { threadId, options: { mode: 'SOFT' } }, alice),
    ).deleteThread;

    expect(result).toMatchObject({
      status: 'success',
      softDelete: true,
      permanentDelete: false,
      canRestore: true,
      deletedMessageCount: BIG,
      warnings: [],
      warningCount: 0,
    });
    const deletedAt = Date.parse(defined(result.deletedAt, 'deletedAt'));
    expect(await deleteColumnsOf(t.app.db, threadId)).toEqual({
      deletedAt,
      deletedBy: 'alice',
      restoreUntil: deletedAt + 7 * DAY,
    });
    expect(idsOf(dataOf(await t.graphql(TRASH, {}, alice)).deletedThreads)).toContain(threadId);
    expect(await stepsOf(t.app.db)).toEqual([]);
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 1, messages: BIG, audit: 1 });

    const restored = dataOf(await t.graphql(RESTORE, { id: threadId }, alice)).restoreThread;

    expect(restored).toEqual({ id: threadId, messageCount: BIG });
    expect(dataOf(await t.graphql(THREAD, { id: threadId }, alice)).thread).toEqual({
      id: threadId,
      messageCount: BIG,
    });
    expect((await auditOf(t, threadId)).map((row) => [row.action, row.messageCount])).toEqual([
      ['DELETE_SOFT', BIG],
      ['RESTORE', BIG],
    ]);
  });

  it('when a dry run asks about it, then the answer counts every message as if deleted and nothing changes', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    const snapshot = () =>
      t.app.db.read(async (manager) => ({
        threads: await manager.query('SELECT * FROM threads ORDER BY id'),
        messages: await manager.query('SELECT * FROM messages ORDER BY id'),
        audit: await manager.query('SELECT * FROM audit_entries ORDER BY id'),
      }));
    const before = await snapshot();

    const result = dataOf(
      await t.graphql(DELETE_MUTATION, { threadId, options: { dryRun: true } }, alice),
    ).deleteThread;

    expect(result).toMatchObject({
      status: 'success',
      deletedMessageCount: BIG,
      permanentDelete: true,
      softDelete: false,
      auditLogId: null,
      backupCreated: false,
    });
    expect(result.warnings).toContain(DRY_RUN_WARNING);
    expect(await snapshot()).toEqual(before);
    expect(await stepsOf(t.app.db)).toEqual([]);
  });

  // A dry run of a big thread once also warned that its messages were being removed.
  it('when a dry run asks about it, over GraphQL or REST, then its one warning is that it is a dry run: it does not say that messages are being removed', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });

    const graphql = dataOf(
      await t.graphql(DELETE_MUTATION, { threadId, options: { dryRun: true } }, alice),
    ).deleteThread;
    const rest = await t.rest<ThreadDeleteResult>('DELETE', `/api/chat/threads/${threadId}?dry_run=true`, alice);

    expect([graphql.warnings, graphql.warningCount]).toEqual([[DRY_RUN_WARNING], 1]);
    expect([rest.status, rest.body.warnings, rest.body.warningCount]).toEqual([200, [DRY_RUN_WARNING], 1]);
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 1, messages: BIG, audit: 0 });
  });
});

describe.each(DATABASE_KINDS)('purging a big thread whose restore window has passed (%s)', (kind) => {
  let t: TestApp;
  let hold: ReclaimHold;

  beforeAll(async () => {
    t = await startTestApp(kind, { ...CHUNKED, SOFT_DELETE_RETENTION_DAYS: '0' });
    hold = await ReclaimHold.install(t.app.db);
  });
  afterEach(async () => {
    await hold.releaseAll();
    await new ThreadReclaimer(t.app.db).drain();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when the purger runs, then it commits one PURGE entry with the exact count and a tombstone before any message goes, and the reclaim then removes every row', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    const alice = await bearer(t, 'alice');
    const soft = dataOf(await t.graphql(DELETE_MUTATION, { threadId, options: { mode: 'SOFT' } }, alice)).deleteThread;
    expect([soft.status, soft.deletedMessageCount, soft.warnings]).toEqual(['success', BIG, []]);
    const deletedAt = Date.parse(defined(soft.deletedAt, 'deletedAt'));
    await hold.hold(threadId);
    const purger = new ThreadPurgeService(t.app.db);

    // The held reclaim step fails; the purge still ends, leaving that tombstone for the next drain.
    expect(await purger.purgeExpired()).toBe(1);

    expect(await deleteColumnsOf(t.app.db, threadId)).toEqual({ deletedAt, deletedBy: 'alice', restoreUntil: null });
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 1, messages: BIG, audit: 2 });
    expect(await auditOf(t, threadId)).toEqual([
      expect.objectContaining({ action: 'DELETE_SOFT', actor: 'alice', owner: 'alice', messageCount: BIG }),
      expect.objectContaining({ action: 'PURGE', actor: 'system:purge', owner: 'alice', messageCount: BIG }),
    ]);
    await hold.release(threadId);
    expect(await purger.purgeExpired()).toBe(0);
    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 0, messages: 0, audit: 2 });
  });

  it('when the oldest tombstone cannot be reclaimed, then a drain still reclaims the newer ones and leaves it for the next drain', async () => {
    const [stuck, next] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: BIG, owner: 'alice' });
    const alice = await bearer(t, 'alice');
    await hold.hold(stuck);
    for (const threadId of [stuck, next])
      expect(dataOf(await t.graphql(DELETE_MUTATION, { threadId }, alice)).deleteThread.status).toBe('success');

    await new ThreadReclaimer(t.app.db).drain();

    expect(await rowsOf(t.app.db, next)).toEqual({ threads: 0, messages: 0, audit: 1 });
    expect(await rowsOf(t.app.db, stuck)).toEqual({ threads: 1, messages: BIG, audit: 1 });
    await hold.release(stuck);
    await new ThreadReclaimer(t.app.db).drain();
    expect(await rowsOf(t.app.db, stuck)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });
});

// Statement timeouts are PostgreSQL's (DB_STATEMENT_TIMEOUT_MS); SQLite has none.
describe.each(POSTGRES_ONLY)('a big delete under a short statement timeout (%s)', (kind) => {
  // Each message delete sleeps 4 ms: 230 in one statement take about 0.9 s, a chunk of 50 about 0.2 s.
  const TIMEOUT = { DB_STATEMENT_TIMEOUT_MS: '500' };
  let chunked: TestApp;
  let oneStatement: TestApp;
  const undo: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    chunked = await startTestApp(kind, { ...CHUNKED, ...TIMEOUT });
    oneStatement = await startTestApp(kind, { DELETE_CHUNK_MESSAGES: '1000', ...TIMEOUT });
    for (const t of [chunked, oneStatement]) undo.push(await slowMessageDeletes(t.app.db, 4));
  });
  afterAll(async () => {
    for (const drop of undo) await drop();
    await chunked?.close();
    await oneStatement?.close();
  });

  it('when the thread is deleted in one statement (the control: chunk above its size), then the statement times out and nothing changes', async () => {
    const [threadId] = await seedThreads(oneStatement.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    const alice = await bearer(oneStatement, 'alice');

    const call = await deleteVia('graphql', oneStatement, threadId, alice);

    // DATABASE_TIMEOUT since 57014 has a code of its own; SERVICE_UNAVAILABLE before that.
    expect(['SERVICE_UNAVAILABLE', 'DATABASE_TIMEOUT']).toContain(call.outcome);
    expect(await rowsOf(oneStatement.app.db, threadId)).toEqual({ threads: 1, messages: BIG, audit: 0 });
    expect(dataOf(await oneStatement.graphql(THREAD, { id: threadId }, alice)).thread).toEqual({
      id: threadId,
      messageCount: BIG,
    });
  });

  it('when the thread is deleted with chunks of 50, then the delete succeeds with the exact count and the reclaim removes every row, no statement running past the timeout', async () => {
    const [threadId] = await seedThreads(chunked.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    const before = await reclaimedSoFar(chunked.app.metrics);

    const call = await deleteVia('graphql', chunked, threadId, await bearer(chunked, 'alice'));

    expect(call.result).toMatchObject({ ...TOMBSTONED, threadId });
    await expectReclaimedByApp(chunked, [threadId], before, BIG, 10_000);
  });
});

/**
 * How many index entries of a thread's messages a scan of its index still has to look up in the
 * table (PostgreSQL's "Heap Fetches" for an index-only scan): a deleted message's entry stays until
 * a vacuum, and a scan skips it without a lookup only once a scan has marked it dead.
 */
async function entriesToLookUp(db: Database, threadId: string): Promise<number> {
  return db.dataSource.transaction(async (manager) => {
    await manager.query(
      "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)",
    );
    const [row] = await manager.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
      'EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM messages WHERE thread_id = $1',
      [threadId],
    );
    type PlanNode = { 'Node Type': string; 'Heap Fetches'?: number; Plans?: PlanNode[] };
    const scans = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scans)];
    const scan = scans(row['QUERY PLAN'][0].Plan).find((node) => node['Node Type'] === 'Index Only Scan');
    return defined(scan, 'an index-only scan')['Heap Fetches'] ?? Number.NaN;
  });
}

// Dead index entries are PostgreSQL's; SQLite removes a row's entries with it.
describe.each(POSTGRES_ONLY)('the index entries a PostgreSQL reclaim leaves behind (%s)', (kind) => {
  const MESSAGES = 1_000;
  const STEP = 100;
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = await Database.open(loadDatabaseConfig({ DATABASE_URL: database.url, DELETE_CHUNK_MESSAGES: String(STEP) }));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("when a tombstone is reclaimed in steps, then before its last step all but the last two steps' entries are marked dead, so deleting the row looks up two steps of messages, not the thread", async () => {
    const [threadId] = await seedThreads(db, { threads: 1, messagesPerThread: MESSAGES, owner: 'alice' });
    // As autovacuum leaves a table: pages no one has changed since need no lookup in an index-only scan.
    await db.dataSource.query('VACUUM (ANALYZE) messages');
    await db.dataSource.query("UPDATE threads SET deleted_at = now(), deleted_by = 'alice' WHERE id = $1", [threadId]);
    expect(await entriesToLookUp(db, threadId)).toBe(0);
    const reclaimer = new ThreadReclaimer(db);

    const steps: (ReclaimStep | null)[] = [];
    for (let i = 0; i < MESSAGES / STEP; i += 1) steps.push(await reclaimer.step());

    expect(steps).toEqual(
      Array.from({ length: MESSAGES / STEP }, () => ({ threadId, messages: STEP, finished: false })),
    );
    // Without the steps' walk, all 1,000 entries: the row's delete would look up the whole thread at once.
    expect(await entriesToLookUp(db, threadId)).toBeLessThanOrEqual(2 * STEP);
    expect(await reclaimer.step()).toEqual({ threadId, messages: 0, finished: true });
    expect(await rowsOf(db, threadId)).toEqual({ threads: 0, messages: 0, audit: 0 });
  });
});

// Row locks and SKIP LOCKED are PostgreSQL's; on SQLite a write and a reclaim step take turns.
describe.each(POSTGRES_ONLY)('a tombstone locked by a request as the reclaim passes (%s)', (kind) => {
  let t: TestApp;
  let hold: ReclaimHold;
  let client: Client;

  beforeAll(async () => {
    t = await startTestApp(kind, CHUNKED);
    hold = await ReclaimHold.install(t.app.db);
    client = new Client({ connectionString: t.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await t?.close();
  });

  // A drain whose claim (FOR UPDATE SKIP LOCKED) found the only tombstones left locked once ended,
  // as if none were left, until the 30 s scan; it now waits for them.
  it('when a request holds the tombstone as the drain passes, then the reclaim comes back for it once the request ends', async () => {
    const [locked, other] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: BIG, owner: 'alice' });
    const alice = await bearer(t, 'alice');
    await hold.hold(locked);
    expect((await deleteVia('rest', t, locked, alice)).status).toBe(200);
    // What a second delete, a restore or a dry run of the tombstone does first: lock its row.
    await client.query('BEGIN');
    await client.query('SELECT id FROM threads WHERE id = $1 FOR UPDATE', [locked]);
    await hold.releaseAll();
    expect((await deleteVia('rest', t, other, alice)).status).toBe(200);
    await vi.waitFor(async () => expect((await rowsOf(t.app.db, other)).threads).toBe(0), { timeout: 5_000 });
    // The drain, having skipped `locked`, looks once more after `other` and ends before this commit.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await client.query('COMMIT');

    await vi.waitFor(
      async () => expect(await rowsOf(t.app.db, locked)).toEqual({ threads: 0, messages: 0, audit: 1 }),
      { timeout: 5_000, interval: 50 },
    );
  });
});

/**
 * PostgreSQL: waits until no reclaim step runs in the database. A step is one call, its own
 * transaction: one the server sent before it died still commits or rolls back whole, after it.
 */
async function untilStepsEnd(db: Database): Promise<void> {
  if (db.kind !== 'postgres') return;
  const sql =
    "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' " +
    "AND query LIKE '%ctg_reclaim_step(%' AND pid <> pg_backend_pid()";
  await vi.waitFor(
    async () => expect(Number((await db.read((manager) => manager.query<{ n: string }[]>(sql)))[0].n)).toBe(0),
    { timeout: 5_000, interval: 10 },
  );
}

describe.each(DATABASE_KINDS)('a reclaim cut short by SIGKILL (%s)', (kind) => {
  // Chunks of 10 with every message delete slowed (about 10 ms each): the reclaim takes seconds.
  const SERVER_ENV = { DELETE_CHUNK_MESSAGES: '10' };
  let database: TestDatabase;
  let db: Database;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = await Database.open(loadDatabaseConfig({ DATABASE_URL: database.url, ...SERVER_ENV }));
  });
  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    await db?.close();
    await database?.drop();
  });

  it('when the server is killed mid-reclaim, then the tombstone and the messages not yet removed stay, invisible, and the next server to start finishes the reclaim', async () => {
    const [threadId] = await seedThreads(db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    await slowMessageDeletes(db, 10);
    const headers = { authorization: `Bearer ${await processTokens.issueToken('alice')}` };
    const first = await startServerProcess(database.url, SERVER_ENV);
    servers.push(first);

    const response = await fetch(`${first.url}/api/chat/threads/${threadId}`, { method: 'DELETE', headers });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ...TOMBSTONED, threadId });
    await vi.waitFor(async () => expect((await rowsOf(db, threadId)).messages).toBeLessThan(BIG), {
      timeout: 10_000,
      interval: 10,
    });
    await first.stop('SIGKILL');
    servers.splice(servers.indexOf(first), 1);
    await untilStepsEnd(db);

    const left = (await rowsOf(db, threadId)).messages;
    expect(left).toBeGreaterThan(0);
    expect(left % 10).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await rowsOf(db, threadId)).toEqual({ threads: 1, messages: left, audit: 1 });
    expect(await deleteColumnsOf(db, threadId)).toMatchObject({ deletedBy: 'alice', restoreUntil: null });
    expect(first.logLines().filter((line) => line.msg === 'reclaimed a deleted thread')).toEqual([]);

    const second = await startServerProcess(database.url, SERVER_ENV);
    servers.push(second);
    const thread = await fetch(`${second.url}/graphql`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: THREAD, variables: { id: threadId } }),
    });
    expect(await thread.json()).toEqual({ data: { thread: null } });

    await vi.waitFor(async () => expect(await rowsOf(db, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 }), {
      timeout: 20_000,
      interval: 50,
    });
    // A write would lock the tombstone's row, and a drain that finds it locked stops: it comes after.
    const again = await fetch(`${second.url}/api/chat/threads/${threadId}`, { method: 'DELETE', headers });
    expect([again.status, await again.json()]).toEqual([404, { detail: 'Thread not found' }]);
    expect(second.logLines().filter((line) => line.msg === 'reclaimed a deleted thread')).toEqual([
      expect.objectContaining({ threadId }),
    ]);
    const audit = await db.read((manager) => manager.query('SELECT action, message_count FROM audit_entries'));
    expect(
      audit.map((row: { action: string; message_count: number }) => [row.action, Number(row.message_count)]),
    ).toEqual([['DELETE_PERMANENT', BIG]]);
  }, 60_000);
});

/** The advisory lock key the two-replica test holds the reclaimers at. */
const RECLAIM_GATE = 4343;

// Replicas share a database server: PostgreSQL only.
describe.each(POSTGRES_ONLY)('two replicas reclaiming one backlog (%s)', (kind) => {
  let t: TestApp;
  let appOpen = false;
  let replicas: Database[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind, CHUNKED);
    appOpen = true;
    const config = loadDatabaseConfig({ DATABASE_URL: t.database.url, ...CHUNKED });
    replicas = await Promise.all([1, 2].map(() => Database.connect(config)));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    if (appOpen) await t?.app.close();
    await t?.database.drop();
  });

  it('when two replicas drain six tombstones at once, then both hold one at the same moment, each takes threads of its own, and together they remove every message once', async () => {
    const [db] = replicas;
    const ids = await seedThreads(db, { threads: 6, messagesPerThread: BIG, owner: 'alice' });
    const hold = await ReclaimHold.install(db);
    await hold.hold(...ids);
    const results = dataOf(await t.graphql(DELETE_MANY, { ids }, await bearer(t, 'alice'))).deleteThreads;
    expect(results.map((result) => [result.status, result.deletedMessageCount, result.warnings])).toEqual(
      ids.map(() => ['success', BIG, [RECLAIMING_WARNING]]),
    );
    // The app's reclaimer, held on every tombstone, removed nothing; closing the app stops it, so
    // the two replicas have the backlog to themselves and their totals are the whole of it.
    await t.app.close();
    appOpen = false;
    const count = async (sql: string) => Number((await db.read((manager) => manager.query(sql)))[0].n);
    expect(
      await count('SELECT COUNT(*) AS n FROM threads WHERE deleted_at IS NOT NULL AND restore_until IS NULL'),
    ).toBe(6);
    expect(await count('SELECT COUNT(*) AS n FROM messages')).toBe(6 * BIG);
    await hold.releaseAll();
    // The gate: a reclaim step waits at its first message, holding the tombstone it claimed.
    const ungate = await gateMessageDeletes(db, RECLAIM_GATE);
    const gate = new Client({ connectionString: t.database.url });
    await gate.connect();
    await gate.query('SELECT pg_advisory_lock($1)', [RECLAIM_GATE]);

    const draining = Promise.all(replicas.map((replica) => new ThreadReclaimer(replica).drain()));
    draining.catch(() => undefined);
    try {
      await expect.poll(() => waitersAt(gate, RECLAIM_GATE), { timeout: 10_000, interval: 20 }).toBe(2);
      // Two different tombstones held: the second replica skipped the first one's.
      expect(await unheldThreads(gate)).toBe(4);
    } finally {
      await gate.query('SELECT pg_advisory_unlock($1)', [RECLAIM_GATE]);
      await gate.end();
    }
    const totals = await draining;
    await ungate();

    expect(totals[0].threads + totals[1].threads).toBe(6);
    expect(totals[0].messages + totals[1].messages).toBe(6 * BIG);
    expect(Math.min(totals[0].threads, totals[1].threads)).toBeGreaterThan(0);
    expect(await count('SELECT COUNT(*) AS n FROM threads')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM messages')).toBe(0);
    const audit = await db.read((manager) =>
      manager.query('SELECT thread_id, action, message_count FROM audit_entries'),
    );
    expect(
      audit.sort((a: { thread_id: string }, b: { thread_id: string }) => a.thread_id.localeCompare(b.thread_id)),
    ).toEqual(
      [...ids].sort().map((threadId) => ({ thread_id: threadId, action: 'DELETE_PERMANENT', message_count: BIG })),
    );
  });
});
