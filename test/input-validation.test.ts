import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION, deleteVia, TRANSPORTS } from './support/transports.js';

/** Thread ids an attacker or a buggy client might send, raw as they appear in the URL path. */
const HOSTILE_PATHS = [
  '..%2F..%2Fetc%2Fpasswd',
  '..',
  '%2E%2E',
  '%00',
  'abc%00def',
  '%27%20OR%201%3D1%20--',
  '%22%3B%20DROP%20TABLE%20threads%3B%20--',
  '%F0%9F%A7%B5%F0%9F%94%A5',
  '%ED%A0%80',
  '%FF%FE',
  '%ZZ',
  '%',
  'a'.repeat(129),
  '%F0%9F%A7%B5'.repeat(129),
  '%0A%0D',
  '%20',
  '$%7Bjndi%3Aldap%3A%2F%2Fx%7D',
];

const HOSTILE_IDS = [
  '../../etc/passwd',
  '\u0000',
  "' OR 1=1 --",
  '"; DROP TABLE threads; --',
  '🧵🔥',
  '\ud800',
  'a'.repeat(129),
  '🧵'.repeat(129),
  '\n',
  ' ',
  '%00',
];

describe.each(DATABASE_KINDS)('invalid input (%s)', (kind) => {
  let t: TestApp;
  let threadId: string;
  let alice: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp(kind);
    [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
    alice = await bearer(t, 'alice');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(HOSTILE_PATHS)(
    'when REST gets the thread id path %s, then it answers 404 or 422, never a 500',
    async (raw) => {
      const call = await deleteVia('rest', t, '', alice, raw);

      expect([404, 422]).toContain(call.status);
      if (call.status === 422)
        expect(Array.isArray(call.body.detail) && call.body.detail[0].loc).toEqual(['path', 'thread_id']);
      else expect(call.body).toEqual({ detail: expect.stringMatching(/^(Thread not found|Not Found)$/) });
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
    },
  );

  it.each(HOSTILE_IDS.map((id) => [JSON.stringify(id).slice(0, 40), id]))(
    'when GraphQL gets the thread id %s, then it is BAD_USER_INPUT or THREAD_NOT_FOUND, never a 500',
    async (_name, id) => {
      const call = await deleteVia('graphql', t, id, alice);

      expect(['BAD_USER_INPUT', 'THREAD_NOT_FOUND']).toContain(call.outcome);
      expect(call.status).toBeLessThan(500);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
    },
  );

  it('when the thread id is 129 characters, then both transports report string_too_long exactly as pydantic does', async () => {
    const id = 'x'.repeat(129);
    const expected = {
      type: 'string_too_long',
      msg: 'String should have at most 128 characters',
      input: id,
      ctx: { max_length: 128 },
    };

    const rest = await deleteVia('rest', t, id, alice);
    const graphql = await deleteVia('graphql', t, id, alice);

    expect(rest.status).toBe(422);
    expect(rest.body).toEqual({ detail: [{ ...expected, loc: ['path', 'thread_id'] }] });
    expect(graphql.status).toBe(200);
    expect(graphql.body.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      detail: [{ ...expected, loc: ['threadId'] }],
    });
  });

  it('when a thread id of 128 emoji arrives, then it counts code points like Python and is simply not found', async () => {
    const id = '🧵'.repeat(128);

    for (const transport of TRANSPORTS)
      expect((await deleteVia(transport, t, id, alice)).outcome).toBe('THREAD_NOT_FOUND');
  });

  it('when REST gets bad query parameters, then one 422 lists every problem in pydantic v2 shape', async () => {
    const response = await t.rest('DELETE', `/api/chat/threads/${threadId}?mode=x&dry_run=perhaps`, alice);

    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      detail: [
        {
          type: 'enum',
          loc: ['query', 'mode'],
          msg: "Input should be 'permanent' or 'soft'",
          input: 'x',
          ctx: { expected: "'permanent' or 'soft'" },
        },
        {
          type: 'bool_parsing',
          loc: ['query', 'dry_run'],
          msg: 'Input should be a valid boolean, unable to interpret input',
          input: 'perhaps',
        },
      ],
    });
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
  });

  it('when REST gets a method other than DELETE on the route, then it answers 405 like FastAPI', async () => {
    const response = await t.rest('PUT', `/api/chat/threads/${threadId}`, alice);

    expect(response.status).toBe(405);
    expect(response.body).toEqual({ detail: 'Method Not Allowed' });
    expect(response.headers.get('allow')).toBe('DELETE');
  });

  it('when a path matches no route, then it answers 404 {"detail":"Not Found"}', async () => {
    const response = await t.rest('DELETE', '/api/chat/threads/a/b', alice);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not Found' });
  });

  describe('StringMap', () => {
    const metadata = (labels: unknown) => ({ threadId, options: { dryRun: true, customMetadata: { labels } } });

    it.each([
      ['a number value', { team: 5 }],
      ['a nested object', { team: { name: 'x' } }],
      ['a list', ['a', 'b']],
      ['a string', 'team'],
      ['a null value', { team: null }],
    ])('when labels holds %s (as a variable), then it is BAD_USER_INPUT and nothing changes', async (_name, labels) => {
      const response = await t.graphql(DELETE_MUTATION, metadata(labels), alice);

      expect(response.status).toBe(400);
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0].extensions?.detail?.[0]).toMatchObject({
        type: expect.any(String),
        msg: expect.any(String),
      });
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
    });

    it('when labels holds a number in an inline literal, then it is BAD_USER_INPUT too', async () => {
      const response = await t.graphql(
        `mutation { deleteThread(threadId: "${threadId}", options: { customMetadata: { labels: { team: 5 } } }) { status } }`,
        {},
        alice,
      );

      expect(response.status).toBe(400);
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
    });
  });

  it('when createThread gets an empty title, then it is BAD_USER_INPUT naming input.title', async () => {
    const response = await t.graphql('mutation { createThread(input: { title: "" }) { id } }', {}, alice);

    expect(response.body.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      detail: [
        {
          type: 'string_too_short',
          loc: ['input', 'title'],
          msg: 'String should have at least 1 character',
          input: '',
          ctx: { min_length: 1 },
        },
      ],
    });
  });

  it('when addMessage gets an unknown role, then it is BAD_USER_INPUT with the allowed roles', async () => {
    const response = await t.graphql(
      'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "robot", content: "hi" }) { id } }',
      { id: threadId },
      alice,
    );

    expect(response.body.errors?.[0].extensions?.detail).toEqual([
      {
        type: 'enum',
        loc: ['input', 'role'],
        msg: "Input should be 'user', 'assistant', 'system' or 'tool'",
        input: 'robot',
        ctx: { expected: "'user', 'assistant', 'system' or 'tool'" },
      },
    ]);
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
  });

  it.each([0, 101, -1])('when a page size of %i is asked for, then it is BAD_USER_INPUT', async (first) => {
    const response = await t.graphql(
      'query ($first: Int) { threads(first: $first) { edges { cursor } } }',
      { first },
      alice,
    );

    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['createThread title', 'mutation { createThread(input: { title: "a\\u0000b" }) { id } }', {}],
    [
      'addMessage content',
      'mutation ($id: ID!) { addMessage(input: { threadId: $id, role: "user", content: "x\\u0000" }) { id } }',
      null,
    ],
    [
      'delete reason',
      'mutation ($id: ID!) { deleteThread(threadId: $id, options: { reason: "\\u0000" }) { status } }',
      null,
    ],
    ['threads projectId', '{ threads(projectId: "p\\u0000") { edges { cursor } } }', {}],
  ])(
    'when the %s holds a NUL character (which PostgreSQL cannot store), then it is BAD_USER_INPUT, not a 500',
    async (_name, query, variables) => {
      const response = await t.graphql(query, variables ?? { id: threadId }, alice);

      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 3, audit: 0 });
    },
  );

  it.each([
    ['a year before 1970', Buffer.from(JSON.stringify(['-100000-01-01T00:00:00.000Z', 'x'])).toString('base64url')],
    ['a NUL in the id', Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'a\u0000'])).toString('base64url')],
  ])('when a cursor carries %s, then it is BAD_USER_INPUT, not a 500', async (_name, after) => {
    const response = await t.graphql(
      'query ($after: String) { threads(after: $after) { edges { cursor } } }',
      { after },
      alice,
    );

    expect(response.status).toBe(200);
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('when a cursor was not made by this API, then it is BAD_USER_INPUT', async () => {
    const response = await t.graphql('{ threads(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }', {}, alice);

    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
