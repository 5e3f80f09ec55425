import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIPTION_REFUSAL } from '../src/graphql/request-refusals.js';
import { defined } from './support/assertions.js';
import { LogCapture, startTestApp, type TestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const QUERY = '{ threads(first: 1) { edges { cursor } } }';

/** What Apollo Client 3's HttpLink sends with a subscription (its multipart subscriptions over HTTP). */
const MULTIPART_SUBSCRIPTION_ACCEPT = 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json';

/** Requests a client can get wrong that Apollo (or graphql-js) used to answer with INTERNAL_SERVER_ERROR. */
const MISTAKES: Record<string, Record<string, unknown>> = {
  'a subscription over HTTP POST': { query: 'subscription { threadEvents { id } }' },
  'a persisted query whose sha256Hash does not match the query': {
    query: QUERY,
    extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
  },
  'persistedQuery version 9': {
    query: QUERY,
    extensions: { persistedQuery: { version: 9, sha256Hash: '0'.repeat(64) } },
  },
};

const ENUM_TYPO = 'mutation ($mode: DeleteMode) { deleteThread(threadId: "t", options: { mode: $mode }) { status } }';

describe('client mistakes', () => {
  const logs = new LogCapture();
  let t: TestApp;
  let alice: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp('sqlite', {}, logs);
    alice = await bearer(t, 'alice');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(Object.keys(MISTAKES))(
    'when the client sends %s, then it is a 400 BAD_REQUEST, logged at info level without a stack',
    async (name) => {
      const requestId = `mistake-${Object.keys(MISTAKES).indexOf(name)}`;

      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...alice },
        body: JSON.stringify(MISTAKES[name]),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };

      expect(response.status).toBe(400);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0].message).not.toBe('Unexpected error.');
      const lines = logs.lines.filter((line) => line.requestId === requestId);
      expect(lines).toEqual([
        expect.objectContaining({
          level: 30,
          msg: 'request',
          status: 400,
          outcome: 'BAD_REQUEST',
          errors: ['BAD_REQUEST'],
        }),
      ]);
      expect(logs.raw.filter((raw) => raw.includes(requestId)).join('')).not.toMatch(/stack|"level":50/);
    },
  );

  it.each([
    ['POST, asking for application/json', 'POST', 'application/json'],
    ['POST, asking for application/graphql-response+json', 'POST', 'application/graphql-response+json'],
    ['POST, asking as Apollo Client 3 asks for a multipart subscription', 'POST', MULTIPART_SUBSCRIPTION_ACCEPT],
    ['GET', 'GET', 'application/json'],
  ])(
    'when the client subscribes over %s, then it is a 400 that points to the WebSocket endpoint',
    async (_name, method, accept) => {
      const requestId = `subscribe-${method}-${accept.length}`;
      const query = 'subscription ($id: ID!) { threadEvents(filter: { threadId: $id }) { kind } }';
      const search = new URLSearchParams({ query, variables: JSON.stringify({ id: 'x' }) });

      const response = await fetch(method === 'GET' ? `${t.url}/graphql?${search}` : `${t.url}/graphql`, {
        method,
        headers: { 'content-type': 'application/json', accept, 'x-request-id': requestId, ...alice },
        body: method === 'GET' ? undefined : JSON.stringify({ query, variables: { id: 'x' } }),
      });

      expect(response.status).toBe(400);
      expect(response.headers.get('allow')).toBeNull();
      expect(await response.json()).toEqual({
        errors: [{ message: SUBSCRIPTION_REFUSAL, extensions: { code: 'BAD_REQUEST' } }],
      });
      expect(SUBSCRIPTION_REFUSAL).toMatch(/WebSocket to \/graphql with the graphql-transport-ws protocol/);
      expect(logs.raw.filter((raw) => raw.includes(requestId)).join('')).not.toMatch(/stack|"level":50/);
    },
  );

  it('when a subscription comes without a token, then it is still the subscription refusal, not UNAUTHENTICATED', async () => {
    const response = await t.graphql('subscription { threadEvents { kind } }', {}, {});

    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].message).toBe(SUBSCRIPTION_REFUSAL);
  });

  it('when a document holds a subscription and a query, then the query named by operationName runs', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...alice },
      body: JSON.stringify({
        query: 'subscription S { threadEvents { kind } } query Q { threads(first: 1) { edges { cursor } } }',
        operationName: 'Q',
      }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { threads: { edges: [] } } });
  });
});

describe('enum suggestions', () => {
  let open: TestApp;
  let closed: TestApp;

  beforeAll(async () => {
    open = await startTestApp('sqlite');
    closed = await startTestApp('sqlite', { GRAPHQL_INTROSPECTION: 'false' });
  });
  afterAll(async () => {
    await open?.close();
    await closed?.close();
  });

  it('when introspection is off and a variable holds a misspelt enum value, then neither the message nor its detail suggests the right one', async () => {
    const response = await closed.graphql(ENUM_TYPO, { mode: 'SOF' }, await bearer(closed, 'alice'));

    const [error] = defined(response.body.errors, 'errors');
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(
      'Variable "$mode" got invalid value "SOF"; Value "SOF" does not exist in "DeleteMode" enum.',
    );
    expect(error.extensions?.detail?.[0].msg).toBe(error.message);
  });

  it('when introspection is off and a literal is misspelt, then the message suggests nothing', async () => {
    const response = await closed.graphql(
      'mutation { deleteThread(threadId: "t", options: { mode: SOF }) { status } }',
      {},
      await bearer(closed, 'alice'),
    );

    expect(response.body.errors?.[0].message).toBe('Value "SOF" does not exist in "DeleteMode" enum.');
  });

  it('when introspection is on, then the suggestion is kept', async () => {
    const response = await open.graphql(ENUM_TYPO, { mode: 'SOF' }, await bearer(open, 'alice'));

    expect(response.body.errors?.[0].message).toBe(
      'Variable "$mode" got invalid value "SOF"; Value "SOF" does not exist in "DeleteMode" enum. Did you mean the enum value "SOFT"?',
    );
  });
});
