import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import type { GqlThread } from './support/graphql-types.js';
import { countRows } from './support/rows.js';
import { dataOf, startTestApp, type TestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const CREATE =
  'mutation ($input: CreateThreadInput!) { createThread(input: $input) { id title projectId conversationId userId createdAt updatedAt messageCount deletedAt restoreUntil } }';
const ADD = 'mutation ($input: AddMessageInput!) { addMessage(input: $input) { id threadId role content createdAt } }';
const MESSAGES =
  'query ($id: ID!, $first: Int, $after: String) { thread(id: $id) { messageCount messages(first: $first, after: $after) { edges { cursor node { content } } pageInfo { hasNextPage endCursor } } } }';
const THREADS =
  'query ($first: Int, $after: String, $projectId: String) { threads(first: $first, after: $after, projectId: $projectId) { edges { node { id title } } pageInfo { hasNextPage endCursor } } }';

describe.each(DATABASE_KINDS)('threads and messages (%s)', (kind) => {
  let t: TestApp;
  let carol: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp(kind);
    carol = await bearer(t, 'carol');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when a thread is created, then it belongs to the caller, has a time-ordered server id and no messages', async () => {
    const first = await t.graphql(CREATE, { input: { title: 'First', projectId: 'p1', conversationId: 'c1' } }, carol);
    const second = await t.graphql(CREATE, { input: { title: 'Second' } }, carol);

    const a = dataOf(first).createThread;
    const b = dataOf(second).createThread;
    expect(a).toMatchObject({
      title: 'First',
      projectId: 'p1',
      conversationId: 'c1',
      userId: 'carol',
      messageCount: 0,
      deletedAt: null,
      restoreUntil: null,
    });
    expect(a.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(a.id < b.id).toBe(true);
    expect(await countRows(t, a.id)).toEqual({ threads: 1, messages: 0, audit: 0 });
  });

  it('when messages are added, then they page oldest first with cursors that continue exactly where the last page ended', async () => {
    const thread = dataOf(await t.graphql(CREATE, { input: { title: 'Paged' } }, carol)).createThread;
    for (let index = 0; index < 5; index += 1) {
      const added = await t.graphql(ADD, { input: { threadId: thread.id, role: 'user', content: `m${index}` } }, carol);
      expect(dataOf(added).addMessage).toMatchObject({ threadId: thread.id, role: 'user', content: `m${index}` });
    }

    const page = async (after?: string | null) =>
      defined(dataOf(await t.graphql(MESSAGES, { id: thread.id, first: 2, after }, carol)).thread, 'thread');
    const page1 = await page();
    const page2 = await page(page1.messages.pageInfo.endCursor);
    const page3 = await page(page2.messages.pageInfo.endCursor);

    const contents = (paged: GqlThread) => paged.messages.edges.map((edge) => edge.node.content);
    expect(page1.messageCount).toBe(5);
    expect([contents(page1), contents(page2), contents(page3)]).toEqual([['m0', 'm1'], ['m2', 'm3'], ['m4']]);
    expect([page1, page2, page3].map((paged) => paged.messages.pageInfo.hasNextPage)).toEqual([true, true, false]);
  });

  it('when threads are listed, then they come newest first, page by page, optionally filtered by project', async () => {
    const dave = await bearer(t, 'dave');
    const titles = ['t1', 't2', 't3', 't4'];
    for (const title of titles)
      await t.graphql(CREATE, { input: { title, projectId: title === 't2' ? 'special' : null } }, dave);

    const page1 = dataOf(await t.graphql(THREADS, { first: 3 }, dave)).threads;
    const page2 = dataOf(await t.graphql(THREADS, { first: 3, after: page1.pageInfo.endCursor }, dave)).threads;
    const special = dataOf(await t.graphql(THREADS, { projectId: 'special' }, dave)).threads;

    expect(page1.edges.map((edge) => edge.node.title)).toEqual(['t4', 't3', 't2']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.edges.map((edge) => edge.node.title)).toEqual(['t1']);
    expect(page2.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    expect(special.edges.map((edge) => edge.node.title)).toEqual(['t2']);
  });

  it("when a message is added to another user's thread, then it is THREAD_NOT_FOUND and nothing is written", async () => {
    const thread = dataOf(await t.graphql(CREATE, { input: { title: 'Private' } }, carol)).createThread;

    const response = await t.graphql(
      ADD,
      { input: { threadId: thread.id, role: 'user', content: 'intrusion' } },
      await bearer(t, 'mallory'),
    );

    expect(response.body.errors?.[0].extensions?.code).toBe('THREAD_NOT_FOUND');
    expect(await countRows(t, thread.id)).toEqual({ threads: 1, messages: 0, audit: 0 });
  });
});
