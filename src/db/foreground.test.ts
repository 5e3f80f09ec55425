import { describe, expect, it } from 'vitest';
import { Foreground } from './foreground.js';

/** Resolves with how long `promise` took, in ms. */
async function timed(promise: Promise<unknown>): Promise<number> {
  const started = performance.now();
  await promise;
  return performance.now() - started;
}

describe('Foreground', () => {
  it('when no request is in progress, then quiet resolves at once (after giving way)', async () => {
    const foreground = new Foreground();

    expect(await timed(foreground.quiet(1000))).toBeLessThan(500);
  });

  it('when requests are in progress, then quiet resolves once the last one ends, not before', async () => {
    const foreground = new Foreground();
    const first = foreground.begin();
    const second = foreground.begin();
    let quiet = false;
    const waiting = foreground.quiet(10_000).then(() => {
      quiet = true;
    });

    await new Promise((resolve) => setTimeout(resolve, 30));
    first();
    first(); // a second call of the same end is ignored: the other request still counts
    await new Promise((resolve) => setTimeout(resolve, 30));
    const afterFirst = quiet;
    second();
    await waiting;

    expect(afterFirst).toBe(false);
    expect(quiet).toBe(true);
  });

  it('when a request never ends, then quiet still resolves after maxWaitMs', async () => {
    const foreground = new Foreground();
    foreground.begin();

    const waited = await timed(foreground.quiet(50));

    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(5000);
  });
});
