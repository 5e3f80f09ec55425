#!/usr/bin/env node
// npm run bench: the gateway (GraphQL and REST) against the floor and the lean floor, bare node:http
// handlers doing the same delete with the raw driver, interleaved round by round, on SQLite and
// (with BENCH_DATABASE_URL) PostgreSQL; then a 100,000-message thread, and growth of the table.
// BENCH_SCENARIO picks parts: throughput, large, growth (the three are the default), mixed
// (small deletes at a steady rate while a big thread is deleted: bench/mixed.js), search
// (thread searches over 1,000,000 threads: bench/search.js) and fanout (1,000 subscribers of one
// process and the delay from a delete's commit to the last of them: bench/fanout.js).
'use strict';
const { execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { createBenchDatabase, postgresSettings } = require('./lib/data.js');
const { drive, targets } = require('./lib/drive.js');
const { OWNER, deleteThread, gatewayEnv, issueToken } = require('./lib/gateway.js');
const { measure, startProcess, watch } = require('./lib/processes.js');
const { median, printThroughput, round, summarize, writeResults } = require('./lib/report.js');
const { fanoutConfig, fanoutRows, runFanout } = require('./fanout.js');
const { mixedConfig, mixedRows, runMixed } = require('./mixed.js');
const { runSearch, searchRows } = require('./search.js');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MAX_RATE = Number(process.env.BENCH_MAX_RATE ?? 10000);
const LARGE_REPEATS = Number(process.env.BENCH_LARGE_REPEATS ?? 3);
const ADMIN_URL = process.env.BENCH_DATABASE_URL;
/** BENCH_ENGINES narrows the engines (e.g. `postgres`); PostgreSQL runs only with BENCH_DATABASE_URL. */
const KINDS = ['sqlite', ...(ADMIN_URL ? ['postgres'] : [])].filter((kind) =>
  (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').includes(kind),
);
const DEFAULT_SCENARIOS = ['throughput', 'large', 'growth'];
const ALL_SCENARIOS = [...DEFAULT_SCENARIOS, 'mixed', 'search', 'fanout'];

/** BENCH_SCENARIO: a comma-separated list of parts, `default` (the first three) or `all`. */
function scenarios() {
  const asked = (process.env.BENCH_SCENARIO ?? 'default').split(',').map((name) => name.trim());
  const names = asked.flatMap((name) =>
    name === 'default' ? DEFAULT_SCENARIOS : name === 'all' ? ALL_SCENARIOS : [name],
  );
  const unknown = names.filter((name) => !ALL_SCENARIOS.includes(name));
  if (unknown.length)
    throw new Error(`BENCH_SCENARIO: unknown ${unknown.join(', ')}; pick from ${ALL_SCENARIOS.join(', ')}`);
  return ALL_SCENARIOS.filter((name) => names.includes(name));
}

async function throughput(data, token) {
  const floor = await startProcess('bench/floor.js', { DATABASE_URL: data.url, DB_POOL_SIZE: '16' });
  const gateway = await startProcess('dist/src/main.js', gatewayEnv(data.url));
  const urls = { floor: floor.url, lean: floor.url, graphql: gateway.url, rest: gateway.url };
  // The process that serves each target: its CPU time per delete and its RSS are the target's.
  const pids = { floor: floor.pid, lean: floor.pid, graphql: gateway.pid, rest: gateway.pid };
  const how = targets(token, OWNER);
  const order = ['floor', 'lean', 'graphql', 'rest'];
  try {
    for (const target of order) await drive(urls[target], how[target], await data.seed(2000, 10, OWNER), 1);
    const runs = [];
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      for (let i = 0; i < order.length; i += 1) {
        const target = order[(i + roundIndex) % order.length];
        const ids = await data.seed(MAX_RATE * SECONDS, 10, OWNER);
        const watched = await watch(pids[target], () => drive(urls[target], how[target], ids, SECONDS));
        const run = {
          ...watched.result,
          cpuMsPerDelete: watched.result.deletes ? watched.cpuMs / watched.result.deletes : null,
          rssMB: watched.rssBytes / 2 ** 20,
          rssPeakMB: watched.rssPeakBytes / 2 ** 20,
        };
        if (run.used >= ids.length) console.warn(`warning: ${target} used every seeded thread; raise BENCH_MAX_RATE`);
        runs.push({ target, round: roundIndex + 1, ...run });
        console.log(
          `${data.kind} round ${roundIndex + 1} ${target}: ${Math.round(run.deletesPerSecond)} deletes/s, p99 ${run.p99Ms} ms, ` +
            `CPU ${run.cpuMsPerDelete?.toFixed(3)} ms/delete, RSS ${Math.round(run.rssPeakMB)} MB`,
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
  const remove = (id, options) => deleteThread(gateway.url, token, id, options);
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

/** The commit the bench ran on, and whether src/ differed from it (null outside a git checkout). */
function code() {
  const git = (...args) =>
    execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8', stdio: 'pipe' }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), srcChanged: git('status', '--porcelain', '--', 'src') !== '' };
  } catch {
    return null;
  }
}

async function main() {
  const parts = scenarios();
  const token = await issueToken();
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    // Other work on the machine moves every figure: the 1-minute load average when the bench started and ended.
    loadAverage: { start: round(os.loadavg()[0], 2), end: null },
    code: code(),
    ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}),
    scenarios: parts,
    ...(ADMIN_URL ? { postgresSettings: await postgresSettings(ADMIN_URL) } : {}),
  };
  if (parts.includes('throughput') || parts.includes('large')) {
    Object.assign(results, { seconds: SECONDS, rounds: ROUNDS, connections: 16 });
  }
  if (parts.includes('throughput')) results.throughput = {};
  if (parts.includes('large')) results.largeThread = {};
  if (parts.includes('growth')) results.growth = {};
  if (parts.includes('mixed')) results.mixed = { config: mixedConfig() };
  if (parts.includes('search')) results.search = {};
  if (parts.includes('fanout')) results.fanout = { config: fanoutConfig() };
  for (const kind of KINDS) {
    if (parts.includes('throughput') || parts.includes('large')) {
      const data = await createBenchDatabase(kind, ADMIN_URL);
      try {
        if (parts.includes('throughput')) {
          const { summary, runs } = await throughput(data, token);
          results.throughput[kind] = summary;
          results[`${kind}Runs`] = runs;
        }
        if (parts.includes('large')) results.largeThread[kind] = await largeThread(data, token);
      } finally {
        await data.drop();
      }
    }
    if (parts.includes('growth')) results.growth[kind] = await growth(kind, token);
    if (parts.includes('mixed')) results.mixed[kind] = await runMixed(kind, ADMIN_URL, token);
    if (parts.includes('search')) results.search[kind] = await runSearch(kind, ADMIN_URL);
    if (parts.includes('fanout')) results.fanout[kind] = await runFanout(kind, ADMIN_URL, token);
  }
  if (results.postgresSettings) console.table(results.postgresSettings);
  if (results.throughput) for (const kind of KINDS) printThroughput(kind, results.throughput[kind]);
  if (results.largeThread) console.table(results.largeThread);
  if (results.growth) console.table(results.growth);
  if (results.mixed) console.table(mixedRows(results.mixed));
  if (results.search) console.table(searchRows(results.search));
  if (results.fanout) console.table(fanoutRows(results.fanout));
  results.loadAverage.end = round(os.loadavg()[0], 2);
  // The default parts write bench/results.json and its chart, as they always have; any other choice
  // writes a file of its own (BENCH_RESULTS, or results-<parts>.json) and leaves those alone.
  const isDefault = parts.join() === DEFAULT_SCENARIOS.join();
  const file = process.env.BENCH_RESULTS ?? (isDefault ? 'results.json' : `results-${parts.join('-')}.json`);
  const written = writeResults(results, __dirname, file, { chart: file === 'results.json' });
  console.log(`Wrote ${written.map((name) => path.relative(process.cwd(), name)).join(' and ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
