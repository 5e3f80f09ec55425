import { describe, expect, it } from 'vitest';
import { adminReadPath, escapeLike, THREAD_ORDERS } from './thread.search.js';

describe('escapeLike', () => {
  it.each([
    ['plain', 'plain'],
    ['100%', '100\\%'],
    ['a_b', 'a\\_b'],
    ['back\\slash', 'back\\\\slash'],
    ['%_\\', '\\%\\_\\\\'],
  ])('when %j is escaped, then it is %j', (text, pattern) => {
    expect(escapeLike(text)).toBe(pattern);
  });
});

describe('adminReadPath', () => {
  const byCreation = THREAD_ORDERS.CREATED_AT_DESC;
  const byActivity = THREAD_ORDERS.UPDATED_AT_ASC;
  const at = new Date('2026-01-01T00:00:00.000Z');

  it.each([
    [{ titleContains: 'plan' }, byCreation],
    [{ projectId: 'p' }, byActivity],
    [{ updatedFrom: at }, byCreation],
    [{ createdBefore: at }, byActivity],
  ])('when SQLite filters by %j, which the order index cannot check, then the table is scanned', (filter, order) => {
    expect(adminReadPath('sqlite', filter, order)).toBe('scanTable');
    expect(adminReadPath('postgres', filter, order)).toBe('walkOrder');
  });

  it.each([
    [null, byCreation],
    [{}, byActivity],
    [{ createdFrom: at, createdBefore: at }, byCreation],
    [{ updatedBefore: at }, byActivity],
  ])(
    'when SQLite filters by %j, a range of the order itself or nothing, then the order index is walked',
    (filter, order) => {
      expect(adminReadPath('sqlite', filter, order)).toBe('walkOrder');
    },
  );
});
