'use strict';
// The bench's outputs: a console table, bench/results.json and an SVG bar chart of deletes/s.
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const round = (value, digits = 1) =>
  value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Medians of the rounds per target, and each target's ratio to the floor and (when run) the lean floor. */
function summarize(runs) {
  const byTarget = {};
  for (const run of runs) {
    byTarget[run.target] ??= [];
    byTarget[run.target].push(run);
  }
  const summary = {};
  for (const [target, list] of Object.entries(byTarget)) {
    summary[target] = {
      deletesPerSecond: round(median(list.map((run) => run.deletesPerSecond))),
      p50Ms: round(median(list.map((run) => run.p50Ms)), 2),
      p99Ms: round(median(list.map((run) => run.p99Ms)), 2),
      failed: list.reduce((sum, run) => sum + run.failed, 0),
      // Median CPU time of the serving process per successful delete; its largest RSS over the rounds.
      cpuMsPerDelete: round(median(list.map((run) => run.cpuMsPerDelete ?? Number.NaN)), 3),
      rssPeakMB: round(Math.max(...list.map((run) => run.rssPeakMB ?? 0))),
    };
  }
  for (const entry of Object.values(summary)) {
    entry.ratioToFloor = round(entry.deletesPerSecond / summary.floor.deletesPerSecond, 2);
    entry.p99RatioToFloor = round(entry.p99Ms / summary.floor.p99Ms, 2);
    entry.cpuRatioToFloor = round(entry.cpuMsPerDelete / summary.floor.cpuMsPerDelete, 2);
    entry.rssRatioToFloor = round(entry.rssPeakMB / summary.floor.rssPeakMB, 2);
    if (summary.lean) {
      entry.ratioToLean = round(entry.deletesPerSecond / summary.lean.deletesPerSecond, 2);
      entry.p99RatioToLean = round(entry.p99Ms / summary.lean.p99Ms, 2);
    }
  }
  return summary;
}

function printThroughput(kind, summary) {
  const rows = Object.entries(summary).map(([target, s]) => ({
    database: kind,
    target,
    'deletes/s': s.deletesPerSecond,
    'p50 ms': s.p50Ms,
    'p99 ms': s.p99Ms,
    'x floor': s.ratioToFloor,
    'p99 x floor': s.p99RatioToFloor,
    'x lean': s.ratioToLean,
    'p99 x lean': s.p99RatioToLean,
    'CPU ms/delete': s.cpuMsPerDelete,
    'CPU x floor': s.cpuRatioToFloor,
    'RSS MB': s.rssPeakMB,
    'RSS x floor': s.rssRatioToFloor,
    failed: s.failed,
  }));
  console.table(rows);
}

/** A grouped bar chart: deletes/s per target, one group per database. */
function chart(results) {
  const groups = Object.entries(results.throughput);
  const targets = ['floor', 'lean', 'graphql', 'rest'].filter((target) =>
    groups.some(([, summary]) => summary[target]),
  );
  const colors = { floor: '#9aa5b1', lean: '#52606d', graphql: '#e535ab', rest: '#2f80ed' };
  const group = targets.length * 70 + 50;
  const max = Math.max(...groups.flatMap(([, summary]) => targets.map((t) => summary[t]?.deletesPerSecond ?? 0)));
  const width = 160 + groups.length * group;
  const height = 320;
  const scale = (value) => (value / max) * 200;
  const bars = groups.flatMap(([kind, summary], g) =>
    targets
      .map((target, i) => {
        const value = summary[target]?.deletesPerSecond ?? 0;
        const x = 100 + g * group + i * 70;
        const y = 250 - scale(value);
        return (
          `<rect x="${x}" y="${y.toFixed(1)}" width="56" height="${scale(value).toFixed(1)}" fill="${colors[target]}"/>` +
          `<text x="${x + 28}" y="${(y - 6).toFixed(1)}" text-anchor="middle" font-size="12">${Math.round(value)}</text>` +
          `<text x="${x + 28}" y="268" text-anchor="middle" font-size="12">${target}</text>`
        );
      })
      .concat(
        `<text x="${100 + g * group + (targets.length * 70 - 14) / 2}" y="292" text-anchor="middle" font-size="14" font-weight="bold">${kind}</text>`,
      ),
  );
  const title = `Deletes per second (16 connections, median of ${results.rounds} rounds)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" role="img">`,
    `<title>${title}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="20" y="28" font-size="16" font-weight="bold">${title}</text>`,
    `<line x1="90" y1="250" x2="${width - 20}" y2="250" stroke="#333"/>`,
    ...bars,
    '</svg>',
  ].join('\n');
}

/** Writes `file` (in `folder` unless absolute) and, with `chart`, the deletes/s chart; returns the paths written. */
function writeResults(results, folder, file = 'results.json', options = { chart: true }) {
  const written = [path.resolve(folder, file)];
  writeFileSync(written[0], `${JSON.stringify(results, null, 2)}\n`);
  if (options.chart) {
    written.push(path.join(folder, 'deletes-per-second.svg'));
    writeFileSync(written[1], `${chart(results)}\n`);
  }
  return written;
}

module.exports = { summarize, printThroughput, writeResults, round, median };
