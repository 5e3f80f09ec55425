import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Message } from '../src/threads/message.entity.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import type { GqlBody } from './support/graphql-types.js';
import { countRows } from './support/rows.js';
import { GRAPHQL_RESPONSE_ACCEPT, LogCapture, type TestApp, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const DELETE_MANY = `mutation ($ids: [ID!]!, $options: DeleteThreadOptions) {
  a: deleteThreads(threadIds: $ids, options: $options) { status threadId customMetadata { labels } }
  b: deleteThreads(threadIds: $ids, options: $options) { status threadId customMetadata { labels } }
  c: deleteThreads(threadIds: $ids, options: $options) { status threadId customMetadata { labels } }
  d: deleteThreads(threadIds: $ids, options: $options) { status threadId customMetadata { labels } }
  e: deleteThreads(threadIds: $ids, options: $options) { status threadId customMetadata { labels } }
}`;
const ONE_BULK =
  'mutation ($ids: [ID!]!, $options: DeleteThreadOptions) { deleteThreads(threadIds: $ids, options: $options) { status threadId customMetadata { labels tags } } }';
const TWO_PAGES =
  'query ($id: ID!) { thread(id: $id) { a: messages(first: 100) { edges { node { content } } } b: messages(first: 100) { edges { node { content } } } } }';

const missingIds = (count: number) => Array.from({ length: count }, (_, i) => `missing-${i}`);

/** Sends a GraphQL request (an object, or JSON text) and returns the status, the raw body's size and the parsed body. */
async function post(
  t: TestApp,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number; json: GqlBody; requestBytes: number }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE_ACCEPT, ...headers },
    body: text,
  });
  const raw = await response.text();
  return {
    status: response.status,
    bytes: Buffer.byteLength(raw),
    json: JSON.parse(raw) as GqlBody,
    requestBytes: Buffer.byteLength(text),
  };
}

/** Adds `count` messages of `content` to a thread, straight through TypeORM. */
async function addMessages(t: TestApp, threadId: string, count: number, content: string): Promise<void> {
  const at = Date.now();
  for (let i = 0; i < count; i += 10) {
    const rows = Array.from({ length: Math.min(10, count - i) }, (_, j) => ({
      id: randomUUID(),
      threadId,
      role: 'tool',
      content,
      createdAt: new Date(at + i + j),
    }));
    await t.app.db.dataSource.getRepository(Message).insert(rows);
  }
}

describe.each(DATABASE_KINDS)('bounded answers (%s)', (kind) => {
  const logs = new LogCapture();
  const t = useTestApp(kind, {}, logs);

  it('when 5 aliases of deleteThreads echo 100 labels of 9,000 characters (the amplification request), then it is refused with a small 400 before anything runs', async () => {
    const alice = await bearer(t, 'alice');
    const labels = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`label${i}`, 'x'.repeat(9000)]));

    const response = await post(
      t,
      {
        query: DELETE_MANY,
        variables: { ids: missingIds(100), options: { dryRun: true, customMetadata: { labels } } },
      },
      alice,
    );

    expect(response.requestBytes).toBeGreaterThan(900_000);
    expect(response.status).toBe(400);
    expect(response.json.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.json.errors?.[0].message).toMatch(/at most 1024 characters/);
    expect(response.bytes).toBeLessThan(4096);
  });

  it('when the metadata is within its limits but five aliased bulk deletes would echo it 500 times, then the cost limit refuses it', async () => {
    const alice = await bearer(t, 'alice');
    const labels = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`label${i}`, 'x'.repeat(1000)]));

    const response = await post(
      t,
      {
        query: DELETE_MANY,
        variables: { ids: missingIds(100), options: { dryRun: true, customMetadata: { labels } } },
      },
      alice,
    );

    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([
      {
        message: expect.stringMatching(/^Query Cost limit of 10000 exceeded, found \d+\.$/),
        extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
      },
    ]);
    expect(response.bytes).toBeLessThan(1024);
  });

  it('when one bulk delete echoes the largest metadata allowed 100 times, then it is answered, within 1.1 MB', async () => {
    const alice = await bearer(t, 'alice');
    const labels = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`label${i}`, 'x'.repeat(1000)]));
    const customMetadata = { labels, tags: Array.from({ length: 10 }, (_, i) => `tag-${i}`) };

    const response = await post(
      t,
      { query: ONE_BULK, variables: { ids: missingIds(100), options: { dryRun: true, customMetadata } } },
      alice,
    );

    expect(response.status).toBe(200);
    expect(response.json.data?.deleteThreads).toHaveLength(100);
    expect(response.json.data?.deleteThreads[99]).toEqual({
      status: 'error',
      threadId: 'missing-99',
      customMetadata: customMetadata,
    });
    expect(response.bytes).toBeLessThan(1_100_000);
  });

  it('when customMetadata is larger than 8,192 bytes of JSON, then it is BAD_USER_INPUT naming the limit', async () => {
    const alice = await bearer(t, 'alice');
    const labels = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`label${i}`, 'x'.repeat(1000)]));

    const response = await post(
      t,
      { query: ONE_BULK, variables: { ids: ['a'], options: { customMetadata: { labels } } } },
      alice,
    );

    // The resolver refuses it, beside `data`: HTTP 200 (GraphQL over HTTP), the code in the body.
    expect(response.status).toBe(200);
    expect(response.json.errors?.[0].extensions?.detail).toEqual([
      expect.objectContaining({ type: 'value_error', loc: ['options', 'customMetadata'], ctx: { max_bytes: 8192 } }),
    ]);
  });

  it('when deleteThreads gets 340,000 empty ids (a 1 MB body), then the refusal is under 64 KB and echoes a few of them only', async () => {
    const alice = await bearer(t, 'alice');

    const response = await post(
      t,
      { query: ONE_BULK, variables: { ids: Array.from({ length: 340_000 }, () => '') } },
      alice,
    );

    expect(response.requestBytes).toBeGreaterThan(1_000_000);
    expect(response.status).toBe(200);
    expect(response.json.errors?.[0].extensions?.detail).toEqual([
      {
        type: 'too_long',
        loc: ['threadIds'],
        msg: 'List should have at most 100 items after validation, not 340000',
        input: ['', '', '', '', '', '… 339995 more'],
        ctx: { field_type: 'List', max_length: 100, actual_length: 340_000 },
      },
    ]);
    expect(response.bytes).toBeLessThan(65_536);
  });

  it('when 100,000 tags hold a NUL each, then the refusal is small and names the list length', async () => {
    const alice = await bearer(t, 'alice');

    const response = await post(
      t,
      {
        query: ONE_BULK,
        variables: {
          ids: ['a'],
          options: { customMetadata: { tags: Array.from({ length: 100_000 }, () => '\u0000') } },
        },
      },
      alice,
    );

    expect(response.status).toBe(200);
    expect(response.json.errors?.[0].extensions?.detail?.[0]).toMatchObject({
      type: 'too_long',
      loc: ['options', 'customMetadata', 'tags'],
    });
    expect(response.bytes).toBeLessThan(4096);
  });

  it('when 60 ids are each too long, then at most 10 issues are reported and the message says how many more', async () => {
    const alice = await bearer(t, 'alice');

    const response = await post(
      t,
      { query: ONE_BULK, variables: { ids: Array.from({ length: 60 }, () => 'x'.repeat(200)) } },
      alice,
    );

    expect(response.status).toBe(200);
    expect(response.json.errors?.[0].extensions?.detail).toHaveLength(10);
    expect(response.json.errors?.[0].extensions?.detail?.[0].input).toBe('x'.repeat(200));
    expect(response.json.errors?.[0].message).toMatch(/; and 50 more$/);
  });

  it('when a StringMap variable is nested 5,000 levels deep (no token), then it is a client error, never a 500', async () => {
    const nested = `${'{"a":'.repeat(5000)}"leaf"${'}'.repeat(5000)}`;
    const query =
      'mutation ($options: DeleteThreadOptions) { deleteThread(threadId: \\"x\\", options: $options) { status } }';
    const body = `{"query":"${query}","variables":{"options":{"customMetadata":{"labels":${nested}}}}}`;

    const anonymous = await post(t, body, {});
    const alice = await post(t, body, await bearer(t, 'alice'));

    // Without a token the mutation is refused before its variables are even coerced.
    expect([anonymous.status, anonymous.json.errors?.[0].extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect([alice.status, alice.json.errors?.[0].extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    for (const response of [anonymous, alice]) expect(response.bytes).toBeLessThan(4096);
    expect(logs.lines.filter((line) => (line.level ?? 0) >= 50)).toEqual([]);
  });

  it('when 100 stored messages of 100,000 control characters are read twice in one request, then the answer is RESPONSE_TOO_LARGE, small, and the server stays responsive', async () => {
    const alice = await bearer(t, 'alice');
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 0, owner: 'alice' });
    await addMessages(t, threadId, 100, '\u0001'.repeat(100_000));

    const response = await post(t, { query: TWO_PAGES, variables: { id: threadId } }, alice);
    const health = await fetch(`${t.url}/healthz`);

    expect(response.status).toBe(200);
    expect(response.json.errors?.map((error) => error.extensions?.code)).toContain('RESPONSE_TOO_LARGE');
    expect(response.json.data).toEqual({ thread: null });
    expect(response.bytes).toBeLessThan(4096);
    expect(health.status).toBe(200);
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 100, audit: 0 });
  });
});

describe('bounded answers: small budgets and slow readers (sqlite)', () => {
  const logs = new LogCapture();
  const t = useTestApp('sqlite', { RESPONSE_MAX_BYTES: '2000000', SLOW_CLIENT_TIMEOUT_MS: '300' }, logs);

  it('when a page of messages fits the budget, then it is answered whole; when two do not, then RESPONSE_TOO_LARGE', async () => {
    const alice = await bearer(t, 'alice');
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 0, owner: 'alice' });
    await addMessages(t, threadId, 10, 'é'.repeat(60_000));
    const one = 'query ($id: ID!) { thread(id: $id) { messages(first: 100) { edges { node { content } } } } }';

    const fits = await post(t, { query: one, variables: { id: threadId } }, alice);
    const twice = await post(t, { query: TWO_PAGES, variables: { id: threadId } }, alice);

    expect(fits.json.data?.thread?.messages.edges).toHaveLength(10);
    expect(fits.bytes).toBeGreaterThan(1_200_000);
    expect(twice.json.errors?.[0].extensions?.code).toBe('RESPONSE_TOO_LARGE');
  });

  it('when a client sends a request and never reads the answer, then the server closes the connection after SLOW_CLIENT_TIMEOUT_MS', async () => {
    const alice = await bearer(t, 'alice');
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 0, owner: 'alice' });
    await addMessages(t, threadId, 19, 'y'.repeat(100_000));
    const body = JSON.stringify({
      query: 'query ($id: ID!) { thread(id: $id) { messages(first: 100) { edges { node { content } } } } }',
      variables: { id: threadId },
    });
    const { port } = new URL(t.url);

    const socket = connect(Number(port), '127.0.0.1');
    socket.pause();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${alice.authorization}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // Hundreds of large answers: more than the kernel's socket buffers take, so the rest waits in the server.
    for (let i = 0; i < 30; i += 1)
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${alice.authorization}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );

    socket.on('error', () => undefined);
    const cutOff = () => logs.lines.some((line) => line.msg === 'client stopped reading its answer: connection closed');
    while (!cutOff()) await new Promise((resolve) => setTimeout(resolve, 50));
    // Once the server has let go, the client reads what the kernel still held, then sees the end.
    socket.resume();
    await closed;

    expect(socket.bytesRead).toBeLessThan(31 * 1_900_000);
  });
});
