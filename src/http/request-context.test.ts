import { describe, expect, it } from 'vitest';
import { headerValue, requestMetaFrom, traceIdFrom, traceparentOf } from './request-context.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE}-00f067aa0ba902b7-01`;
/** U+0021 to U+007E with a space inside: 96 characters. */
const PRINTABLE_ASCII = `a ${String.fromCharCode(...Array.from({ length: 94 }, (_, i) => 0x21 + i))}`;

describe('headerValue', () => {
  it.each([
    ['a plain value', 'session-42', 'session-42'],
    ['every printable ASCII character', PRINTABLE_ASCII, PRINTABLE_ASCII],
    ['exactly 128 characters', 'v'.repeat(128), 'v'.repeat(128)],
    ['spaces around it', '  1.2.3 \t', '1.2.3'],
    ['spaces inside it', 'my client 1.0', 'my client 1.0'],
  ])('when the value is %s, then it is kept (trimmed)', (_, raw, kept) => {
    expect(headerValue({ 'x-session-id': raw }, 'x-session-id')).toBe(kept);
  });

  it.each([
    ['129 characters', 'v'.repeat(129)],
    ['a newline', 'a\nb'],
    ['a carriage return', 'a\rb'],
    ['a NUL', 'a\u0000b'],
    ['an escape (terminal control)', 'a\u001b[31mb'],
    ['a tab inside it', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['a non-ASCII letter', 'caf\u00e9'],
    ['a Unicode line separator', 'a\u2028b'],
    ['nothing at all', ''],
    ['only spaces', '   '],
  ])('when the value holds %s, then it is dropped (null)', (_, raw) => {
    expect(headerValue({ 'x-session-id': raw }, 'x-session-id')).toBeNull();
  });

  it('when the header is missing, then it is null', () => {
    expect(headerValue({}, 'x-session-id')).toBeNull();
  });

  it('when the header is repeated, then only its first value counts, even if a later one is valid', () => {
    expect(headerValue({ 'x-session-id': ['first', 'second'] }, 'x-session-id')).toBe('first');
    expect(headerValue({ 'x-session-id': ['bad\u0001', 'good'] }, 'x-session-id')).toBeNull();
  });

  it('when a pattern is given, then it replaces the printable-ASCII rule', () => {
    expect(headerValue({ 'x-request-id': 'abc_1' }, 'x-request-id', /^[a-z_0-9]+$/)).toBe('abc_1');
    expect(headerValue({ 'x-request-id': 'ABC' }, 'x-request-id', /^[a-z_0-9]+$/)).toBeNull();
  });
});

describe('requestMetaFrom', () => {
  it('when every header is valid, then each is kept and the trace id comes from traceparent', () => {
    const meta = requestMetaFrom(
      {
        'x-request-id': 'req-1.a:b_C',
        'x-correlation-id': 'corr 1',
        'x-session-id': 'sess/1',
        'x-client-version': 'web 2.0',
        traceparent: TRACEPARENT,
      },
      12.5,
    );

    expect(meta).toEqual({
      requestId: 'req-1.a:b_C',
      correlationId: 'corr 1',
      sessionId: 'sess/1',
      clientVersion: 'web 2.0',
      traceId: TRACE,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      startedAt: 12.5,
    });
  });

  it.each([
    ['a space', 'req 1'],
    ['a slash', 'req/1'],
    ['a quote', 'req"1'],
    ['a control character', 'req\u00011'],
    ['129 characters', 'r'.repeat(129)],
  ])('when X-Request-ID holds %s, then a new UUIDv7 replaces it (it is stored in audit entries)', (_, raw) => {
    expect(requestMetaFrom({ 'x-request-id': raw }).requestId).toMatch(UUID_V7);
  });

  it('when X-Request-ID has 128 allowed characters, then it is kept', () => {
    const id = 'A-z0.9_:'.repeat(16);

    expect(requestMetaFrom({ 'x-request-id': id }).requestId).toBe(id);
  });

  it('when the echoed headers hold junk, then they are null rather than echoed', () => {
    const meta = requestMetaFrom({
      'x-correlation-id': 'line\r\nInjected: yes',
      'x-session-id': 's'.repeat(129),
      'x-client-version': '\u0000',
    });

    expect([meta.correlationId, meta.sessionId, meta.clientVersion]).toEqual([null, null, null]);
  });

  it('when X-Client-Version is junk, then apollographql-client-version is used instead', () => {
    const meta = requestMetaFrom({ 'x-client-version': 'bad\u0007', 'apollographql-client-version': '3.1.4' });

    expect(meta.clientVersion).toBe('3.1.4');
  });

  it('when traceparent is missing or invalid, then a new 32-hex-digit trace id is made, different each time', () => {
    const first = requestMetaFrom({ traceparent: 'nonsense' });
    const second = requestMetaFrom({});

    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.traceId).not.toBe(second.traceId);
    expect(first.spanId).not.toBe(second.spanId);
  });

  it('when more than 256 requests are read, then the random pool is refilled and ids keep differing', () => {
    const ids = new Set(Array.from({ length: 600 }, () => requestMetaFrom({}).traceId));

    expect(ids.size).toBe(600);
  });
});

describe('traceIdFrom and traceparentOf', () => {
  it.each([
    [TRACEPARENT, TRACE],
    [TRACEPARENT.toUpperCase(), TRACE],
    [`01-${TRACE}-00f067aa0ba902b7-01-future-fields`, TRACE],
    [`00-${TRACE}-00f067aa0ba902b7-01-extra`, null],
    [`ff-${TRACE}-00f067aa0ba902b7-01`, null],
    [`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, null],
    [`00-${TRACE}-${'0'.repeat(16)}-01`, null],
    [`00-${TRACE.slice(1)}-00f067aa0ba902b7-01`, null],
    [null, null],
  ])('when traceparent is %j, then the trace id is %j', (header, traceId) => {
    expect(traceIdFrom(header)).toBe(traceId);
  });

  it('when the traceparent is written back, then it carries the trace id, this span and the sampled flag', () => {
    const meta = requestMetaFrom({ traceparent: TRACEPARENT });

    expect(traceparentOf(meta)).toBe(`00-${TRACE}-${meta.spanId}-01`);
    expect(traceIdFrom(traceparentOf(meta))).toBe(TRACE);
  });
});
