import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { BackupStore } from '../src/threads/backup/thread-backup.store.js';
import { Message } from '../src/threads/message.entity.js';
import { Thread } from '../src/threads/thread.entity.js';
import { defined } from './support/assertions.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import type { GqlBody } from './support/graphql-types.js';

const run = promisify(execFile);

/** Opens the test database directly, as another process would. */
async function withDatabase<T>(url: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.connect(loadDatabaseConfig({ DATABASE_URL: url }));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** How a promisified `execFile` rejects when the process exits with a non-zero code. */
interface ExecFileFailure {
  code: number;
  stdout: string;
  stderr: string;
}

const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' };

/** Runs a built CLI entry point the way `npm run` does, with only the given environment. */
async function cli(script: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run('node', [`dist/src/cli/${script}.js`, ...args], {
      env: { ...BASE_ENV, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as ExecFileFailure;
    return { code, stdout, stderr };
  }
}

describe.each(DATABASE_KINDS)('command line on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('when `npm run migrate` runs twice, then the first applies the schema and the second finds nothing to do', async () => {
    const first = await cli('migrate', [], { DATABASE_URL: database.url });
    const second = await cli('migrate', [], { DATABASE_URL: database.url });

    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Applied: InitialSchema\d+/) });
    expect(second).toMatchObject({ code: 0, stdout: 'Schema is up to date.\n' });
  });

  it('when `npm run seed -- --json` runs, then it prints the ids of threads that really exist with their messages', async () => {
    const result = await cli('seed', ['--threads', '3', '--messages', '4', '--owner', 'zed', '--json'], {
      DATABASE_URL: database.url,
    });

    expect(result.code).toBe(0);
    const { threadIds } = JSON.parse(result.stdout) as { threadIds: string[] };
    expect(threadIds).toHaveLength(3);
    const rows = await withDatabase(database.url, (db) =>
      db.read((manager) =>
        manager.query<{ thread_id: string; n: number | string }[]>(
          'SELECT thread_id, COUNT(*) AS n FROM messages GROUP BY thread_id',
        ),
      ),
    );
    expect(Object.fromEntries(rows.map((row) => [row.thread_id, Number(row.n)]))).toEqual(
      Object.fromEntries(threadIds.map((id) => [id, 4])),
    );
  });

  it('when `npm run purge` runs, then threads past their restore window are purged and the count is printed', async () => {
    const { threadIds } = JSON.parse(
      (
        await cli('seed', ['--threads', '2', '--messages', '1', '--owner', 'zed', '--json'], {
          DATABASE_URL: database.url,
        })
      ).stdout,
    );
    await withDatabase(database.url, (db) =>
      db.dataSource
        .getRepository(Thread)
        .update(
          { id: threadIds[0] },
          { deletedAt: new Date(Date.now() - 2000), deletedBy: 'zed', restoreUntil: new Date(Date.now() - 1000) },
        ),
    );

    const result = await cli('purge', [], { DATABASE_URL: database.url });

    expect(result).toMatchObject({ code: 0, stdout: 'Purged 1 expired thread and 0 expired backups.\n' });
    const left = await withDatabase(database.url, (db) =>
      db.dataSource.getRepository(Thread).findBy({ id: In(threadIds) }),
    );
    expect(left.map((thread) => thread.id)).toEqual([threadIds[1]]);
  });

  it('when `npm run import-backup -- KEY` runs, then the backed-up thread and its messages are back; a second import is refused', async () => {
    const backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-cli-backups-'));
    const thread = {
      id: `imported-${kind}`,
      title: 'From backup',
      projectId: null,
      conversationId: null,
      userId: 'zed',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
    };
    const messages = [1, 2, 3].map((n) => ({
      id: `00000000-0000-7000-8000-00000000000${n}`,
      threadId: thread.id,
      role: 'user',
      content: `m${n}`,
      createdAt: `2026-01-01T00:00:0${n}.000Z`,
    }));
    const key = await new BackupStore(backupDir).write(
      thread,
      (async function* () {
        yield messages;
      })(),
    );
    const env = { DATABASE_URL: database.url, BACKUP_DIR: backupDir };

    const first = await cli('import-backup', [key], env);
    const second = await cli('import-backup', [key], env);

    expect(first).toMatchObject({ code: 0, stdout: `Imported thread ${thread.id} with 3 messages.\n` });
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`Error: thread ${thread.id} already exists; delete it first to import this backup\n`);
    const stored = await withDatabase(database.url, (db) =>
      db.dataSource.getRepository(Message).find({ where: { threadId: thread.id }, order: { createdAt: 'ASC' } }),
    );
    expect(stored.map((message) => message.content)).toEqual(['m1', 'm2', 'm3']);
  });

  it('when `npm run seed` gets a bad count, then it exits 1 with one clear line', async () => {
    const result = await cli('seed', ['--threads', 'many'], { DATABASE_URL: database.url });

    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid arguments: threads: should be an integer from 0 to 1000000');
  });
});

describe('npm start', () => {
  let database: TestDatabase;
  let server: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await database?.drop();
  });

  it('when started without auth in dev mode, then it prints the URL and a dev token that deletes a demo thread, and exits 0 on SIGTERM', async () => {
    server = spawn('node', ['dist/src/main.js'], { env: { ...BASE_ENV, DATABASE_URL: database.url, PORT: '0' } });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk));
    await expect.poll(() => output, { timeout: 20_000 }).toMatch(/Authorization: Bearer (\S+)/);
    const url = defined(/GraphQL\s+(http:\/\/\S+)\/graphql/.exec(output), 'the GraphQL URL')[1];
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${defined(/Authorization: Bearer (\S+)/.exec(output), 'the dev token')[1]}`,
    };

    const listed = (await (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: '{ threads { edges { node { id messageCount } } } }' }),
      })
    ).json()) as GqlBody;
    const demo = defined(listed.data, 'data of the threads query').threads.edges[0].node;
    const deleted = (await (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          query: `mutation { deleteThread(threadId: "${demo.id}") { status deletedMessageCount } }`,
        }),
      })
    ).json()) as GqlBody;
    server.kill('SIGTERM');
    const [code] = await once(server, 'exit');

    expect(listed.data?.threads.edges).toHaveLength(3);
    expect(deleted.data?.deleteThread).toEqual({ status: 'success', deletedMessageCount: demo.messageCount });
    expect(code).toBe(0);
  });

  it('when NODE_ENV=production and no auth is configured, then it refuses to start with one clear line', async () => {
    const child = spawn('node', ['dist/src/main.js'], {
      env: { ...BASE_ENV, NODE_ENV: 'production', DATABASE_URL: database.url, PORT: '0' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');

    expect(code).toBe(1);
    expect(stderr).toBe('Configuration error: NODE_ENV=production needs AUTH_JWT_SECRET or AUTH_JWKS_URL\n');
  });
});
