import { describe, expect, it } from 'vitest';
import { Foreground } from './foreground.js';
import { TRAFFIC_WINDOW_MS } from './writer-gate.js';

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

describe('Foreground.restAfter', () => {
  /** A Foreground on a clock the test moves. */
  function onClock(): { foreground: Foreground; at: (ms: number) => void } {
    let now = 0;
    return { foreground: new Foreground(() => now), at: (ms) => (now = ms) };
  }

  it('when no request has come yet, then background work does not rest', () => {
    const { foreground } = onClock();

    expect(foreground.restAfter(4)).toBe(0);
  });

  it('when a request began within TRAFFIC_WINDOW_MS, then the work rests as long as it was busy; after that, not', () => {
    const { foreground, at } = onClock();
    at(1_000);
    foreground.begin()();
    at(1_000 + TRAFFIC_WINDOW_MS - 1);
    const within = foreground.restAfter(5);
    at(1_000 + TRAFFIC_WINDOW_MS);
    const past = foreground.restAfter(5);

    expect({ within, past }).toEqual({ within: 5, past: 0 });
  });

  it('when a request is still in progress long after it began, then the work rests', () => {
    const { foreground, at } = onClock();
    at(1_000);
    const end = foreground.begin();
    at(1_000 + 10 * TRAFFIC_WINDOW_MS);
    const during = foreground.restAfter(4);
    end();
    const after = foreground.restAfter(4);

    expect({ during, after }).toEqual({ during: 4, after: 0 });
  });
});
