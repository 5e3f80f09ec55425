'use strict';
// An open-loop driver: requests go out on a fixed schedule (one every 1000/rate ms) whatever the
// answers' latency, over a keep-alive node:http agent with no socket limit, so a stall shows as
// the latency of every request scheduled during it instead of as fewer requests (autocannon's
// closed loop waits for an answer before it sends the next one, and so hides the queue).
// A request's latency is counted from the time it was scheduled, not from when it went out.
const http = require('node:http');

/**
 * Starts sending `request(id)` (`{ method, path, headers, body }`) to `url` at `rate` a second, one
 * id of `ids` each, until `stop()`; `stop()` resolves, once every request sent has been answered,
 * with one record per request: `{ scheduled, sent, done, ok }` in performance.now() milliseconds.
 * A request counts as ok when it is answered 200 with `"status":"success"` in the body.
 */
function startOpenLoop({ url, rate, ids, request, timeoutMs = 120_000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, scheduling: 'fifo' });
  const interval = 1000 / rate;
  const start = performance.now();
  const records = [];
  let inFlight = 0;
  let stopped = false;
  let timer;
  let drained;
  let exhausted = false;

  const send = (id, scheduled) => {
    const record = { scheduled, sent: performance.now(), done: null, ok: false, error: null };
    records.push(record);
    inFlight += 1;
    const { method, path, headers, body } = request(id);
    const finish = (ok, error) => {
      if (record.done !== null) return;
      record.done = performance.now();
      record.ok = ok;
      record.error = error;
      inFlight -= 1;
      if (stopped && inFlight === 0) drained?.();
    };
    const req = http.request(
      `${url}${path}`,
      {
        method,
        agent,
        headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          finish(
            res.statusCode === 200 && text.includes('"status":"success"'),
            res.statusCode === 200 ? null : res.statusCode,
          ),
        );
        res.on('error', (error) => finish(false, error.code ?? error.message));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => finish(false, error.code ?? error.message));
    req.end(body);
  };

  const tick = () => {
    const now = performance.now();
    // Catch up on everything due: a late timer never thins the schedule out.
    while (!stopped && start + records.length * interval <= now) {
      if (records.length >= ids.length) {
        exhausted = true;
        return;
      }
      send(ids[records.length], start + records.length * interval);
    }
    if (!stopped) timer = setTimeout(tick, Math.max(0, start + records.length * interval - performance.now()));
  };
  tick();

  return {
    start,
    /** Whether the schedule ran out of ids before `stop()`. */
    exhausted: () => exhausted,
    stop() {
      stopped = true;
      clearTimeout(timer);
      return new Promise((resolve) => {
        drained = () => {
          agent.destroy();
          resolve({ records, exhausted });
        };
        if (inFlight === 0) drained();
      });
    },
  };
}

/** Nearest-rank percentile of sorted numbers. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Count, failures and latency percentiles (ms from the scheduled time) of a set of records. */
function latencySummary(records) {
  const latencies = records
    .filter((record) => record.ok)
    .map((record) => record.done - record.scheduled)
    .sort((a, b) => a - b);
  const r = (value) => (value === null ? null : Math.round(value * 10) / 10);
  const errors = {};
  for (const record of records) {
    const key = record.error ?? 'not success';
    if (!record.ok) errors[key] = (errors[key] ?? 0) + 1;
  }
  return {
    requests: records.length,
    ok: latencies.length,
    failed: records.length - latencies.length,
    ...(records.length > latencies.length ? { errors } : {}),
    p50Ms: r(percentile(latencies, 50)),
    p90Ms: r(percentile(latencies, 90)),
    p99Ms: r(percentile(latencies, 99)),
    maxMs: r(latencies.at(-1) ?? null),
    // How late the driver itself sent (its own event loop): should stay a few ms.
    maxSendLagMs: r(Math.max(0, ...records.map((record) => record.sent - record.scheduled))),
  };
}

module.exports = { startOpenLoop, latencySummary, percentile };
