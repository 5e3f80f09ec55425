'use strict';
// The gateway under test: its environment, a bearer token for the bench user, and one-off requests.
const http = require('node:http');
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Authenticator } = require('../../dist/src/auth/auth.js');

const SECRET = 'bench-secret-bench-secret-bench-secret!!';
const OWNER = 'bench-user';

const gatewayEnv = (url) => ({
  PORT: '0',
  NODE_ENV: 'production',
  DATABASE_URL: url,
  AUTH_JWT_SECRET: SECRET,
  LOG_LEVEL: 'info',
  PURGE_INTERVAL_MINUTES: '0',
  DB_POOL_SIZE: '16',
  BACKUP_DIR: mkdtempSync(path.join(os.tmpdir(), 'ctg-bench-backups-')),
  // The bench measures capacity with one user at full speed: the per-user rate limit would refuse it.
  RATE_LIMIT_USER_PER_MINUTE: '0',
  // Large-thread runs delete with backups one after another on a fresh socket each: they never overlap.
  EXPENSIVE_OPERATIONS_PER_USER: '4',
  // The gateway's own default unless asked (to compare chunk sizes: BENCH_DELETE_CHUNK_MESSAGES=2000).
  ...(process.env.BENCH_DELETE_CHUNK_MESSAGES
    ? { DELETE_CHUNK_MESSAGES: process.env.BENCH_DELETE_CHUNK_MESSAGES }
    : {}),
});

/** A bearer token for OWNER (or `userId`, with `roles`), valid for two hours. */
function issueToken(userId = OWNER, roles = []) {
  return new Authenticator({
    mode: 'hs256',
    secret: new TextEncoder().encode(SECRET),
    clockToleranceSeconds: 60,
  }).issueToken(userId, { expiresIn: '2h', roles });
}

/**
 * POST a JSON body on a connection of its own. (Seeding SQLite blocks this process for seconds, so
 * a pooled keep-alive socket may have been closed by the server meanwhile without us noticing.)
 */
function postJson(url, headers, body) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve(JSON.parse(text)));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const DELETE_WITH_OPTIONS =
  'mutation ($id: ID!, $o: DeleteThreadOptions) { deleteThread(threadId: $id, options: $o) { status deletedMessageCount backupCreated } }';

/** `deleteThread(threadId: id, options)` through GraphQL, on a connection of its own; resolves with the body. */
function deleteThread(gatewayUrl, token, id, options) {
  return postJson(
    `${gatewayUrl}/graphql`,
    { authorization: `Bearer ${token}` },
    { query: DELETE_WITH_OPTIONS, variables: { id, o: options } },
  );
}

module.exports = { OWNER, gatewayEnv, issueToken, postJson, deleteThread };
