import { describe, expect, it } from 'vitest';
import { ResponseTooLargeError } from '../errors.js';
import { jsonStringBytes, ResponseBudget } from './response-budget.js';

describe('jsonStringBytes', () => {
  it.each([
    ['the empty string', 2, ''],
    ['ASCII', 5, 'abc'],
    ['a quote', 4, '"'],
    ['a backslash', 4, '\\'],
    ['a newline', 4, '\n'],
    ['a backspace', 4, '\b'],
    ['a control character without a short escape', 8, '\u0001'],
    ['the last C0 control', 8, '\u001f'],
    ['DEL, which JSON leaves as it is', 3, '\u007f'],
    ['a slash, which JSON leaves as it is', 3, '/'],
    ['a three-byte character', 5, '✓'],
    ['a four-byte character', 6, '😀'],
    ['a mix', 21, 'a"b\\c\nd\u0002✓'],
  ])('when the string is %s, then it counts %i bytes', (_, bytes, text) => {
    expect(jsonStringBytes(text)).toBe(bytes);
  });

  it('when the count is compared with JSON.stringify, then they agree for every character up to U+00FF', () => {
    for (let code = 0; code <= 0xff; code += 1) {
      const text = `x${String.fromCharCode(code)}y`;
      expect([code, jsonStringBytes(text)]).toEqual([code, Buffer.byteLength(JSON.stringify(text))]);
    }
  });
});

describe('ResponseBudget', () => {
  it('when the charges add up to exactly the limit, then nothing is thrown', () => {
    const budget = new ResponseBudget(10);

    expect(() => {
      budget.charge(4);
      budget.charge(6);
      budget.charge(0);
    }).not.toThrow();
  });

  it('when a charge takes the total past the limit, then it throws RESPONSE_TOO_LARGE', () => {
    const budget = new ResponseBudget(10);
    budget.charge(10);

    expect(() => budget.charge(1)).toThrow(ResponseTooLargeError);
  });

  it('when a single charge is larger than the limit, then it throws at once', () => {
    expect(() => new ResponseBudget(100).charge(101)).toThrow(ResponseTooLargeError);
  });

  it('when the limit is 0, then any byte is too many', () => {
    const budget = new ResponseBudget(0);
    budget.charge(0);

    expect(() => budget.charge(1)).toThrow(ResponseTooLargeError);
  });
});
