#!/usr/bin/env node
// npm run bench: the gateway (GraphQL and REST) against the floor, a bare node:http handler doing
// the same transaction with the raw driver, interleaved round by round, on SQLite and (with
// BENCH_DATABASE_URL) PostgreSQL; then a 100,000-message thread, and growth of the table.
'use strict';
const http = require('node:http');
const os = require('node:os');
const { mkdtempSync } = require('node:fs');
const path = require('node:path');
const { Authenticator } = require('../dist/src/auth/auth.js');
const { createBenchDatabase } = require('./lib/data.js');
const { drive, targets } = require('./lib/drive.js');
const { measure, startProcess } = require('./lib/processes.js');
const { median, printThroughput, round, summarize, writeResults } = require('./lib/report.js');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MAX_RATE = Number(process.env.BENCH_MAX_RATE ?? 6000);
const LARGE_REPEATS = Number(process.env.BENCH_LARGE_REPEATS ?? 3);
const ADMIN_URL = process.env.BENCH_DATABASE_URL;
const KINDS = ['sqlite', ...(ADMIN_URL ? ['postgres'] : [])];
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
});

async function throughput(data, token) {
  const floor = await startProcess('bench/floor.js', { DATABASE_URL: data.url, DB_POOL_SIZE: '16' });
  const gateway = await startProcess('dist/src/main.js', gatewayEnv(data.url));
  const urls = { floor: floor.url, graphql: gateway.url, rest: gateway.url };
  const how = targets(token);
  const order = ['floor', 'graphql', 'rest'];
  try {
    for (const target of order) await drive(urls[target], how[target], await data.seed(2000, 10, OWNER), 1);
    const runs = [];
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      for (let i = 0; i < order.length; i += 1) {
        const target = order[(i + roundIndex) % order.length];
        const ids = await data.seed(MAX_RATE * SECONDS, 10, OWNER);
        const run = await drive(urls[target], how[target], ids, SECONDS);
        if (run.used >= ids.length) console.warn(`warning: ${target} used every seeded thread; raise BENCH_MAX_RATE`);
        runs.push({ target, round: roundIndex + 1, ...run });
        console.log(
          `${data.kind} round ${roundIndex + 1} ${target}: ${Math.round(run.deletesPerSecond)} deletes/s, p99 ${run.p99Ms} ms`,
        );
      }
    }
    return { runs, summary: summarize(runs) };
  } finally {
    await floor.stop();
    await gateway.stop();
  }
}

/**
 * A 100,000-message thread, deleted through GraphQL (plain and with a backup) and by one raw
 * DELETE, LARGE_REPEATS times with the order rotating: times are medians, RSS growth the largest seen.
 */
async function largeThread(data, token) {
  const gateway = await startProcess('dist/src/main.js', gatewayEnv(data.url));
  const raw = await data.rawDeleter();
  const remove = (id, options) =>
    postJson(
      `${gateway.url}/graphql`,
      { authorization: `Bearer ${token}` },
      {
        query:
          'mutation ($id: ID!, $o: DeleteThreadOptions) { deleteThread(threadId: $id, options: $o) { status deletedMessageCount backupCreated } }',
        variables: { id, o: options },
      },
    );
  const ways = {
    raw: (id) => measure(process.pid, () => raw.delete(id)),
    graphql: (id) => measure(gateway.pid, () => remove(id, {})),
    backup: (id) => measure(gateway.pid, () => remove(id, { backup: true })),
  };
  const runs = { raw: [], graphql: [], backup: [] };
  try {
    for (let repeat = 0; repeat < LARGE_REPEATS; repeat += 1) {
      const ids = await data.seed(3, 100_000, OWNER);
      const order = Object.keys(ways).map((_, i, all) => all[(i + repeat) % all.length]);
      for (const [i, way] of order.entries()) {
        const run = await ways[way](ids[i]);
        if (way !== 'raw' && run.result.data?.deleteThread.deletedMessageCount !== 100_000)
          throw new Error(`large delete failed: ${JSON.stringify(run.result)}`);
        runs[way].push(run);
      }
    }
    const ms = (way) => median(runs[way].map((run) => run.ms));
    const rss = (way) => round(Math.max(...runs[way].map((run) => run.rssGrowthBytes)) / 2 ** 20);
    return {
      repeats: LARGE_REPEATS,
      rawDeleteMs: round(ms('raw')),
      graphqlMs: round(ms('graphql')),
      graphqlRatioToRaw: round(ms('graphql') / ms('raw'), 2),
      graphqlRssGrowthMB: rss('graphql'),
      backupMs: round(ms('backup')),
      backupRatioToRaw: round(ms('backup') / ms('raw'), 2),
      backupRssGrowthMB: rss('backup'),
    };
  } finally {
    await raw.close();
    await gateway.stop();
  }
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

async function growth(kind, token) {
  const sizes = [10_000, Number(process.env.BENCH_GROWTH_MESSAGES ?? 1_000_000)];
  const setups = [];
  for (const others of sizes) {
    const data = await createBenchDatabase(kind, ADMIN_URL);
    await data.seed(others / 100, 100, 'someone-else');
    setups.push({ others, data, gateway: await startProcess('dist/src/main.js', gatewayEnv(data.url)) });
  }
  const how = targets(token).graphql;
  try {
    const rates = Object.fromEntries(sizes.map((size) => [size, []]));
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      for (const setup of roundIndex % 2 ? [...setups].reverse() : setups) {
        const run = await drive(setup.gateway.url, how, await setup.data.seed(MAX_RATE * SECONDS, 10, OWNER), SECONDS);
        rates[setup.others].push(run.deletesPerSecond);
      }
    }
    const small = median(rates[sizes[0]]);
    const large = median(rates[sizes[1]]);
    return { otherMessages: sizes, deletesPerSecond: [round(small), round(large)], ratio: round(large / small, 2) };
  } finally {
    for (const setup of setups) {
      await setup.gateway.stop();
      await setup.data.drop();
    }
  }
}

async function main() {
  const token = await new Authenticator({
    mode: 'hs256',
    secret: new TextEncoder().encode(SECRET),
    clockToleranceSeconds: 60,
  }).issueToken(OWNER, { expiresIn: '2h' });
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    seconds: SECONDS,
    rounds: ROUNDS,
    connections: 16,
    throughput: {},
    largeThread: {},
    growth: {},
  };
  for (const kind of KINDS) {
    const data = await createBenchDatabase(kind, ADMIN_URL);
    try {
      const { summary, runs } = await throughput(data, token);
      results.throughput[kind] = summary;
      results[`${kind}Runs`] = runs;
      results.largeThread[kind] = await largeThread(data, token);
    } finally {
      await data.drop();
    }
    results.growth[kind] = await growth(kind, token);
  }
  for (const kind of KINDS) printThroughput(kind, results.throughput[kind]);
  console.table(results.largeThread);
  console.table(results.growth);
  writeResults(results, __dirname);
  console.log(`Wrote ${path.relative(process.cwd(), path.join(__dirname, 'results.json'))} and deletes-per-second.svg`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
