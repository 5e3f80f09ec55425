import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('when many ids are minted (past several refills of the random pool), then each is a distinct UUIDv7, in increasing order, stamped with the time', () => {
    const before = Date.now();
    const ids = Array.from({ length: 5_000 }, () => uuidv7());
    const after = Date.now();

    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const stamp = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(stamp(ids[0])).toBeGreaterThanOrEqual(before);
    expect(stamp(ids[ids.length - 1])).toBeLessThanOrEqual(after);
  });

  it('when ids are minted, then their random part varies in every position (the pool is refilled, not reused)', () => {
    // The last 8 hex digits are fresh random bits in every id (those before them are a counter
    // within the millisecond); over 3,000 ids each position takes nearly all 16 values.
    const tails = Array.from({ length: 3_000 }, () => uuidv7().slice(-8));
    for (let position = 0; position < 8; position += 1)
      expect(new Set(tails.map((tail) => tail[position])).size).toBeGreaterThan(12);
  });
});
