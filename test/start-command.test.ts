import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { START_NODE_FLAGS } from './support/server-process.js';

/** One allocation site whose objects all survive: what makes V8 pretenure a site. */
const WORKLOAD = `
  const keep = [];
  function make(i) { return { a: i, b: [i] }; }
  for (let round = 0; round < 40; round += 1) for (let i = 0; i < 20000; i += 1) keep.push(make(i));
`;

/** How many allocation sites V8 decides to pretenure running WORKLOAD with `flags`. */
function tenuredSites(flags: readonly string[]): number {
  const run = spawnSync(process.execPath, ['--trace-pretenuring-statistics', ...flags, '-e', WORKLOAD], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter((line) => line.includes('=> tenure')).length;
}

describe('the command `npm start` runs', () => {
  it('is node with allocation-site pretenuring off, then the built server', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node ${START_NODE_FLAGS.join(' ')} dist/src/main.js`);
  });

  it('when V8 runs with those flags, then it pretenures no allocation site, where it does without them', () => {
    // The control: without the flags this workload gets sites tenured, so the trace can tell.
    expect(tenuredSites([])).toBeGreaterThan(0);
    expect(tenuredSites(START_NODE_FLAGS)).toBe(0);
  });
});
