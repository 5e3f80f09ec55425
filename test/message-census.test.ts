import { describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { type Census, MessageCensus } from '../src/threads/delete/message-census.js';
import { PermanentDeletes } from '../src/threads/delete/permanent-deletes.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { countCommits } from './support/commits.js';
import { DATABASE_KINDS } from './support/databases.js';
import { auditRows, countRows } from './support/rows.js';
import { dataOf, type TestApp, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

/** Counts in steps of 7 index entries, so a thread of 50 messages takes eight steps. */
const STEP = 7;
const MESSAGES = 50;
const ADD = 'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "one more" }) { id } }';

/** What the delete's transaction makes of a census: the count it confirms while holding the thread. */
function confirmInTransaction(t: TestApp, census: MessageCensus, taken: Census): Promise<number> {
  return t.app.db.transaction((manager) => census.confirm(manager, taken));
}

/** Inserts a message dated 2000 (it sorts before every other) through a connection of its own, not the gateway's. */
async function insertElsewhere(t: TestApp, threadId: string): Promise<void> {
  const other = await Database.connect(loadDatabaseConfig({ DATABASE_URL: t.database.url }));
  const p = (n: number) => (t.app.db.kind === 'postgres' ? `$${n}` : '?');
  try {
    await other.dataSource.query(
      `INSERT INTO messages (id, thread_id, role, content, created_at) VALUES (${[1, 2, 3, 4, 5].map(p).join(', ')})`,
      [`census-old-${threadId.slice(0, 8)}`, threadId, 'user', 'from elsewhere', '2000-01-01 00:00:00.000'],
    );
  } finally {
    await other.close();
  }
}

describe.each(DATABASE_KINDS)('counting a big thread outside the lock (%s)', (kind) => {
  const t = useTestApp(kind, { DELETE_CHUNK_MESSAGES: '20' });

  it('when nothing changes between the count and the transaction, then both give the exact number, counted in steps', async () => {
    const [threadId, empty] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: MESSAGES, owner: 'alice' });
    await t.app.db.dataSource.query(`DELETE FROM messages WHERE thread_id = ${kind === 'postgres' ? '$1' : '?'}`, [
      empty,
    ]);
    const census = new MessageCensus(t.app.db, STEP);

    const taken = await census.take(threadId);
    expect(taken.count).toBe(MESSAGES);
    expect(await confirmInTransaction(t, census, taken)).toBe(MESSAGES);
    const none = await census.take(empty);
    expect([none.count, await confirmInTransaction(t, census, none)]).toEqual([0, 0]);
  });

  it('when a message is added through the API after the count, then the transaction counts it', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: MESSAGES, owner: 'alice' });
    const census = new MessageCensus(t.app.db, STEP);
    const taken = await census.take(threadId);

    dataOf(await t.graphql(ADD, { id: threadId }, await bearer(t, 'alice')));

    expect(taken.count).toBe(MESSAGES);
    expect(await confirmInTransaction(t, census, taken)).toBe(MESSAGES + 1);
  });

  it('when another connection adds a message that sorts before all the others, then the transaction counts it', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: MESSAGES, owner: 'alice' });
    const census = new MessageCensus(t.app.db, STEP);
    const taken = await census.take(threadId);

    await insertElsewhere(t, threadId);

    expect(await confirmInTransaction(t, census, taken)).toBe(MESSAGES + 1);
  });

  it('when messages are added while a big thread is deleted, then its audit count is every message it had when it went, and each add either lands in it or is refused', async () => {
    const alice = await bearer(t, 'alice');
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: MESSAGES, owner: 'alice' });
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
    expect(deleted).toEqual({ status: 'success', deletedMessageCount: MESSAGES + added });
    const [audit] = await auditRows(t, threadId);
    expect(Number(audit.message_count)).toBe(MESSAGES + added);
  });

  it('when a big thread is deleted in the same turn as small ones, then it leaves their batch: the small ones commit together, the big one on its own', async () => {
    const [big, ...small] = await seedThreads(t.app.db, { threads: 6, messagesPerThread: 5, owner: 'alice' });
    // 5 messages each, and 25 more for the big one: over DELETE_CHUNK_MESSAGES (20).
    for (let i = 0; i < 25; i += 1) dataOf(await t.graphql(ADD, { id: big }, await bearer(t, 'alice')));
    const deletes = new PermanentDeletes(t.app.db);
    const at = new Date();
    const input = (threadId: string, i: number) => ({
      threadId,
      caller: { userId: 'alice', isAdmin: false },
      requestId: `census-${i}`,
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
    expect(commits).toBe(2);
    expect(await countRows(t, big)).toEqual({ threads: 1, messages: 30, audit: 1 });
    for (const id of small) expect(await countRows(t, id)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });
});
