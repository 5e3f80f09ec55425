import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** One allocation site whose objects all survive: what makes V8 pretenure a site. */
const WORKLOAD = `
  const keep = [];
  function make(i) { return { a: i, b: [i] }; }
  for (let round = 0; round < 40; round += 1) for (let i = 0; i < 20000; i += 1) keep.push(make(i));
`;

/** V8's pretenuring decisions for WORKLOAD in a fresh process, after `preload` (if any) has run. */
function tenuredSites(preload: string[]): number {
  const run = spawnSync(process.execPath, ['--trace-pretenuring-statistics', ...preload, '-e', WORKLOAD], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter((line) => line.includes('=> tenure')).length;
}

describe("the server's V8 settings (src/v8-flags.ts, loaded first by main.ts)", () => {
  it('when they are loaded, then V8 pretenures no allocation site, where a process without them does', () => {
    // The control: without the settings this workload gets sites tenured, so the trace can see it.
    expect(tenuredSites([])).toBeGreaterThan(0);
    expect(tenuredSites(['--require', './dist/src/v8-flags.js'])).toBe(0);
  });
});
