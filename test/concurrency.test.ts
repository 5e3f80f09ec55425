import { beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { useTestApp } from './support/test-app.js';
import { bearer, deleteVia, type Transport } from './support/transports.js';

const ADD_MESSAGE =
  'mutation ($id: ID!, $n: String!) { addMessage(input: { threadId: $id, role: "user", content: $n }) { id threadId } }';

describe.each(DATABASE_KINDS)('concurrent writes (%s)', (kind) => {
  const t = useTestApp(kind, { DB_POOL_SIZE: '10' });
  let alice: Record<string, string>;

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
  });

  it('when 30 deletes of the same thread arrive at once over both transports, then exactly one succeeds and 29 report THREAD_NOT_FOUND', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 250, owner: 'alice' });

    const calls = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        deleteVia((index % 2 ? 'rest' : 'graphql') as Transport, t, threadId, alice),
      ),
    );

    const outcomes = calls.map((call) => call.outcome);
    expect(outcomes.filter((outcome) => outcome === 'success')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'THREAD_NOT_FOUND')).toHaveLength(29);
    expect(calls.every((call) => call.status < 500)).toBe(true);
    expect(calls.find((call) => call.outcome === 'success')?.result?.deletedMessageCount).toBe(250);
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when a message is added to a thread that was just deleted, then it is THREAD_NOT_FOUND and the thread stays gone', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });
    await deleteVia('graphql', t, threadId, alice);

    const response = await t.graphql(ADD_MESSAGE, { id: threadId, n: 'too late' }, alice);

    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]).toMatchObject({
      message: 'Thread not found.',
      extensions: { code: 'THREAD_NOT_FOUND' },
    });
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when messages are added while the thread is deleted, then each add either lands before the delete (and is counted) or fails; nothing is left behind', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 10, owner: 'alice' });

    const adds = Array.from({ length: 20 }, (_, index) =>
      t.graphql(ADD_MESSAGE, { id: threadId, n: `message ${index}` }, alice),
    );
    const deletion = deleteVia('graphql', t, threadId, alice);
    const [deleted, ...added] = await Promise.all([deletion, ...adds]);

    const succeeded = added.filter((response) => response.body.data?.addMessage);
    const failed = added.filter((response) => !response.body.data?.addMessage);
    expect(deleted.outcome).toBe('success');
    expect(failed.every((response) => response.body.errors?.[0].extensions?.code === 'THREAD_NOT_FOUND')).toBe(true);
    expect(deleted.result?.deletedMessageCount).toBe(10 + succeeded.length);
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when several different threads are deleted at once, then each delete removes exactly its own thread', async () => {
    const ids = await seedThreads(t.app.db, { threads: 12, messagesPerThread: 20, owner: 'alice' });

    const calls = await Promise.all(ids.map((id, index) => deleteVia(index % 2 ? 'rest' : 'graphql', t, id, alice)));

    expect(calls.map((call) => call.outcome)).toEqual(ids.map(() => 'success'));
    expect(calls.map((call) => call.result?.deletedMessageCount)).toEqual(ids.map(() => 20));
    for (const id of ids) expect(await countRows(t, id)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });
});
