import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackupStore } from '../src/threads/backup/thread-backup.store.js';
import { importBackup } from '../src/threads/backup/thread-import.service.js';
import { ThreadPurgeService } from '../src/threads/trash/thread-purge.service.js';
import { DATABASE_KINDS } from './support/databases.js';
import { createHeard, createThread, eventsBeforeMarker, LiveClient, subscribed } from './support/live.js';
import { auditRows, countRows } from './support/rows.js';
import { dataOf, useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION, deleteVia } from './support/transports.js';

const ADD = 'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "hi" }) { id } }';
const RESTORE = 'mutation ($id: ID!) { restoreThread(threadId: $id) { id } }';
const DELETE_MANY =
  'mutation ($ids: [ID!]!) { deleteThreads(threadIds: $ids) { status threadId deletedMessageCount } }';
const DAY = 86_400_000;

/**
 * Failures injected after the change and its audit entry are written, where its event was already
 * announced in the transaction, for one thread (an id of the database's making, never the caller's).
 * PostgreSQL: a deferred constraint trigger fails the COMMIT itself, so the plain delete's
 * `ctg_delete_thread` and the soft delete's TypeORM transaction have both sent their `pg_notify`.
 * SQLite: triggers on the thread's row, after its audit insert and its announcement.
 */
function failAfterAnnouncing(kind: 'sqlite' | 'postgres', threadId: string): { create: string[]; drop: string[] } {
  if (kind === 'sqlite')
    return {
      create: [
        `CREATE TRIGGER fail_delete BEFORE DELETE ON threads WHEN OLD.id = '${threadId}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
        `CREATE TRIGGER fail_trash BEFORE UPDATE ON threads WHEN OLD.id = '${threadId}' AND NEW.deleted_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
      ],
      drop: ['DROP TRIGGER fail_delete', 'DROP TRIGGER fail_trash'],
    };
  return {
    create: [
      "CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure at commit'; END $$",
      `CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT ON audit_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.thread_id = '${threadId}') EXECUTE FUNCTION fail_at_commit()`,
    ],
    drop: ['DROP TRIGGER fail_at_commit ON audit_entries', 'DROP FUNCTION fail_at_commit()'],
  };
}

describe.each(DATABASE_KINDS)('threadEvents subscription (%s)', (kind) => {
  const t = useTestApp(kind, { SOFT_DELETE_RETENTION_DAYS: '7' });
  const clients: LiveClient[] = [];
  let alice: Record<string, string>;

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.dispose();
  });

  async function subscribe(userId: string, variables: Record<string, unknown> = {}, roles: string[] = []) {
    const live = await subscribed(t, userId, variables, roles);
    clients.push(live.client);
    return live.events;
  }

  it('when a thread is created, messaged, trashed, restored and deleted, then its owner hears each once, in order, with what a cache needs', async () => {
    const events = await subscribe('alice');
    const id = await createThread(t, 'alice');
    await t.graphql(ADD, { id }, alice);
    await t.graphql(ADD, { id }, alice);
    const trashed = dataOf(await t.graphql(DELETE_MUTATION, { threadId: id, options: { mode: 'SOFT' } }, alice));
    await t.graphql(RESTORE, { id }, alice);
    const deleted = dataOf(await t.graphql(DELETE_MUTATION, { threadId: id }, alice));

    expect(await eventsBeforeMarker(t, events, 'alice')).toEqual([
      `CREATED ${id}`,
      `MESSAGE_ADDED ${id}`,
      `MESSAGE_ADDED ${id}`,
      `TRASHED ${id}`,
      `RESTORED ${id}`,
      `DELETED ${id}`,
    ]);
    const [created, first, second, trash, restore, gone] = events.events;
    expect(created).toMatchObject({ owner: 'alice', actor: 'alice', projectId: 'p1', messageCount: 0 });
    expect([first.messageCount, second.messageCount]).toEqual([1, 2]);
    expect(trash).toMatchObject({
      messageCount: 2,
      auditEntryId: trashed.deleteThread.auditLogId,
      restoreUntil: trashed.deleteThread.restoreUntil,
    });
    const audit = await auditRows(t, id);
    expect(restore).toMatchObject({
      messageCount: 2,
      auditEntryId: audit.find((row) => row.action === 'RESTORE')?.id,
      restoreUntil: null,
    });
    expect(gone).toMatchObject({
      owner: 'alice',
      actor: 'alice',
      messageCount: 2,
      auditEntryId: deleted.deleteThread.auditLogId,
      at: deleted.deleteThread.deletedAt,
    });
    expect(new Set(events.events.map((event) => event.id)).size).toBe(events.events.length);
  });

  it('when threads are deleted over REST and in bulk, then each delete is heard once', async () => {
    const events = await subscribe('alice');
    const [one, two] = [await createThread(t, 'alice'), await createThread(t, 'alice')];
    const three = await createHeard(t, events, 'alice');
    events.events.length = 0;
    expect((await deleteVia('rest', t, one, alice)).status).toBe(200);
    const bulk = dataOf(
      await t.graphql<{ deleteThreads: { status: string }[] }>(DELETE_MANY, { ids: [two, three] }, alice),
    );
    expect(bulk.deleteThreads.map((result) => result.status)).toEqual(['success', 'success']);

    expect(await eventsBeforeMarker(t, events, 'alice')).toEqual([
      `DELETED ${one}`,
      `DELETED ${two}`,
      `DELETED ${three}`,
    ]);
    for (const id of [one, two, three]) expect((await countRows(t, id)).threads).toBe(0);
  });

  it('when a delete is a dry run, then nothing is announced', async () => {
    const events = await subscribe('alice');
    const id = await createHeard(t, events, 'alice');
    events.events.length = 0;
    const dry = dataOf(await t.graphql(DELETE_MUTATION, { threadId: id, options: { dryRun: true } }, alice));
    expect(dry.deleteThread.status).toBe('success');

    expect(await eventsBeforeMarker(t, events, 'alice')).toEqual([]);
    expect((await countRows(t, id)).threads).toBe(1);
  });

  it('when a delete or a soft delete fails after announcing and rolls back, then nothing is announced and nothing changed', async () => {
    const events = await subscribe('alice');
    const id = await createHeard(t, events, 'alice');
    await t.graphql(ADD, { id }, alice);
    await events.eventWhere((event) => event.threadId === id && event.kind === 'MESSAGE_ADDED');
    events.events.length = 0;
    const failure = failAfterAnnouncing(kind, id);
    for (const sql of failure.create) await t.app.db.dataSource.query(sql);
    try {
      const plain = await t.graphql(DELETE_MUTATION, { threadId: id }, alice);
      const soft = await t.graphql(DELETE_MUTATION, { threadId: id, options: { mode: 'SOFT' } }, alice);
      const rest = await t.rest('DELETE', `/api/chat/threads/${id}`, alice);

      expect(plain.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(soft.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(rest.status).toBe(500);
    } finally {
      for (const sql of failure.drop) await t.app.db.dataSource.query(sql);
    }

    expect(await eventsBeforeMarker(t, events, 'alice')).toEqual([]);
    expect(await countRows(t, id)).toEqual({ threads: 1, messages: 1, audit: 0 });
  });

  it('when another user changes their threads, then a subscriber hears none of it; an admin who names them does', async () => {
    const bobs = await subscribe('bob');
    const admins = await subscribe('root', { filter: { userId: 'alice' } }, ['admin']);
    const id = await createThread(t, 'alice');
    await t.graphql(DELETE_MUTATION, { threadId: id }, alice);

    // The admin's subscription is filtered to alice: its first events are alice's.
    await admins.eventWhere((event) => event.kind === 'DELETED');
    expect(admins.events.map((event) => `${event.kind} ${event.owner}`)).toEqual(['CREATED alice', 'DELETED alice']);
    expect(await eventsBeforeMarker(t, bobs, 'bob')).toEqual([]);
  });

  it('when a user who is not an admin names another user, then the subscription fails with FORBIDDEN', async () => {
    const client = new LiveClient(t.url, await t.token('bob'));
    clients.push(client);
    const events = client.subscribe(undefined, { filter: { userId: 'alice' } });
    await events.until((recorder) => recorder.errors.length > 0 || recorder.completed);

    expect(JSON.stringify(events.errors)).toContain('"code":"FORBIDDEN"');
    expect(events.events).toEqual([]);
  });

  it('when a subscription filters by thread, then it hears that thread only', async () => {
    const mine = await createThread(t, 'alice');
    const other = await createThread(t, 'alice');
    const client = new LiveClient(t.url, await t.token('alice'));
    clients.push(client);
    const events = client.subscribe(undefined, { filter: { threadId: mine } });
    // Live once it hears its own thread: keep adding a message until one is heard.
    while (events.events.length === 0) {
      await t.graphql(ADD, { id: other }, alice);
      await t.graphql(ADD, { id: mine }, alice);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await t.graphql(ADD, { id: other }, alice);
    await t.graphql(DELETE_MUTATION, { threadId: mine }, alice);
    await events.eventWhere((event) => event.kind === 'DELETED');

    expect(events.events.filter((event) => event.threadId !== mine)).toEqual([]);
    expect(events.events.map((event) => event.kind).filter((kind) => kind !== 'MESSAGE_ADDED')).toEqual(['DELETED']);
  });

  it('when expired soft deletes are purged, then each is heard once as PURGED with its count', async () => {
    const events = await subscribe('alice');
    const [one, two] = [await createThread(t, 'alice'), await createThread(t, 'alice')];
    await t.graphql(ADD, { id: one }, alice);
    for (const id of [one, two]) await t.graphql(DELETE_MUTATION, { threadId: id, options: { mode: 'SOFT' } }, alice);
    await events.eventWhere((event) => event.threadId === two && event.kind === 'TRASHED');
    events.events.length = 0;
    await new ThreadPurgeService(t.app.db).purgeExpired({ now: new Date(Date.now() + 8 * DAY) });

    const heard = await eventsBeforeMarker(t, events, 'alice');
    expect(heard.sort()).toEqual([`PURGED ${one}`, `PURGED ${two}`].sort());
    expect(events.events.find((event) => event.threadId === one)).toMatchObject({
      actor: 'system:purge',
      messageCount: 1,
    });
  });

  it('when a backup is imported, then its owner hears RESTORED from system:import-backup', async () => {
    const events = await subscribe('alice');
    const id = await createThread(t, 'alice');
    await t.graphql(ADD, { id }, alice);
    const deleted = dataOf(await t.graphql(DELETE_MUTATION, { threadId: id, options: { backup: true } }, alice));
    await events.eventWhere((event) => event.kind === 'DELETED');
    events.events.length = 0;
    await importBackup(
      t.app.db,
      new BackupStore(t.app.config.backupDir),
      deleted.deleteThread.backupLocation as string,
    );

    expect(await eventsBeforeMarker(t, events, 'alice')).toEqual([`RESTORED ${id}`]);
    expect(events.events[0]).toMatchObject({ actor: 'system:import-backup', messageCount: 1 });
  });
});
