/** What became of one item of a batch. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

interface Pending<I, O> {
  readonly input: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects the calls made during one turn of the event loop and hands them to `run` together,
 * at most `maxBatch` at a time (group commit). Nothing waits for company: a call made alone runs
 * alone, right after the turn it was made in. `run` returns one outcome per input, in order; if it
 * throws, every call of that batch fails with its error.
 *
 * At most `maxInFlight` batches run at once. The calls made while that many run wait for one to end
 * and then go together: when commits slow down, batches grow instead of queueing up one behind the
 * other (each would pay for its own commit, and on PostgreSQL wait for the others': see
 * `POSTGRES_BATCHES_IN_FLIGHT`).
 */
export class TurnBatcher<I, O> {
  private pending: Pending<I, O>[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly run: (inputs: readonly I[]) => Promise<readonly Outcome<O>[]>,
    private readonly maxBatch = 64,
    private readonly maxInFlight = Number.POSITIVE_INFINITY,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.inFlight += 1;
      // Through a promise even if `run` throws synchronously: the batch's callers must always settle.
      new Promise<readonly Outcome<O>[]>((resolve) => resolve(this.run(batch.map((call) => call.input))))
        .then(
          (outcomes) =>
            batch.forEach((call, i) => {
              const outcome = outcomes[i] ?? { ok: false, error: new Error(`batch item ${i} got no outcome`) };
              if (outcome.ok) call.resolve(outcome.value);
              else call.reject(outcome.error);
            }),
          (error: unknown) => {
            for (const call of batch) call.reject(error);
          },
        )
        .finally(() => {
          this.inFlight -= 1;
          // What waited for this batch goes now, with whatever else this turn brings.
          if (this.pending.length > 0) this.schedule();
        });
    }
  }
}
