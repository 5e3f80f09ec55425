import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../errors.js';
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH, pageSize } from './cursor.js';

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

const refusal = (cursor: string, loc: (string | number)[] = ['after']) => issuesOf(() => decodeCursor(cursor, loc));

/** A cursor whose JSON is `text`, encoded the way `encodeCursor` encodes. */
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

const AT = new Date('2026-01-31T12:00:00.000Z');

describe('encodeCursor and decodeCursor', () => {
  it('when a cursor is encoded, then it is the base64url of the JSON pair [ISO time, id]', () => {
    expect(encodeCursor(AT, 'thread-1')).toBe('WyIyMDI2LTAxLTMxVDEyOjAwOjAwLjAwMFoiLCJ0aHJlYWQtMSJd');
  });

  it.each([
    [AT, 'thread-1'],
    [new Date('1970-01-01T00:00:00.000Z'), 'x'],
    [new Date('9999-12-31T23:59:59.999Z'), 'id with spaces, ✓ and "quotes"'],
    [new Date('2026-01-31T12:00:00.001Z'), 't'.repeat(128)],
  ])('when a cursor for (%s, %j) is decoded, then the same time and id come back', (at, id) => {
    const key = decodeCursor(encodeCursor(at, id), ['after']);

    expect(key).toEqual({ at, id });
    expect(key.at.getTime()).toBe(at.getTime());
  });

  it.each([
    ['an empty string', ''],
    ['not base64url JSON', 'not-a-cursor'],
    ['a JSON object', cursorOf('{"at":"2026-01-31T12:00:00.000Z","id":"thread-1"}')],
    ['JSON null', cursorOf('null')],
    ['an id that is a number', cursorOf('["2026-01-31T12:00:00.000Z",5]')],
    // new Date(String(2026)) is a valid date: only the type check refuses it.
    ['a time that is a number', cursorOf('[2026,"thread-1"]')],
    ['a time that is not a date', cursorOf('["yesterday","thread-1"]')],
    ['a time before 1970', cursorOf('["1969-12-31T23:59:59.999Z","thread-1"]')],
    ['a time after 9999', cursorOf('["+010000-01-01T00:00:00.000Z","thread-1"]')],
    ['an empty id', cursorOf('["2026-01-31T12:00:00.000Z",""]')],
    ['an id with a control character', cursorOf('["2026-01-31T12:00:00.000Z","thread\\u0001"]')],
    ['an id of 129 characters', cursorOf(`["2026-01-31T12:00:00.000Z","${'t'.repeat(129)}"]`)],
  ])('when the cursor is %s, then it is refused as BAD_USER_INPUT echoing the cursor', (_, cursor) => {
    expect(refusal(cursor)).toEqual(notACursor(cursor));
  });

  it('when one character of a real cursor is changed, then it is refused', () => {
    const real = encodeCursor(AT, 'thread-1');
    // 'W' encodes the leading '[' of the JSON; 'X' turns it into '_', which no JSON starts with.
    const tampered = `X${real.slice(1)}`;

    expect(refusal(tampered)).toEqual(notACursor(tampered));
  });

  it('when a real cursor is cut short, then it is refused', () => {
    const cut = encodeCursor(AT, 'thread-1').slice(0, -4);

    expect(refusal(cut)).toEqual(notACursor(cut));
  });

  it('when the cursor is refused, then the issue carries the loc it was given', () => {
    expect(refusal('junk', ['input', 'after'])).toEqual(notACursor('junk', ['input', 'after']));
  });

  it(
    'when the cursor is longer than any this API makes, ' +
      'then it is refused before decoding, its echo cut to 256 characters',
    () => {
      // Node's base64url decoder ignores the trailing '=': this cursor would decode to a valid key.
      const padded = `${encodeCursor(AT, 'thread-1')}${'='.repeat(MAX_CURSOR_LENGTH)}`;

      expect(refusal(padded)).toEqual(notACursor(`${padded.slice(0, 256)}…`));
    },
  );

  it(
    'when the id is the longest allowed, in 4-byte characters, ' +
      'then its cursor (the longest possible, 724 characters) is decoded',
    () => {
      // 128 emoji: 512 bytes of UTF-8, which with the 31 bytes around them make 543 bytes.
      const id = '😀'.repeat(128);
      const cursor = encodeCursor(AT, id);
      expect(cursor.length).toBe(724);
      expect(MAX_CURSOR_LENGTH).toBe(724);

      expect(decodeCursor(cursor, ['after'])).toEqual({ at: AT, id });
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
