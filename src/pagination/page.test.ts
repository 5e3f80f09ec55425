import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../errors.js';
import { encodeCursor } from './cursor.js';
import { pageOf } from './page.js';

const ORDER = { name: 'threads:CREATED_AT_DESC' };
const AT = new Date('2026-01-31T12:00:00.000Z');

/** The issues of the BAD_USER_INPUT a call throws. */
function issuesOf(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    if (error instanceof InputValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected the call to throw');
}

describe('pageOf', () => {
  it('when neither first nor last is given, then the page is the first 20', () => {
    expect(pageOf({}, ORDER)).toEqual({ size: 20, backward: false, after: null, before: null });
  });

  it('when last and before are given, then the page is taken backward from before', () => {
    const before = encodeCursor(ORDER, AT, 't-1');

    expect(pageOf({ last: 5, before }, ORDER)).toEqual({
      size: 5,
      backward: true,
      after: null,
      before: { at: AT, id: 't-1' },
    });
  });

  it('when first and last are both given, then it is refused, naming last', () => {
    expect(issuesOf(() => pageOf({ first: 2, last: 3 }, ORDER))).toEqual([
      {
        type: 'value_error',
        loc: ['last'],
        msg: 'Value error, give first (with after) or last (with before), not both',
        input: 3,
        ctx: { first: 2 },
      },
    ]);
  });

  it.each([
    [{ last: 0 }, ['messages', 'last'], 'greater_than_equal'],
    [{ last: -1 }, ['messages', 'last'], 'greater_than_equal'],
    [{ last: 101 }, ['messages', 'last'], 'less_than_equal'],
    [{ first: -5 }, ['messages', 'first'], 'greater_than_equal'],
  ])('when the page size is %j, then it is refused at %j as %s', (args, loc, type) => {
    expect(issuesOf(() => pageOf(args, ORDER, ['messages']))).toEqual([expect.objectContaining({ type, loc })]);
  });

  it('when before is not a cursor, then the issue names before under the given loc', () => {
    expect(issuesOf(() => pageOf({ last: 1, before: 'junk' }, ORDER, ['messages']))).toEqual([
      {
        type: 'value_error',
        loc: ['messages', 'before'],
        msg: 'Value error, not a cursor returned by this API',
        input: 'junk',
      },
    ]);
  });
});
