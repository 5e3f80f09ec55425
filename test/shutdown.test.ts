import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { seedThreads } from '../src/db/seed.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
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
      const headers = { authorization: `Bearer ${await processTokens.issueToken('alice')}` };
      const acknowledged = new Set<string>();
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++];
          try {
            const response = await fetch(`${server!.url}/api/chat/threads/${id}`, { method: 'DELETE', headers });
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
        threads: new Set((await manager.query('SELECT id FROM threads')).map((row: any) => row.id)),
        messages: await manager.query('SELECT thread_id, COUNT(*) AS n FROM messages GROUP BY thread_id'),
        audit: new Set((await manager.query("SELECT thread_id FROM audit_entries WHERE action = 'DELETE_PERMANENT'")).map((row: any) => row.thread_id)),
      }));
      expect(acknowledged.size).toBeGreaterThanOrEqual(20);
      expect(acknowledged.size).toBeLessThan(THREADS);
      for (const id of acknowledged) {
        expect(rows.threads.has(id), id).toBe(false);
        expect(rows.audit.has(id), id).toBe(true);
      }
      // Every thread is either wholly there (with all its messages, no audit entry) or wholly gone (with one).
      const counts = new Map(rows.messages.map((row: any) => [row.thread_id, Number(row.n)]));
      for (const id of ids) {
        if (rows.threads.has(id)) expect([counts.get(id), rows.audit.has(id)], id).toEqual([MESSAGES, false]);
        else expect([counts.get(id), rows.audit.has(id)], id).toEqual([undefined, true]);
      }
      server = undefined;
    },
    60_000,
  );
});
