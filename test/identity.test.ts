import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { dataOf, startTestApp, TEST_SECRET, type TestApp } from './support/test-app.js';
import { bearer, deleteVia, TRANSPORTS } from './support/transports.js';

const secret = new TextEncoder().encode(TEST_SECRET);

/** Tokens a caller must not get in with. */
const BAD_TOKENS: Record<string, () => Promise<string>> = {
  'a forged token (signed with another secret)': () =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40))),
  'an expired token': () =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(secret),
  'an alg:none token': async () =>
    new UnsecuredJWT({ roles: ['admin'] }).setSubject('alice').setExpirationTime('1h').encode(),
  'a token without a subject': () =>
    new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(secret),
  'a token without an expiry': () =>
    new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').sign(secret),
  'a token with a tampered payload': async () => {
    const [header, , signature] = (
      await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('bob').setExpirationTime('1h').sign(secret)
    ).split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'alice', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 3600 }),
    ).toString('base64url');
    return `${header}.${payload}.${signature}`;
  },
  garbage: async () => 'not-a-jwt',
};

describe.each(DATABASE_KINDS)('identity (%s)', (kind) => {
  let t: TestApp;
  let threadId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'alice' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe.each(TRANSPORTS)('over %s', (transport) => {
    it('when no token is sent, then it answers 401 UNAUTHENTICATED and deletes nothing', async () => {
      const call = await deleteVia(transport, t, threadId);

      expect(call.status).toBe(401);
      expect(call.outcome).toBe('UNAUTHENTICATED');
      if (transport === 'rest') {
        expect(call.body).toEqual({ detail: 'Not authenticated' });
        expect(call.headers.get('www-authenticate')).toBe('Bearer');
      }
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
    });

    it.each(Object.keys(BAD_TOKENS))(
      'when the caller sends %s, then it answers 401 UNAUTHENTICATED and deletes nothing',
      async (name) => {
        const call = await deleteVia(transport, t, threadId, { authorization: `Bearer ${await BAD_TOKENS[name]()}` });

        expect(call.status).toBe(401);
        expect(call.outcome).toBe('UNAUTHENTICATED');
        expect(JSON.stringify(call.body)).not.toMatch(/stack|at .*\.js/);
        expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
      },
    );

    it('when the Authorization header is not a bearer token, then it answers 401', async () => {
      const call = await deleteVia(transport, t, threadId, { authorization: 'Basic YWxpY2U6c2VjcmV0' });

      expect(call.status).toBe(401);
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
    });
  });

  describe('reading threads', () => {
    it("when a user asks for another user's thread, then it is null, exactly as a missing one", async () => {
      const query = 'query ($id: ID!) { thread(id: $id) { id title } }';

      const foreign = await t.graphql(query, { id: threadId }, await bearer(t, 'mallory'));
      const own = await t.graphql(query, { id: threadId }, await bearer(t, 'alice'));

      expect(foreign.body).toEqual({ data: { thread: null } });
      expect(own.body.data?.thread).toEqual({ id: threadId, title: 'Seeded thread 1' });
    });

    it("when a user lists threads, then only their own appear (an admin's list has everyone's)", async () => {
      await seedThreads(t.app.db, { threads: 2, messagesPerThread: 0, owner: 'mallory' });
      const query = '{ threads(first: 100) { edges { node { userId } } } }';

      const mallory = await t.graphql(query, {}, await bearer(t, 'mallory'));
      const admin = await t.graphql(query, {}, await bearer(t, 'root', ['admin']));

      const owners = (response: typeof mallory) =>
        new Set(dataOf(response).threads.edges.map((edge) => edge.node.userId));
      expect(owners(mallory)).toEqual(new Set(['mallory']));
      expect(owners(admin)).toEqual(new Set(['alice', 'mallory']));
    });

    it('when a query needs a caller and there is no token, then it is UNAUTHENTICATED with HTTP 401', async () => {
      const response = await t.graphql('{ threads { edges { cursor } } }');

      expect(response.status).toBe(401);
      expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
