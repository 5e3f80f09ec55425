import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../src/errors.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app.js';
import { deleteVia, TRANSPORTS } from './support/transports.js';

const secret = new TextEncoder().encode(TEST_SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A valid HS256 token for `sub`, with whatever else `edit` sets. */
function signed(sub: string, edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt): Promise<string> {
  return edit(new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('1h')).sign(
    secret,
  );
}

/** A valid token for alice whose signature holds a `-` or `_`, so it can be rewritten in the `+`/`/` alphabet. */
async function tokenWithUrlSafeCharacters(): Promise<string> {
  for (let jti = 0; ; jti += 1) {
    const token = await signed('alice', (jwt) => jwt.setJti(String(jti)));
    if (/[-_]/.test(token.split('.')[2])) return token;
  }
}

/** Tokens whose signature is right but whose encoding or claims must not get a caller in. */
const REFUSED_TOKENS: Record<string, () => Promise<string>> = {
  "a signature with '=' padding": async () => `${await signed('alice')}=`,
  "a signature in the '+' and '/' alphabet": async () => {
    const [header, payload, signature] = (await tokenWithUrlSafeCharacters()).split('.');
    return `${header}.${payload}.${signature.replaceAll('-', '+').replaceAll('_', '/')}`;
  },
  'a token issued a year in the future': () => signed('alice', (jwt) => jwt.setIssuedAt(now() + 365 * 86_400)),
  'a token issued two minutes in the future (past the 60 s tolerance)': () =>
    signed('alice', (jwt) => jwt.setIssuedAt(now() + 120)),
  'a token not valid before two minutes from now': () => signed('alice', (jwt) => jwt.setNotBefore(now() + 120)),
  'a subject with NUL': () => signed('ali\u0000ce'),
  'a subject with a newline': () => signed('alice\nadmin'),
  'a subject with DEL': () => signed('alice\u007f'),
  "the server's own subject system:purge": () => signed('system:purge'),
  'a subject System:Import-Backup': () => signed('System:Import-Backup'),
};

describe('the bearer header parse', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['16,000 characters, past the 8 KiB limit', 16_000],
    ['8,100 characters, under the 8 KiB limit', 8_100],
  ])('when a %s header almost matches, then it is refused in under 5 ms of event-loop time', async (_name, length) => {
    const header = `Bearer a.${'a'.repeat(length)}!`;
    await t.app.authenticator.authenticate('Bearer x.y!').catch(() => undefined);

    const started = performance.now();
    const outcome = await t.app.authenticator.authenticate(header).catch((error: unknown) => error);
    const elapsed = performance.now() - started;

    expect(outcome).toBeInstanceOf(UnauthenticatedError);
    expect(elapsed).toBeLessThan(5);
  });

  it('when the 16,000-character header is sent over HTTP, then it answers 401', async () => {
    const call = await deleteVia('rest', t, 'any-thread', { authorization: `Bearer a.${'a'.repeat(16_000)}!` });

    expect(call.status).toBe(401);
    expect(call.body).toEqual({ detail: 'Not authenticated' });
  });

  it('when a valid token comes with a lower-case scheme and several spaces, then the caller gets in', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 0, owner: 'alice' });

    const call = await deleteVia('rest', t, threadId, { authorization: `bearer   ${await signed('alice')}` });

    expect(call.status).toBe(200);
  });
});

describe.each(DATABASE_KINDS)('tokens that are refused (%s)', (kind) => {
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
    it.each(Object.keys(REFUSED_TOKENS))(
      'when the caller sends %s, then it answers 401 UNAUTHENTICATED and deletes nothing',
      async (name) => {
        const call = await deleteVia(transport, t, threadId, {
          authorization: `Bearer ${await REFUSED_TOKENS[name]()}`,
        });

        expect(call.status).toBe(401);
        expect(call.outcome).toBe('UNAUTHENTICATED');
        expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 2, audit: 0 });
      },
    );
  });

  it('when a token is issued and valid from 30 s ahead of the server clock (within the tolerance), then the caller gets in', async () => {
    const [own] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 0, owner: 'alice' });
    const token = await signed('alice', (jwt) => jwt.setIssuedAt(now() + 30).setNotBefore(now() + 30));

    const call = await deleteVia('graphql', t, own, { authorization: `Bearer ${token}` });

    expect(call.outcome).toBe('success');
  });
});
