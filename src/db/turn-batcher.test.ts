import { describe, expect, it, vi } from 'vitest';
import { type Outcome, TurnBatcher } from './turn-batcher.js';

/** A `run` that records every batch it is given and answers each input with `answer(input)`. */
function recording<I, O>(answer: (input: I) => Outcome<O>) {
  const batches: I[][] = [];
  const run = async (inputs: readonly I[]): Promise<Outcome<O>[]> => {
    batches.push([...inputs]);
    return inputs.map(answer);
  };
  return { batches, run };
}

const doubled = (input: number): Outcome<number> => ({ ok: true, value: input * 2 });

/** Resolves after the batcher's own `setImmediate` of the current turn has run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBatcher', () => {
  it('when calls are made in the same turn, then run gets them together, in the order they were made', async () => {
    const { batches, run } = recording(doubled);
    const batcher = new TurnBatcher(run);

    const results = await Promise.all([batcher.submit(1), batcher.submit(2), batcher.submit(3)]);

    expect(batches).toEqual([[1, 2, 3]]);
    expect(results).toEqual([2, 4, 6]);
  });

  it('when calls are made in different turns, then each turn gets its own run', async () => {
    const { batches, run } = recording(doubled);
    const batcher = new TurnBatcher(run);

    const first = batcher.submit(1);
    await nextTurn();
    const second = batcher.submit(2);
    const third = batcher.submit(3);

    expect(await Promise.all([first, second, third])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it(
    'when a turn holds more calls than maxBatch, ' + 'then they are split into batches of at most maxBatch, in order',
    async () => {
      const { batches, run } = recording(doubled);
      const batcher = new TurnBatcher(run, 2);

      const results = await Promise.all([1, 2, 3, 4, 5].map((input) => batcher.submit(input)));

      expect(batches).toEqual([[1, 2], [3, 4], [5]]);
      expect(results).toEqual([2, 4, 6, 8, 10]);
    },
  );

  it('when maxBatch is not given, then a batch holds at most 64 calls', async () => {
    const { batches, run } = recording(doubled);
    const batcher = new TurnBatcher(run);

    await Promise.all(Array.from({ length: 65 }, (_, input) => batcher.submit(input)));

    expect(batches.map((batch) => batch.length)).toEqual([64, 1]);
  });

  it('when run returns a mix of values and errors, then each caller gets the outcome at its own position', async () => {
    const odd = new Error('odd input');
    const { run } = recording<number, string>((input) =>
      input % 2 === 0 ? { ok: true, value: `even ${input}` } : { ok: false, error: odd },
    );
    const batcher = new TurnBatcher(run);

    const results = await Promise.allSettled([1, 2, 3, 4].map((input) => batcher.submit(input)));

    expect(results).toEqual([
      { status: 'rejected', reason: odd },
      { status: 'fulfilled', value: 'even 2' },
      { status: 'rejected', reason: odd },
      { status: 'fulfilled', value: 'even 4' },
    ]);
  });

  it(
    'when run rejects, ' + 'then every call of that batch fails with its error and the other batches are not affected',
    async () => {
      const broken = new Error('batch failed');
      const batches: string[][] = [];
      const run = async (inputs: readonly string[]): Promise<Outcome<string>[]> => {
        batches.push([...inputs]);
        if (inputs.includes('bad')) throw broken;
        return inputs.map((input) => ({ ok: true, value: input.toUpperCase() }));
      };
      const batcher = new TurnBatcher(run, 2);

      const results = await Promise.allSettled(['a', 'bad', 'c', 'd', 'e'].map((input) => batcher.submit(input)));

      expect(batches).toEqual([['a', 'bad'], ['c', 'd'], ['e']]);
      expect(results).toEqual([
        { status: 'rejected', reason: broken },
        { status: 'rejected', reason: broken },
        { status: 'fulfilled', value: 'C' },
        { status: 'fulfilled', value: 'D' },
        { status: 'fulfilled', value: 'E' },
      ]);
    },
  );

  it('when run throws instead of rejecting, then every call of that batch still fails with its error', async () => {
    const broken = new Error('thrown before any promise');
    const run = (inputs: readonly string[]): Promise<Outcome<string>[]> => {
      if (inputs.includes('bad')) throw broken;
      return Promise.resolve(inputs.map((input) => ({ ok: true, value: input })));
    };
    const batcher = new TurnBatcher(run, 1);

    const results = await Promise.allSettled(['bad', 'good'].map((input) => batcher.submit(input)));

    expect(results).toEqual([
      { status: 'rejected', reason: broken },
      { status: 'fulfilled', value: 'good' },
    ]);
  });

  it('when run returns fewer outcomes than inputs, then the calls without one fail naming their position', async () => {
    const run = async (inputs: readonly number[]): Promise<Outcome<number>[]> =>
      inputs.slice(0, 1).map((input) => ({ ok: true, value: input }));
    const batcher = new TurnBatcher(run);

    const results = await Promise.allSettled([7, 8, 9].map((input) => batcher.submit(input)));

    expect(results).toEqual([
      { status: 'fulfilled', value: 7 },
      { status: 'rejected', reason: new Error('batch item 1 got no outcome') },
      { status: 'rejected', reason: new Error('batch item 2 got no outcome') },
    ]);
  });

  it('when an outcome fails with a value that is not an Error, then the caller gets that value as it is', async () => {
    const batcher = new TurnBatcher<number, number>(async () => [{ ok: false, error: 'plain reason' }]);

    await expect(batcher.submit(1)).rejects.toBe('plain reason');
  });

  it('when maxInFlight batches are running, then the calls made meanwhile wait and go together once one ends', async () => {
    const batches: number[][] = [];
    const gates: (() => void)[] = [];
    const run = (inputs: readonly number[]): Promise<Outcome<number>[]> => {
      batches.push([...inputs]);
      return new Promise((resolve) => gates.push(() => resolve(inputs.map(doubled))));
    };
    const batcher = new TurnBatcher(run, 64, 2);

    const first = batcher.submit(1);
    await nextTurn();
    const second = batcher.submit(2);
    await nextTurn();
    const waiting = [3, 4, 5].map((input) => batcher.submit(input));
    await nextTurn();
    const later = batcher.submit(6);
    await nextTurn();

    expect(batches).toEqual([[1], [2]]);
    gates[0]();
    expect(await first).toBe(2);
    await vi.waitFor(() => expect(batches).toHaveLength(3));
    expect(batches).toEqual([[1], [2], [3, 4, 5, 6]]);
    gates[1]();
    gates[2]();
    expect(await Promise.all([second, ...waiting, later])).toEqual([4, 6, 8, 10, 12]);
  });

  it('when a batch fails while others wait, then the waiting calls still run', async () => {
    const batches: string[][] = [];
    const run = async (inputs: readonly string[]): Promise<Outcome<string>[]> => {
      batches.push([...inputs]);
      if (inputs.includes('bad')) throw new Error('batch failed');
      return inputs.map((input) => ({ ok: true, value: input }));
    };
    const batcher = new TurnBatcher(run, 1, 1);

    const results = await Promise.allSettled(['bad', 'a', 'b'].map((input) => batcher.submit(input)));

    expect(batches).toEqual([['bad'], ['a'], ['b']]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });
});
