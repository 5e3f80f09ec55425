import { describe, expect, it } from 'vitest';
import { headerValue, requestMetaFrom, traceIdFrom } from '../src/http/request-context.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { useTestApp } from './support/test-app.js';
import { bearer, deleteVia, TRANSPORTS } from './support/transports.js';

describe('reading request headers', () => {
  it.each([
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', null],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', null],
    ['ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', null],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', null],
    ['00-xyz-00f067aa0ba902b7-01', null],
    ['', null],
  ])('when traceparent is %j, then the trace id is %j', (header, expected) => {
    expect(traceIdFrom(header)).toBe(expected);
  });

  it('when X-Request-ID is missing, too long or has control characters, then a new id is generated instead of echoing it', () => {
    for (const value of [undefined, 'r'.repeat(129), 'bad\u0001id']) {
      const meta = requestMetaFrom(value === undefined ? {} : { 'x-request-id': value });
      expect(meta.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('when X-Client-Version is absent, then apollographql-client-version is used', () => {
    expect(requestMetaFrom({ 'apollographql-client-version': '1.2.3' }).clientVersion).toBe('1.2.3');
    expect(requestMetaFrom({ 'x-client-version': '9', 'apollographql-client-version': '1.2.3' }).clientVersion).toBe(
      '9',
    );
  });

  it('when a header is repeated, then its first value counts', () => {
    expect(headerValue({ 'x-session-id': ['s1', 's2'] } as never, 'x-session-id')).toBe('s1');
  });
});

describe('request context in delete results', () => {
  const t = useTestApp('sqlite');

  it.each(TRANSPORTS)(
    'over %s, when no tracing headers are sent, then a request id and a trace id are made up and returned in headers and body',
    async (transport) => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });

      const call = await deleteVia(transport, t, threadId, await bearer(t, 'alice'));

      const result = defined(call.result, 'the delete result');
      expect(result.requestId).toBe(call.headers.get('x-request-id'));
      expect(result.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(call.headers.get('traceparent')).toBe(
        `00-${result.traceId}-${defined(call.headers.get('traceparent'), 'traceparent').split('-')[2]}-01`,
      );
      expect(call.result).toMatchObject({ correlationId: null, sessionId: null, clientVersion: null });
    },
  );

  it('over graphql, when only apollographql-client-version is sent, then it becomes clientVersion', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });

    const call = await deleteVia('graphql', t, threadId, {
      ...(await bearer(t, 'alice')),
      'apollographql-client-version': 'ios-5.0.0',
    });

    expect(defined(call.result, 'the delete result').clientVersion).toBe('ios-5.0.0');
  });

  it('when the request fails validation, then the response still carries X-Request-ID', async () => {
    const response = await t.rest('DELETE', `/api/chat/threads/${'z'.repeat(300)}`, {
      ...(await bearer(t, 'alice')),
      'x-request-id': 'trace-me',
    });

    expect(response.status).toBe(422);
    expect(response.headers.get('x-request-id')).toBe('trace-me');
  });
});
