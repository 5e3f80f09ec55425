import { giveWay } from './database.js';
import { TRAFFIC_WINDOW_MS, type WriterGate } from './writer-gate.js';

/**
 * The requests in progress, so that background work can wait for a moment without any. On SQLite a
 * reclaim step holds the process's one writer and its event loop for a few milliseconds; a small
 * request needs several turns of the loop (read, execute, commit, answer), and when a step could
 * start at every turn it waited for several steps, not one (a p99 of 12 ms became 28 during a big
 * reclaim). Background steps that start only when no request is in progress cost a request one
 * step at most: the one it arrived during.
 */
export class Foreground {
  private active = 0;
  private lastBegan = Number.NEGATIVE_INFINITY;
  private readonly waiters = new Set<() => void>();

  /**
   * `now` is the clock, in ms (tests pass their own). `gate`: the SQLite database's, so that the
   * thread that reclaims deleted threads sees the traffic too (`WriterGate.sawTraffic`).
   */
  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly gate: WriterGate | null = null,
  ) {}

  /** A request began; call what this returns once it is over (more calls are ignored). */
  begin(): () => void {
    this.active += 1;
    this.lastBegan = this.now();
    this.gate?.noteRequest();
    let over = false;
    return () => {
      if (over) return;
      over = true;
      this.active -= 1;
      if (this.active === 0) this.wake();
    };
  }

  /**
   * Resolves once no request is in progress, or after `maxWaitMs` however busy (so background work
   * still progresses under a load that never pauses); always after giving way to pending I/O.
   */
  async quiet(maxWaitMs: number): Promise<void> {
    await giveWay();
    if (this.active === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.waiters.add(done);
    });
  }

  /**
   * How long background work that just held the process for `busyMs` should rest before its next
   * turn: as long again while requests are coming in (one is in progress, or one began in the last
   * TRAFFIC_WINDOW_MS), none when the process is idle. On a machine with few cores the work would
   * otherwise keep one core busy beside the requests' own work, the checkpoints and everything
   * else, and requests would wait for the CPU rather than for the work.
   */
  restAfter(busyMs: number): number {
    const traffic = this.active > 0 || this.now() - this.lastBegan < TRAFFIC_WINDOW_MS;
    return traffic ? busyMs : 0;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
