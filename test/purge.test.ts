import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { seedThreads } from '../src/db/seed.js';
import { ThreadPurgeService } from '../src/threads/thread-purge.service.js';
import { Thread } from '../src/threads/thread.entity.js';
import { DATABASE_KINDS } from './support/databases.js';
import { auditRows, countRows } from './support/rows.js';
import { startTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

const DELETE_MANY = 'mutation ($ids: [ID!]!) { deleteThreads(threadIds: $ids, options: { mode: SOFT }) { status } }';

/** Soft-deletes threads through the API; with a zero-day window they expire at once. */
async function softDeleteAll(t: TestApp, ids: string[], headers: Record<string, string>) {
  for (let start = 0; start < ids.length; start += 100) {
    const results = (await t.graphql(DELETE_MANY, { ids: ids.slice(start, start + 100) }, headers)).body.data!
      .deleteThreads;
    expect(results.every((result: any) => result.status === 'success')).toBe(true);
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

  it('when two replicas purge the same expired threads concurrently, then each thread is purged once, with one PURGE entry, and neither fails', async () => {
    const ids = await seedThreads(t.app.db, { threads: 300, messagesPerThread: 2, owner: 'alice' });
    await softDeleteAll(t, ids, await bearer(t, 'alice'));

    const counts = await Promise.all(replicas.map((db) => new ThreadPurgeService(db).purgeExpired({ batchSize: 10 })));

    expect(counts[0] + counts[1]).toBe(300);
    const rows = await t.app.db.dataSource.query(
      "SELECT thread_id, COUNT(*) AS n FROM audit_entries WHERE action = 'PURGE' GROUP BY thread_id",
    );
    expect(rows).toHaveLength(300);
    expect(rows.every((row: any) => Number(row.n) === 1)).toBe(true);
    expect(Number((await t.app.db.dataSource.query('SELECT COUNT(*) AS n FROM threads'))[0].n)).toBe(0);
    expect(Number((await t.app.db.dataSource.query('SELECT COUNT(*) AS n FROM messages'))[0].n)).toBe(0);
  });
});
