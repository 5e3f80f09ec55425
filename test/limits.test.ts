import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import type { GqlBody } from './support/graphql-types.js';
import { countRows } from './support/rows.js';
import { GRAPHQL_RESPONSE_ACCEPT, startTestApp, type TestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

describe('GraphQL abuse limits', () => {
  let t: TestApp;
  let alice: Record<string, string>;
  let threadId: string;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE_ACCEPT, ...alice, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    alice = await bearer(t, 'alice');
    [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when a mutation carries 2,000 aliases of deleteThread, then it is refused with 400 before anything runs', async () => {
    const aliases = Array.from(
      { length: 2000 },
      (_, i) => `d${i}: deleteThread(threadId: "${threadId}") { status }`,
    ).join('\n');

    const response = await post({ query: `mutation { ${aliases} }` });
    const body = (await response.json()) as GqlBody;

    expect(response.status).toBe(400);
    expect(body.errors?.[0].extensions?.code).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/);
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
  });

  it('when 31 aliases are sent (the limit is 30), then the alias limit refuses it and nothing is deleted', async () => {
    const aliases = Array.from(
      { length: 31 },
      (_, i) => `d${i}: deleteThread(threadId: "${threadId}") { status }`,
    ).join('\n');

    const response = await post({ query: `mutation { ${aliases} }` });
    const body = (await response.json()) as GqlBody;

    expect(response.status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(body.errors?.[0].message).toMatch(/alias/i);
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
  });

  it('when a query nests 50 levels deep, then it is refused with 400', async () => {
    let selection = '__typename';
    for (let level = 0; level < 50; level += 1)
      selection = `pageInfo: __typename edges { node { messages(first: 1) { ${selection} } } }`;
    const query = `{ threads(first: 1) { ${selection} } }`;

    const response = await post({ query });
    const body = (await response.json()) as GqlBody;

    expect(response.status).toBe(400);
    expect(body.errors?.[0].extensions?.code).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/);
  });

  it('when a query is deeper than GRAPHQL_MAX_DEPTH or costs more than GRAPHQL_MAX_COST, then it is refused by name', async () => {
    const strict = await startTestApp('sqlite', { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_COST: '40' });
    try {
      const headers = await bearer(strict, 'alice');
      const deep = await strict.graphql(
        '{ threads { edges { node { messages { edges { node { id } } } } } } }',
        {},
        headers,
      );
      const fields =
        'edges { cursor node { id title projectId conversationId userId createdAt updatedAt messageCount deletedAt restoreUntil } } pageInfo { hasNextPage endCursor }';
      const costly = await strict.graphql(
        `{ a: threads { ${fields} } b: threads { ${fields} } c: deletedThreads { ${fields} } }`,
        {},
        headers,
      );

      expect(deep.status).toBe(400);
      expect(deep.body.errors?.map((error) => error.message)).toContainEqual(
        expect.stringMatching(/depth limit of 4 exceeded/i),
      );
      expect(costly.status).toBe(400);
      expect(costly.body.errors?.map((error) => error.message)).toEqual([
        expect.stringMatching(/cost limit of 40 exceeded/i),
      ]);
    } finally {
      await strict.close();
    }
  });

  it('when pages are asked for with last, then they cost what first would: 100 threads of 100 messages are refused', async () => {
    const query = (size: string) =>
      `{ threads(${size}: 100) { totalCount edges { node { messages(${size}: 100) { edges { node { content } } } } } } }`;

    const byLast = (await (await post({ query: query('last') })).json()) as GqlBody;
    const byFirst = (await (await post({ query: query('first') })).json()) as GqlBody;

    // threads: 5 + 100 x (totalCount 5 + edges 1 + node 1 + messages (5 + 100 x (edges 1 + node 1 + content 1))).
    expect(byLast.errors?.map((error) => error.message)).toEqual(['Query Cost limit of 10000 exceeded, found 31205.']);
    expect(byFirst.errors?.map((error) => error.message)).toEqual(byLast.errors?.map((error) => error.message));
  });

  it('when one document is sent again with variables that change its cost, then each request is costed with its own', async () => {
    // Costs are remembered per document only when no variable can change them; these can.
    const paged =
      'query ($n: Int) { threads(first: $n) { edges { node { messages(first: $n) { edges { node { content } } } } } } }';
    const included =
      'query ($all: Boolean!) { threads(first: 100) { edges { node { messages(first: 100) @include(if: $all) { edges { node { content } } } } } } }';
    const messages = async (body: unknown) =>
      ((await (await post(body)).json()) as GqlBody).errors?.map((error) => error.message) ?? [];

    expect(await messages({ query: paged, variables: { n: 1 } })).toEqual([]);
    expect(await messages({ query: paged, variables: { n: 100 } })).toEqual([
      'Query Cost limit of 10000 exceeded, found 30705.',
    ]);
    expect(await messages({ query: paged, variables: { n: 1 } })).toEqual([]);
    expect(await messages({ query: included, variables: { all: false } })).toEqual([]);
    expect(await messages({ query: included, variables: { all: true } })).toEqual([
      'Query Cost limit of 10000 exceeded, found 30705.',
    ]);
  });

  it('when the body is larger than 1 MB, then it is 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await post({ query: '{ __typename }', variables: { padding: 'x'.repeat(1_100_000) } });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        { message: 'The request body is larger than 1048576 bytes.', extensions: { code: 'PAYLOAD_TOO_LARGE' } },
      ],
    });
  });

  it('when the body is not JSON, then it is 400 BAD_REQUEST in GraphQL shape', async () => {
    const response = await post('{"query": ');

    expect(response.status).toBe(400);
    expect(((await response.json()) as GqlBody).errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it('when the body is compressed, then it is 415 in GraphQL shape and nothing runs', async () => {
    const response = await post(
      { query: `mutation { deleteThread(threadId: "${threadId}") { status } }` },
      { 'content-encoding': 'gzip' },
    );

    expect(response.status).toBe(415);
    expect(((await response.json()) as GqlBody).errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(await countRows(t, threadId)).toMatchObject({ threads: 1, messages: 2 });
  });

  it('when the body is JSON but not an object (a bare string), then it is 400 BAD_REQUEST', async () => {
    const response = await post('"{ __typename }"');

    expect(response.status).toBe(400);
    expect(((await response.json()) as GqlBody).errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it('when the body is not JSON but says it is safe from CSRF, then Apollo answers 400 (the body is not read as GraphQL)', async () => {
    const response = await post('{"query":"{ __typename }"}', {
      'content-type': 'text/plain',
      'apollo-require-preflight': 'true',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/POST body missing/);
  });

  it('when requests are batched in an array, then batching is refused', async () => {
    const response = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);

    expect(response.status).toBe(400);
  });

  it('when a simple GET carries a query without a CSRF-safe header, then Apollo refuses it (CSRF prevention is on)', async () => {
    const response = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: alice });

    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });
});

describe('introspection switch', () => {
  let open: TestApp;
  let closed: TestApp;

  beforeAll(async () => {
    open = await startTestApp('sqlite', { GRAPHQL_INTROSPECTION: 'true' });
    closed = await startTestApp('sqlite', { NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await open?.close();
    await closed?.close();
  });

  it('when introspection is on, then __schema answers', async () => {
    const response = await open.graphql('{ __schema { queryType { name } } }');

    expect(response.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('when in production (introspection off by default), then __schema is refused and typos get no field suggestions', async () => {
    const introspection = await closed.graphql('{ __schema { queryType { name } } }');
    const typo = await closed.graphql('{ thread(id: "x") { titel } }', {}, await bearer(closed, 'alice'));

    expect(introspection.status).toBe(400);
    expect(introspection.body.errors?.[0].message).toMatch(/introspection/i);
    expect(typo.status).toBe(400);
    expect(typo.body.errors?.[0].message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(typo.body)).not.toContain('title');
  });

  it('when introspection is on, then typos do get suggestions (they are only hidden when it is off)', async () => {
    const typo = await open.graphql('{ thread(id: "x") { titel } }', {}, await bearer(open, 'alice'));

    expect(typo.body.errors?.[0].message).toMatch(/Did you mean "title"/);
  });
});
