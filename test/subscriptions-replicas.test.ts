import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION_NAME } from '../src/db/notify-listener.js';
import { ThreadPurgeService } from '../src/threads/trash/thread-purge.service.js';
import { DATABASE_KINDS, pgAdmin } from './support/databases.js';
import { createHeard, createThread, eventsBeforeMarker, LiveClient, subscribed } from './support/live.js';
import { countRows } from './support/rows.js';
import { startReplica, type TestApp, useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

const run = promisify(execFile);
const ADD = 'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "hi" }) { id } }';
const RESTORE = 'mutation ($id: ID!) { restoreThread(threadId: $id) { id } }';
const DAY = 86_400_000;

// Replicas share one database only on PostgreSQL (an embedded SQLite file belongs to its process).
const SHARED_DATABASES = DATABASE_KINDS.filter((kind) => kind === 'postgres');

describe.each(SHARED_DATABASES)('thread events across two replicas on one database (%s)', (kind) => {
  const a = useTestApp(kind, { SOFT_DELETE_RETENTION_DAYS: '7' });
  let b: TestApp;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    b = await startReplica(a, { SOFT_DELETE_RETENTION_DAYS: '7' });
  });
  afterAll(async () => {
    await b?.close();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.dispose();
  });

  async function subscribeOn(t: TestApp, userId: string) {
    const live = await subscribed(t, userId);
    clients.push(live.client);
    return live.events;
  }

  it('when threads change through replica B (GraphQL, REST, soft delete, restore, purge), then a subscriber on A hears each once, in commit order', async () => {
    const events = await subscribeOn(a, 'alice');
    const alice = await bearer(b, 'alice');
    const [one, two, three, four] = [
      await createThread(b, 'alice'),
      await createThread(b, 'alice'),
      await createThread(b, 'alice'),
      await createThread(b, 'alice'),
    ];
    await b.graphql(ADD, { id: one }, alice);
    await b.graphql(DELETE_MUTATION, { threadId: one }, alice);
    expect((await b.rest('DELETE', `/api/chat/threads/${two}`, alice)).status).toBe(200);
    await b.graphql(DELETE_MUTATION, { threadId: three, options: { mode: 'SOFT' } }, alice);
    await b.graphql(RESTORE, { id: three }, alice);
    await b.graphql(DELETE_MUTATION, { threadId: four, options: { mode: 'SOFT' } }, alice);
    await new ThreadPurgeService(b.app.db).purgeExpired({ now: new Date(Date.now() + 8 * DAY) });

    expect(await eventsBeforeMarker(b, events, 'alice')).toEqual([
      `CREATED ${one}`,
      `CREATED ${two}`,
      `CREATED ${three}`,
      `CREATED ${four}`,
      `MESSAGE_ADDED ${one}`,
      `DELETED ${one}`,
      `DELETED ${two}`,
      `TRASHED ${three}`,
      `RESTORED ${three}`,
      `TRASHED ${four}`,
      `PURGED ${four}`,
    ]);
    expect(events.events.find((event) => event.kind === 'DELETED')).toMatchObject({ messageCount: 1, actor: 'alice' });
    expect((await countRows(a, one)).threads).toBe(0);
  });

  it('when `npm run purge` runs as a process of its own, then a subscriber on A hears PURGED', async () => {
    const events = await subscribeOn(a, 'alice');
    const zeroDays = await startReplica(a, { SOFT_DELETE_RETENTION_DAYS: '0' });
    try {
      const id = await createThread(zeroDays, 'alice');
      await zeroDays.graphql(DELETE_MUTATION, { threadId: id, options: { mode: 'SOFT' } }, await bearer(b, 'alice'));
      await events.eventWhere((event) => event.threadId === id && event.kind === 'TRASHED');
      events.events.length = 0;

      const { stdout } = await run('node', ['dist/src/cli/purge.js'], {
        env: { ...process.env, DATABASE_URL: a.database.url, LOG_LEVEL: 'silent' },
      });

      expect(stdout).toContain('Purged 1 expired thread');
      expect(await eventsBeforeMarker(a, events, 'alice')).toEqual([`PURGED ${id}`]);
      expect(events.events[0]).toMatchObject({ actor: 'system:purge' });
    } finally {
      await zeroDays.close();
    }
  });

  it('when A loses its listener, then its sockets close with 1012, /readyz answers 503 and new sockets get 1013 until it listens again, and then subscribers hear B', async () => {
    const first = await subscribed(a, 'alice');
    clients.push(first.client);
    const name = new URL(a.database.url).pathname.slice(1);

    // No new connection to the database (the pools keep theirs), and the listener's is cut.
    await pgAdmin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    try {
      await pgAdmin(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
        [name, LISTENER_APPLICATION_NAME],
      );
      expect((await first.client.closed).code).toBe(1012);
      expect((await a.rest('GET', '/readyz')).status).toBe(503);
      const refused = new LiveClient(a.url, await a.token('alice'));
      clients.push(refused);
      expect((await refused.closed).code).toBe(1013);
    } finally {
      await pgAdmin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
    }

    // /readyz tries to listen again when asked: it is 200 once the listener is back.
    let ready = await a.rest('GET', '/readyz');
    while (ready.status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = await a.rest('GET', '/readyz');
    }
    const again = await subscribeOn(a, 'alice');
    const id = await createHeard(b, again, 'alice');
    expect(again.events.map((event) => `${event.kind} ${event.threadId}`)).toEqual([`CREATED ${id}`]);
  });
});
