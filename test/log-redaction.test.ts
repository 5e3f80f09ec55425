import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { LogCapture, startTestApp, type TestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const MARKER = 'the-launch-code-is-4711';
const ADD_MESSAGE =
  'mutation ($id: ID!, $c: String!) { addMessage(input: { threadId: $id, role: "user", content: $c }) { id } }';

/** Makes every insert of a message holding the marker fail inside the database, as an unexpected error would. */
async function refuseMarkerInserts(t: TestApp): Promise<void> {
  if (t.app.db.kind === 'postgres') {
    // A check violation: PostgreSQL's detail then holds the whole failing row ("Failing row contains (...)").
    await t.app.db.dataSource.query(
      `ALTER TABLE messages ADD CONSTRAINT refuse_marker CHECK (content NOT LIKE '%${MARKER}%') NOT VALID`,
    );
  } else {
    await t.app.db.dataSource.query(
      `CREATE TRIGGER refuse_marker BEFORE INSERT ON messages WHEN NEW.content LIKE '%${MARKER}%' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`,
    );
  }
}

describe.each(DATABASE_KINDS)('error logs (%s)', (kind) => {
  const logs = new LogCapture();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, logs);
    await refuseMarkerInserts(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when an insert of a message fails unexpectedly, then the error is logged with its code and SQL but without the message text', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 0, owner: 'alice' });

    const response = await t.graphql(
      ADD_MESSAGE,
      { id: threadId, c: `note: ${MARKER}` },
      { ...(await bearer(t, 'alice')), 'x-request-id': 'redact-me' },
    );

    expect(response.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const [line] = logs.lines.filter((entry) => entry.requestId === 'redact-me' && entry.level === 50);
    expect(line.err).toMatchObject({
      type: 'QueryFailedError',
      code: kind === 'postgres' ? '23514' : 'SQLITE_CONSTRAINT_TRIGGER',
    });
    expect(line.err?.query).toMatch(/^INSERT INTO "messages"/);
    expect(line.err?.stack).toMatch(/^QueryFailedError: /);
    expect(logs.raw.join('\n')).not.toContain(MARKER);
  });

  it("when a failed query's message quotes the bound value, then the logged message, stack and driver error leave it out", async () => {
    const sql = kind === 'postgres' ? 'SELECT $1::int AS n' : 'SELECT json(?) AS n';
    const error = await t.app.db.dataSource.query(sql, [MARKER]).catch((failure: unknown) => failure);
    const captured = new LogCapture();

    createLogger('info', captured).error({ err: error }, 'unexpected error');

    const [line] = captured.lines;
    expect(line.err?.type).toBe('QueryFailedError');
    expect(line.err?.message).toBe(
      kind === 'postgres' ? 'invalid input syntax for type integer: "[redacted]"' : 'SqliteError: malformed JSON',
    );
    expect(line.err?.query).toBe(sql);
    expect(line.err).not.toHaveProperty('parameters');
    expect(captured.raw.join('\n')).not.toContain(MARKER);
  });
});

describe('the error serializer', () => {
  it('when an error has causes and a driver error, then each is serialized with the same redaction', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "pk"'), {
      code: '23505',
      detail: `Key (id)=(${MARKER}) already exists.`,
      parameters: [MARKER],
    });
    const failed = Object.assign(new Error('insert failed'), {
      driverError,
      where: `unnamed portal parameter $1 = '${MARKER}'`,
    });
    const outer = new Error('backup failed', { cause: failed });
    const captured = new LogCapture();

    createLogger('info', captured).error({ err: outer }, 'backup failed');

    const [line] = captured.lines;
    expect(line.err?.message).toBe('backup failed');
    expect(line.err?.cause?.message).toBe('insert failed');
    expect(line.err?.cause?.driverError).toMatchObject({
      type: 'Error',
      code: '23505',
      message: 'duplicate key value violates unique constraint "pk"',
    });
    expect(captured.raw.join('\n')).not.toContain(MARKER);
  });
});
