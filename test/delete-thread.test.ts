import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_DELETE_RESPONSE_KEYS } from '../src/threads/delete/thread-delete.result.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from './support/assertions.js';
import { DATABASE_KINDS } from './support/databases.js';
import { auditRows, countRows } from './support/rows.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { bearer, deleteVia, TRANSPORTS } from './support/transports.js';

const PACKAGE_VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(DATABASE_KINDS)('deleting a thread (%s)', (kind) => {
  let t: TestApp;
  const seed = (owner: string, messages = 5) =>
    seedThreads(t.app.db, {
      threads: 1,
      messagesPerThread: messages,
      owner,
      projectId: 'proj-1',
      title: () => 'Quarterly plan',
    }).then(([id]) => id);

  beforeAll(async () => {
    t = await startTestApp(kind, { APP_ENV: 'staging', REGION: 'eu-west-1', API_VERSION: 'v1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe.each(TRANSPORTS)('over %s', (transport) => {
    it('when the caller owns the thread, then the thread and every message are gone, one audit entry is written and every field is filled', async () => {
      const threadId = await seed('alice', 5);
      const bystander = await seed('alice', 3);
      const headers = {
        ...(await bearer(t, 'alice')),
        'x-request-id': 'req-123',
        'x-correlation-id': 'corr-9',
        'x-session-id': 'sess-7',
        'x-client-version': 'web/2.4.1',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      };

      const call = await deleteVia(transport, t, threadId, headers);

      expect(call.status).toBe(200);
      expect(call.outcome).toBe('success');
      const result = defined(call.result, 'the delete result');
      expect(Object.keys(result).sort()).toEqual([...THREAD_DELETE_RESPONSE_KEYS].sort());
      const [audit] = await auditRows(t, threadId);
      expect(result).toMatchObject({
        status: 'success',
        threadId,
        deletedMessageCount: 5,
        deletedBy: 'alice',
        userId: 'alice',
        softDelete: false,
        permanentDelete: true,
        canRestore: false,
        restoreUntil: null,
        threadTitle: 'Quarterly plan',
        projectId: 'proj-1',
        conversationId: null,
        requestId: 'req-123',
        correlationId: 'corr-9',
        sessionId: 'sess-7',
        clientVersion: 'web/2.4.1',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        apiVersion: 'v1',
        serverVersion: PACKAGE_VERSION,
        environment: 'staging',
        region: 'eu-west-1',
        errors: [],
        warnings: [],
        errorCount: 0,
        warningCount: 0,
        auditLogId: audit.id,
        backupCreated: false,
        backupLocation: null,
      });
      expect(result.message).toContain('permanently deleted');
      expect(result.deletedAt).toMatch(ISO);
      expect(result.timestamp).toMatch(ISO);
      expect(result.operationDurationMs).toBeGreaterThan(0);
      expect(call.headers.get('x-request-id')).toBe('req-123');
      expect(call.headers.get('traceparent')).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
      expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
      expect(audit).toMatchObject({
        action: 'DELETE_PERMANENT',
        actor: 'alice',
        owner: 'alice',
        request_id: 'req-123',
      });
      expect(Number(audit.message_count)).toBe(5);
      expect(await countRows(t, bystander)).toEqual({ threads: 1, messages: 3, audit: 0 });
    });

    it('when the thread does not exist, then it reports THREAD_NOT_FOUND', async () => {
      const call = await deleteVia(transport, t, 'no-such-thread', await bearer(t, 'alice'));

      expect(call.outcome).toBe('THREAD_NOT_FOUND');
      if (transport === 'rest') {
        expect(call.status).toBe(404);
        expect(call.body).toEqual({ detail: 'Thread not found' });
      } else {
        expect(call.status).toBe(200);
        expect(call.result).toMatchObject({
          status: 'error',
          threadId: 'no-such-thread',
          errors: ['THREAD_NOT_FOUND'],
          errorCount: 1,
          deletedMessageCount: null,
          auditLogId: null,
        });
      }
    });

    it('when the thread was already deleted, then the second delete reports THREAD_NOT_FOUND and writes no second audit entry', async () => {
      const threadId = await seed('alice');
      const headers = await bearer(t, 'alice');

      expect((await deleteVia(transport, t, threadId, headers)).outcome).toBe('success');
      const second = await deleteVia(transport, t, threadId, headers);

      expect(second.outcome).toBe('THREAD_NOT_FOUND');
      expect(second.status).toBe(transport === 'rest' ? 404 : 200);
      expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
    });

    it("when the thread is not the caller's, then it reports THREAD_NOT_FOUND, exactly like a missing one, and keeps the thread", async () => {
      const threadId = await seed('bob', 4);

      const call = await deleteVia(transport, t, threadId, await bearer(t, 'alice'));
      const missing = await deleteVia(transport, t, 'missing-thread', await bearer(t, 'alice'));

      expect(call.outcome).toBe('THREAD_NOT_FOUND');
      expect(call.status).toBe(missing.status);
      if (transport === 'rest') expect(call.body).toEqual(missing.body);
      else
        expect({
          ...call.result,
          threadId: null,
          requestId: null,
          traceId: null,
          timestamp: null,
          operationDurationMs: null,
        }).toEqual({
          ...missing.result,
          threadId: null,
          requestId: null,
          traceId: null,
          timestamp: null,
          operationDurationMs: null,
        });
      expect(await countRows(t, threadId)).toEqual({ threads: 1, messages: 4, audit: 0 });
    });

    it("when the caller is an admin, then it deletes another user's thread and records both of them", async () => {
      const threadId = await seed('bob', 2);

      const call = await deleteVia(transport, t, threadId, await bearer(t, 'root', ['admin']));

      expect(call.outcome).toBe('success');
      expect(call.result).toMatchObject({ deletedBy: 'root', userId: 'bob', deletedMessageCount: 2 });
      expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
      expect((await auditRows(t, threadId))[0]).toMatchObject({ actor: 'root', owner: 'bob' });
    });
  });
});
