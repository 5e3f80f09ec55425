'use strict';
// The fan-out scenario (BENCH_SCENARIO=fanout): BENCH_FANOUT_SUBSCRIBERS sockets (1,000) on one
// gateway process, each with a threadEvents subscription of the bench user, then BENCH_FANOUT_DELETES
// plain deletes one after another. For each delete: how long after its answer (the commit is before
// it) and after the request was sent the last subscriber had the DELETED event. The subscribers are
// graphql-ws clients in this process, on the same machine: their own work is in the figure.
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');
const { createBenchDatabase } = require('./lib/data.js');
const { OWNER, deleteThread, gatewayEnv } = require('./lib/gateway.js');
const { rssOf, startProcess } = require('./lib/processes.js');
const { percentile } = require('./lib/open-loop.js');
const { round } = require('./lib/report.js');

const SUBSCRIBERS = Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 1000);
const DELETES = Number(process.env.BENCH_FANOUT_DELETES ?? 100);
const WARMUP = 5;
const QUERY = 'subscription { threadEvents { id kind threadId messageCount } }';

function fanoutConfig() {
  return { subscribers: SUBSCRIBERS, deletes: DELETES, warmup: WARMUP };
}

/** Opens `count` sockets, each subscribed; `onEvent(index, event, at)` hears every event of every one. */
async function openSubscribers(url, token, count, onEvent) {
  const clients = [];
  const acked = [];
  for (let index = 0; index < count; index += 1) {
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      onNonLazyError: () => undefined,
    });
    acked.push(
      new Promise((resolve, reject) => {
        client.on('connected', resolve);
        client.on('closed', (event) => reject(new Error(`socket ${index} closed: ${event.code} ${event.reason}`)));
      }),
    );
    client.subscribe(
      { query: QUERY },
      {
        next: (result) => onEvent(index, result.data?.threadEvents, performance.now()),
        error: (error) => console.error(`subscriber ${index}:`, error),
        complete: () => undefined,
      },
    );
    clients.push(client);
  }
  await Promise.all(acked);
  return clients;
}

/** Nearest-rank percentiles, in ms, of a list of durations. */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50), 1),
    p90Ms: round(percentile(sorted, 90), 1),
    p99Ms: round(percentile(sorted, 99), 1),
    maxMs: round(sorted.at(-1), 1),
  };
}

/** Runs the fan-out on a fresh database of `kind`; resolves with its figures. */
async function runFanout(kind, adminUrl, token) {
  const data = await createBenchDatabase(kind, adminUrl);
  const gateway = await startProcess('dist/src/main.js', {
    ...gatewayEnv(data.url),
    WS_MAX_SOCKETS_PER_USER: String(SUBSCRIBERS),
    // Every handshake comes from this one IP: the per-IP rate would refuse most of them.
    RATE_LIMIT_IP_PER_MINUTE: '0',
    METRICS_TOKEN: 'bench',
  });
  // Per thread: how many subscribers have its DELETED event, when the last got it, and who waits.
  const pending = new Map();
  const heard = (_index, event, at) => {
    const entry = event && event.kind === 'DELETED' ? pending.get(event.threadId) : undefined;
    if (!entry) return;
    entry.count += 1;
    entry.last = Math.max(entry.last, at);
    if (entry.count === SUBSCRIBERS) entry.done();
  };
  let clients = [];
  try {
    const ids = await data.seed(WARMUP + DELETES + 1, 10, OWNER);
    const rssBefore = rssOf(gateway.pid);
    const opening = performance.now();
    clients = await openSubscribers(gateway.url, token, SUBSCRIBERS, heard);
    const openMs = performance.now() - opening;
    const rssWithSockets = rssOf(gateway.pid);
    const afterAnswer = [];
    const afterSend = [];
    for (const [position, id] of ids.entries()) {
      const all = new Promise((resolve) => pending.set(id, { count: 0, last: 0, done: resolve }));
      const sent = performance.now();
      const answer = await deleteThread(gateway.url, token, id);
      const answered = performance.now();
      if (answer.data?.deleteThread?.status !== 'success') throw new Error(`delete failed: ${JSON.stringify(answer)}`);
      if (position === 0) {
        // The first one only proves the subscriptions are registered (subscribe is asynchronous).
        await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (pending.get(id).count < SUBSCRIBERS) throw new Error('not every subscriber heard the first delete');
        continue;
      }
      await all;
      const { last } = pending.get(id);
      pending.delete(id);
      if (position > WARMUP) {
        afterAnswer.push(last - answered);
        afterSend.push(last - sent);
      }
    }
    const metrics = await (
      await fetch(`${gateway.url}/metrics`, { headers: { authorization: 'Bearer bench' } })
    ).text();
    const sent = /^graphql_ws_events_sent_total (\d+)/m.exec(metrics);
    return {
      subscribers: SUBSCRIBERS,
      deletes: afterAnswer.length,
      openSocketsMs: round(openMs, 0),
      rssPerSocketKiB: round((rssWithSockets - rssBefore) / SUBSCRIBERS / 1024, 1),
      lastSubscriberAfterAnswer: summary(afterAnswer),
      lastSubscriberAfterSend: summary(afterSend),
      eventsSent: sent ? Number(sent[1]) : null,
    };
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await gateway.stop();
    await data.drop();
  }
}

/** Rows for console.table. */
function fanoutRows(results) {
  return Object.fromEntries(
    Object.entries(results)
      .filter(([kind]) => kind !== 'config')
      .map(([kind, r]) => [
        kind,
        {
          subscribers: r.subscribers,
          deletes: r.deletes,
          'p50 ms after answer': r.lastSubscriberAfterAnswer.p50Ms,
          'p99 ms after answer': r.lastSubscriberAfterAnswer.p99Ms,
          'p99 ms after send': r.lastSubscriberAfterSend.p99Ms,
          'max ms after answer': r.lastSubscriberAfterAnswer.maxMs,
          'KiB per socket': r.rssPerSocketKiB,
        },
      ]),
  );
}

module.exports = { fanoutConfig, fanoutRows, runFanout };
