'use strict';
// The mixed scenario (BENCH_SCENARIO=mixed): small deletes through GraphQL at a steady rate well
// below capacity, sent open-loop, in a phase on their own and in phases where one big thread is
// deleted mid-run (plain, then with a backup); the big delete against raw DELETEs of an identical
// thread on the database itself. What issue #12 asks of a delete pipeline: the small deletes'
// latency while a big one runs, the big one's speed, and the gateway's memory meanwhile.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { createBenchDatabase } = require('./lib/data.js');
const { OWNER, deleteThread, gatewayEnv } = require('./lib/gateway.js');
const { latencySummary, percentile, startOpenLoop } = require('./lib/open-loop.js');
const { measure, rssOf, startProcess } = require('./lib/processes.js');
const { round } = require('./lib/report.js');

const RATE = Number(process.env.BENCH_MIXED_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 10);
const BIG_MESSAGES = Number(process.env.BENCH_BIG_MESSAGES ?? 500_000);
/**
 * Big deletes per phase, one after another, their "during" samples pooled: one 500,000-message
 * delete overlaps 200 to 400 small deletes, whose p99 is then their third or fourth worst, and one
 * stall of the machine decided it; the phase alone has 2,000.
 */
const BIG_REPEATS = Number(process.env.BENCH_BIG_REPEATS ?? 3);
const SMALL_MESSAGES = 10;
const WARMUP_SECONDS = 2;
/** The big delete starts this long into its phase, and the phase goes on this long after it ends. */
const LEAD_SECONDS = 2;
const TAIL_SECONDS = 2;
/** Issue #12's targets for the small deletes during the big one, and for the big one. */
const TARGETS = { p99RatioMax: 2, maxMs: 250, ratioToRawMin: 0.5, rssGrowthMBMax: 32 };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const mb = (bytes) => round(bytes / 2 ** 20);

const config = () => ({
  ratePerSecond: RATE,
  phaseSeconds: SECONDS,
  smallMessages: SMALL_MESSAGES,
  bigMessages: BIG_MESSAGES,
  bigRepeats: BIG_REPEATS,
  leadSeconds: LEAD_SECONDS,
  tailSeconds: TAIL_SECONDS,
  targets: TARGETS,
});

/** The small deletes: GraphQL deleteThread, as the throughput runs send it. */
const smallDelete = (token) => {
  const query =
    'mutation ($id: ID!) { deleteThread(threadId: $id) { status threadId deletedMessageCount auditLogId } }';
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return (id) => ({ method: 'POST', path: '/graphql', headers, body: JSON.stringify({ query, variables: { id } }) });
};

/** Samples a process's RSS every 20 ms; the function it returns stops and gives the first sample, the peak and the growth. */
function sampleRss(pid) {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 20);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, rssOf(pid));
    return { beforeMB: mb(before), peakMB: mb(peak), growthMB: mb(peak - before) };
  };
}

/**
 * Deletes the big thread through GraphQL and waits until its row is gone (a pipeline may answer
 * before it has reclaimed everything, and removes the row last), sampling the gateway's RSS; then
 * checks that none of its messages is left.
 */
async function bigDelete(data, gateway, token, id, options) {
  const started = performance.now();
  let answeredAt = null;
  const run = await measure(gateway.pid, async () => {
    const body = await deleteThread(gateway.url, token, id, options);
    answeredAt = performance.now();
    const ok = body.data?.deleteThread?.deletedMessageCount === BIG_MESSAGES;
    if (ok) await data.waitUntilGone(id, 600_000);
    return { body, ok };
  });
  const messagesLeft = await data.messagesStored(id);
  const ok = run.result.ok && !messagesLeft;
  return {
    ok,
    ...(ok ? {} : { answer: run.result.body, messagesLeft }),
    answeredMs: round(answeredAt - started),
    goneMs: round(run.ms),
    messagesPerSecond: Math.round(BIG_MESSAGES / (run.ms / 1000)),
    rssGrowthMB: mb(run.rssGrowthBytes),
    window: { start: started, end: started + run.ms },
  };
}

/** Per half second of the schedule: `[start s, requests, p50 ms, max ms]` of the small deletes scheduled in it. */
function timeline(records, start) {
  const buckets = [];
  for (const record of records) {
    const index = Math.floor((record.scheduled - start) / 500);
    buckets[index] ??= [];
    buckets[index].push(record.done - record.scheduled);
  }
  return Array.from(buckets, (latencies = [], index) => {
    const sorted = latencies.sort((a, b) => a - b);
    return [index / 2, sorted.length, round(percentile(sorted, 50)), round(sorted.at(-1) ?? null)];
  });
}

/**
 * One phase: small deletes at RATE for at least SECONDS, with the big deletes of `big.ids` (if any)
 * one after another from LEAD_SECONDS in, each TAIL_SECONDS after the one before is gone.
 */
async function phase(name, { data, gateway, token, seconds = SECONDS, big }) {
  // Threads enough for the longest such a phase should take; the phase stops short (and says so) if they run out.
  const bigSeconds = big
    ? LEAD_SECONDS + big.ids.length * (TAIL_SECONDS + (BIG_MESSAGES * (big.options.backup ? 100 : 40)) / 1e6)
    : 0;
  const ids = await data.seed(Math.ceil(RATE * (Math.max(seconds, bigSeconds) + 5)), SMALL_MESSAGES, OWNER);
  await data.settle();
  const rss = sampleRss(gateway.pid);
  const loop = startOpenLoop({ url: gateway.url, rate: RATE, ids, request: smallDelete(token) });
  const bigRuns = [];
  if (big) {
    await sleep(loop.start + LEAD_SECONDS * 1000 - performance.now());
    for (const id of big.ids) {
      bigRuns.push(await bigDelete(data, gateway, token, id, big.options));
      await sleep(TAIL_SECONDS * 1000);
    }
  }
  await sleep(loop.start + seconds * 1000 - performance.now());
  const { records, exhausted } = await loop.stop();
  if (exhausted) console.warn(`warning: mixed ${data.kind} ${name}: the seeded threads ran out before the phase ended`);
  const result = {
    seconds: round((performance.now() - loop.start) / 1000),
    exhausted,
    small: latencySummary(records),
    rss: rss(),
    timeline: timeline(records, loop.start),
  };
  if (big) {
    // Every small delete whose life overlapped a big delete's (from its request to its last message gone).
    const overlaps = (record) =>
      bigRuns.some(({ window }) => record.scheduled < window.end && record.done > window.start);
    result.during = latencySummary(records.filter(overlaps));
    result.big = { options: big.options, ...bigSummary(bigRuns) };
  }
  console.log(
    `mixed ${data.kind} ${name}: small p50 ${result.small.p50Ms} p99 ${result.small.p99Ms} max ${result.small.maxMs} ms` +
      (big
        ? `; during the big deletes p99 ${result.during.p99Ms} max ${result.during.maxMs} ms;` +
          ` big ${result.big.goneMs} ms (${result.big.messagesPerSecond} msgs/s; median of ${bigRuns.length}), RSS +${result.big.rssGrowthMB} MB`
        : ''),
  );
  return result;
}

/** The big deletes of a phase: the median's time and speed, the largest RSS growth, and each run. */
function bigSummary(runs) {
  const median = (values) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  const goneMs = median(runs.map((run) => run.goneMs));
  return {
    ok: runs.every((run) => run.ok),
    answeredMs: round(median(runs.map((run) => run.answeredMs))),
    goneMs: round(goneMs),
    messagesPerSecond: Math.round(BIG_MESSAGES / (goneMs / 1000)),
    rssGrowthMB: Math.max(...runs.map((run) => run.rssGrowthMB)),
    runs: runs.map(({ window, ...run }) => run),
  };
}

/** The raw DELETEs of a big thread, each alone on a quiet database after a settle. */
async function rawDeletes(data, raw, ids) {
  const timed = async (work) => {
    await data.settle();
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const cascadeMs = await timed(() => raw.delete(ids.cascade));
  const messagesFirstMs = await timed(() => raw.deleteMessagesFirst(ids.messagesFirst));
  const dir = mkdtempSync(path.join(tmpdir(), 'ctg-raw-backup-'));
  let backupMs;
  try {
    backupMs = await timed(() => raw.backupThenDelete(ids.rawBackup, path.join(dir, 'backup.json.gz')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const bestMs = Math.min(cascadeMs, messagesFirstMs);
  return {
    cascadeMs: round(cascadeMs),
    messagesFirstMs: round(messagesFirstMs),
    reference: cascadeMs <= messagesFirstMs ? 'cascade' : 'messagesFirst',
    messagesPerSecond: Math.round(BIG_MESSAGES / (bestMs / 1000)),
    // The floor for a delete with a backup: read every message, gzip, fsync, then the DELETE.
    backupThenDelete: {
      ms: round(backupMs),
      messagesPerSecond: Math.round(BIG_MESSAGES / (backupMs / 1000)),
    },
  };
}

/** The mixed scenario on one engine, in a database of its own. */
async function runMixed(kind, adminUrl, token) {
  const data = await createBenchDatabase(kind, adminUrl);
  const gateway = await startProcess('dist/src/main.js', gatewayEnv(data.url));
  const raw = await data.rawDeleter();
  try {
    const seeding = performance.now();
    const big = { plain: [], backup: [] };
    for (const name of ['cascade', 'messagesFirst', 'rawBackup']) big[name] = await data.seedBig(BIG_MESSAGES, OWNER);
    for (let i = 0; i < BIG_REPEATS; i += 1)
      for (const name of ['plain', 'backup']) big[name].push(await data.seedBig(BIG_MESSAGES, OWNER));
    console.log(
      `mixed ${kind}: seeded ${3 + 2 * BIG_REPEATS} threads of ${BIG_MESSAGES} messages in ${Math.round(performance.now() - seeding)} ms`,
    );
    const rawResult = await rawDeletes(data, raw, big);
    console.log(
      `mixed ${kind} raw: cascade ${rawResult.cascadeMs} ms, messages first ${rawResult.messagesFirstMs} ms ` +
        `(${rawResult.messagesPerSecond} msgs/s); backup then delete ${rawResult.backupThenDelete.ms} ms`,
    );
    await phase('warm-up', { data, gateway, token, seconds: WARMUP_SECONDS });
    const phases = {
      baseline: await phase('baseline', { data, gateway, token }),
      plain: await phase('plain', { data, gateway, token, big: { ids: big.plain, options: {} } }),
      backup: await phase('backup', { data, gateway, token, big: { ids: big.backup, options: { backup: true } } }),
    };
    const baselineP99 = phases.baseline.small.p99Ms;
    for (const name of ['plain', 'backup']) {
      const { during, big: run } = phases[name];
      run.ratioToRaw = round(run.messagesPerSecond / rawResult.messagesPerSecond, 2);
      // A backup reads and writes every message before anything is deleted: its own floor is the raw
      // backup-then-delete, reported beside the ratio to the bare DELETE.
      if (name === 'backup')
        run.ratioToRawBackup = round(run.messagesPerSecond / rawResult.backupThenDelete.messagesPerSecond, 2);
      during.p99RatioToBaseline = round(during.p99Ms / baselineP99, 2);
      phases[name].meetsTargets = {
        p99: during.p99RatioToBaseline <= TARGETS.p99RatioMax,
        max: during.maxMs <= TARGETS.maxMs,
        // A backup delete against the raw handler that does the same work (read, gzip, fsync, DELETE).
        bigVsRaw: (name === 'backup' ? run.ratioToRawBackup : run.ratioToRaw) >= TARGETS.ratioToRawMin,
        rss: run.rssGrowthMB <= TARGETS.rssGrowthMBMax,
        noFailures: run.ok && phases[name].small.failed === 0,
      };
    }
    return { raw: rawResult, phases };
  } finally {
    await raw.close();
    await gateway.stop();
    await data.drop();
  }
}

/** Rows for console.table: one per engine and phase. */
function mixedRows(mixed) {
  const rows = [];
  for (const [kind, result] of Object.entries(mixed)) {
    if (!result.phases) continue;
    for (const [name, p] of Object.entries(result.phases)) {
      const blank = (value) => value ?? '';
      rows.push({
        database: kind,
        phase: name,
        'p50 ms': p.small.p50Ms,
        'p99 ms': p.small.p99Ms,
        'max ms': p.small.maxMs,
        'during p99': blank(p.during?.p99Ms),
        'during max': blank(p.during?.maxMs),
        'big ms': blank(p.big?.goneMs),
        'big msgs/s': blank(p.big?.messagesPerSecond),
        'raw msgs/s': p.big ? result.raw.messagesPerSecond : '',
        'x raw': blank(p.big?.ratioToRaw),
        'x raw backup': blank(p.big?.ratioToRawBackup),
        'RSS +MB': p.big?.rssGrowthMB ?? p.rss.growthMB,
        failed: p.small.failed,
      });
    }
  }
  return rows;
}

module.exports = { runMixed, mixedRows, mixedConfig: config };
