import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECLAIMING_WARNING } from '../src/threads/delete/thread-delete.response.js';
import { THREAD_DELETE_RESPONSE_KEYS } from '../src/threads/delete/thread-delete.result.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { dataOf, type TestApp, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

// What a GraphQL client switches over and caches (outcome, dryRun, thread), next to the 36
// mirrored fields, which keep the original's values: a dry run still says softDelete and deletedAt.

const THREAD_FIELDS =
  'id title projectId conversationId userId createdAt updatedAt deletedAt restoreUntil messageCount';

const DELETE = `mutation ($threadId: ID!, $options: DeleteThreadOptions) {
  deleteThread(threadId: $threadId, options: $options) {
    status threadId errors warnings softDelete permanentDelete canRestore deletedAt restoreUntil auditLogId
    outcome dryRun thread { ${THREAD_FIELDS} messages(first: 10) { edges { node { id role } } } }
  }
}`;

const DELETE_MANY = `mutation ($threadIds: [ID!]!, $options: DeleteThreadOptions) {
  deleteThreads(threadIds: $threadIds, options: $options) { threadId status errors outcome dryRun thread { id } }
}`;

const THREAD = `query ($id: ID!) { thread(id: $id) { ${THREAD_FIELDS} messages(first: 10) { edges { node { id role } } } } }`;
const TRASH = `{ deletedThreads(first: 100) { edges { node { ${THREAD_FIELDS} messages(first: 10) { edges { node { id role } } } } } } }`;

/** The GraphQL-only fields, which the REST body never has. */
const GRAPHQL_ONLY = ['outcome', 'dryRun', 'thread'];

interface DeleteAnswer {
  status: string;
  threadId: string;
  errors: string[];
  warnings: string[];
  softDelete: boolean | null;
  permanentDelete: boolean | null;
  canRestore: boolean | null;
  deletedAt: string | null;
  restoreUntil: string | null;
  auditLogId: string | null;
  outcome: string;
  dryRun: boolean;
  thread: Record<string, unknown> | null;
}

async function deleteThread(t: TestApp, headers: Record<string, string>, threadId: string, options: object = {}) {
  return dataOf(await t.graphql<{ deleteThread: DeleteAnswer }>(DELETE, { threadId, options }, headers)).deleteThread;
}

describe.each(DATABASE_KINDS)('the outcome, dryRun and thread of a delete (%s)', (kind) => {
  const backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-outcome-backups-'));
  const t = useTestApp(kind, { DELETE_CHUNK_MESSAGES: '4', BACKUP_DIR: backupDir, BACKUP_QUOTA_BYTES_PER_USER: '1' });
  let alice: Record<string, string>;
  afterAll(() => rmSync(backupDir, { recursive: true, force: true }));

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
  });

  it('when a thread is deleted for good, then outcome is DELETED, dryRun false, and there is no thread to read', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });

    const result = await deleteThread(t, alice, threadId);

    expect(result).toMatchObject({ status: 'success', outcome: 'DELETED', dryRun: false, thread: null, threadId });
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when a thread of more messages than a transaction removes is deleted, then outcome is DELETED and its messages cannot be read through the answer', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 9, owner: 'alice' });

    const result = await deleteThread(t, alice, threadId);

    expect(result).toMatchObject({ status: 'success', outcome: 'DELETED', dryRun: false, thread: null });
    expect(result.warnings).toEqual([RECLAIMING_WARNING]);
  });

  it('when a thread is soft-deleted, then outcome is SOFT_DELETED and thread is the thread as the trash lists it, deletedAt and restoreUntil those of the result', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });

    const result = await deleteThread(t, alice, threadId, { mode: 'SOFT' });

    const trash = dataOf(await t.graphql(TRASH, {}, alice)).deletedThreads.edges.map((edge) => edge.node);
    expect(result).toMatchObject({ status: 'success', outcome: 'SOFT_DELETED', dryRun: false });
    expect(result.thread).toEqual(trash.find((node) => node.id === threadId));
    expect(result.thread).toMatchObject({ deletedAt: result.deletedAt, restoreUntil: result.restoreUntil });
    expect(defined(result.thread, 'the snapshot').messageCount).toBe(2);
  });

  it.each([
    ['SOFT', { softDelete: true, permanentDelete: false, canRestore: true }],
    ['PERMANENT', { softDelete: false, permanentDelete: true, canRestore: false }],
  ])(
    'when a %s delete is a dry run, then the mirrored fields read as the original has them, but outcome is DRY_RUN, dryRun true, thread unchanged, and nothing changed',
    async (mode, flags) => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });
      const before = dataOf(await t.graphql(THREAD, { id: threadId }, alice)).thread;

      const result = await deleteThread(t, alice, threadId, { mode, dryRun: true });

      expect(result).toMatchObject({ status: 'success', ...flags, outcome: 'DRY_RUN', dryRun: true, auditLogId: null });
      expect(result.deletedAt).toEqual(expect.any(String));
      expect(result.thread).toEqual(before);
      expect(defined(before, 'the thread before').deletedAt).toBeNull();
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
    },
  );

  it('when the thread is missing, then outcome is the error code of errors, dryRun says what was asked, and there is no thread', async () => {
    const plain = await deleteThread(t, alice, 'no-such-thread');
    const dry = await deleteThread(t, alice, 'no-such-thread', { dryRun: true });

    expect(plain).toMatchObject({ status: 'error', errors: ['THREAD_NOT_FOUND'], outcome: 'THREAD_NOT_FOUND' });
    expect(plain).toMatchObject({ dryRun: false, thread: null });
    expect(dry).toMatchObject({ outcome: 'THREAD_NOT_FOUND', dryRun: true, thread: null });
  });

  it('when a backup has no room left, then outcome is BACKUP_QUOTA_EXCEEDED, as errors says, and the thread stays', async () => {
    const [first, second] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 1, owner: 'quota-user' });
    const headers = await bearer(t, 'quota-user');
    await deleteThread(t, headers, first, { backup: true });

    const result = await deleteThread(t, headers, second, { backup: true });

    expect(result).toMatchObject({
      status: 'error',
      errors: ['BACKUP_QUOTA_EXCEEDED'],
      outcome: 'BACKUP_QUOTA_EXCEEDED',
    });
    expect(result.thread).toBeNull();
    expect(await countRows(t, second)).toEqual({ threads: 1, messages: 1, audit: 0 });
  });

  it('when deleteThreads is given a mix, then each result has its own outcome and thread', async () => {
    const [soft, other] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 1, owner: 'alice' });
    const [foreign] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'bob' });

    const { deleteThreads } = dataOf(
      await t.graphql(
        DELETE_MANY,
        { threadIds: [soft, 'no-such-thread', foreign, other], options: { mode: 'SOFT' } },
        alice,
      ),
    );

    expect(
      deleteThreads.map(({ threadId, outcome, dryRun, thread }) => ({ threadId, outcome, dryRun, thread })),
    ).toEqual([
      { threadId: soft, outcome: 'SOFT_DELETED', dryRun: false, thread: { id: soft } },
      { threadId: 'no-such-thread', outcome: 'THREAD_NOT_FOUND', dryRun: false, thread: null },
      { threadId: foreign, outcome: 'THREAD_NOT_FOUND', dryRun: false, thread: null },
      { threadId: other, outcome: 'SOFT_DELETED', dryRun: false, thread: { id: other } },
    ]);
    expect((await countRows(t, foreign)).threads).toBe(1);
  });

  it('when the same deletes go through REST, then the body has exactly the 36 original keys and none of outcome, dryRun and thread', async () => {
    const [soft, dry] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 1, owner: 'alice' });

    const bodies = [
      (await t.rest<Record<string, unknown>>('DELETE', `/api/chat/threads/${soft}?mode=soft`, alice)).body,
      (await t.rest<Record<string, unknown>>('DELETE', `/api/chat/threads/${dry}?dry_run=true`, alice)).body,
    ];

    for (const body of bodies) {
      expect(Object.keys(body)).toEqual([...THREAD_DELETE_RESPONSE_KEYS]);
      for (const key of GRAPHQL_ONLY) expect(body).not.toHaveProperty(key);
    }
  });
});
