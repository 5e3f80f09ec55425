import { readFileSync } from 'node:fs';
import { type GraphQLField, type GraphQLSchema, getNamedType, isInputObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { schemaForInspection } from './support/schema.js';
import { dataOf, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

// The README's "Not found" table, row by row: one way to say "not found" per kind of operation,
// the same for a thread that is missing, deleted or someone else's.

const THREAD = 'query ($id: ID!) { thread(id: $id) { id } }';
const THREADS = '{ threads(first: 100) { edges { node { id } } } }';
const TRASH = '{ deletedThreads(first: 100) { edges { node { id } } } }';
const AUDIT = 'query ($id: ID!) { auditEntries(threadId: $id) { edges { node { id action } } } }';
const ADD =
  'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "still there?" }) { id } }';
const RESTORE = 'mutation ($id: ID!) { restoreThread(threadId: $id) { id } }';
const RESULT_FIELDS = 'threadId status outcome errors errorCount thread { id }';
const DELETE = `mutation ($id: ID!, $options: DeleteThreadOptions) { deleteThread(threadId: $id, options: $options) { ${RESULT_FIELDS} } }`;
const DELETE_MANY = `mutation ($ids: [ID!]!) { deleteThreads(threadIds: $ids) { ${RESULT_FIELDS} } }`;

/** The operations the README's table names, by kind: the rows below test each of them. */
const TABLE = {
  'query of one thread': ['thread'],
  'query of one object by id': ['node'],
  'query of a list': ['threads', 'deletedThreads', 'auditEntries'],
  'mutation answering the thread or message': ['addMessage', 'restoreThread'],
  'mutation answering a `ThreadDeleteResult`': ['deleteThread'],
  'bulk mutation': ['deleteThreads'],
};

/** What a ThreadDeleteResult says about a thread that is not there. */
const notFoundResult = (threadId: string) => ({
  threadId,
  status: 'error',
  outcome: 'THREAD_NOT_FOUND',
  errors: ['THREAD_NOT_FOUND'],
  errorCount: 1,
  thread: null,
});

/** The README's "Not found" table: its rows, as kind and the operations named in them. */
function readmeTable(): Record<string, string[]> {
  const readme = readFileSync('README.md', 'utf8');
  const section = defined(/\n### Not found\n([\s\S]*?)\n#/.exec(readme), 'the "Not found" section')[1];
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| kind') && !line.startsWith('| ---'));
  return Object.fromEntries(
    rows.map((row) => {
      const [kind, operations] = row.split(' | ');
      return [kind.slice(2), [...operations.matchAll(/`(\w+)`/g)].map((match) => match[1])];
    }),
  );
}

/** True for a root field that names a thread: an argument `id`, `threadId`, `threadIds`, or an input with `threadId`. */
function namesAThread(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((arg) => {
    if (['id', 'threadId', 'threadIds'].includes(arg.name)) return true;
    const type = getNamedType(arg.type);
    return isInputObjectType(type) && 'threadId' in type.getFields();
  });
}

describe('the README\'s "Not found" table', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await schemaForInspection();
  });

  it('has one row per kind of operation, naming the operations these tests walk', () => {
    expect(readmeTable()).toEqual(TABLE);
  });

  it('names every query and mutation that takes a thread id', () => {
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      Object.values(defined(type, 'root type').getFields()),
    );
    const named = Object.values(TABLE).flat();

    expect(
      roots
        .filter(namesAThread)
        .map((field) => field.name)
        .filter((name) => !named.includes(name)),
    ).toEqual([]);
  });
});

describe.each(DATABASE_KINDS)('not found, one way per kind of operation (%s)', (kind) => {
  const t = useTestApp(kind);
  let alice: Record<string, string>;
  /** alice's threads: one live, one in the trash, one deleted for good; and bob's live and trashed ones. */
  let ids: { live: string; trashed: string; deleted: string; bobs: string; bobsTrashed: string };
  /** Every way a thread can be missing for alice, except the trash (which depends on the operation). */
  let missing: string[];

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
    const bob = await bearer(t, 'bob');
    const [live, trashed, deleted] = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 1, owner: 'alice' });
    const [bobs, bobsTrashed] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 1, owner: 'bob' });
    ids = { live, trashed, deleted, bobs, bobsTrashed };
    await t.graphql(DELETE, { id: trashed, options: { mode: 'SOFT' } }, alice);
    await t.graphql(DELETE, { id: deleted }, alice);
    await t.graphql(DELETE, { id: bobsTrashed, options: { mode: 'SOFT' } }, bob);
    missing = ['no-such-thread', deleted, bobs, bobsTrashed];
  });

  it("when node(id) names a thread that is missing, deleted or someone else's, then it is null, without an error; the caller's own live thread is found", async () => {
    const NODE = 'query ($id: ID!) { node(id: $id) { id } }';
    for (const id of missing) expect((await t.graphql(NODE, { id }, alice)).body, id).toEqual({ data: { node: null } });
    expect(dataOf(await t.graphql(NODE, { id: ids.live }, alice)).node).toEqual({ id: ids.live });
  });

  it("when thread(id) names a thread that is missing, deleted, in the trash or someone else's, then it is null, without an error", async () => {
    for (const id of [...missing, ids.trashed]) {
      const response = await t.graphql(THREAD, { id }, alice);

      expect(response.body, id).toEqual({ data: { thread: null } });
    }
  });

  it('when the lists are read, then threads lists only the live thread, deletedThreads only the trashed one, and auditEntries of a missing or foreign thread is empty', async () => {
    const listed = async (query: string, field: 'threads' | 'deletedThreads') =>
      dataOf(await t.graphql(query, {}, alice))[field].edges.map((edge) => edge.node.id);

    expect(await listed(THREADS, 'threads')).toEqual([ids.live]);
    expect(await listed(TRASH, 'deletedThreads')).toEqual([ids.trashed]);
    for (const id of ['no-such-thread', ids.bobs, ids.bobsTrashed])
      expect((await t.graphql(AUDIT, { id }, alice)).body, id).toEqual({ data: { auditEntries: { edges: [] } } });
    expect(dataOf(await t.graphql(AUDIT, { id: ids.deleted }, alice)).auditEntries).toMatchObject({
      edges: [{ node: { action: 'DELETE_PERMANENT' } }],
    });
  });

  it("when addMessage names a thread that is missing, deleted, in the trash or someone else's, then it fails with THREAD_NOT_FOUND, data null, and nothing is written", async () => {
    for (const id of [...missing, ids.trashed]) {
      const before = await countRows(t, id);

      const response = await t.graphql(ADD, { id }, alice);

      expect(response.body.data, id).toBeNull();
      expect(
        response.body.errors?.map((error) => error.extensions?.code),
        id,
      ).toEqual(['THREAD_NOT_FOUND']);
      expect(await countRows(t, id), id).toEqual(before);
    }
  });

  it("when restoreThread names a thread that is missing, deleted, live or someone else's, then it fails with THREAD_NOT_FOUND, data null, and nothing is restored", async () => {
    for (const id of [...missing, ids.live]) {
      const response = await t.graphql(RESTORE, { id }, alice);

      expect(response.body.data, id).toBeNull();
      expect(
        response.body.errors?.map((error) => error.extensions?.code),
        id,
      ).toEqual(['THREAD_NOT_FOUND']);
    }
    expect(dataOf(await t.graphql(TRASH, {}, await bearer(t, 'bob'))).deletedThreads.edges).toHaveLength(1);
  });

  it("when deleteThread names a thread that is missing, deleted or someone else's (or, to move it to the trash, already there), then its result says THREAD_NOT_FOUND, without a GraphQL error", async () => {
    const calls = [...missing.map((id) => ({ id, options: {} })), { id: ids.trashed, options: { mode: 'SOFT' } }];
    for (const { id, options } of calls) {
      const response = await t.graphql(DELETE, { id, options }, alice);

      expect(response.body, id).toEqual({ data: { deleteThread: notFoundResult(id) } });
    }
    expect((await countRows(t, ids.bobs)).threads).toBe(1);
  });

  it('when deleteThreads names missing, deleted and foreign threads beside a live one, then each of those gets its THREAD_NOT_FOUND result and the live one is deleted', async () => {
    const [live] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });

    const response = await t.graphql(DELETE_MANY, { ids: [...missing, live] }, alice);

    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response).deleteThreads).toEqual([
      ...missing.map(notFoundResult),
      { threadId: live, status: 'success', outcome: 'DELETED', errors: [], errorCount: 0, thread: null },
    ]);
    expect(await countRows(t, live)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });
});
