import { describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { PermanentDeletes } from '../src/threads/delete/permanent-deletes.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { countCommits } from './support/commits.js';
import { DATABASE_KINDS } from './support/databases.js';
import { ReclaimHold, untilNoTombstones } from './support/reclaim.js';
import { auditRows, countRows } from './support/rows.js';
import { dataOf, type TestApp, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const ADD = 'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "one more" }) { id } }';
const THREAD = 'query ($id: ID!) { thread(id: $id) { messageCount } }';

/** Each of these threads' `message_count` next to the number of its rows in `messages`. */
async function countsOf(t: TestApp, ids: readonly string[]): Promise<{ id: string; kept: number; rows: number }[]> {
  const counts = [];
  for (const id of [...ids].sort()) {
    const p = t.app.db.kind === 'postgres' ? '$1' : '?';
    const [row]: { kept: number | string; rows: number | string }[] = await t.app.db.dataSource.query(
      `SELECT message_count AS kept, (SELECT COUNT(*) FROM messages WHERE messages.thread_id = threads.id) AS rows
       FROM threads WHERE id = ${p}`,
      [id],
    );
    counts.push({ id, kept: Number(row.kept), rows: Number(row.rows) });
  }
  return counts;
}

/** Runs `work` on a connection of the gateway's database that is not the gateway's. */
async function elsewhere(t: TestApp, work: (db: Database) => Promise<unknown>): Promise<void> {
  const other = await Database.connect(loadDatabaseConfig({ DATABASE_URL: t.database.url }));
  try {
    await work(other);
  } finally {
    await other.close();
  }
}

/** A multi-row INSERT of `n` messages into each of `threadIds`, in one statement, as a hand-written client would. */
async function insertRaw(db: Database, threadIds: readonly string[], n: number, tag: string): Promise<void> {
  const rows = threadIds.flatMap((threadId) =>
    Array.from({ length: n }, (_, i) => [`${tag}-${threadId.slice(-8)}-${i}`, threadId, 'user', 'raw', '2000-01-01']),
  );
  const p = (i: number) => (db.kind === 'postgres' ? `$${i + 1}` : '?');
  const values = rows.map((_, r) => `(${[0, 1, 2, 3, 4].map((c) => p(r * 5 + c)).join(', ')})`).join(', ');
  await db.dataSource.query(
    `INSERT INTO messages (id, thread_id, role, content, created_at) VALUES ${values}`,
    rows.flat(),
  );
}

describe.each(DATABASE_KINDS)('the message count the database keeps (%s)', (kind) => {
  const t = useTestApp(kind, { DELETE_CHUNK_MESSAGES: '20' });

  it('when messages arrive by every path (seed, addMessage, concurrent adds, a multi-row INSERT from another connection), then each thread counts exactly its rows', async () => {
    const alice = await bearer(t, 'alice');
    const [first, second, third] = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 4, owner: 'alice' });

    for (let i = 0; i < 3; i += 1) dataOf(await t.graphql(ADD, { id: first }, alice));
    const adds = await Promise.all(Array.from({ length: 12 }, () => t.graphql(ADD, { id: second }, alice)));
    adds.forEach(dataOf);
    await elsewhere(t, (db) => insertRaw(db, [first, third], 5, 'raw'));

    expect(await countsOf(t, [first, second, third])).toEqual(
      [
        { id: first, kept: 12, rows: 12 },
        { id: second, kept: 16, rows: 16 },
        { id: third, kept: 9, rows: 9 },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(dataOf(await t.graphql(THREAD, { id: third }, alice))).toEqual({ thread: { messageCount: 9 } });
  });

  it('when messages are added while a big thread is deleted, then its audit count is every message it had when it went, and each add either lands in it or is refused', async () => {
    const alice = await bearer(t, 'alice');
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 50, owner: 'alice' });
    const deletion = t.graphql(
      'mutation ($id: ID!) { deleteThread(threadId: $id) { status deletedMessageCount } }',
      { id: threadId },
      alice,
    );
    const adds = await Promise.all(Array.from({ length: 12 }, () => t.graphql(ADD, { id: threadId }, alice)));
    const deleted = dataOf(await deletion).deleteThread;

    const added = adds.filter((answer) => answer.body.data?.addMessage).length;
    const refused = adds.filter((answer) => answer.body.errors?.[0]?.extensions?.code === 'THREAD_NOT_FOUND').length;
    expect(added + refused).toBe(adds.length);
    expect(deleted).toEqual({ status: 'success', deletedMessageCount: 50 + added });
    const [audit] = await auditRows(t, threadId);
    expect(Number(audit.message_count)).toBe(50 + added);
  });

  it('when a big thread is deleted in the same turn as small ones, then it is tombstoned in their batch: one commit, each with its count', async () => {
    const [big, ...small] = await seedThreads(t.app.db, { threads: 6, messagesPerThread: 5, owner: 'alice' });
    // 5 messages each, and 25 more for the big one: over DELETE_CHUNK_MESSAGES (20).
    await elsewhere(t, (db) => insertRaw(db, [big], 25, 'big'));
    // The app's reclaimer must commit no step while this test counts commits: it finishes the
    // earlier test's tombstone first, and is held on this one.
    await untilNoTombstones(t.app.db);
    const hold = await ReclaimHold.install(t.app.db);
    await hold.hold(big);
    try {
      const deletes = new PermanentDeletes(t.app.db);
      const at = new Date();
      const input = (threadId: string, i: number) => ({
        threadId,
        caller: { userId: 'alice', isAdmin: false },
        requestId: `count-${i}`,
        traceId: 'd'.repeat(32),
        reason: null,
        at,
      });

      const { result, commits } = await countCommits(t, () =>
        Promise.all([big, ...small].map((threadId, i) => deletes.delete(input(threadId, i)))),
      );

      expect(result.map((deleted) => [deleted?.messageCount, deleted?.tombstoned])).toEqual([
        [30, true],
        ...small.map(() => [5, false]),
      ]);
      expect(commits).toBe(1);
      // The tombstone keeps its messages for the reclaimer; the small ones are gone with theirs.
      expect(await countRows(t, big)).toEqual({ threads: 1, messages: 30, audit: 1 });
      for (const id of small) expect(await countRows(t, id)).toEqual({ threads: 0, messages: 0, audit: 1 });
    } finally {
      await hold.releaseAll();
    }
  });

  it('when the migration runs on a database that has messages, then it counts them, and inserts made before it are not lost', async () => {
    const [first, second] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 3, owner: 'alice' });

    await elsewhere(t, async (db) => {
      // Back to before the counts: undo migrations until 1764510000000 is undone.
      for (let undone = ''; undone !== 'MessageCounts1764510000000'; ) {
        const [last]: { name: string }[] = await db.dataSource.query(
          'SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1',
        );
        undone = last.name;
        await db.dataSource.undoLastMigration({ transaction: 'all' });
      }
      // Without the column and its trigger, as before the migration: nothing keeps a count.
      await insertRaw(db, [first], 4, 'before');
      await db.dataSource.runMigrations({ transaction: 'all' });
      await insertRaw(db, [second], 2, 'after');
    });

    expect(await countsOf(t, [first, second])).toEqual(
      [
        { id: first, kept: 7, rows: 7 },
        { id: second, kept: 5, rows: 5 },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  });
});

describe.each(DATABASE_KINDS.filter((kind) => kind === 'postgres'))('the count trigger on %s', (kind) => {
  const t = useTestApp(kind);

  it("when a connection's first insert is a bulk one, then its later inserts still find their thread by key, not by scanning every thread", async () => {
    // Enough threads that a scan of them is never the planner's choice for one message.
    const [thread] = await seedThreads(t.app.db, { threads: 3000, messagesPerThread: 0, owner: 'alice' });
    await elsewhere(t, async (db) => {
      const runner = db.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        // This transaction's scans of `threads` so far (PostgreSQL counts them per transaction too).
        const scans = async () =>
          Number(
            (await runner.query("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'threads'"))[0].seq_scan,
          );
        // The trigger's first run on this connection sees 2,000 added messages.
        await runner.query(
          `INSERT INTO messages (id, thread_id, role, content, created_at)
           SELECT 'bulk-' || g, $1, 'user', 'bulk', now() FROM generate_series(1, 2000) AS g`,
          [thread],
        );
        const before = await scans();
        for (let i = 0; i < 3; i += 1)
          await runner.query(
            "INSERT INTO messages (id, thread_id, role, content, created_at) VALUES ($1, $2, 'user', 'one', now())",
            [`one-${i}`, thread],
          );
        expect(await scans()).toBe(before);
        await runner.commitTransaction();
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    });
    expect(await countsOf(t, [thread])).toEqual([{ id: thread, kept: 2003, rows: 2003 }]);
  });
});
