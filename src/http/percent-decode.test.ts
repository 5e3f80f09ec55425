import { describe, expect, it } from 'vitest';
import { percentDecode } from './percent-decode.js';

describe('percentDecode', () => {
  it.each([
    ['no escapes', 'thread-1', 'thread-1'],
    ['an escaped space', 'a%20b', 'a b'],
    ['lower- and upper-case hex digits', '%2f%2F', '//'],
    ['an escaped multi-byte character', 'ok%E2%9C%93', 'ok✓'],
    ['a literal non-ASCII character next to an escape', 'é%21', 'é!'],
    ['an escaped percent sign, decoded once only', '%2541', '%41'],
    ['an escaped NUL', 'a%00b', 'a\u0000b'],
  ])('when the segment has %s, then %j decodes to %j', (_, segment, decoded) => {
    expect(percentDecode(segment)).toBe(decoded);
  });

  it.each([
    ['a stray percent sign', '100%', '100%'],
    ['a percent sign with one hex digit', 'a%4', 'a%4'],
    ['a percent sign with non-hex digits', '%zz%4g', '%zz%4g'],
  ])('when the segment has %s, then the percent sign stays as it is: %j gives %j', (_, segment, decoded) => {
    expect(percentDecode(segment)).toBe(decoded);
  });

  it.each([
    ['a lone continuation byte', '%80', '\uFFFD'],
    ['a byte that is never UTF-8', 'a%FFb', 'a\uFFFDb'],
    ['a multi-byte character cut short', '%E2%9Cx', '\uFFFDx'],
  ])('when the escapes are not UTF-8 (%s), then they become U+FFFD instead of an error', (_, segment, decoded) => {
    expect(percentDecode(segment)).toBe(decoded);
  });
});
