import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import type { ThreadDeleteResult } from './support/graphql-types.js';
import { auditRows, countRows } from './support/rows.js';
import { dataOf, startTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION, TRANSPORTS, type Transport } from './support/transports.js';

const THREAD = 'query ($id: ID!) { thread(id: $id) { id messageCount } }';
const THREADS = '{ threads(first: 100) { edges { node { id } } } }';
const TRASH = '{ deletedThreads(first: 100) { edges { node { id deletedAt restoreUntil messageCount } } } }';
const RESTORE =
  'mutation ($id: ID!) { restoreThread(threadId: $id) { id title messageCount deletedAt restoreUntil messages(first: 100) { edges { node { content } } } } }';
const ADD = 'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "hello?" }) { id } }';
const DAY = 86_400_000;

/** What a soft delete answers: the result (GraphQL) or 200 body (REST), or `httpStatus` when REST refuses it. */
type SoftDeleteAnswer = Partial<ThreadDeleteResult> & { httpStatus?: number };

async function softDelete(
  t: TestApp,
  transport: Transport,
  threadId: string,
  headers: Record<string, string>,
): Promise<SoftDeleteAnswer | undefined> {
  if (transport === 'graphql')
    return (await t.graphql(DELETE_MUTATION, { threadId, options: { mode: 'SOFT' } }, headers)).body.data?.deleteThread;
  const response = await t.rest<ThreadDeleteResult>('DELETE', `/api/chat/threads/${threadId}?mode=soft`, headers);
  return response.status === 200 ? response.body : { status: 'error', httpStatus: response.status };
}

describe.each(DATABASE_KINDS)('soft delete and restore (%s)', (kind) => {
  const t = useTestApp(kind, { SOFT_DELETE_RETENTION_DAYS: '7' });
  let alice: Record<string, string>;

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
  });

  describe.each(TRANSPORTS)('over %s', (transport) => {
    it('when a thread is soft-deleted, then it keeps its messages but vanishes from thread, threads and addMessage, and shows in deletedThreads', async () => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 4, owner: 'alice' });

      const result = defined(await softDelete(t, transport, threadId, alice), 'soft delete answer');

      expect(result).toMatchObject({
        status: 'success',
        softDelete: true,
        permanentDelete: false,
        canRestore: true,
        deletedMessageCount: 4,
      });
      expect(
        new Date(defined(result.restoreUntil, 'restoreUntil')).getTime() -
          new Date(defined(result.deletedAt, 'deletedAt')).getTime(),
      ).toBe(7 * DAY);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 4, audit: 1 });
      expect((await auditRows(t, threadId))[0]).toMatchObject({ action: 'DELETE_SOFT', id: result.auditLogId });
      expect(dataOf(await t.graphql(THREAD, { id: threadId }, alice)).thread).toBeNull();
      expect(dataOf(await t.graphql(THREADS, {}, alice)).threads.edges.map((edge) => edge.node.id)).not.toContain(
        threadId,
      );
      expect((await t.graphql(ADD, { id: threadId }, alice)).body.errors?.[0].extensions?.code).toBe(
        'THREAD_NOT_FOUND',
      );
      const trash = dataOf(await t.graphql(TRASH, {}, alice)).deletedThreads.edges.map((edge) => edge.node);
      expect(trash).toContainEqual({
        id: threadId,
        deletedAt: result.deletedAt,
        restoreUntil: result.restoreUntil,
        messageCount: 4,
      });
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 4, audit: 1 });
    });

    it('when a soft-deleted thread is soft-deleted again, then it is THREAD_NOT_FOUND; a permanent delete empties it from the trash', async () => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });
      await softDelete(t, transport, threadId, alice);

      const again = defined(await softDelete(t, transport, threadId, alice), 'soft delete answer');
      const emptied = await t.graphql(DELETE_MUTATION, { threadId }, alice);

      expect(transport === 'rest' ? again.httpStatus : again.errors).toEqual(
        transport === 'rest' ? 404 : ['THREAD_NOT_FOUND'],
      );
      expect(dataOf(emptied).deleteThread).toMatchObject({
        status: 'success',
        permanentDelete: true,
        deletedMessageCount: 2,
      });
      expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 2 });
    });
  });

  it('when the owner restores a soft-deleted thread, then it comes back with every message and a RESTORE audit entry', async () => {
    const [threadId] = await seedThreads(t.app.db, {
      threads: 1,
      messagesPerThread: 3,
      owner: 'alice',
      content: (_t, i) => `line ${i}`,
    });
    await softDelete(t, 'graphql', threadId, alice);

    const restored = dataOf(await t.graphql(RESTORE, { id: threadId }, alice)).restoreThread;

    expect(restored).toMatchObject({ id: threadId, messageCount: 3, deletedAt: null, restoreUntil: null });
    expect(restored.messages.edges.map((edge) => edge.node.content)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(dataOf(await t.graphql(THREAD, { id: threadId }, alice)).thread).toEqual({
      id: threadId,
      messageCount: 3,
    });
    expect((await auditRows(t, threadId)).map((row) => row.action)).toEqual(['DELETE_SOFT', 'RESTORE']);
  });

  it('when someone else restores the thread, or it is not in the trash, then it is THREAD_NOT_FOUND and nothing changes', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });
    const live = (await t.graphql(RESTORE, { id: threadId }, alice)).body;
    await softDelete(t, 'graphql', threadId, alice);

    const foreign = (await t.graphql(RESTORE, { id: threadId }, await bearer(t, 'mallory'))).body;
    const admin = (await t.graphql(RESTORE, { id: threadId }, await bearer(t, 'root', ['admin']))).body;

    expect(live.errors?.[0].extensions?.code).toBe('THREAD_NOT_FOUND');
    expect(foreign.errors?.[0].extensions?.code).toBe('THREAD_NOT_FOUND');
    expect(admin.data?.restoreThread.id).toBe(threadId);
  });
});

describe.each(DATABASE_KINDS)('restore window (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    // A zero-day window closes the moment the thread is deleted.
    t = await startTestApp(kind, { SOFT_DELETE_RETENTION_DAYS: '0' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when the restore window has passed, then restoreThread is THREAD_NOT_FOUND and deletedThreads no longer lists it', async () => {
    const alice = await bearer(t, 'alice');
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });
    await softDelete(t, 'graphql', threadId, alice);

    const restore = await t.graphql(RESTORE, { id: threadId }, alice);
    const trash = await t.graphql(TRASH, {}, alice);

    expect(restore.body.errors?.[0].extensions?.code).toBe('THREAD_NOT_FOUND');
    expect(dataOf(trash).deletedThreads.edges).toEqual([]);
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 1 });
  });
});
