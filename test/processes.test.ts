import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import type { GqlBody } from './support/graphql-types.js';
import { processTokens, type ServerProcess, startServerProcess } from './support/server-process.js';

const THREADS = 120;
const MESSAGES = 40;

describe.each(DATABASE_KINDS)('graceful shutdown (%s)', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = await Database.open(loadDatabaseConfig({ DATABASE_URL: database.url }));
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await db?.close();
    await database?.drop();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'when %s arrives during a stream of deletes, then it exits 0, every acknowledged delete happened and no delete half-happened',
    async (signal) => {
      const ids = await seedThreads(db, { threads: THREADS, messagesPerThread: MESSAGES, owner: 'alice' });
      server = await startServerProcess(database.url, { SHUTDOWN_TIMEOUT_MS: '5000' });
      const { url } = server;
      const headers = { authorization: `Bearer ${await processTokens.issueToken('alice')}` };
      const acknowledged = new Set<string>();
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++];
          try {
            const response = await fetch(`${url}/api/chat/threads/${id}`, { method: 'DELETE', headers });
            if (response.status === 200) acknowledged.add(id);
            else await response.body?.cancel();
          } catch {
            // refused or cut off by the shutdown: not acknowledged
          }
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      while (acknowledged.size < 20) await new Promise((resolve) => setTimeout(resolve, 5));

      const code = await server.stop(signal);
      await Promise.all(workers);

      expect(code).toBe(0);
      expect(server.logLines().map((line) => line.msg)).toContain('stopped');
      const rows = await db.read(async (manager) => ({
        threads: new Set((await manager.query<{ id: string }[]>('SELECT id FROM threads')).map((row) => row.id)),
        messages: await manager.query<{ thread_id: string; n: number | string }[]>(
          'SELECT thread_id, COUNT(*) AS n FROM messages GROUP BY thread_id',
        ),
        audit: new Set(
          (
            await manager.query<{ thread_id: string }[]>(
              "SELECT thread_id FROM audit_entries WHERE action = 'DELETE_PERMANENT'",
            )
          ).map((row) => row.thread_id),
        ),
      }));
      expect(acknowledged.size).toBeGreaterThanOrEqual(20);
      expect(acknowledged.size).toBeLessThan(THREADS);
      for (const id of acknowledged) {
        expect(rows.threads.has(id), id).toBe(false);
        expect(rows.audit.has(id), id).toBe(true);
      }
      // Every thread is either wholly there (with all its messages, no audit entry) or wholly gone (with one).
      const counts = new Map(rows.messages.map((row) => [row.thread_id, Number(row.n)] as const));
      for (const id of ids) {
        if (rows.threads.has(id)) expect([counts.get(id), rows.audit.has(id)], id).toEqual([MESSAGES, false]);
        else expect([counts.get(id), rows.audit.has(id)], id).toEqual([undefined, true]);
      }
      server = undefined;
    },
    60_000,
  );
});

// Replicas share a database server: PostgreSQL only (SQLite is one process's embedded file).
describe.each(DATABASE_KINDS.filter((kind) => kind === 'postgres'))('two gateway replicas on one %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let replicas: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = await Database.open(loadDatabaseConfig({ DATABASE_URL: database.url }));
    // Started together: the migration advisory lock lets both come up on a fresh database.
    replicas = await Promise.all([1, 2].map(() => startServerProcess(database.url)));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop('SIGKILL')));
    await db?.close();
    await database?.drop();
  });

  it('when 50 deletes of one thread are spread over both, then exactly one succeeds, one audit entry is written and none is a 500', async () => {
    const [threadId] = await seedThreads(db, { threads: 1, messagesPerThread: 500, owner: 'alice' });
    const headers = {
      authorization: `Bearer ${await processTokens.issueToken('alice')}`,
      'content-type': 'application/json',
    };

    const statuses = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const { url } = replicas[index % 2];
        if (index % 4 < 2)
          return (await fetch(`${url}/api/chat/threads/${threadId}`, { method: 'DELETE', headers })).status;
        const body = JSON.stringify({
          query: 'mutation ($id: ID!) { deleteThread(threadId: $id) { status } }',
          variables: { id: threadId },
        });
        const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
        const json = (await response.json()) as GqlBody;
        return json.data?.deleteThread.status === 'success' ? 200 : json.data ? 404 : response.status;
      }),
    );

    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 404)).toHaveLength(49);
    const audit = await db.read((manager) =>
      manager.query('SELECT action, message_count FROM audit_entries WHERE thread_id = $1', [threadId]),
    );
    expect(audit).toEqual([{ action: 'DELETE_PERMANENT', message_count: 500 }]);
    expect(
      Number(
        (
          await db.read((manager) =>
            manager.query('SELECT COUNT(*) AS n FROM messages WHERE thread_id = $1', [threadId]),
          )
        )[0].n,
      ),
    ).toBe(0);
  });
});
