import { beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { dataOf, useTestApp } from './support/test-app.js';
import { ALL_RESULT_FIELDS, bearer, DELETE_MUTATION } from './support/transports.js';

const DELETE_MANY = `mutation ($ids: [ID!]!, $options: DeleteThreadOptions) { deleteThreads(threadIds: $ids, options: $options) { ${ALL_RESULT_FIELDS} } }`;
const AUDIT =
  'query ($id: ID!, $first: Int) { auditEntries(threadId: $id, first: $first) { edges { node { id action threadId actor owner messageCount requestId traceId createdAt } } } }';

describe.each(DATABASE_KINDS)('bulk deletes and the audit trail (%s)', (kind) => {
  const t = useTestApp(kind);
  let alice: Record<string, string>;

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
  });

  it("when a mix of own, missing, foreign and repeated ids is deleted, then each gets its own result in order and only the caller's threads go", async () => {
    const [own1, own2] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 3, owner: 'alice' });
    const [foreign] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'bob' });
    const ids = [own1, 'missing-id', foreign, own2, own1];

    const response = await t.graphql(DELETE_MANY, { ids }, alice);

    const results = dataOf(response).deleteThreads;
    expect(results.map((result) => [result.threadId, result.status, result.errors])).toEqual([
      [own1, 'success', []],
      ['missing-id', 'error', ['THREAD_NOT_FOUND']],
      [foreign, 'error', ['THREAD_NOT_FOUND']],
      [own2, 'success', []],
      [own1, 'error', ['THREAD_NOT_FOUND']],
    ]);
    expect(results[0].deletedMessageCount).toBe(3);
    expect(await countRows(t, own1)).toEqual({ threads: 0, messages: 0, audit: 1 });
    expect(await countRows(t, own2)).toEqual({ threads: 0, messages: 0, audit: 1 });
    expect(await countRows(t, foreign)).toEqual({ threads: 1, messages: 3, audit: 0 });
  });

  it('when more than 100 ids are sent, then it is BAD_USER_INPUT and nothing is deleted', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });

    const response = await t.graphql(
      DELETE_MANY,
      { ids: [threadId, ...Array.from({ length: 100 }, (_, i) => `id-${i}`)] },
      alice,
    );

    // Refused by the resolver, so beside `data`: HTTP 200 under either media type (GraphQL over HTTP).
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      detail: [{ type: 'too_long', loc: ['threadIds'], ctx: { max_length: 100, actual_length: 101 } }],
    });
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 1, audit: 0 });
  });

  it('when a bulk soft delete is asked for, then every listed thread goes to the trash', async () => {
    const ids = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 2, owner: 'alice' });

    const results = dataOf(await t.graphql(DELETE_MANY, { ids, options: { mode: 'SOFT' } }, alice)).deleteThreads;

    expect(results.map((result) => result.softDelete)).toEqual([true, true, true]);
    for (const id of ids) expect(await countRows(t, id)).toEqual({ threads: 1, messages: 2, audit: 1 });
  });

  it('when a thread is deleted, then its audit entry outlives it and is listed to its owner and admins only, newest first', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 4, owner: 'alice' });
    const headers = {
      ...alice,
      'x-request-id': 'audit-req',
      traceparent: '00-11111111111111111111111111111111-2222222222222222-01',
    };
    await t.graphql(DELETE_MUTATION, { threadId, options: { mode: 'SOFT', reason: 'cleanup' } }, headers);
    await t.graphql('mutation ($id: ID!) { restoreThread(threadId: $id) { id } }', { id: threadId }, alice);
    const deleted = dataOf(await t.graphql(DELETE_MUTATION, { threadId }, alice)).deleteThread;

    const entries = async (variables: Record<string, unknown>, headers: Record<string, string>) =>
      dataOf(await t.graphql(AUDIT, variables, headers)).auditEntries.edges.map((edge) => edge.node);
    const own = await entries({ id: threadId }, alice);
    const foreign = await entries({ id: threadId }, await bearer(t, 'mallory'));
    const admin = await entries({ id: threadId, first: 1 }, await bearer(t, 'root', ['admin']));

    expect(own.map((entry) => entry.action)).toEqual(['DELETE_PERMANENT', 'RESTORE', 'DELETE_SOFT']);
    expect(own[0]).toMatchObject({ id: deleted.auditLogId, threadId, actor: 'alice', owner: 'alice', messageCount: 4 });
    expect(own[2]).toMatchObject({ requestId: 'audit-req', traceId: '11111111111111111111111111111111' });
    expect(own[0].createdAt).toBe(deleted.deletedAt);
    expect(foreign).toEqual([]);
    expect(admin.map((entry) => entry.id)).toEqual([deleted.auditLogId]);
  });
});
