import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { ThreadReclaimer } from '../src/threads/delete/thread-reclaimer.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { ReclaimHold, reclaimedSoFar, rowsOf, slowMessageDeletes } from './support/reclaim.js';
import { dataOf, startTestApp, type TestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

// SQLite's reclaim on a thread of its own (`SqliteReclaimThread`, `WriterGate`): the server's
// reclaimer drains there, on a connection of its own, beside the gateway's writes.

const BIG = 230;
const CHUNKED = { DELETE_CHUNK_MESSAGES: '50' };

/** `PRAGMA data_version` of a connection: it changes when another connection commits, never for its own commits. */
async function dataVersion(db: Database): Promise<number> {
  const [row]: { data_version: number }[] = await db.read((manager) => manager.query('PRAGMA data_version'));
  return Number(row.data_version);
}

/** Makes `threadIds` tombstones, as a big delete's first transaction leaves them (its audit aside). */
async function tombstone(db: Database, ...threadIds: string[]): Promise<void> {
  await db.transaction(async (manager) => {
    for (const [index, id] of threadIds.entries())
      await manager.query('UPDATE threads SET deleted_at = ?, restore_until = NULL WHERE id = ?', [
        new Date(Date.now() + index).toISOString(),
        id,
      ]);
  });
}

/** The reclaimer's thread, to end it as a crash would (a test's reach into a private field). */
const workerOf = (reclaimer: ThreadReclaimer) =>
  (reclaimer as unknown as { thread: { worker: Worker } | null | undefined }).thread?.worker;

describe('the server reclaims SQLite tombstones on a thread of its own', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('sqlite', CHUNKED);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when a big thread is deleted while small deletes go on, then another connection removes its rows, every small delete succeeds, and the counts are exact', async () => {
    const [big] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    const small = await seedThreads(t.app.db, { threads: 20, messagesPerThread: 3, owner: 'alice' });
    const alice = await bearer(t, 'alice');
    const versionBefore = await dataVersion(t.app.db);
    const before = await reclaimedSoFar(t.app.metrics);

    const answer = dataOf(await t.graphql(DELETE_MUTATION, { threadId: big }, alice)).deleteThread;
    const smalls = await Promise.all(
      small.map(async (threadId) => dataOf(await t.graphql(DELETE_MUTATION, { threadId }, alice)).deleteThread),
    );

    expect([answer.status, answer.deletedMessageCount]).toEqual(['success', BIG]);
    expect(smalls.map((result) => [result.status, result.deletedMessageCount])).toEqual(
      small.map(() => ['success', 3]),
    );
    // The thread reports a step after its commit: the counters may lag the rows by a moment.
    await vi.waitFor(
      async () => {
        const after = await reclaimedSoFar(t.app.metrics);
        expect({
          rows: await rowsOf(t.app.db, big),
          reclaimed: { threads: after.threads - before.threads, messages: after.messages - before.messages },
        }).toEqual({ rows: { threads: 0, messages: 0, audit: 1 }, reclaimed: { threads: 1, messages: BIG } });
      },
      { timeout: 5_000, interval: 20 },
    );
    for (const threadId of small)
      expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
    // The gateway's connection sees commits it did not make: the reclaim's, on the thread's connection.
    expect(await dataVersion(t.app.db)).not.toBe(versionBefore);
  });

  it("when the reclaim runs on the gateway's own connection instead (the control), then that connection sees no commit of another", async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    await tombstone(t.app.db, threadId);
    const versionBefore = await dataVersion(t.app.db);

    await new ThreadReclaimer(t.app.db).drain();

    expect(await rowsOf(t.app.db, threadId)).toEqual({ threads: 0, messages: 0, audit: 0 });
    expect(await dataVersion(t.app.db)).toBe(versionBefore);
  });
});

describe('a reclaimer draining on its thread', () => {
  let database: TestDatabase;
  let db: Database;
  const reclaimers: ThreadReclaimer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    db = await Database.open(loadDatabaseConfig({ DATABASE_URL: database.url, ...CHUNKED }));
  });
  afterEach(async () => {
    for (const reclaimer of reclaimers.splice(0)) await reclaimer.stop();
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const onThread = () => {
    const reclaimer = new ThreadReclaimer(db, { onThread: true });
    reclaimers.push(reclaimer);
    return reclaimer;
  };

  it('when a tombstone cannot be reclaimed, then the drain reclaims the newer one, leaves it for the next drain, and that drain takes it once released', async () => {
    const hold = await ReclaimHold.install(db);
    const [stuck, next] = await seedThreads(db, { threads: 2, messagesPerThread: BIG, owner: 'alice' });
    await hold.hold(stuck);
    await tombstone(db, stuck, next);
    const reclaimer = onThread();
    const versionBefore = await dataVersion(db);

    expect(await reclaimer.drain()).toEqual({ threads: 1, messages: BIG });

    // On the thread: a worker runs, and its connection committed.
    expect(workerOf(reclaimer)).toBeDefined();
    expect(await dataVersion(db)).not.toBe(versionBefore);
    expect(await rowsOf(db, next)).toEqual({ threads: 0, messages: 0, audit: 0 });
    expect(await rowsOf(db, stuck)).toEqual({ threads: 1, messages: BIG, audit: 0 });
    await hold.releaseAll();
    expect(await reclaimer.drain()).toEqual({ threads: 1, messages: BIG });
    expect(await rowsOf(db, stuck)).toEqual({ threads: 0, messages: 0, audit: 0 });
  });

  it('when the reclaimer stops mid-drain, then whole steps are gone and the rest stays a tombstone, which a later drain finishes', async () => {
    const [threadId] = await seedThreads(db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    const unslow = await slowMessageDeletes(db, 10);
    await tombstone(db, threadId);
    const reclaimer = onThread();
    reclaimer.kick();
    await vi.waitFor(async () => expect((await rowsOf(db, threadId)).messages).toBeLessThan(BIG), {
      timeout: 10_000,
      interval: 10,
    });
    expect(workerOf(reclaimer)).toBeDefined();

    await reclaimer.stop();

    const left = (await rowsOf(db, threadId)).messages;
    expect(left).toBeGreaterThan(0);
    expect(left % 50).toBe(30);
    await unslow();
    await new ThreadReclaimer(db).drain();
    expect(await rowsOf(db, threadId)).toEqual({ threads: 0, messages: 0, audit: 0 });
  });

  it('when its thread dies mid-drain, then the drain goes on on the event loop and finishes, and so do the next ones', async () => {
    const [first, second] = await seedThreads(db, { threads: 2, messagesPerThread: BIG, owner: 'alice' });
    await tombstone(db, first);
    const reclaimer = onThread();
    expect(await reclaimer.drain()).toEqual({ threads: 1, messages: BIG });
    const worker = workerOf(reclaimer);
    expect(worker).toBeDefined();
    const unslow = await slowMessageDeletes(db, 10);
    await tombstone(db, second);

    const dying = reclaimer.drain();
    await vi.waitFor(async () => expect((await rowsOf(db, second)).messages).toBeLessThan(BIG), {
      timeout: 10_000,
      interval: 10,
    });
    await worker?.terminate();

    // Steps the thread committed but whose reports were not delivered when it died are not counted.
    const totals = await dying;
    expect(totals.threads).toBe(1);
    expect(totals.messages).toBeGreaterThan(0);
    expect(totals.messages).toBeLessThanOrEqual(BIG);
    expect(await rowsOf(db, second)).toEqual({ threads: 0, messages: 0, audit: 0 });
    await unslow();
    const [third] = await seedThreads(db, { threads: 1, messagesPerThread: BIG, owner: 'alice' });
    await tombstone(db, third);
    const versionBefore = await dataVersion(db);
    expect(await reclaimer.drain()).toEqual({ threads: 1, messages: BIG });
    expect(await rowsOf(db, third)).toEqual({ threads: 0, messages: 0, audit: 0 });
    // On the gateway's own connection now: it saw no other connection commit.
    expect(await dataVersion(db)).toBe(versionBefore);
  });
});
