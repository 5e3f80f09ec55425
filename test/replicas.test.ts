import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { seedThreads } from '../src/db/seed.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { processTokens, type ServerProcess, startServerProcess } from './support/server-process.js';

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
    const headers = { authorization: `Bearer ${await processTokens.issueToken('alice')}`, 'content-type': 'application/json' };

    const statuses = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const { url } = replicas[index % 2];
        if (index % 4 < 2) return (await fetch(`${url}/api/chat/threads/${threadId}`, { method: 'DELETE', headers })).status;
        const body = JSON.stringify({ query: 'mutation ($id: ID!) { deleteThread(threadId: $id) { status } }', variables: { id: threadId } });
        const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
        const json: any = await response.json();
        return json.data?.deleteThread.status === 'success' ? 200 : json.data ? 404 : response.status;
      }),
    );

    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 404)).toHaveLength(49);
    const audit = await db.read((manager) => manager.query('SELECT action, message_count FROM audit_entries WHERE thread_id = $1', [threadId]));
    expect(audit).toEqual([{ action: 'DELETE_PERMANENT', message_count: 500 }]);
    expect(Number((await db.read((manager) => manager.query('SELECT COUNT(*) AS n FROM messages WHERE thread_id = $1', [threadId])))[0].n)).toBe(0);
  });
});
