import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { countRows } from './support/rows.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { deleteVia } from './support/transports.js';

/** A stand-in identity provider on loopback that publishes one RS256 key. */
describe('tokens from an identity provider (AUTH_JWKS_URL)', () => {
  let idp: Server;
  let t: TestApp;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  const sign = (claims: { sub: string; iss?: string; aud?: string }, key = privateKey, kid = 'key-1') =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(claims.sub)
      .setIssuer(claims.iss ?? 'https://idp.test')
      .setAudience(claims.aud ?? 'chat-gateway')
      .setExpirationTime('5m')
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwks = JSON.stringify({
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }],
    });
    idp = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(jwks)).listen(
      0,
      '127.0.0.1',
    );
    await once(idp, 'listening');
    t = await startTestApp('sqlite', {
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/.well-known/jwks.json`,
      AUTH_ISSUER: 'https://idp.test',
      AUTH_AUDIENCE: 'chat-gateway',
    });
  });
  afterAll(async () => {
    await t?.close();
    idp?.close();
  });

  it("when the provider's key signed the token, then its subject may delete its own thread", async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'erin' });

    const call = await deleteVia('rest', t, threadId, { authorization: `Bearer ${await sign({ sub: 'erin' })}` });

    expect(call.outcome).toBe('success');
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it.each([
    ['another key', async () => sign({ sub: 'erin' }, (await generateKeyPair('RS256')).privateKey)],
    ['the wrong issuer', async () => sign({ sub: 'erin', iss: 'https://evil.test' })],
    ['the wrong audience', async () => sign({ sub: 'erin', aud: 'someone-else' })],
  ])('when the token is signed with %s, then it is 401 and nothing is deleted', async (_name, token) => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 2, owner: 'erin' });

    const call = await deleteVia('graphql', t, threadId, { authorization: `Bearer ${await token()}` });

    expect(call.status).toBe(401);
    expect(call.outcome).toBe('UNAUTHENTICATED');
    expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
  });
});
