import { describe, expect, it } from 'vitest';
import { requestMetaFrom } from '../src/http/request-context.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { auditRows } from './support/rows.js';
import { useTestApp } from './support/test-app.js';
import { bearer, deleteVia, TRANSPORTS } from './support/transports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('X-Request-ID', () => {
  it.each([
    'has space',
    '<script>alert(1)</script>',
    "'; DROP TABLE audit_entries; --",
    'a/b',
    'caf\u00e9',
    'x'.repeat(129),
  ])('when it is %j, then a new id is generated instead', (value) => {
    expect(requestMetaFrom({ 'x-request-id': value }).requestId).toMatch(UUID);
  });

  it.each(['req-123', 'A.b_c:d-9', 'r'.repeat(128), '01a22b2b-5f59-7ce0-8497-0e9df80b8da6'])(
    'when it is %j, then it is kept',
    (value) => {
      expect(requestMetaFrom({ 'x-request-id': value }).requestId).toBe(value);
    },
  );

  it('when X-Correlation-ID has a space, then it is still echoed (it is printable and never stored)', () => {
    expect(requestMetaFrom({ 'x-correlation-id': 'order 42' }).correlationId).toBe('order 42');
  });
});

describe.each(DATABASE_KINDS)('X-Request-ID in audit entries (%s)', (kind) => {
  const t = useTestApp(kind);

  it.each(TRANSPORTS)(
    'over %s, when a junk X-Request-ID is sent, then neither the response nor the audit entry carries it',
    async (transport) => {
      const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1, owner: 'alice' });
      const junk = '<img src=x onerror=alert(1)>';

      const call = await deleteVia(transport, t, threadId, { ...(await bearer(t, 'alice')), 'x-request-id': junk });

      const generated = call.headers.get('x-request-id');
      expect(call.status).toBe(200);
      expect(generated).toMatch(UUID);
      expect(call.result?.requestId).toBe(generated);
      const [entry] = await auditRows(t, threadId);
      expect(entry.request_id).toBe(generated);
    },
  );
});
