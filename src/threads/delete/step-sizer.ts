/**
 * How long one reclaim step aims to take. A request that arrives during a step waits for it on
 * SQLite (the step holds the process's one writer); on PostgreSQL it shares the CPU and the WAL
 * with it: each step's commit flushes its WAL, which the small deletes committing meanwhile wait
 * for (docs/ARCHITECTURE.md, "The reclaimer", has why 15 ms on PostgreSQL). The same number of
 * messages takes 3 ms on a quiet disk and 15 ms on a busy one, so steps are sized by time, not by count.
 */
export const STEP_TARGET_MS = { sqlite: 4, postgres: 15 } as const;
/**
 * The longest a SQLite step waits for a moment without requests: under a load that never pauses,
 * steps still take more than a fifth of the time (4 ms in every 18, with the rest after a step).
 */
export const FOREGROUND_WAIT_MS = 10;
/** The fewest messages a step removes, however slow the disk: below that, each commit's fixed cost dominates. */
const MIN_STEP_MESSAGES = 500;

/**
 * The number of messages the next reclaim step removes: at most `max` (DELETE_CHUNK_MESSAGES), at
 * least `MIN_STEP_MESSAGES` (or `max` if smaller), steered so that a step takes about `targetMs`.
 */
export class StepSizer {
  private size: number;
  private readonly min: number;

  constructor(
    private readonly max: number,
    private readonly targetMs: number,
  ) {
    this.size = max;
    this.min = Math.min(MIN_STEP_MESSAGES, max);
  }

  get next(): number {
    return this.size;
  }

  /**
   * Back to the fewest messages, to grow again from what the next steps measure: a drain's first
   * step knows nothing of the disk's state now. After a checkpoint, the first change to each page
   * also writes the whole page to the WAL; a first step of 20,000 messages then took 70 to 290 ms
   * on PostgreSQL here, and every small delete that committed meanwhile waited for its flush.
   */
  restart(): void {
    this.size = this.min;
  }

  /** Learns from a step that removed `messages` in `ms`; a short last chunk says nothing about speed. */
  record(messages: number, ms: number): void {
    if (messages < this.size || this.min === this.max) return;
    const ideal = (messages * this.targetMs) / Math.max(ms, 0.1);
    // Halfway to the ideal: one slow step (a checkpoint, a busy neighbour) does not halve the next.
    const size = Math.round((this.size + ideal) / 2);
    this.size = Math.min(this.max, Math.max(this.min, size));
  }
}
