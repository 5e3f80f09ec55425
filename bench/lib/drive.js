'use strict';
// Driving one target with autocannon: 16 connections, a fixed time, every request deleting a
// distinct existing thread; a delete only counts when the body says it succeeded.
const autocannon = require('autocannon');

/** How each target is asked to delete thread `id` of `owner`. */
function targets(token, owner = 'bench-user') {
  const auth = { authorization: `Bearer ${token}` };
  const query =
    'mutation ($id: ID!) { deleteThread(threadId: $id) { status threadId deletedMessageCount auditLogId } }';
  return {
    floor: { method: 'DELETE', path: (id) => `/threads/${encodeURIComponent(id)}`, headers: {} },
    lean: {
      method: 'DELETE',
      path: (id) => `/lean/threads/${encodeURIComponent(id)}`,
      headers: { 'x-user-id': owner },
    },
    graphql: {
      method: 'POST',
      path: () => '/graphql',
      headers: { ...auth, 'content-type': 'application/json' },
      body: (id) => JSON.stringify({ query, variables: { id } }),
    },
    rest: { method: 'DELETE', path: (id) => `/api/chat/threads/${encodeURIComponent(id)}`, headers: auth },
  };
}

/** Runs one target against `ids` for `seconds`; resolves with deletes/s, latencies and failures. */
function drive(url, target, ids, seconds, connections = 16) {
  let next = 0;
  let succeeded = 0;
  let failed = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        requests: [
          {
            method: target.method,
            headers: target.headers,
            setupRequest: (request) => {
              const id = ids[next++] ?? `exhausted-${next}`;
              return { ...request, path: target.path(id), body: target.body?.(id) };
            },
            onResponse: (status, body) => {
              if (status === 200 && body.includes('"status":"success"')) succeeded += 1;
              else failed += 1;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsed = result.duration || seconds;
        resolve({
          deletesPerSecond: succeeded / elapsed,
          deletes: succeeded,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          failed: failed + result.errors + result.timeouts,
          used: Math.min(next, ids.length),
        });
      },
    );
  });
}

module.exports = { targets, drive };
