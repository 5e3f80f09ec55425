import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { GqlBody } from './support/graphql-types.js';
import { type TestApp, useTestApp } from './support/test-app.js';
import { ALL_RESULT_FIELDS, bearer } from './support/transports.js';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
type MediaType = typeof JSON_TYPE | typeof GRAPHQL_RESPONSE;

/** One request, as a case sends it: a body (an object, or raw text), and headers beside `Accept`. */
interface Sent {
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** A way to get one error code out of the gateway, and the HTTP status it gets under each media type. */
interface Case {
  readonly code: string;
  /** Whether the answer carries `data` (even null): the operation executed. */
  readonly executed: boolean;
  readonly status: Record<MediaType, number>;
  /** A header the answer must carry under both media types. */
  readonly header?: readonly [string, RegExp];
  /** The request; `user` is a user id of the case's own (rate limits count per user). */
  send(t: TestApp, user: string): Promise<Sent>;
}

const withToken = async (t: TestApp, user: string, body: unknown): Promise<Sent> => ({
  body,
  headers: await bearer(t, user),
});

/** Every kind of GraphQL answer the gateway gives, by what the GraphQL over HTTP specification says of it. */
const CASES: Record<string, Case> = {
  'a resolver refuses the input (createThread with an empty title)': {
    code: 'BAD_USER_INPUT',
    executed: true,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 200 },
    send: (t, user) => withToken(t, user, { query: 'mutation { createThread(input: { title: "" }) { id } }' }),
  },
  'an id with a control character (thread(id: "a\\u0001b"))': {
    code: 'BAD_USER_INPUT',
    executed: true,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 200 },
    send: (t, user) => withToken(t, user, { query: '{ thread(id: "a\\u0001b") { id } }' }),
  },
  'a page size of 101': {
    code: 'BAD_USER_INPUT',
    executed: true,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 200 },
    send: (t, user) => withToken(t, user, { query: '{ threads(first: 101) { edges { cursor } } }' }),
  },
  'addMessage to a thread that does not exist': {
    code: 'THREAD_NOT_FOUND',
    executed: true,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 200 },
    send: (t, user) =>
      withToken(t, user, {
        query: 'mutation { addMessage(input: { threadId: "missing", role: "user", content: "hi" }) { id } }',
      }),
  },
  'a variable that does not coerce to its type': {
    code: 'BAD_USER_INPUT',
    executed: false,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 400 },
    send: (t, user) =>
      withToken(t, user, {
        query: 'query ($first: Int) { threads(first: $first) { edges { cursor } } }',
        variables: { first: 'ten' },
      }),
  },
  'a document that does not parse': {
    code: 'GRAPHQL_PARSE_FAILED',
    executed: false,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 400 },
    send: (t, user) => withToken(t, user, { query: '{ threads {' }),
  },
  'a field the schema does not have': {
    code: 'GRAPHQL_VALIDATION_FAILED',
    executed: false,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 400 },
    send: (t, user) => withToken(t, user, { query: '{ threadz { id } }' }),
  },
  'an operationName the document does not have': {
    code: 'OPERATION_RESOLUTION_FAILURE',
    executed: false,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 400 },
    send: (t, user) => withToken(t, user, { query: 'query A { __typename }', operationName: 'B' }),
  },
  'no token, for an operation that needs a caller': {
    code: 'UNAUTHENTICATED',
    executed: false,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 401 },
    header: ['www-authenticate', /^Bearer$/],
    send: async () => ({ body: { query: '{ threads { edges { cursor } } }' } }),
  },
  'a bad token (refused before the body is read)': {
    code: 'UNAUTHENTICATED',
    executed: false,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 401 },
    header: ['www-authenticate', /^Bearer$/],
    send: async () => ({ body: { query: '{ __typename }' }, headers: { authorization: 'Bearer not-a-jwt' } }),
  },
  'the second request of a minute, past RATE_LIMIT_USER_PER_MINUTE=1': {
    code: 'RATE_LIMITED',
    executed: false,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 429 },
    header: ['retry-after', /^\d+$/],
    send: async (t, user) => {
      const sent = await withToken(t, user, { query: '{ __typename }' });
      await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...sent.headers },
        body: JSON.stringify(sent.body),
      });
      return sent;
    },
  },
  'an answer past RESPONSE_MAX_BYTES (the backstop replaces it)': {
    code: 'RESPONSE_TOO_LARGE',
    executed: true,
    status: { [JSON_TYPE]: 200, [GRAPHQL_RESPONSE]: 200 },
    send: (t, user) =>
      withToken(t, user, {
        // 100 results of every field: about 100 KB, past the 64 KiB limit this app runs with.
        query: `mutation ($ids: [ID!]!) { deleteThreads(threadIds: $ids) { ${ALL_RESULT_FIELDS} } }`,
        variables: { ids: Array.from({ length: 100 }, (_, i) => `missing-${i}`) },
      }),
  },
  'a body over 64 KiB without a token': {
    code: 'PAYLOAD_TOO_LARGE',
    executed: false,
    status: { [JSON_TYPE]: 413, [GRAPHQL_RESPONSE]: 413 },
    send: async () => ({ body: { query: `{ __typename } # ${'x'.repeat(70_000)}` } }),
  },
  'a body that is not JSON': {
    code: 'BAD_REQUEST',
    executed: false,
    status: { [JSON_TYPE]: 400, [GRAPHQL_RESPONSE]: 400 },
    send: (t, user) => withToken(t, user, '{"query": '),
  },
  'a body without a query': {
    code: 'BAD_REQUEST',
    executed: false,
    status: { [JSON_TYPE]: 400, [GRAPHQL_RESPONSE]: 400 },
    send: (t, user) => withToken(t, user, { variables: {} }),
  },
  'a subscription': {
    code: 'BAD_REQUEST',
    executed: false,
    status: { [JSON_TYPE]: 400, [GRAPHQL_RESPONSE]: 400 },
    send: (t, user) => withToken(t, user, { query: 'subscription { threadEvents { kind } }' }),
  },
};

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly body: GqlBody<unknown> & Record<string, unknown>;
}

async function post(t: TestApp, sent: Sent, accept: string): Promise<Answer> {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...sent.headers },
    body: typeof sent.body === 'string' ? sent.body : JSON.stringify(sent.body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  };
}

/** A POST with no `Accept` header at all (fetch always sends one), over node:http. */
function postWithoutAccept(t: TestApp, body: unknown): Promise<{ status: number; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    const call = request(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    call.once('response', (response) => {
      response.resume();
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] }),
      );
    });
    call.once('error', reject);
    call.end(JSON.stringify(body));
  });
}

describe('HTTP statuses of GraphQL answers (GraphQL over HTTP)', () => {
  const t = useTestApp('sqlite', { RATE_LIMIT_USER_PER_MINUTE: '1', RESPONSE_MAX_BYTES: '65536' });

  describe.each([JSON_TYPE, GRAPHQL_RESPONSE] as const)('when the client accepts %s', (mediaType) => {
    it.each(Object.keys(CASES))('and sends %s, then the status is the one the specification gives', async (name) => {
      const expected = CASES[name];
      const user = `${mediaType === JSON_TYPE ? 'json' : 'gr'}-${Object.keys(CASES).indexOf(name)}`;

      const answer = await post(t, await expected.send(t, user), mediaType);

      expect({
        status: answer.status,
        contentType: answer.contentType,
        code: answer.body.errors?.[0]?.extensions?.code,
        executed: 'data' in answer.body,
      }).toEqual({
        status: expected.status[mediaType],
        contentType: `${mediaType}; charset=utf-8`,
        code: expected.code,
        executed: expected.executed,
      });
      if (expected.header) expect(answer.headers.get(expected.header[0])).toMatch(expected.header[1]);
      expect(JSON.stringify(answer.body)).not.toMatch(/"http"|stack/);
    });
  });

  it('when the client accepts anything (*/*, as Apollo Client 3 and curl send), then it gets application/json: 200 for a request error', async () => {
    const answer = await post(t, await CASES['a field the schema does not have'].send(t, 'any'), '*/*');

    expect([answer.status, answer.contentType]).toEqual([200, 'application/json; charset=utf-8']);
  });

  it('when the client sends no Accept header, then it gets application/graphql-response+json, as the specification says since 2025', async () => {
    const parseFailure = await postWithoutAccept(t, { query: '{' });
    const executed = await postWithoutAccept(t, { query: '{ __typename }' });

    expect(parseFailure).toEqual({ status: 400, contentType: 'application/graphql-response+json; charset=utf-8' });
    expect(executed).toEqual({ status: 200, contentType: 'application/graphql-response+json; charset=utf-8' });
  });

  it('when the client accepts neither media type, then it is 406 Not Acceptable', async () => {
    const answer = await post(t, await CASES['a page size of 101'].send(t, 'html'), 'text/html');

    expect(answer.status).toBe(406);
  });

  it('when the backstop replaces an answer, then it says the operation ran: data is null beside RESPONSE_TOO_LARGE', async () => {
    const answer = await post(
      t,
      await CASES['an answer past RESPONSE_MAX_BYTES (the backstop replaces it)'].send(t, 'big'),
      GRAPHQL_RESPONSE,
    );

    expect(answer.body).toEqual({
      data: null,
      errors: [{ message: expect.stringMatching(/too large/), extensions: { code: 'RESPONSE_TOO_LARGE' } }],
    });
  });

  it('when a request without a token only introspects, then it runs (no caller needed for the schema)', async () => {
    const answer = await post(
      t,
      { body: { query: '{ __typename ... on Query { __schema { queryType { name } } } }' } },
      GRAPHQL_RESPONSE,
    );

    expect([answer.status, answer.body]).toEqual([
      200,
      { data: { __typename: 'Query', __schema: { queryType: { name: 'Query' } } } },
    ]);
  });

  it('when a request without a token reaches a data field through a fragment, then it is UNAUTHENTICATED before anything runs', async () => {
    const answer = await post(
      t,
      { body: { query: 'query { ...F } fragment F on Query { __typename threads { edges { cursor } } }' } },
      GRAPHQL_RESPONSE,
    );

    expect([answer.status, answer.body.errors?.[0]?.extensions?.code, 'data' in answer.body]).toEqual([
      401,
      'UNAUTHENTICATED',
      false,
    ]);
  });
});
