import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../errors.js';
import {
  type CursorOrder,
  decodeCursor,
  encodeCursor,
  MAX_CURSOR_LENGTH,
  ORDER_NAME_MAX_LENGTH,
  pageSize,
} from './cursor.js';

/** The error a call throws, so that its class and every field can be asserted. */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** The issues of the `InputValidationError` (BAD_USER_INPUT) a call throws; any other outcome fails the test. */
function issuesOf(call: () => unknown): unknown {
  const error = thrownBy(call);
  if (!(error instanceof InputValidationError)) throw new Error(`expected an InputValidationError, got ${error}`);
  return error.issues;
}

/** The issues `decodeCursor` reports for a cursor it refuses. */
const notACursor = (input: unknown, loc: (string | number)[] = ['after']) => [
  { type: 'value_error', loc, msg: 'Value error, not a cursor returned by this API', input },
];

/** The orders the tests page in: one that accepts cursors made before cursors named their order, one that does not. */
const NEWEST: CursorOrder = { name: 'threads:CREATED_AT_DESC', legacy: true };
const ACTIVE: CursorOrder = { name: 'threads:UPDATED_AT_DESC' };

const refusal = (cursor: string, loc: (string | number)[] = ['after'], order = NEWEST) =>
  issuesOf(() => decodeCursor(cursor, loc, order));

/** A cursor whose JSON is `text`, encoded the way `encodeCursor` encodes. */
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

const AT = new Date('2026-01-31T12:00:00.000Z');

describe('encodeCursor and decodeCursor', () => {
  it('when a cursor is encoded, then it is the base64url of the JSON triple [order, ISO time, id]', () => {
    expect(encodeCursor(NEWEST, AT, 'thread-1')).toBe(
      cursorOf('["threads:CREATED_AT_DESC","2026-01-31T12:00:00.000Z","thread-1"]'),
    );
  });

  it.each([
    [AT, 'thread-1'],
    [new Date('1970-01-01T00:00:00.000Z'), 'x'],
    [new Date('9999-12-31T23:59:59.999Z'), 'id with spaces, ✓ and "quotes"'],
    [new Date('2026-01-31T12:00:00.001Z'), 't'.repeat(128)],
  ])('when a cursor for (%s, %j) is decoded in its order, then the same time and id come back', (at, id) => {
    const key = decodeCursor(encodeCursor(ACTIVE, at, id), ['after'], ACTIVE);

    expect(key).toEqual({ at, id });
    expect(key.at.getTime()).toBe(at.getTime());
  });

  it.each([
    ['an empty string', ''],
    ['not base64url JSON', 'not-a-cursor'],
    ['a JSON object', cursorOf('{"at":"2026-01-31T12:00:00.000Z","id":"thread-1"}')],
    ['JSON null', cursorOf('null')],
    ['an empty list', cursorOf('[]')],
    ['a list of four', cursorOf('["threads:CREATED_AT_DESC","2026-01-31T12:00:00.000Z","thread-1","x"]')],
    ['an order that is not a string', cursorOf('[1,"2026-01-31T12:00:00.000Z","thread-1"]')],
    ['an id that is a number', cursorOf('["threads:CREATED_AT_DESC","2026-01-31T12:00:00.000Z",5]')],
    // new Date(String(2026)) is a valid date: only the type check refuses it.
    ['a time that is a number', cursorOf('["threads:CREATED_AT_DESC",2026,"thread-1"]')],
    ['a time that is not a date', cursorOf('["threads:CREATED_AT_DESC","yesterday","thread-1"]')],
    ['a time before 1970', cursorOf('["threads:CREATED_AT_DESC","1969-12-31T23:59:59.999Z","thread-1"]')],
    ['a time after 9999', cursorOf('["threads:CREATED_AT_DESC","+010000-01-01T00:00:00.000Z","thread-1"]')],
    ['an empty id', cursorOf('["threads:CREATED_AT_DESC","2026-01-31T12:00:00.000Z",""]')],
    ['an id with a control character', cursorOf('["threads:CREATED_AT_DESC","2026-01-31T12:00:00.000Z","t\u0001"]')],
    [
      'an id of 129 characters',
      cursorOf(`["threads:CREATED_AT_DESC","2026-01-31T12:00:00.000Z","${'t'.repeat(129)}"]`),
    ],
    ['an old pair with an id that is a number', cursorOf('["2026-01-31T12:00:00.000Z",5]')],
  ])('when the cursor is %s, then it is refused as BAD_USER_INPUT echoing the cursor', (_, cursor) => {
    expect(refusal(cursor)).toEqual(notACursor(cursor));
  });

  it('when a cursor of one order is used in another, then it is refused as a position in another order', () => {
    const cursor = encodeCursor(NEWEST, AT, 'thread-1');

    expect(refusal(cursor, ['before'], ACTIVE)).toEqual([
      {
        type: 'value_error',
        loc: ['before'],
        msg:
          'Value error, this cursor is a position in another list or order; ' +
          'use a cursor from the same query with the same orderBy, or none',
        input: cursor,
        ctx: { order: 'threads:UPDATED_AT_DESC' },
      },
    ]);
  });

  it(
    'when a cursor made before cursors named their order ([time, id]) is used, ' +
      'then the order it was made in (the legacy one) takes it and any other refuses it',
    () => {
      const old = cursorOf('["2026-01-31T12:00:00.000Z","thread-1"]');

      expect(decodeCursor(old, ['after'], NEWEST)).toEqual({ at: AT, id: 'thread-1' });
      expect(refusal(old, ['after'], ACTIVE)).toEqual([expect.objectContaining({ ctx: { order: ACTIVE.name } })]);
    },
  );

  it('when one character of a real cursor is changed, then it is refused', () => {
    const real = encodeCursor(NEWEST, AT, 'thread-1');
    // 'W' encodes the leading '[' of the JSON; 'X' turns it into '_', which no JSON starts with.
    const tampered = `X${real.slice(1)}`;

    expect(refusal(tampered)).toEqual(notACursor(tampered));
  });

  it('when a real cursor is cut short, then it is refused', () => {
    const cut = encodeCursor(NEWEST, AT, 'thread-1').slice(0, -4);

    expect(refusal(cut)).toEqual(notACursor(cut));
  });

  it('when the cursor is refused, then the issue carries the loc it was given', () => {
    expect(refusal('junk', ['messages', 'after'])).toEqual(notACursor('junk', ['messages', 'after']));
  });

  it(
    'when the cursor is longer than any this API makes, ' +
      'then it is refused before decoding, its echo cut to 256 characters',
    () => {
      // Node's base64url decoder ignores the trailing '=': this cursor would decode to a valid key.
      const padded = `${encodeCursor(NEWEST, AT, 'thread-1')}${'='.repeat(MAX_CURSOR_LENGTH)}`;

      expect(refusal(padded)).toEqual(notACursor(`${padded.slice(0, 256)}…`));
    },
  );

  it(
    'when the order name and the id are the longest allowed, the id in 4-byte characters, ' +
      'then its cursor (the longest possible, 782 characters) is decoded',
    () => {
      // 40 + 512 bytes of name and id (128 emoji), with the 34 bytes around them: 586 bytes.
      const order = { name: 'o'.repeat(ORDER_NAME_MAX_LENGTH) };
      const id = '😀'.repeat(128);
      const cursor = encodeCursor(order, AT, id);
      expect(cursor.length).toBe(782);
      expect(MAX_CURSOR_LENGTH).toBe(782);

      expect(decodeCursor(cursor, ['after'], order)).toEqual({ at: AT, id });
    },
  );
});

describe('pageSize', () => {
  it.each([
    [null, 20],
    [undefined, 20],
    [1, 1],
    [37, 37],
    [100, 100],
  ])('when first is %j, then the page size is %j', (first, size) => {
    expect(pageSize(first, ['first'])).toBe(size);
  });

  it('when first is below 1, then it is refused with the greater_than_equal issue', () => {
    expect(issuesOf(() => pageSize(0, ['first']))).toEqual([
      {
        type: 'greater_than_equal',
        loc: ['first'],
        msg: 'Input should be greater than or equal to 1',
        input: 0,
        ctx: { ge: 1 },
      },
    ]);
  });

  it('when first is above 100, then it is refused with the less_than_equal issue', () => {
    expect(issuesOf(() => pageSize(101, ['first']))).toEqual([
      {
        type: 'less_than_equal',
        loc: ['first'],
        msg: 'Input should be less than or equal to 100',
        input: 101,
        ctx: { le: 100 },
      },
    ]);
  });
});
