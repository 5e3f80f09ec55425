import { describe, expect, it } from 'vitest';
import {
  boundedInput,
  ERROR_MAP,
  errorCodeOf,
  InputValidationError,
  MAX_REPORTED_ISSUES,
  RateLimitedError,
  ResponseTooLargeError,
  ThreadNotFoundError,
  type ValidationIssue,
} from './errors.js';

describe('boundedInput', () => {
  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', false],
    ['a string of 256 characters', 's'.repeat(256)],
    ['a list of 5 items', [1, 2, 3, 4, 5]],
    ['an object of 10 keys', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]))],
    ['3 levels of nesting', { a: [{ b: 1 }] }],
  ])('when the input is %s, then it is echoed unchanged', (_, input) => {
    expect(boundedInput(input)).toEqual(input);
  });

  it('when a string is longer than 256 characters, then it is cut to 256 and marked with an ellipsis', () => {
    expect(boundedInput('s'.repeat(257))).toBe(`${'s'.repeat(256)}…`);
  });

  it('when a list has more than 5 items, then 5 are kept and the rest counted', () => {
    expect(boundedInput([1, 2, 3, 4, 5, 6, 7])).toEqual([1, 2, 3, 4, 5, '… 2 more']);
  });

  it('when an object has more than 10 keys, then 10 are kept and the rest counted', () => {
    const input = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));

    expect(boundedInput(input)).toEqual({
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])),
      '…': '2 more keys',
    });
  });

  it('when the input nests deeper than 3 levels, then the fourth level is replaced by a marker', () => {
    expect(boundedInput([[[[1], { a: 1 }, 'kept', 7]]])).toEqual([[['[…]', '{…}', 'kept', 7]]]);
  });

  it('when strings and keys sit inside lists and objects, then they are cut too', () => {
    const long = 'x'.repeat(300);

    expect(boundedInput({ [long]: [long] })).toEqual({ [`${'x'.repeat(256)}…`]: [`${'x'.repeat(256)}…`] });
  });
});

describe('InputValidationError', () => {
  const issue = (index: number, input: unknown = index): ValidationIssue => ({
    type: 'string_too_long',
    loc: ['input', 'ids', index],
    msg: 'String should have at most 128 characters',
    input,
  });

  it('when it is built, then its code is BAD_USER_INPUT and its message joins every issue as loc: msg', () => {
    const error = new InputValidationError([issue(0), { ...issue(1), msg: 'Another problem' }]);

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('input.ids.0: String should have at most 128 characters; input.ids.1: Another problem');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', http: { status: 400 } });
  });

  it('when there are more than 10 issues, then 10 are reported and the message counts the rest', () => {
    const issues = Array.from({ length: 13 }, (_, index) => issue(index));

    const error = new InputValidationError(issues);

    expect(error.issues).toEqual(issues.slice(0, MAX_REPORTED_ISSUES));
    expect(error.message.endsWith('; input.ids.9: String should have at most 128 characters; and 3 more')).toBe(true);
  });

  it("when an issue's input is large, then the reported issue carries its bounded copy", () => {
    const error = new InputValidationError([issue(0, 'y'.repeat(1000))]);

    expect(error.issues[0].input).toBe(`${'y'.repeat(256)}…`);
  });

  it('when a loc is deeper than 5 parts, then the message shows only the first 5', () => {
    const error = new InputValidationError([{ type: 't', loc: ['a', 'b', 'c', 'd', 'e', 'f'], msg: 'deep', input: 1 }]);

    expect(error.message).toBe('a.b.c.d.e: deep');
    expect(error.issues[0].loc).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});

describe('RateLimitedError', () => {
  it.each([
    [0, 1],
    [1, 1],
    [1000, 1],
    [1001, 2],
    [59_500, 60],
  ])('when the wait is %i ms, then Retry-After is %i (seconds)', (retryAfterMs, seconds) => {
    expect(new RateLimitedError(retryAfterMs).retryAfterSeconds).toBe(seconds);
  });

  it('when it reaches GraphQL, then its extensions carry the code, the seconds, status 429 and Retry-After', () => {
    const error = new RateLimitedError(2500, 'Slow down.');

    expect(error.message).toBe('Slow down.');
    expect(error.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 3,
      http: { status: 429, headers: new Map([['retry-after', '3']]) },
    });
  });

  it('when no reason is given, then the message is the one of the error table', () => {
    expect(new RateLimitedError(1).message).toBe(ERROR_MAP.RATE_LIMITED.message);
  });
});

describe('errorCodeOf', () => {
  it.each([
    ['a ThreadNotFoundError', 'THREAD_NOT_FOUND', new ThreadNotFoundError('t-1')],
    ['a ResponseTooLargeError', 'RESPONSE_TOO_LARGE', new ResponseTooLargeError()],
    ['a plain Error', 'INTERNAL_SERVER_ERROR', new Error('boom')],
    ['a thrown string', 'INTERNAL_SERVER_ERROR', 'boom'],
    ['an object that looks like a domain error', 'INTERNAL_SERVER_ERROR', { code: 'THREAD_NOT_FOUND' }],
  ])('when the error is %s, then its code is %s', (_, code, error) => {
    expect(errorCodeOf(error)).toBe(code);
  });
});
