import { describe, expect, it } from 'vitest';
import { PooledRandom, uuidv7 } from './ids.js';

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

  it('when ids are minted, then their last 8 hex digits are fresh random bits, varying in every position', () => {
    // The digits before them are a counter within the millisecond; over 3,000 ids each of the last
    // 8 positions takes nearly all 16 values.
    const tails = Array.from({ length: 3_000 }, () => uuidv7().slice(-8));
    for (let position = 0; position < 8; position += 1)
      expect(new Set(tails.map((tail) => tail[position])).size).toBeGreaterThan(12);
  });
});

describe('PooledRandom', () => {
  it('when more words are drawn than the pool holds, then the pool is refilled with new words, not replayed', () => {
    const random = new PooledRandom();
    const first = Array.from({ length: 1024 }, () => random.nextUint32());
    const second = Array.from({ length: 1024 }, () => random.nextUint32());

    // Two fills of 1,024 random 32-bit words share a word at the same place with odds of 1 in 4 million.
    expect(second.filter((word, i) => word === first[i]).length).toBeLessThanOrEqual(1);
    expect(new Set([...first, ...second]).size).toBeGreaterThan(2040);
  });
});
