import { beforeAll, describe, expect, it } from 'vitest';
import { Thread } from '../src/threads/thread.entity.js';
import { DATABASE_KINDS } from './support/databases.js';
import { insertAuditEntries, insertMessages, insertThreads, minute } from './support/fixtures.js';
import { dataOf, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const NODE = `query ($id: ID!) { node(id: $id) {
  __typename id
  ... on Thread { title userId deletedAt }
  ... on Message { threadId content }
  ... on AuditEntry { action threadId owner }
} }`;

describe.each(DATABASE_KINDS)('node(id) (%s)', (kind) => {
  const t = useTestApp(kind);
  let alice: Record<string, string>;
  let mallory: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    await insertThreads(t, [
      { id: 'nd-live', owner: 'alice', created: 1, title: 'Live' },
      { id: 'nd-trash', owner: 'alice', created: 2, title: 'Trashed', deleted: 3 },
      { id: 'nd-tomb', owner: 'alice', created: 4, title: 'Tombstone' },
      { id: 'nd-expired', owner: 'alice', created: 6, title: 'Expired', deleted: 7, restoreUntil: minute(8) },
    ]);
    await insertMessages(t, 'nd-live', [['nd-msg-live', 1]]);
    await insertMessages(t, 'nd-trash', [['nd-msg-trash', 2]]);
    await insertMessages(t, 'nd-tomb', [['nd-msg-tomb', 4]]);
    // Made a tombstone only once its message is in: the app's reclaimer may remove a tombstone (and
    // its row) at any moment, and a message inserted after that would have no thread to belong to.
    await t.app.db.transaction((manager) =>
      manager.update(Thread, { id: 'nd-tomb' }, { deletedAt: minute(5), deletedBy: 'alice', restoreUntil: null }),
    );
    await insertAuditEntries(t, 'nd-gone', 'alice', [['nd-audit', 9]]);
    alice = await bearer(t, 'alice');
    mallory = await bearer(t, 'mallory');
    admin = await bearer(t, 'root', ['admin']);
  });

  const node = async (id: string, headers: Record<string, string>) =>
    dataOf(await t.graphql(NODE, { id }, headers)).node;

  it('when the owner asks for a thread, a message and an audit entry by id, then each comes back as its own type', async () => {
    expect(await node('nd-live', alice)).toEqual({
      __typename: 'Thread',
      id: 'nd-live',
      title: 'Live',
      userId: 'alice',
      deletedAt: null,
    });
    expect(await node('nd-msg-live', alice)).toEqual({
      __typename: 'Message',
      id: 'nd-msg-live',
      threadId: 'nd-live',
      content: 'content of nd-msg-live',
    });
    expect(await node('nd-audit', alice)).toEqual({
      __typename: 'AuditEntry',
      id: 'nd-audit',
      action: 'DELETE_SOFT',
      threadId: 'nd-gone',
      owner: 'alice',
    });
  });

  it('when a thread is in the trash, then node finds it and its messages, as deletedThreads lists them', async () => {
    expect(await node('nd-trash', alice)).toMatchObject({ __typename: 'Thread', deletedAt: minute(3).toISOString() });
    expect(await node('nd-msg-trash', alice)).toMatchObject({ __typename: 'Message', threadId: 'nd-trash' });
  });

  it('when a thread is a tombstone or past its restore window, then node finds neither it nor its messages', async () => {
    expect(await node('nd-tomb', alice)).toBeNull();
    expect(await node('nd-expired', alice)).toBeNull();
    expect(await node('nd-msg-tomb', alice)).toBeNull();
    expect(await node('nd-tomb', admin)).toBeNull();
  });

  it("when another user asks for someone's thread, message or audit entry, then node is null, exactly as for a missing id", async () => {
    for (const id of ['nd-live', 'nd-trash', 'nd-msg-live', 'nd-msg-trash', 'nd-audit', 'no-such-id']) {
      const response = await t.graphql(NODE, { id }, mallory);
      expect(response.body).toEqual({ data: { node: null } });
    }
  });

  it('when an admin asks, then every readable object is found, whoever owns it', async () => {
    expect((await node('nd-live', admin))?.__typename).toBe('Thread');
    expect((await node('nd-msg-trash', admin))?.__typename).toBe('Message');
    expect((await node('nd-audit', admin))?.__typename).toBe('AuditEntry');
  });

  it('when the id is not a valid id, then it is BAD_USER_INPUT; without a token, UNAUTHENTICATED', async () => {
    const invalid = await t.graphql(NODE, { id: 'nd\u0001live' }, alice);
    const anonymous = await t.graphql(NODE, { id: 'nd-live' });

    expect(invalid.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      detail: [expect.objectContaining({ type: 'string_pattern_mismatch', loc: ['id'] })],
    });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("when a client takes a thread's id from threads, then node and the mutations take that same id", async () => {
    const created = dataOf(
      await t.graphql('mutation { createThread(input: { title: "Same id" }) { id } }', {}, alice),
    ).createThread;
    const listed = dataOf(
      await t.graphql('{ threads(filter: { titleContains: "Same id" }) { edges { node { id } } } }', {}, alice),
    ).threads;
    const id = listed.edges[0].node.id;

    expect(id).toBe(created.id);
    expect(await node(id, alice)).toMatchObject({ __typename: 'Thread', id, title: 'Same id' });
    const deleted = await t.graphql('mutation ($id: ID!) { deleteThread(threadId: $id) { status } }', { id }, alice);
    expect(dataOf(deleted).deleteThread.status).toBe('success');
    expect(await node(id, alice)).toBeNull();
  });
});
