import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { ThreadPurgeService } from '../src/threads/trash/thread-purge.service.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { dataOf, startTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { bearer, deleteVia } from './support/transports.js';

const THREADS = '{ threads(first: 5) { edges { node { id } } } }';
const SOFT_BACKUP =
  'mutation ($id: ID!) { deleteThread(threadId: $id, options: { mode: SOFT, backup: true }) { status errors backupLocation } }';
/** Redis for the tests that share counters between replicas: set by .ci/run. */
const REDIS_URLS = process.env.TEST_REDIS_URL ? [process.env.TEST_REDIS_URL] : [];

/** Answers a raw HTTP request that declares a body but sends none, to show what is decided before the body. */
function headersOnly(t: TestApp, headers: string): Promise<string> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', reject);
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n${headers}\r\n`,
    );
  });
}

describe('rate limits (sqlite)', () => {
  const t = useTestApp('sqlite', { RATE_LIMIT_USER_PER_MINUTE: '5', RATE_LIMIT_IP_PER_MINUTE: '3' });

  it('when a user sends more requests in a minute than RATE_LIMIT_USER_PER_MINUTE, then the next one is 429 RATE_LIMITED with Retry-After, and another user is not affected', async () => {
    const alice = await bearer(t, `alice-${randomUUID()}`);
    const bob = await bearer(t, `bob-${randomUUID()}`);

    const allowed = [];
    for (let i = 0; i < 5; i += 1) allowed.push((await t.graphql(THREADS, {}, alice)).status);
    const refused = await t.graphql(THREADS, {}, alice);
    const rest = await deleteVia('rest', t, 'some-thread', alice);
    const other = await t.graphql(THREADS, {}, bob);

    expect(allowed).toEqual([200, 200, 200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      errors: [
        {
          message: 'Too many requests; try again after the time in Retry-After.',
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
        },
      ],
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(rest.status).toBe(429);
    expect(rest.body).toEqual({ detail: 'Too Many Requests' });
    expect(rest.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(other.status).toBe(200);
  });

  it('when requests without a valid token pass RATE_LIMIT_IP_PER_MINUTE, then the next one is 429 before its token is even looked at, and users with tokens are not affected', async () => {
    const statuses = [];
    for (const authorization of [undefined, 'Bearer not.a.token', 'Basic abc']) {
      statuses.push((await t.graphql(THREADS, {}, authorization ? { authorization } : {})).status);
    }
    const refused = await t.graphql(THREADS, {}, { authorization: 'Bearer a.b.c' });
    const user = await t.graphql(THREADS, {}, await bearer(t, `carol-${randomUUID()}`));

    expect(statuses).toEqual([401, 401, 401]);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(user.status).toBe(200);
  });
});

describe('what is decided before the body is read (sqlite)', () => {
  const t = useTestApp('sqlite');

  it('when the token is bad, then the 401 comes back while the declared 1 MB body has not been sent', async () => {
    const answer = await headersOnly(t, 'Authorization: Bearer a.b.c\r\n');

    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('when there is no token, then a body over 64 KiB is refused with 413', async () => {
    const response = await t.graphql(THREADS, { padding: 'x'.repeat(70_000) });

    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'The request body is larger than 65536 bytes without a bearer token.',
          extensions: { code: 'PAYLOAD_TOO_LARGE' },
        },
      ],
    });
  });
});

describe.each(REDIS_URLS)('rate limits shared through Redis (%s)', (redisUrl) => {
  const a = useTestApp('sqlite', { REDIS_URL: redisUrl, RATE_LIMIT_USER_PER_MINUTE: '4' });
  const b = useTestApp('sqlite', { REDIS_URL: redisUrl, RATE_LIMIT_USER_PER_MINUTE: '4' });

  it('when a user spreads requests over two replicas, then both count against the same limit', async () => {
    const user = `dave-${randomUUID()}`;
    const onA = await bearer(a, user);
    const onB = await bearer(b, user);

    const statuses = [];
    for (const [t, headers] of [
      [a, onA],
      [b, onB],
      [a, onA],
      [b, onB],
      [a, onA],
      [b, onB],
    ] as const)
      statuses.push((await t.graphql(THREADS, {}, headers)).status);

    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('when Redis cannot be reached, then each replica still answers and counts in memory', async () => {
    const t = await startTestApp('sqlite', { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_USER_PER_MINUTE: '3' });
    try {
      const headers = await bearer(t, `erin-${randomUUID()}`);
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await t.graphql(THREADS, {}, headers)).status);

      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await t.close();
    }
  });
});

describe.each(DATABASE_KINDS)('expensive operations and backups (%s)', (kind) => {
  const backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-fair-backups-'));
  const t = useTestApp(kind, {
    BACKUP_DIR: backupDir,
    EXPENSIVE_OPERATIONS_PER_USER: '2',
    BACKUP_CONCURRENCY: '1',
    DB_POOL_SIZE: '3',
  });

  it('when one user starts 12 backups at once, then 2 run and 10 are RATE_LIMITED untouched, while another user reads and /readyz answer throughout', async () => {
    const owner = `frank-${randomUUID()}`;
    const frank = await bearer(t, owner);
    const grace = await bearer(t, `grace-${randomUUID()}`);
    const ids = await seedThreads(t.app.db, { threads: 12, messagesPerThread: 4000, owner });

    const flood = Promise.all(ids.map((id) => t.graphql(SOFT_BACKUP, { id }, frank)));
    const reads = [];
    for (let i = 0; i < 10; i += 1) reads.push(await t.graphql(THREADS, {}, grace), await t.rest('GET', '/readyz'));
    const results = (await flood).map(
      (response) => response.body.errors?.[0].extensions?.code ?? response.body.data?.deleteThread.status,
    );

    expect(results.filter((result) => result === 'success')).toHaveLength(2);
    expect(results.filter((result) => result === 'RATE_LIMITED')).toHaveLength(10);
    expect(reads.map((read) => read.status)).toEqual(Array(20).fill(200));
    const kept = await Promise.all(ids.map((id) => countRows(t, id)));
    expect(kept.filter((rows) => rows.audit === 0)).toHaveLength(10);
    expect(kept.every((rows) => rows.messages === 4000)).toBe(true);
    const refused = defined(
      (await flood).find((response) => response.body.errors),
      'a refused delete',
    );
    // Refused inside the mutation, so beside `data: null`: HTTP 200, the Retry-After header kept.
    expect(refused.status).toBe(200);
    expect(refused.body.data).toBeNull();
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Too many expensive operations/),
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 5 },
    });

    // Refusals give their slot back: once the two backups are done, the next ones run one by one.
    const untouched = ids.filter((_, index) => kept[index].audit === 0).slice(0, 3);
    const after = [];
    for (const id of untouched)
      after.push((await t.graphql(SOFT_BACKUP, { id }, frank)).body.data?.deleteThread.status);
    expect(after).toEqual(['success', 'success', 'success']);
  });

  it('when several users back up at once with one backup slot and a pool of 3, then every backup happens one after another and reads keep a connection', async () => {
    const users = await Promise.all(
      ['hana', 'ivan', 'jo'].map(async (name) => ({
        owner: `${name}-${randomUUID()}`,
        headers: {} as Record<string, string>,
      })),
    );
    for (const user of users) user.headers = await bearer(t, user.owner);
    const threads = await Promise.all(
      users.map((user) => seedThreads(t.app.db, { threads: 2, messagesPerThread: 2000, owner: user.owner })),
    );
    const reader = await bearer(t, `kim-${randomUUID()}`);

    const backups = Promise.all(
      users.flatMap((user, index) => threads[index].map((id) => t.graphql(SOFT_BACKUP, { id }, user.headers))),
    );
    const read = await t.graphql(THREADS, {}, reader);
    const results = (await backups).map((response) => response.body.data?.deleteThread.status);

    expect(results).toEqual(Array(6).fill('success'));
    expect(read.status).toBe(200);
  });

  it('when a user has used up BACKUP_QUOTA_BYTES_PER_USER, then a backup delete is BACKUP_QUOTA_EXCEEDED (REST 403) and keeps the thread; expired backups free the quota', async () => {
    const quota = await startTestApp(kind, { BACKUP_DIR: backupDir, BACKUP_QUOTA_BYTES_PER_USER: '1' });
    try {
      const owner = `lee-${randomUUID()}`;
      const lee = await bearer(quota, owner);
      const [first, second, third] = await seedThreads(quota.app.db, { threads: 3, messagesPerThread: 3, owner });

      const used = await quota.graphql(SOFT_BACKUP, { id: first }, lee);
      const refused = await quota.graphql(SOFT_BACKUP, { id: second }, lee);
      const rest = await deleteVia('rest', quota, second, lee, `${second}?backup=true`);
      const other = await quota.graphql(
        SOFT_BACKUP,
        { id: (await seedThreads(quota.app.db, { threads: 1, messagesPerThread: 1, owner: 'mo' }))[0] },
        await bearer(quota, 'mo'),
      );

      expect(used.body.data?.deleteThread).toMatchObject({ status: 'success', errors: [] });
      expect(refused.body.data?.deleteThread).toEqual({
        status: 'error',
        errors: ['BACKUP_QUOTA_EXCEEDED'],
        backupLocation: null,
      });
      expect(rest.status).toBe(403);
      expect(rest.body).toEqual({ detail: 'Backup quota exceeded: nothing was deleted' });
      expect(await countRows(quota, second)).toEqual({ threads: 1, messages: 3, audit: 0 });
      expect(other.body.data?.deleteThread.status).toBe('success');

      const file = path.join(backupDir, defined(dataOf(used).deleteThread.backupLocation, 'backupLocation'));
      const later = new Date(Date.now() + 91 * 24 * 60 * 60 * 1000);
      const purged = await new ThreadPurgeService(quota.app.db, undefined, undefined, {
        dir: backupDir,
        days: 90,
      }).purge(later);
      const again = await quota.graphql(SOFT_BACKUP, { id: third }, lee);

      expect(purged.backups).toBeGreaterThanOrEqual(2);
      expect(existsSync(file)).toBe(false);
      expect(again.body.data?.deleteThread.status).toBe('success');
    } finally {
      await quota.close();
    }
  });
});
