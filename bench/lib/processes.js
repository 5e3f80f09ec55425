'use strict';
// Starting the gateway and the floor as separate processes, and watching their memory.
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Extra node flags for the processes under test, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof". */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/**
 * The node flags `npm start` gives the gateway (package.json's start script, e.g. V8's
 * allocation-site pretenuring off), so the bench runs it as its users do.
 */
const GATEWAY_FLAGS = (() => {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const match = /^node((?: --\S+)*) dist\/src\/main\.js$/.exec(scripts.start);
  if (!match) throw new Error(`unexpected start script: ${scripts.start}`);
  return match[1].split(' ').filter(Boolean);
})();

/** Starts `node script` (the gateway with `npm start`'s flags) and resolves once it says where it listens. */
function startProcess(script, env) {
  const flags = script === 'dist/src/main.js' ? GATEWAY_FLAGS : [];
  const child = spawn(process.execPath, [...flags, ...NODE_ARGS, path.join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        // The gateway's banner, printed whatever LOG_LEVEL is, or the floor's JSON line.
        const banner = /is up: GraphQL (http:\/\/\S+)\/graphql/.exec(line);
        const entry = banner ? { msg: 'listening', url: banner[1] } : line.startsWith('{') ? JSON.parse(line) : {};
        if (entry.msg === 'listening') {
          // Keep draining stdout (the request log) so the child never blocks on a full pipe.
          child.stdout.off('data', onData);
          child.stdout.resume();
          resolve({ url: entry.url, pid: child.pid, stop: () => stop(child) });
        }
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${stderr}`)));
  });
}

function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Resident memory of a process, in bytes (Linux). */
function rssOf(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU time (user and system) a process has used so far, in milliseconds (Linux, clock ticks of 10 ms). */
function cpuMsOf(pid) {
  // Fields after the command's closing parenthesis: state is 3rd, utime the 14th and stime the 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Runs `work` while watching process `pid`: resolves with its result, the CPU time the process used,
 * and its RSS at the end and at its peak (sampled every 20 ms).
 */
async function watch(pid, work) {
  const cpuBefore = cpuMsOf(pid);
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 20);
  try {
    const result = await work();
    const rss = rssOf(pid);
    return { result, cpuMs: cpuMsOf(pid) - cpuBefore, rssBytes: rss, rssPeakBytes: Math.max(peak, rss) };
  } finally {
    clearInterval(timer);
  }
}

/** Runs `work` while sampling a process's RSS; resolves with its result, the time taken and the RSS growth. */
async function measure(pid, work) {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    return {
      result,
      ms: performance.now() - started,
      rssGrowthBytes: Math.max(0, Math.max(peak, rssOf(pid)) - before),
    };
  } finally {
    clearInterval(timer);
  }
}

module.exports = { ROOT, startProcess, measure, rssOf, watch };
