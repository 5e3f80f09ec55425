import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Ajv2020 from 'ajv/dist/2020.js';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackupFailedError, ERROR_MAP } from '../src/errors.js';
import { type BackupMessage, BackupStore, backupFiles } from '../src/threads/backup/thread-backup.store.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { backupThread } from './support/fixtures.js';
import { countRows } from './support/rows.js';
import { startTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION, TRANSPORTS, type Transport } from './support/transports.js';

/** The codes this file is about, and everything a caller of either transport sees with each. */
const ANSWERS = {
  DATABASE_TIMEOUT: { graphqlStatus: 200, restStatus: 504, detail: 'Database timeout: nothing was deleted' },
  THREAD_BUSY: { graphqlStatus: 200, restStatus: 409, detail: 'Thread busy: nothing was deleted; try again' },
  BACKUP_FAILED: { graphqlStatus: 200, restStatus: 500, detail: 'Backup failed: nothing was deleted' },
} as const;
type Code = keyof typeof ANSWERS;

/** A delete over one transport, as the caller received it. */
interface Answer {
  readonly status: number;
  readonly body: {
    data?: { deleteThread?: { status: string; errors: string[] | null; message: string } | null } | null;
    errors?: { message: string; path?: unknown; extensions?: { code?: string } }[];
    detail?: unknown;
    status?: string;
  };
}

async function deleteOver(
  transport: Transport,
  t: TestApp,
  threadId: string,
  headers: Record<string, string>,
  options: { mode?: 'SOFT'; backup?: boolean } = {},
): Promise<Answer> {
  if (transport === 'graphql') return t.graphql(DELETE_MUTATION, { threadId, options }, headers) as Promise<Answer>;
  const query = new URLSearchParams();
  if (options.mode) query.set('mode', 'soft');
  if (options.backup) query.set('backup', 'true');
  return t.rest('DELETE', `/api/chat/threads/${threadId}?${query}`, headers) as Promise<Answer>;
}

/** The served OpenAPI document's schema for the REST route's answer with `status`, and its example. */
async function documentedRestAnswer(t: TestApp, status: number) {
  const document = (
    await t.rest<{
      paths: Record<string, { delete: { responses: Record<string, unknown> } }>;
      components: unknown;
    }>('GET', '/openapi.json')
  ).body;
  const response = document.paths['/api/chat/threads/{thread_id}'].delete.responses[String(status)] as
    | { content: { 'application/json': { schema: unknown; example?: unknown } } }
    | undefined;
  if (!response) throw new Error(`/openapi.json documents no ${status} answer for the REST route`);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'https://contract.local/openapi.json', components: document.components });
  const json = response.content['application/json'];
  const schema = JSON.parse(JSON.stringify(json.schema).replaceAll('"#/', '"https://contract.local/openapi.json#/'));
  return { validate: ajv.compile(schema), example: json.example };
}

/** Asserts the answer a caller of `transport` gets for `code`: status, code, message, and REST's documented body. */
async function expectAnswer(t: TestApp, transport: Transport, answer: Answer, code: Code): Promise<void> {
  const expected = ANSWERS[code];
  if (transport === 'rest') {
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: expected.restStatus,
      body: { detail: expected.detail },
    });
    const { validate, example } = await documentedRestAnswer(t, expected.restStatus);
    expect(validate(answer.body), JSON.stringify(validate.errors)).toBe(true);
    if (code !== 'BACKUP_FAILED') expect(example).toEqual(answer.body);
    return;
  }
  expect(answer.status).toBe(expected.graphqlStatus);
  if (code === 'BACKUP_FAILED') {
    expect(answer.body.data?.deleteThread).toMatchObject({
      status: 'error',
      errors: ['BACKUP_FAILED'],
      message: ERROR_MAP.BACKUP_FAILED.message,
    });
    return;
  }
  expect(answer.body.data).toBeNull();
  expect(answer.body.errors).toEqual([
    {
      message: ERROR_MAP[code].message,
      locations: expect.any(Array),
      path: ['deleteThread'],
      extensions: { code },
    },
  ]);
}

// Timeouts, lock waits, deadlocks and serialization failures are PostgreSQL's; SQLite has none of them.
const SERVER_DATABASES = DATABASE_KINDS.filter((kind) => kind === 'postgres');

/** Runs one statement as the PostgreSQL admin (the database of TEST_DATABASE_URL). */
async function admin<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A gateway on a PostgreSQL database that a DBA configured with `settings` (`ALTER DATABASE ... SET`)
 * before the gateway connected: every session of the gateway runs with them.
 */
async function startOnConfiguredDatabase(
  settings: Record<string, string>,
  env: Record<string, string> = {},
): Promise<{ t: TestApp; database: TestDatabase; close(): Promise<void> }> {
  const database = await createTestDatabase('postgres');
  const name = new URL(database.url).pathname.slice(1);
  for (const [setting, value] of Object.entries(settings))
    await admin(`ALTER DATABASE ${name} SET ${setting} = '${value}'`);
  const t = await startTestApp('postgres', { ...env, DATABASE_URL: database.url });
  return {
    t,
    database,
    close: async () => {
      await t.close();
      await database.drop();
    },
  };
}

/**
 * Deletes `threadId` and a new thread of alice's in one `deleteThreads`: `threadId`'s result is the
 * error `code`, the other's a success. Resolves with the other thread's id.
 */
async function expectBulkWithOneFailing(
  t: TestApp,
  alice: Record<string, string>,
  threadId: string,
  code: 'DATABASE_TIMEOUT' | 'THREAD_BUSY',
): Promise<string> {
  const [other] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });

  const response = await t.graphql(
    'mutation ($ids: [ID!]!) { deleteThreads(threadIds: $ids) { threadId status errors message } }',
    { ids: [threadId, other] },
    alice,
  );

  expect(response.body.data?.deleteThreads).toEqual([
    { threadId, status: 'error', errors: [code], message: ERROR_MAP[code].message },
    { threadId: other, status: 'success', errors: [], message: expect.any(String) },
  ]);
  return other;
}

/** Another client of the gateway's database, holding locks in its own transaction. */
async function otherSession(database: TestDatabase): Promise<Client> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return client;
}

/** Resolves once a statement of the gateway that matches `query` (a LIKE pattern) waits for a lock. */
async function waitingForLock(database: TestDatabase, query: string): Promise<void> {
  const name = new URL(database.url).pathname.slice(1);
  await expect
    .poll(
      async () =>
        (
          await admin<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE $2",
            [name, query],
          )
        )[0].n,
      { timeout: 10_000, interval: 10 },
    )
    .toBeGreaterThan(0);
}

describe.each(SERVER_DATABASES)('when %s cancels a delete that runs past DB_STATEMENT_TIMEOUT_MS', () => {
  let t: TestApp;
  let close: () => Promise<void>;
  let alice: Record<string, string>;

  beforeAll(async () => {
    ({ t, close } = await startOnConfiguredDatabase({}, { DB_STATEMENT_TIMEOUT_MS: '300' }));
    alice = await bearer(t, 'alice');
    // The audit entry of a thread listed in slow_threads takes two seconds to write: every delete
    // writes one, the plain one after deleting the messages, in the statement the timeout cancels.
    for (const sql of [
      'CREATE TABLE slow_threads (thread_id varchar PRIMARY KEY)',
      'CREATE FUNCTION slow_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM slow_threads WHERE thread_id = NEW.thread_id) THEN PERFORM pg_sleep(2); END IF; RETURN NEW; END $$',
      'CREATE TRIGGER slow_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION slow_audit()',
    ])
      await t.app.db.dataSource.query(sql);
  });
  afterAll(async () => {
    await close?.();
  });

  const slowThread = async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 7, owner: 'alice' });
    await t.app.db.dataSource.query('INSERT INTO slow_threads VALUES ($1)', [threadId]);
    return threadId;
  };

  it.each(TRANSPORTS)(
    'over %s, then a plain delete answers DATABASE_TIMEOUT (not SERVICE_UNAVAILABLE), the database stays ready, and the thread, its messages and the audit trail are untouched',
    async (transport) => {
      const threadId = await slowThread();

      const answer = await deleteOver(transport, t, threadId, alice);

      await expectAnswer(t, transport, answer, 'DATABASE_TIMEOUT');
      expect((await t.rest('GET', '/readyz')).status).toBe(200);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 7, audit: 0 });
    },
  );

  it.each(TRANSPORTS)(
    'over %s, then a soft delete (one transaction) answers DATABASE_TIMEOUT and leaves the thread out of the trash',
    async (transport) => {
      const threadId = await slowThread();

      const answer = await deleteOver(transport, t, threadId, alice, { mode: 'SOFT' });

      await expectAnswer(t, transport, answer, 'DATABASE_TIMEOUT');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 7, audit: 0 });
      const [row] = await t.app.db.dataSource.query('SELECT deleted_at FROM threads WHERE id = $1', [threadId]);
      expect(row).toEqual({ deleted_at: null });
    },
  );

  it('then in a bulk delete the slow thread gets DATABASE_TIMEOUT as its result and the others are deleted', async () => {
    const threadId = await slowThread();
    const other = await expectBulkWithOneFailing(t, alice, threadId, 'DATABASE_TIMEOUT');
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 7, audit: 0 });
    expect(await countRows(t, other)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });
});

/**
 * Who sets the lock timeout: the gateway (DB_LOCK_TIMEOUT_MS, on its connections), or a DBA on the
 * database, with the gateway leaving it alone (DB_LOCK_TIMEOUT_MS=0). Either way a statement that
 * waits longer than 500 ms for a lock fails with 55P03.
 */
interface LockTimeout {
  readonly by: string;
  readonly settings: Record<string, string>;
  readonly env: Record<string, string>;
}
const LOCK_TIMEOUTS = SERVER_DATABASES.flatMap((): LockTimeout[] => [
  { by: 'DB_LOCK_TIMEOUT_MS', settings: {}, env: { DB_LOCK_TIMEOUT_MS: '500' } },
  { by: "the database's lock_timeout", settings: { lock_timeout: '500ms' }, env: { DB_LOCK_TIMEOUT_MS: '0' } },
]);

describe.each(LOCK_TIMEOUTS)('when another transaction holds the thread past $by', ({ settings, env }) => {
  let t: TestApp;
  let database: TestDatabase;
  let close: () => Promise<void>;
  let alice: Record<string, string>;
  let holder: Client;

  beforeAll(async () => {
    ({ t, database, close } = await startOnConfiguredDatabase(settings, env));
    alice = await bearer(t, 'alice');
  });
  afterEach(async () => {
    await holder?.query('ROLLBACK').catch(() => undefined);
    await holder?.end();
  });
  afterAll(async () => {
    await close?.();
  });

  const held = async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 4, owner: 'alice' });
    holder = await otherSession(database);
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM threads WHERE id = $1 FOR UPDATE', [threadId]);
    return threadId;
  };

  it.each(TRANSPORTS)(
    'over %s, then a plain delete (out of its batch, then alone) answers THREAD_BUSY, keeps everything, and succeeds once the thread is free',
    async (transport) => {
      const threadId = await held();

      const answer = await deleteOver(transport, t, threadId, alice);

      await expectAnswer(t, transport, answer, 'THREAD_BUSY');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 4, audit: 0 });
      await holder.query('COMMIT');
      expect((await deleteOver(transport, t, threadId, alice)).status).toBe(200);
      expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
    },
  );

  it.each(TRANSPORTS)(
    'over %s, then a soft delete (one transaction) answers THREAD_BUSY and keeps everything',
    async (transport) => {
      const threadId = await held();

      const answer = await deleteOver(transport, t, threadId, alice, { mode: 'SOFT' });

      await expectAnswer(t, transport, answer, 'THREAD_BUSY');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 4, audit: 0 });
    },
  );

  it('then in a bulk delete the held thread gets THREAD_BUSY as its result and the others are deleted', async () => {
    const threadId = await held();
    await expectBulkWithOneFailing(t, alice, threadId, 'THREAD_BUSY');
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 4, audit: 0 });
  });
});

describe.each(SERVER_DATABASES)('when a delete on %s loses a deadlock or a serialization check', () => {
  const t = useTestApp('postgres');
  let alice: Record<string, string>;
  let other: Client | undefined;

  beforeAll(async () => {
    alice = await bearer(t, 'alice');
    // Makes the audit insert of a listed thread fail with a given SQLSTATE for its first `times`
    // attempts, counted in a sequence (which a rollback does not undo): real database errors, raised
    // where the delete really writes, after it deleted the thread's messages.
    for (const sql of [
      'CREATE TABLE injected_failures (thread_id varchar PRIMARY KEY, sqlstate text NOT NULL, times integer NOT NULL, attempts text NOT NULL)',
      `CREATE FUNCTION inject_failure() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE f injected_failures%ROWTYPE;
       BEGIN
         SELECT * INTO f FROM injected_failures WHERE thread_id = NEW.thread_id;
         IF FOUND AND nextval(f.attempts::regclass) <= f.times THEN
           RAISE EXCEPTION 'injected failure' USING ERRCODE = f.sqlstate;
         END IF;
         RETURN NEW;
       END $$`,
      'CREATE TRIGGER inject_failure BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION inject_failure()',
    ])
      await t.app.db.dataSource.query(sql);
  });
  afterEach(async () => {
    await other?.query('ROLLBACK').catch(() => undefined);
    await other?.end();
    other = undefined;
  });

  /** A thread whose delete fails with `sqlstate` the first `times` times; and how many times it was tried. */
  const failing = async (sqlstate: string, times: number) => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
    const sequence = `attempts_${threadId.replaceAll('-', '_')}`;
    await t.app.db.dataSource.query(`CREATE SEQUENCE ${sequence}`);
    await t.app.db.dataSource.query('INSERT INTO injected_failures VALUES ($1, $2, $3, $4)', [
      threadId,
      sqlstate,
      times,
      sequence,
    ]);
    const attempts = async () =>
      Number((await t.app.db.dataSource.query(`SELECT last_value, is_called FROM ${sequence}`))[0].last_value);
    return { threadId, attempts };
  };

  it.each([
    ['40P01', 'a deadlock'],
    ['40001', 'a serialization failure'],
  ])(
    'when a batched delete fails once with %s (%s), then it is tried again alone and succeeds, and the deletes beside it succeed too',
    async (sqlstate) => {
      const { threadId, attempts } = await failing(sqlstate, 1);
      const others = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 1, owner: 'alice' });

      const answers = await Promise.all(
        [threadId, ...others].map((id, i) => deleteOver(TRANSPORTS[i % 2], t, id, alice)),
      );

      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(answers[0].body.data?.deleteThread).toMatchObject({ status: 'success', errors: [] });
      expect(await attempts()).toBe(2);
      for (const id of [threadId, ...others])
        expect(await countRows(t, id)).toEqual({ threads: 0, messages: 0, audit: 1 });
    },
  );

  it.each(
    TRANSPORTS.flatMap((transport) => [
      [transport, '40P01'],
      [transport, '40001'],
    ]),
  )(
    'over %s, when a batched delete fails with %s in the batch and again alone, then it answers THREAD_BUSY, never a 500, and keeps everything',
    async (transport, sqlstate) => {
      const { threadId, attempts } = await failing(sqlstate, 2);

      const answer = await deleteOver(transport as Transport, t, threadId, alice);

      await expectAnswer(t, transport as Transport, answer, 'THREAD_BUSY');
      expect(await attempts()).toBe(2);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
    },
  );

  it.each(TRANSPORTS)(
    'over %s, when the delete deadlocks with another transaction, then PostgreSQL picks it as the victim and it answers THREAD_BUSY, keeping everything',
    async (transport) => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
      other = await otherSession(t.database);
      await other.query('BEGIN');
      // The other transaction checks for deadlocks after the gateway does, so the gateway is the victim.
      await other.query("SET LOCAL deadlock_timeout = '10s'");
      await other.query(
        'UPDATE messages SET content = content WHERE id = (SELECT min(id) FROM messages WHERE thread_id = $1)',
        [threadId],
      );

      // The delete locks the thread, then waits for the message: out of its batch after 200 ms, then alone.
      const pending = deleteOver(transport, t, threadId, alice);
      await waitingForLock(t.database, '%ctg_delete_thread(%');
      // Now the other transaction wants the thread: each waits for the other.
      const otherLocks = other.query('SELECT id FROM threads WHERE id = $1 FOR UPDATE', [threadId]);
      const answer = await pending;
      await otherLocks;

      await expectAnswer(t, transport, answer, 'THREAD_BUSY');
      await other.query('ROLLBACK');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
    },
  );
});

describe.each(SERVER_DATABASES)(
  'when %s runs the gateway at REPEATABLE READ and the thread changes under a delete',
  () => {
    let t: TestApp;
    let database: TestDatabase;
    let close: () => Promise<void>;
    let alice: Record<string, string>;
    let other: Client | undefined;

    beforeAll(async () => {
      ({ t, database, close } = await startOnConfiguredDatabase({ default_transaction_isolation: 'repeatable read' }));
      alice = await bearer(t, 'alice');
    });
    afterEach(async () => {
      await other?.query('ROLLBACK').catch(() => undefined);
      await other?.end();
      other = undefined;
    });
    afterAll(async () => {
      await close?.();
    });

    it.each(TRANSPORTS)(
      'over %s, then the serialization failure answers THREAD_BUSY, nothing is deleted, and the delete succeeds when tried again',
      async (transport) => {
        const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
        other = await otherSession(database);
        await other.query('BEGIN');
        await other.query("UPDATE threads SET title = 'renamed' WHERE id = $1", [threadId]);

        const pending = deleteOver(transport, t, threadId, alice);
        await waitingForLock(database, '%ctg_delete_thread(%');
        // The row the delete waits for changes after its snapshot: "could not serialize access".
        await other.query('COMMIT');
        const answer = await pending;

        await expectAnswer(t, transport, answer, 'THREAD_BUSY');
        expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
        expect((await deleteOver(transport, t, threadId, alice)).status).toBe(200);
        expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
      },
    );
  },
);

/** A file-system error as Node raises it. */
function errnoError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected, ${syscall}`), { code, syscall, errno: -1 });
}

describe.each(DATABASE_KINDS)('when the backup storage fails (%s)', (kind) => {
  let t: TestApp;
  let alice: Record<string, string>;
  let backupDir: string;

  beforeAll(async () => {
    backupDir = path.join(await mkdtemp(path.join(tmpdir(), 'ctg-honest-')), 'backups');
    t = await startTestApp(kind, { BACKUP_DIR: backupDir });
    alice = await bearer(t, 'alice');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(backupDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  const files = () => readdirSync(backupDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());

  it.each(TRANSPORTS)(
    'over %s, when BACKUP_DIR is a file (ENOTDIR, for real), then the delete answers BACKUP_FAILED and deletes nothing',
    async (transport) => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 5, owner: 'alice' });
      writeFileSync(backupDir, 'not a folder');

      const answer = await deleteOver(transport, t, threadId, alice, { backup: true });

      await expectAnswer(t, transport, answer, 'BACKUP_FAILED');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 5, audit: 0 });
    },
  );

  // Errnos a network file system (NFS, SMB, a FUSE bucket mount) answers with, which an unreachable
  // database answers with too: injected at the store's file-system boundary, never in the database.
  const failures = [
    {
      errno: 'EPIPE',
      when: 'while the file is written',
      inject: () =>
        vi.spyOn(backupFiles, 'createWriteStream').mockImplementation(
          () =>
            new Writable({
              write: (_chunk, _encoding, done) => done(errnoError('EPIPE', 'write')),
            }) as unknown as ReturnType<typeof backupFiles.createWriteStream>,
        ),
      leavesNoFile: true,
    },
    {
      errno: 'ETIMEDOUT',
      when: 'when the file is flushed to disk',
      inject: () => vi.spyOn(backupFiles, 'open').mockRejectedValue(errnoError('ETIMEDOUT', 'open')),
      leavesNoFile: true,
    },
    {
      errno: 'ETIMEDOUT',
      when: 'when the written file is measured for the quota',
      inject: () => vi.spyOn(backupFiles, 'stat').mockRejectedValue(errnoError('ETIMEDOUT', 'stat')),
      leavesNoFile: false,
    },
  ];

  it.each(
    TRANSPORTS.flatMap((transport) =>
      failures.map((failure) => [transport, failure.errno, failure.when, failure] as const),
    ),
  )(
    'over %s, when the file system fails with %s %s, then the delete answers BACKUP_FAILED (not SERVICE_UNAVAILABLE) and deletes nothing',
    async (transport, _errno, _when, failure) => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 5, owner: 'alice' });
      mkdirSync(backupDir, { recursive: true });
      failure.inject();

      const answer = await deleteOver(transport, t, threadId, alice, { backup: true });

      await expectAnswer(t, transport, answer, 'BACKUP_FAILED');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 5, audit: 0 });
      if (failure.leavesNoFile) expect(files()).toEqual([]);
    },
  );

  it('when the messages cannot be read from the database while a backup is written, then the store passes that error on as it is, not as BACKUP_FAILED', async () => {
    mkdirSync(backupDir, { recursive: true });
    let databaseError: unknown;
    async function* pages(): AsyncGenerator<BackupMessage[]> {
      yield await t.app.db.read(async (manager) => {
        try {
          return await manager.query('SELECT * FROM no_such_table');
        } catch (error) {
          databaseError = error;
          throw error;
        }
      });
    }
    const thread = backupThread('t');

    const failure = await new BackupStore(backupDir).write(thread, pages()).catch((error: unknown) => error);

    expect(databaseError).toBeInstanceOf(Error);
    expect(failure).toBe(databaseError);
    expect(failure).not.toBeInstanceOf(BackupFailedError);
    expect(files()).toEqual([]);
  });
});
