import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { Thread } from '../src/threads/thread.entity.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { ThreadPurgeService } from '../src/threads/trash/thread-purge.service.js';
import { DATABASE_KINDS } from './support/databases.js';
import { unheldThreads, waitersAt } from './support/pg-locks.js';
import { auditRows, countRows } from './support/rows.js';
import { dataOf, startTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

const DELETE_MANY = 'mutation ($ids: [ID!]!) { deleteThreads(threadIds: $ids, options: { mode: SOFT }) { status } }';

/** Soft-deletes threads through the API; with a zero-day window they expire at once. */
async function softDeleteAll(t: TestApp, ids: string[], headers: Record<string, string>) {
  for (let start = 0; start < ids.length; start += 100) {
    const { deleteThreads } = dataOf(await t.graphql(DELETE_MANY, { ids: ids.slice(start, start + 100) }, headers));
    expect(deleteThreads.every((result) => result.status === 'success')).toBe(true);
  }
}

describe.each(DATABASE_KINDS)('purging expired soft-deleted threads (%s)', (kind) => {
  const t = useTestApp(kind, { SOFT_DELETE_RETENTION_DAYS: '0' });
  let alice: Record<string, string>;

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
  });

  it('when the purger runs, then expired threads and their messages are gone with one PURGE entry each, and nothing else is touched', async () => {
    const expired = await seedThreads(t.app.db, { threads: 5, messagesPerThread: 3, owner: 'alice' });
    const [live, stillRestorable] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 2, owner: 'alice' });
    await softDeleteAll(t, [...expired, stillRestorable], alice);
    await t.app.db.dataSource
      .getRepository(Thread)
      .update({ id: stillRestorable }, { restoreUntil: new Date(Date.now() + 86_400_000) });

    const purged = await new ThreadPurgeService(t.app.db).purgeExpired({ batchSize: 2 });

    expect(purged).toBe(5);
    for (const id of expired) {
      expect(await countRows(t, id)).toEqual({ threads: 0, messages: 0, audit: 2 });
      expect((await auditRows(t, id)).map((row) => [row.action, row.actor, Number(row.message_count)])).toEqual([
        ['DELETE_SOFT', 'alice', 3],
        ['PURGE', 'system:purge', 3],
      ]);
    }
    expect(await countRows(t, live)).toEqual({ threads: 1, messages: 2, audit: 0 });
    expect(await countRows(t, stillRestorable)).toEqual({ threads: 1, messages: 2, audit: 1 });
    expect(await new ThreadPurgeService(t.app.db).purgeExpired()).toBe(0);
  });
});

describe.each(DATABASE_KINDS)('the purge timer in the server (%s)', (kind) => {
  const t = useTestApp(kind, { SOFT_DELETE_RETENTION_DAYS: '0', PURGE_INTERVAL_MINUTES: '0.002' });

  it('when PURGE_INTERVAL_MINUTES is set, then the server purges expired threads by itself', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });

    await t.graphql(DELETE_MUTATION, { threadId, options: { mode: 'SOFT' } }, await bearer(t, 'alice'));

    await expect
      .poll(() => countRows(t, threadId), { timeout: 10_000, interval: 100 })
      .toEqual({ threads: 0, messages: 0, audit: 2 });
  });
});

/** The advisory lock key the two-purger test holds its purgers at. */
const PURGE_GATE = 4242;

// Two purgers need two connections to one server: PostgreSQL, as with several replicas.
describe.each(DATABASE_KINDS.filter((kind) => kind === 'postgres'))('two purgers at once (%s)', (kind) => {
  let t: TestApp;
  let replicas: Database[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind, { SOFT_DELETE_RETENTION_DAYS: '0' });
    replicas = await Promise.all(
      [1, 2].map(() => Database.connect(loadDatabaseConfig({ DATABASE_URL: t.database.url }))),
    );
  });
  afterAll(async () => {
    await Promise.all(replicas.map((db) => db.close()));
    await t?.close();
  });

  it('when two replicas purge the same expired threads concurrently, then both are inside a purge at the same time, each on threads of its own, and each thread is purged once, with one PURGE entry', async () => {
    const ids = await seedThreads(t.app.db, { threads: 300, messagesPerThread: 2, owner: 'alice' });
    await softDeleteAll(t, ids, await bearer(t, 'alice'));
    // The gate: a PURGE audit entry waits for PURGE_GATE, which the test holds. A purger reaches
    // it inside its batch's transaction, after claiming the batch's threads.
    await t.app.db.dataSource.query(
      `CREATE FUNCTION purge_gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(${PURGE_GATE}); RETURN NEW; END $$`,
    );
    await t.app.db.dataSource.query(
      "CREATE TRIGGER purge_gate BEFORE INSERT ON audit_entries FOR EACH ROW WHEN (NEW.action = 'PURGE') EXECUTE FUNCTION purge_gate()",
    );
    const gate = new Client({ connectionString: t.database.url });
    await gate.connect();
    await gate.query('SELECT pg_advisory_lock($1)', [PURGE_GATE]);

    const purging = Promise.all(replicas.map((db) => new ThreadPurgeService(db).purgeExpired({ batchSize: 10 })));
    purging.catch(() => undefined);
    try {
      // Two purgers at the gate at once, each holding the ten threads it claimed: they overlap,
      // and the second claimed its batch while the first held one (it skipped the held threads).
      await expect.poll(() => waitersAt(gate, PURGE_GATE), { timeout: 10_000, interval: 20 }).toBe(2);
      expect(await unheldThreads(gate)).toBe(280);
    } finally {
      await gate.query('SELECT pg_advisory_unlock($1)', [PURGE_GATE]);
      await gate.end();
    }
    const counts = await purging;
    await t.app.db.dataSource.query('DROP TRIGGER purge_gate ON audit_entries');
    await t.app.db.dataSource.query('DROP FUNCTION purge_gate()');

    expect(counts[0] + counts[1]).toBe(300);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(10);
    const rows = await t.app.db.dataSource.query(
      "SELECT thread_id, COUNT(*) AS n FROM audit_entries WHERE action = 'PURGE' GROUP BY thread_id",
    );
    expect(rows).toHaveLength(300);
    expect(rows.every((row: { n: string }) => Number(row.n) === 1)).toBe(true);
    expect(Number((await t.app.db.dataSource.query('SELECT COUNT(*) AS n FROM threads'))[0].n)).toBe(0);
    expect(Number((await t.app.db.dataSource.query('SELECT COUNT(*) AS n FROM messages'))[0].n)).toBe(0);
  });
});
