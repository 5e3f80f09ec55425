import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ThreadPurgeService } from '../src/threads/trash/thread-purge.service.js';
import { DATABASE_KINDS } from './support/databases.js';
import { createThread, LiveClient, subscribed } from './support/live.js';
import { startTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

const DAY = 86_400_000;

/** The code of the first error a subscription got, once it got one. */
async function firstErrorCode(client: LiveClient, query?: string): Promise<unknown> {
  const events = client.subscribe(query);
  await events.until((recorder) => recorder.errors.length > 0 || recorder.completed);
  const [errors] = events.errors as { extensions?: { code?: unknown } }[][];
  return errors?.[0]?.extensions?.code;
}

/** Reads a metric's value from /metrics (0 when it has no sample yet). */
async function metric(t: TestApp, line: string): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const found = text.split('\n').find((row) => row.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

describe.each(DATABASE_KINDS)('subscription limits (%s)', (kind) => {
  const t = useTestApp(kind, {
    WS_MAX_SOCKETS_PER_USER: '2',
    WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
    WS_MAX_MESSAGE_BYTES: '2048',
    GRAPHQL_MAX_COST: '20',
    AUTH_CLOCK_TOLERANCE_SECONDS: '0',
  });
  const clients: LiveClient[] = [];
  const open = (token: string | null, extra?: ConstructorParameters<typeof LiveClient>[2]) => {
    const client = new LiveClient(t.url, token, extra);
    clients.push(client);
    return client;
  };

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.dispose();
  });

  it('when connection_init carries no token or a bad one, then the socket is closed with 4403', async () => {
    const anonymous = open(null);
    const forged = open(null, { connectionParams: { authorization: 'Bearer a.b.c' } });

    expect((await anonymous.closed).code).toBe(4403);
    expect((await forged.closed).code).toBe(4403);
  });

  it('when the token is sent as Authorization, then it is accepted as authorization is', async () => {
    const client = open(null, { connectionParams: { Authorization: `Bearer ${await t.token('alice')}` } });

    await client.connected;
    expect(await firstErrorCode(client, 'subscription { threadEvents(filter: { userId: "bob" }) { id } }')).toBe(
      'FORBIDDEN',
    );
  });

  it('when the token expires, then the socket is closed with 4403 "Token expired"', async () => {
    const client = open(await t.token('alice', { expiresIn: '2s' }));
    await client.connected;
    client.subscribe();

    expect(await client.closed).toEqual({ code: 4403, reason: 'Token expired' });
  });

  it('when a user opens more sockets than WS_MAX_SOCKETS_PER_USER, then the next is closed with 4029 and other users are not affected', async () => {
    const token = await t.token('alice');
    await open(token).connected;
    await open(token).connected;
    const third = open(token);
    const bob = open(await t.token('bob'));

    expect((await third.closed).code).toBe(4029);
    await bob.connected;
  });

  it('when a socket asks for more subscriptions than WS_MAX_SUBSCRIPTIONS_PER_SOCKET, then the next is refused with TOO_MANY_SUBSCRIPTIONS', async () => {
    const client = open(await t.token('alice'));
    await client.connected;
    client.subscribe();
    client.subscribe();

    expect(await firstErrorCode(client)).toBe('TOO_MANY_SUBSCRIPTIONS');
  });

  it('when a message is larger than WS_MAX_MESSAGE_BYTES, then the socket is closed with 1009', async () => {
    const client = open(await t.token('alice'));
    await client.connected;
    client.subscribe(`subscription { threadEvents { id } } # ${'x'.repeat(4096)}`);

    expect((await client.closed).code).toBe(1009);
  });

  it('when a subscription costs more than GRAPHQL_MAX_COST, or is a query, then it is refused as over HTTP', async () => {
    const client = open(await t.token('alice'));
    await client.connected;
    const aliases = Array.from({ length: 25 }, (_, index) => `a${index}: id`).join(' ');

    expect(await firstErrorCode(client, `subscription { threadEvents { ${aliases} } }`)).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(await firstErrorCode(client, '{ threads(first: 1) { edges { cursor } } }')).toBe('BAD_REQUEST');
    expect(await firstErrorCode(client, 'subscription { nope }')).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe.each(DATABASE_KINDS)('subscription depth limit (%s)', (kind) => {
  const t = useTestApp(kind, { GRAPHQL_MAX_DEPTH: '1' });

  it('when a subscription is deeper than GRAPHQL_MAX_DEPTH, then it is refused', async () => {
    const client = new LiveClient(t.url, await t.token('alice'));
    try {
      await client.connected;
      expect(await firstErrorCode(client)).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await client.dispose();
    }
  });
});

describe.each(DATABASE_KINDS)('slow consumers and shutdown (%s)', (kind) => {
  const t = useTestApp(kind, { WS_MAX_QUEUED_EVENTS: '2', SOFT_DELETE_RETENTION_DAYS: '7' });

  it('when a subscriber falls more than WS_MAX_QUEUED_EVENTS behind, then its socket is closed with 4008 and counted as a drop', async () => {
    const alice = await bearer(t, 'alice');
    const ids: string[] = [];
    for (let index = 0; index < 6; index += 1) ids.push(await createThread(t, 'alice'));
    for (const threadId of ids) await t.graphql(DELETE_MUTATION, { threadId, options: { mode: 'SOFT' } }, alice);
    const { client, events } = await subscribed(t, 'alice');
    const before = await metric(t, 'graphql_ws_drops_total{reason="slow_consumer"}');
    try {
      // One purge batch: six PURGED events at once, more than the subscriber may have waiting.
      await new ThreadPurgeService(t.app.db).purgeExpired({ now: new Date(Date.now() + 8 * DAY) });

      expect((await client.closed).code).toBe(4008);
      expect(events.events.length).toBeLessThan(ids.length);
      expect(await metric(t, 'graphql_ws_drops_total{reason="slow_consumer"}')).toBe(before + 1);
    } finally {
      await client.dispose();
    }
  });

  it('when events are sent, then /metrics counts sockets, subscriptions and events', async () => {
    const { client } = await subscribed(t, 'alice');
    try {
      expect(await metric(t, 'graphql_ws_sockets')).toBe(1);
      expect(await metric(t, 'graphql_ws_subscriptions')).toBe(1);
      expect(await metric(t, 'graphql_ws_events_sent_total')).toBeGreaterThanOrEqual(1);
    } finally {
      await client.dispose();
    }
  });
});

describe.each(DATABASE_KINDS)('graceful shutdown with subscribers (%s)', (kind) => {
  it('when the app closes, then every socket is closed with 1001 and close resolves', async () => {
    const t = await startTestApp(kind);
    const { client } = await subscribed(t, 'alice');
    const raw = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    const rawClosed = new Promise<number>((resolve) => raw.once('close', resolve));

    await t.close();

    expect((await client.closed).code).toBe(1001);
    expect(await rawClosed).toBe(1001);
    await client.dispose();
  });
});

describe.each(DATABASE_KINDS)('subscription rate limits (%s)', (kind) => {
  describe('per IP', () => {
    const t = useTestApp(kind, { RATE_LIMIT_IP_PER_MINUTE: '1' });

    it('when handshakes come faster than RATE_LIMIT_IP_PER_MINUTE, then the next is refused with 429 and Retry-After', async () => {
      const url = `${t.url.replace('http', 'ws')}/graphql`;
      const first = new WebSocket(url, 'graphql-transport-ws');
      await new Promise((resolve) => first.once('open', resolve));
      const second = new WebSocket(url, 'graphql-transport-ws');
      second.on('error', () => undefined);

      const refused = await new Promise<{ status?: number; retryAfter?: string }>((resolve) =>
        second.once('unexpected-response', (_request, response) =>
          resolve({ status: response.statusCode, retryAfter: response.headers['retry-after'] }),
        ),
      );
      first.close();

      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    });
  });

  describe('per user', () => {
    const t = useTestApp(kind, { RATE_LIMIT_USER_PER_MINUTE: '2' });

    it('when a user subscribes faster than RATE_LIMIT_USER_PER_MINUTE, then the next subscription is refused with RATE_LIMITED', async () => {
      const client = new LiveClient(t.url, await t.token('alice'));
      try {
        await client.connected;
        client.subscribe();
        client.subscribe();

        expect(await firstErrorCode(client)).toBe('RATE_LIMITED');
      } finally {
        await client.dispose();
      }
    });
  });
});
