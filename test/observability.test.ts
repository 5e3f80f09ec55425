import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { LogCapture, startTestApp, TEST_SECRET, type TestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION, deleteVia } from './support/transports.js';

const SECRET_CONTENT = 'the-launch-code-is-0000';

async function metricsText(t: TestApp): Promise<string> {
  return (await fetch(`${t.url}/metrics`)).text();
}

/** The value of the series `name{labels}` (exactly those labels) in Prometheus text; 0 before it is first counted. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]);
    if (JSON.stringify(found.sort()) === wanted) return Number(match[3]);
  }
  return 0;
}

describe('logs and metrics', () => {
  let t: TestApp;
  const logs = new LogCapture();
  let token: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite', {}, logs);
    token = await t.token('alice');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when requests are served, then each gets one JSON log line with request id, trace id, operation, outcome and duration', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });
    const headers = {
      authorization: `Bearer ${token}`,
      'x-request-id': 'log-me',
      traceparent: '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01',
    };

    await t.graphql(DELETE_MUTATION, { threadId }, headers);
    await t.graphql(DELETE_MUTATION, { threadId }, { ...headers, 'x-request-id': 'log-me-again' });

    const lines = logs.lines.filter((line) => line.msg === 'request' && String(line.requestId).startsWith('log-me'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      requestId: 'log-me',
      traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      method: 'POST',
      path: '/graphql',
      operation: 'deleteThread',
      status: 200,
      outcome: 'success',
    });
    expect(lines[1]).toMatchObject({ requestId: 'log-me-again', outcome: 'THREAD_NOT_FOUND' });
    expect(lines[0].durationMs).toBeGreaterThan(0);
    expect(lines[0].level).toBe(30);
  });

  it('when tokens, secrets and message contents pass through, then none of them appears in the log', async () => {
    const [threadId] = await seedThreads(t.app.db, {
      threads: 1,
      messagesPerThread: 1,
      owner: 'alice',
      content: () => SECRET_CONTENT,
    });
    const headers = { authorization: `Bearer ${token}` };
    await t.graphql(
      'mutation ($id: ID!, $c: String!) { addMessage(input: { threadId: $id, role: "user", content: $c }) { id } }',
      { id: threadId, c: SECRET_CONTENT },
      headers,
    );
    await t.graphql(
      'query ($id: ID!) { thread(id: $id) { messages { edges { node { content } } } } }',
      { id: threadId },
      headers,
    );
    await deleteVia('rest', t, threadId, { authorization: 'Bearer not.a.valid-token' });
    await deleteVia('rest', t, threadId, headers);

    const everything = logs.raw.join('\n');
    expect(logs.lines.length).toBeGreaterThan(4);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[2]);
    expect(everything).not.toContain('not.a.valid-token');
    expect(everything).not.toContain(TEST_SECRET);
    expect(everything).not.toContain(SECRET_CONTENT);
    expect(everything.toLowerCase()).not.toContain('authorization');
  });

  it('when deletes happen, then /metrics counts each request, operation, delete and deleted message exactly once', async () => {
    const alice = await bearer(t, 'alice');
    const [permanent, soft] = await seedThreads(t.app.db, { threads: 2, messagesPerThread: 7, owner: 'alice' });
    const before = await metricsText(t);

    await deleteVia('graphql', t, permanent, alice);
    await t.graphql(DELETE_MUTATION, { threadId: soft, options: { mode: 'SOFT' } }, alice);
    await deleteVia('rest', t, 'missing', alice);

    const response = await fetch(`${t.url}/metrics`);
    const after = await response.text();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect({
      graphqlRequests: delta('http_request_duration_seconds_count', {
        method: 'POST',
        route: '/graphql',
        status: '200',
      }),
      restNotFound: delta('http_request_duration_seconds_count', {
        method: 'DELETE',
        route: '/api/chat/threads/{thread_id}',
        status: '404',
      }),
      deleteOperations: delta('graphql_operation_duration_seconds_count', {
        operation: 'deleteThread',
        outcome: 'success',
      }),
      permanentDeletes: delta('thread_deletes_total', { mode: 'permanent', transport: 'graphql', outcome: 'success' }),
      softDeletes: delta('thread_deletes_total', { mode: 'soft', transport: 'graphql', outcome: 'success' }),
      notFound: delta('thread_deletes_total', { mode: 'permanent', transport: 'rest', outcome: 'THREAD_NOT_FOUND' }),
      messagesDeleted: delta('thread_messages_deleted_total', { reason: 'delete' }),
      messagesPurged: delta('thread_messages_deleted_total', { reason: 'purge' }),
    }).toEqual({
      graphqlRequests: 2,
      restNotFound: 1,
      deleteOperations: 2,
      permanentDeletes: 1,
      softDeletes: 1,
      notFound: 1,
      // The permanent delete's seven; the soft delete keeps its messages.
      messagesDeleted: 7,
      messagesPurged: 0,
    });
    expect(after).toMatch(
      /^http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/graphql",status="200"\} \d+$/m,
    );
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});

describe('security headers and CORS', () => {
  let plain: TestApp;
  let withCors: TestApp;

  beforeAll(async () => {
    plain = await startTestApp('sqlite');
    withCors = await startTestApp('sqlite', { CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(async () => {
    await plain?.close();
    await withCors?.close();
  });

  it('when a page is fetched, then it carries a strict Content-Security-Policy and the usual hardening headers', async () => {
    const response = await fetch(`${plain.url}/docs`);

    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('when an API call is answered, then it is marked nosniff and no-store', async () => {
    const response = await fetch(`${plain.url}/api/chat/threads/x`, { method: 'DELETE' });

    expect(response.status).toBe(401);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('when the playground page is fetched at GET /graphql, then it gets the same Content-Security-Policy as every page', async () => {
    const response = await fetch(`${plain.url}/graphql`, { headers: { accept: 'text/html' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('when CORS_ORIGINS is not set, then no CORS header is ever sent', async () => {
    const response = await fetch(`${plain.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when CORS_ORIGINS lists an origin, then only that origin is allowed', async () => {
    const allowed = await fetch(`${withCors.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    const other = await fetch(`${withCors.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });

    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when an allowed origin calls the API itself, then both answers carry its CORS headers', async () => {
    const origin = { origin: 'https://app.example.com' };
    const graphql = await fetch(`${withCors.url}/graphql`, {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    const rest = await fetch(`${withCors.url}/api/chat/threads/x`, { method: 'DELETE', headers: origin });

    expect(graphql.status).toBe(200);
    expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
    expect(rest.status).toBe(401);
    for (const response of [graphql, rest]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(response.headers.get('access-control-expose-headers')).toContain('X-Request-ID');
    }
  });

  it("when a browser preflights Apollo Client's POST (client name and version configured), then every header it asks for is allowed", async () => {
    // What Chromium sends before Apollo Client's request: the non-safelisted headers, lower case, sorted.
    const requested = ['apollographql-client-name', 'apollographql-client-version', 'authorization', 'content-type'];

    const preflight = await fetch(`${withCors.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': requested.join(','),
      },
    });

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-methods')?.split(',')).toContain('POST');
    const allowed = preflight.headers.get('access-control-allow-headers')?.toLowerCase().split(',') ?? [];
    expect(requested.filter((header) => !allowed.includes(header))).toEqual([]);
  });

  it('when an allowed origin is refused or told to wait, then the browser app may read WWW-Authenticate and Retry-After', async () => {
    const response = await fetch(`${withCors.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://app.example.com', 'content-type': 'application/json' },
      body: '{"query":"{ threads { edges { cursor } } }"}',
    });

    expect(response.headers.get('access-control-expose-headers')?.split(',')).toEqual(
      expect.arrayContaining(['Retry-After', 'WWW-Authenticate', 'Deprecation', 'Sunset']),
    );
  });
});
