import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeletes } from '../src/threads/delete/permanent-deletes.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { countCommits } from './support/commits.js';
import { DATABASE_KINDS, pgAdmin } from './support/databases.js';
import { countRows } from './support/rows.js';
import { startTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { bearer, deleteVia, TRANSPORTS } from './support/transports.js';

/** A trigger that refuses every audit entry: the first write of a delete fails. */
const FAILING_AUDIT = {
  sqlite: {
    create: [
      "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    ],
    drop: ['DROP TRIGGER fail_audit'],
  },
  postgres: {
    create: [
      "CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
      'CREATE TRIGGER fail_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION fail_audit()',
    ],
    drop: ['DROP TRIGGER fail_audit ON audit_entries', 'DROP FUNCTION fail_audit()'],
  },
};

/** A trigger that makes the cascade fail part-way, after the audit entry has been written. */
const FAILING_CASCADE = {
  sqlite: {
    create: [
      "CREATE TRIGGER fail_cascade BEFORE DELETE ON messages WHEN OLD.content LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    ],
    drop: ['DROP TRIGGER fail_cascade'],
  },
  postgres: {
    create: [
      "CREATE FUNCTION fail_cascade() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.content LIKE '%poison%' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN OLD; END $$",
      'CREATE TRIGGER fail_cascade BEFORE DELETE ON messages FOR EACH ROW EXECUTE FUNCTION fail_cascade()',
    ],
    drop: ['DROP TRIGGER fail_cascade ON messages', 'DROP FUNCTION fail_cascade()'],
  },
};

/**
 * A trigger that refuses the audit entry of a delete whose reason is 'poison': that delete fails
 * after it has deleted the thread's messages.
 */
const FAILING_AUDIT_OF_POISON = {
  sqlite: {
    create: [
      "CREATE TRIGGER fail_poison_audit BEFORE INSERT ON audit_entries WHEN NEW.reason = 'poison' BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    ],
    drop: ['DROP TRIGGER fail_poison_audit'],
  },
  postgres: {
    create: [
      "CREATE FUNCTION fail_poison_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
      "CREATE TRIGGER fail_poison_audit BEFORE INSERT ON audit_entries FOR EACH ROW WHEN (NEW.reason = 'poison') EXECUTE FUNCTION fail_poison_audit()",
    ],
    drop: ['DROP TRIGGER fail_poison_audit ON audit_entries', 'DROP FUNCTION fail_poison_audit()'],
  },
};

describe.each(DATABASE_KINDS)('failures (%s)', (kind) => {
  const t = useTestApp(kind);
  let alice: Record<string, string>;

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
  });

  describe.each(TRANSPORTS)('over %s', (transport) => {
    afterEach(async () => {
      for (const sql of [...FAILING_CASCADE[kind].drop, ...FAILING_AUDIT[kind].drop])
        await t.app.db.dataSource.query(sql).catch(() => undefined);
    });

    it('when the audit entry cannot be written, then the caller gets a clean error and nothing is deleted', async () => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 10, owner: 'alice' });
      for (const sql of FAILING_AUDIT[kind].create) await t.app.db.dataSource.query(sql);

      const call = await deleteVia(transport, t, threadId, alice);

      expect(call.outcome).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(call.body)).not.toMatch(/injected|audit|SQL/i);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 10, audit: 0 });
    });

    it('when the delete fails half-way through the cascade, then the caller gets a clean error and the thread, every message and the audit trail are as before', async () => {
      const [threadId] = await seedThreads(t.app.db, {
        threads: 1,
        messagesPerThread: 1200,
        owner: 'alice',
        content: (_thread, index) => (index === 900 ? 'poison' : `message ${index}`),
      });
      for (const sql of FAILING_CASCADE[kind].create) await t.app.db.dataSource.query(sql);

      const call = await deleteVia(transport, t, threadId, alice);

      expect(call.status).toBe(transport === 'rest' ? 500 : 200);
      expect(call.outcome).toBe('INTERNAL_SERVER_ERROR');
      if (transport === 'rest') expect(call.body).toEqual({ detail: 'Internal Server Error' });
      else
        expect(call.body.errors).toEqual([
          {
            message: 'Unexpected error.',
            locations: expect.any(Array),
            path: ['deleteThread'],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ]);
      expect(JSON.stringify(call.body)).not.toMatch(/injected|trigger|messages|SQL|at .*\.(js|ts)/i);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 1200, audit: 0 });
    });
  });

  it('when a dozen deletes arrive at once and one fails half-way, then only that one fails and keeps everything; the others are deleted', async () => {
    const ids = await seedThreads(t.app.db, {
      threads: 12,
      messagesPerThread: 20,
      owner: 'alice',
      content: (thread, index) => (thread === 5 && index === 10 ? 'poison' : 'fine'),
    });
    for (const sql of FAILING_CASCADE[kind].create) await t.app.db.dataSource.query(sql);
    try {
      const calls = await Promise.all(ids.map((id, i) => deleteVia(i % 2 ? 'rest' : 'graphql', t, id, alice)));

      expect(calls.map((call) => call.outcome)).toEqual(
        ids.map((_, i) => (i === 5 ? 'INTERNAL_SERVER_ERROR' : 'success')),
      );
      expect(
        calls.filter((call) => call.outcome === 'success').every((call) => call.result?.deletedMessageCount === 20),
      ).toBe(true);
      for (const [i, id] of ids.entries()) {
        expect(await countRows(t, id)).toEqual(
          i === 5 ? { threads: 1, messages: 20, audit: 0 } : { threads: 0, messages: 0, audit: 1 },
        );
      }
    } finally {
      for (const sql of FAILING_CASCADE[kind].drop) await t.app.db.dataSource.query(sql).catch(() => undefined);
    }
  });

  it("when deletes go to the database as one batch, then each gets its own outcome: deleted, missing, someone else's, failed after deleting its messages; the deleted ones commit together and the failed one keeps everything", async () => {
    const [mine, failing, alsoMine] = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 2, owner: 'alice' });
    const [bobs] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'bob' });
    for (const sql of FAILING_AUDIT_OF_POISON[kind].create) await t.app.db.dataSource.query(sql);
    const deletes = new PermanentDeletes(t.app.db);
    const input = (threadId: string) => ({
      threadId,
      caller: { userId: 'alice', isAdmin: false },
      requestId: 'batch-test',
      traceId: 'a'.repeat(32),
      reason: threadId === failing ? 'poison' : null,
      at: new Date(),
    });
    try {
      // Submitted in the same turn of the event loop: one batch.
      const { result: settled, commits } = await countCommits(t, () =>
        Promise.allSettled([mine, 'missing-thread', bobs, failing, alsoMine].map((id) => deletes.delete(input(id)))),
      );

      expect(settled.map((result) => result.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(settled[0]).toMatchObject({ value: { thread: { id: mine, userId: 'alice' }, messageCount: 2 } });
      expect(settled[4]).toMatchObject({ value: { thread: { id: alsoMine, userId: 'alice' }, messageCount: 2 } });
      expect(settled.slice(1, 3)).toEqual([
        { status: 'fulfilled', value: null },
        { status: 'fulfilled', value: null },
      ]);
      expect(await countRows(t, mine)).toEqual({ threads: 0, messages: 0, audit: 1 });
      expect(await countRows(t, alsoMine)).toEqual({ threads: 0, messages: 0, audit: 1 });
      expect(await countRows(t, bobs)).toEqual({ threads: 1, messages: 2, audit: 0 });
      expect(await countRows(t, failing)).toEqual({ threads: 1, messages: 2, audit: 0 });
      expect(commits).toBe(1);
    } finally {
      for (const sql of FAILING_AUDIT_OF_POISON[kind].drop) await t.app.db.dataSource.query(sql).catch(() => undefined);
    }
  });

  it('when one thread of a bulk delete fails unexpectedly, then that id gets an error result and the others are deleted', async () => {
    const [first, poisoned, last] = await seedThreads(t.app.db, {
      threads: 3,
      messagesPerThread: 2,
      owner: 'alice',
      content: (thread, index) => (thread === 1 && index === 1 ? 'poison' : 'fine'),
    });
    for (const sql of FAILING_CASCADE[kind].create) await t.app.db.dataSource.query(sql);
    try {
      const response = await t.graphql(
        'mutation ($ids: [ID!]!) { deleteThreads(threadIds: $ids) { threadId status errors message } }',
        { ids: [first, poisoned, last] },
        alice,
      );

      expect(response.body.data?.deleteThreads).toEqual([
        { threadId: first, status: 'success', errors: [], message: expect.any(String) },
        { threadId: poisoned, status: 'error', errors: ['INTERNAL_SERVER_ERROR'], message: 'Unexpected error.' },
        { threadId: last, status: 'success', errors: [], message: expect.any(String) },
      ]);
      expect(await countRows(t, poisoned)).toEqual({ threads: 1, messages: 2, audit: 0 });
      expect(await countRows(t, last)).toEqual({ threads: 0, messages: 0, audit: 1 });
    } finally {
      for (const sql of FAILING_CASCADE[kind].drop) await t.app.db.dataSource.query(sql).catch(() => undefined);
    }
  });
});

// Only PostgreSQL can be cut off from a running server; an embedded SQLite file has no such failure.
const SERVER_DATABASES = DATABASE_KINDS.filter((kind) => kind === 'postgres');

describe.each(SERVER_DATABASES)('when %s is unreachable', () => {
  let t: TestApp;
  let alice: Record<string, string>;
  let name: string;

  const cutOff = async (allow: boolean) => {
    await pgAdmin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS ${allow}`);
    if (!allow)
      await pgAdmin(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
  };

  beforeAll(async () => {
    t = await startTestApp('postgres', { DB_CONNECT_TIMEOUT_MS: '2000' });
    alice = await bearer(t, 'alice');
    name = new URL(t.database.url).pathname.slice(1);
  });
  afterAll(async () => {
    await cutOff(true).catch(() => undefined);
    await t?.close();
  });

  it('then deletes answer SERVICE_UNAVAILABLE / 503, /readyz answers 503, and the server recovers by itself when the database is back', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
    await cutOff(false);

    const graphql = await deleteVia('graphql', t, threadId, alice);
    const rest = await deleteVia('rest', t, threadId, alice);
    const ready = await t.rest('GET', '/readyz');
    const health = await t.rest('GET', '/healthz');

    // The database fails the executed mutation: an error beside `data`, so HTTP 200 (GraphQL over HTTP).
    expect(graphql.status).toBe(200);
    expect(graphql.outcome).toBe('SERVICE_UNAVAILABLE');
    expect(rest.status).toBe(503);
    expect(rest.body).toEqual({ detail: 'Service Unavailable' });
    expect(ready.status).toBe(503);
    expect(health.status).toBe(200);

    await cutOff(true);
    expect((await t.rest('GET', '/readyz')).status).toBe(200);
    expect((await deleteVia('rest', t, threadId, alice)).outcome).toBe('success');
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });
});

// SQLite's group commit is Database.inSqliteStatements (PostgreSQL batches in SQL: see the batch test).
describe('SQLite batches', () => {
  const t = useTestApp('sqlite');
  const deleteMessages = () => t.app.db.sqliteConnection.prepare('DELETE FROM messages WHERE thread_id = ?');

  it('when five units share one write transaction and one throws after writing, then only that one is undone and the four others commit together', async () => {
    const ids = await seedThreads(t.app.db, { threads: 5, messagesPerThread: 3, owner: 'alice' });
    const remove = deleteMessages();

    const { result: outcomes, commits } = await countCommits(t, () =>
      t.app.db.inSqliteStatements(
        ids.map((id, i) => () => {
          remove.run(id);
          if (i === 2) throw new Error('unit 2 fails after its write');
          return i;
        }),
      ),
    );

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true, true]);
    expect(outcomes[2]).toMatchObject({ ok: false, error: { message: 'unit 2 fails after its write' } });
    expect(await Promise.all(ids.map(async (id) => (await countRows(t, id)).messages))).toEqual([0, 0, 3, 0, 0]);
    expect(commits).toBe(1);
  });

  it('when a unit throws after announcing, then each other unit is heard once, after the commit, and the failed one never', async () => {
    const ids = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 2, owner: 'alice' });
    const remove = deleteMessages();
    const heard: string[] = [];
    const stopListening = t.app.db.onCommitted(
      (_channel, payload) => heard.push(payload),
      () => true,
    );
    try {
      const outcomes = await t.app.db.inSqliteStatements(
        ids.map((id, i) => () => {
          remove.run(id);
          t.app.db.announceInProcess('test', [`unit ${i}`]);
          if (i === 1) throw new Error('unit 1 fails after announcing');
          return i;
        }),
      );
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    } finally {
      stopListening();
    }

    expect(heard).toEqual(['unit 0', 'unit 2']);
    expect(await Promise.all(ids.map(async (id) => (await countRows(t, id)).messages))).toEqual([0, 2, 0]);
  });

  it('when the COMMIT fails, then every unit fails, once: the batch is not run again, and nothing of it is kept', async () => {
    const ids = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 2, owner: 'alice' });
    const connection = t.app.db.sqliteConnection;
    const remove = deleteMessages();
    // Foreign keys checked at COMMIT (the pragma lasts until the transaction ends): a message of no
    // thread makes the COMMIT itself fail, after every unit succeeded.
    const orphan = connection.prepare(
      "INSERT INTO messages (id, thread_id, role, content, created_at) VALUES (?, 'no-such-thread', 'user', 'x', '2026-01-01 00:00:00.000')",
    );
    const runs = [0, 0, 0];

    const { result: outcomes, commits } = await countCommits(t, () =>
      t.app.db.inSqliteStatements(
        ids.map((id, i) => () => {
          runs[i] += 1;
          if (i === 0) {
            connection.pragma('defer_foreign_keys = ON');
            orphan.run(`orphan-${id}`);
          }
          remove.run(id);
          return i;
        }),
      ),
    );

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false, false]);
    expect(runs).toEqual([1, 1, 1]);
    expect(commits).toBe(0);
    expect(await Promise.all(ids.map(async (id) => (await countRows(t, id)).messages))).toEqual([2, 2, 2]);
  });

  it('when the one unit of a batch throws after writing, then its write is undone and nothing commits', async () => {
    const [id] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
    const remove = deleteMessages();

    const { result: outcomes, commits } = await countCommits(t, () =>
      t.app.db.inSqliteStatements([
        () => {
          remove.run(id);
          throw new Error('the only unit fails after its write');
        },
      ]),
    );

    expect(outcomes).toMatchObject([{ ok: false, error: { message: 'the only unit fails after its write' } }]);
    expect((await countRows(t, id)).messages).toBe(3);
    expect(commits).toBe(0);
  });
});

describe.each(SERVER_DATABASES)('when the %s backend dies half-way through deleting a 100,000-message thread', () => {
  let t: TestApp;
  let alice: Record<string, string>;

  beforeAll(async () => {
    // A chunk as big as the thread: the delete removes every message in its own transaction (a
    // bigger thread is tombstoned instead, and its reclaim has tests of its own in large-deletes).
    t = await startTestApp('postgres', { DELETE_CHUNK_MESSAGES: '100000' });
    alice = await bearer(t, 'alice');
    // Pauses the cascade at one message, long enough to find the backend and terminate it.
    await t.app.db.dataSource.query(
      "CREATE FUNCTION pause_cascade() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.content = 'pause' THEN PERFORM pg_sleep(30); END IF; RETURN OLD; END $$",
    );
    await t.app.db.dataSource.query(
      'CREATE TRIGGER pause_cascade BEFORE DELETE ON messages FOR EACH ROW EXECUTE FUNCTION pause_cascade()',
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(TRANSPORTS)(
    'over %s, then the caller gets a clean SERVICE_UNAVAILABLE (REST 503) and the thread and every message are still there',
    async (transport) => {
      const [threadId] = await seedThreads(t.app.db, {
        threads: 1,
        messagesPerThread: 100_000,
        owner: 'alice',
        content: (_thread, index) => (index === 50_000 ? 'pause' : `m${index}`),
      });
      const name = new URL(t.database.url).pathname.slice(1);

      const pending = deleteVia(transport, t, threadId, alice);
      await expect
        .poll(
          async () => {
            const rows = await pgAdmin<{ pid: number }>(
              "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%ctg_delete_thread%' AND state = 'active'",
              [name],
            );
            for (const { pid } of rows) await pgAdmin('SELECT pg_terminate_backend($1)', [pid]);
            return rows.length;
          },
          { timeout: 20_000, interval: 50 },
        )
        .toBeGreaterThan(0);
      const call = await pending;

      expect(call.status).toBe(transport === 'rest' ? 503 : 200);
      expect(call.outcome).toBe('SERVICE_UNAVAILABLE');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 100_000, audit: 0 });
    },
    60_000,
  );
});

describe.each(SERVER_DATABASES)('when another transaction holds a thread of a batch (%s)', (kind) => {
  const t = useTestApp(kind);

  it('then the rest of the batch is deleted without waiting for it, and the held thread is deleted once it is free', async () => {
    const [held, ...others] = await seedThreads(t.app.db, { threads: 4, messagesPerThread: 3, owner: 'alice' });
    const holder = t.app.db.dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query('SELECT id FROM threads WHERE id = $1 FOR UPDATE', [held]);
    const deletes = new PermanentDeletes(t.app.db);
    const input = (threadId: string) => ({
      threadId,
      caller: { userId: 'alice', isAdmin: false },
      requestId: 'held-test',
      traceId: 'c'.repeat(32),
      reason: null,
      at: new Date(),
    });
    let released = false;
    try {
      // Submitted in the same turn of the event loop: one batch.
      const heldDelete = deletes.delete(input(held));
      const rest = await Promise.all(
        others.map((id) => deletes.delete(input(id)).then((done) => ({ done, whileHeld: !released }))),
      );

      expect(rest.map(({ done, whileHeld }) => [done?.messageCount, whileHeld])).toEqual(others.map(() => [3, true]));
      expect(await countRows(t, held)).toEqual({ threads: 1, messages: 3, audit: 0 });
      released = true;
      await holder.commitTransaction();

      expect(await heldDelete).toMatchObject({ thread: { id: held }, messageCount: 3 });
      expect(await countRows(t, held)).toEqual({ threads: 0, messages: 0, audit: 1 });
      for (const id of others) expect(await countRows(t, id)).toEqual({ threads: 0, messages: 0, audit: 1 });
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
