/** The gate's cells (Int32 slots of its SharedArrayBuffer). */
const WRITERS = 0;
const STEPPING = 1;
const STOP = 2;
/** How many requests began so far (wrapping): the background thread's sign of traffic. */
const REQUESTS = 3;
const CELLS = 4;

/** A request that began this recently still counts as traffic (`Foreground.restAfter`, `WriterGate.sawTraffic`). */
export const TRAFFIC_WINDOW_MS = 100;

/**
 * The longest the gateway's thread waits for a background step before it goes to SQLite's write
 * lock anyway (whose busy timeout then applies): a step takes a millisecond or two; this bounds the
 * wait should the stepping thread hang.
 */
const MAX_GATE_WAIT_MS = 1000;

/** `Atomics.waitAsync` (Node 16 and later; in TypeScript's lib from ES2024, this project's is ES2022). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      cells: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/**
 * Shares SQLite's one writer between the gateway's thread and a background thread that removes
 * deleted threads in steps (`SqliteReclaimThread`), the gateway's writes first.
 *
 * SQLite lets one connection write at a time; another waits in its busy handler, which puts the
 * whole thread to sleep (for 1, 2, 5, 10 ms...), event loop included. So neither side simply
 * tries. The gateway's thread counts its writes in progress or queued (`enter`, `leave`), and the
 * background thread starts a step only when there are none (`takeTurn`), waiting for a moment
 * without any up to a bound so that it still progresses under writes that never pause. A write
 * that begins during a step waits for that step without blocking the event loop (`noStep`, with
 * `Atomics.waitAsync`): one step at most. The background thread, for its part, never waits for the
 * lock while it holds its turn: if a write holds it, it gives the turn back and tries again. Each side publishes before it looks (sequentially consistent atomics), so at
 * least one of them sees the other; should both go ahead anyway, SQLite's own lock still serializes them.
 */
export class WriterGate {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;
  /** The background thread's view of REQUESTS, and when it last saw it change (`sawTraffic`). */
  private requestsSeen = 0;
  private trafficAt = Number.NEGATIVE_INFINITY;

  constructor(buffer = new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
  }

  /**
   * The gateway's thread, as a write is asked for (before it queues for the connection): from now
   * until `leave`, no background step starts unless it waited its longest.
   */
  enter(): void {
    Atomics.add(this.cells, WRITERS, 1);
  }

  /**
   * The gateway's thread, right before a write `enter` counted begins (once it has the connection):
   * resolves once no background step holds the writer, the one that took its turn while the write
   * was queued included.
   */
  async noStep(): Promise<void> {
    const deadline = performance.now() + MAX_GATE_WAIT_MS;
    while (Atomics.load(this.cells, STEPPING) === 1) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      const waiting = waitAsync(this.cells, STEPPING, 1, left);
      if (waiting.async) await waiting.value;
    }
  }

  /** The gateway's thread, once the write `enter` counted is over (committed or not). */
  leave(): void {
    if (Atomics.sub(this.cells, WRITERS, 1) === 1) Atomics.notify(this.cells, WRITERS);
  }

  /** The gateway's thread: a request began (`sawTraffic`). */
  noteRequest(): void {
    Atomics.add(this.cells, REQUESTS, 1);
  }

  /**
   * The background thread, before a step (it blocks that thread): returns once no write of the
   * gateway's is in progress or queued, or after `maxWaitMs` however busy; from then until
   * `endTurn` the gateway's writes wait. False if `stop` was asked: then no turn was taken.
   */
  takeTurn(maxWaitMs: number): boolean {
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      if (this.stopping) return false;
      const writers = Atomics.load(this.cells, WRITERS);
      const left = deadline - performance.now();
      if (writers > 0 && left > 0) {
        Atomics.wait(this.cells, WRITERS, writers, left);
        continue;
      }
      Atomics.store(this.cells, STEPPING, 1);
      // A write that came in meanwhile may not have seen the step: it goes first (unless out of time).
      if (Atomics.load(this.cells, WRITERS) === 0 || deadline - performance.now() <= 0) return true;
      this.endTurn();
    }
  }

  /** The background thread, after its step: lets the waiting writes in. */
  endTurn(): void {
    Atomics.store(this.cells, STEPPING, 0);
    Atomics.notify(this.cells, STEPPING);
  }

  /** The background thread: whether a request began in the last `windowMs`. */
  sawTraffic(windowMs: number): boolean {
    const now = performance.now();
    const requests = Atomics.load(this.cells, REQUESTS);
    if (requests !== this.requestsSeen) {
      this.requestsSeen = requests;
      this.trafficAt = now;
    }
    return now - this.trafficAt < windowMs;
  }

  /** Asks the background thread to stop before its next step (`takeTurn` answers false). */
  stop(): void {
    Atomics.store(this.cells, STOP, 1);
    Atomics.notify(this.cells, WRITERS);
  }

  /** Undoes `stop`, for a background thread started after another stopped. */
  reopen(): void {
    Atomics.store(this.cells, STOP, 0);
  }

  /** Whether `stop` was asked. */
  get stopping(): boolean {
    return Atomics.load(this.cells, STOP) === 1;
  }

  /** After the background thread ended, mid-step or not: no write waits for it any more. */
  release(): void {
    this.endTurn();
  }
}
