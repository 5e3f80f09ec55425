import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { RequestMeta } from '../src/http/request-context.js';
import { BackupLimits } from '../src/threads/backup/thread-backup.policy.js';
import { BackupStore } from '../src/threads/backup/thread-backup.store.js';
import { ThreadDeleteService } from '../src/threads/delete/thread-delete.service.js';
import { DeleteMode } from '../src/threads/thread.inputs.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { countCommits } from './support/commits.js';
import { DATABASE_KINDS } from './support/databases.js';
import { countRows } from './support/rows.js';
import { type TestApp, useTestApp } from './support/test-app.js';
import { bearer, DELETE_MUTATION } from './support/transports.js';

/** The delete service as the app builds it, on the app's database. */
function deleteService(t: TestApp): ThreadDeleteService {
  const { config, db } = t.app;
  const backups = new BackupStore(config.backupDir);
  return new ThreadDeleteService(db, config, { backups, backupLimits: new BackupLimits(backups, config.backups) });
}

function meta(requestId: string): RequestMeta {
  return {
    requestId,
    correlationId: null,
    sessionId: null,
    clientVersion: null,
    traceId: 'd'.repeat(32),
    spanId: 'e'.repeat(16),
    startedAt: performance.now(),
  };
}

interface Answer {
  readonly body: { data?: { deleteThread?: { status: string; deletedMessageCount: number | null } } };
}

/**
 * GETs `path`, or POSTs `json` to it, through `agent` (so on one of its open connections when one
 * is free), and resolves with the JSON answer.
 */
function send(
  t: TestApp,
  agent: Agent,
  path: string,
  json?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const method = json === undefined ? 'GET' : 'POST';
    const call = request(
      `${t.url}${path}`,
      { method, agent, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(json === undefined ? undefined : JSON.stringify(json));
  });
}

describe.each(DATABASE_KINDS)('group commit (%s)', (kind) => {
  const t = useTestApp(kind);

  it('when twenty permanent deletes are asked for in the same turn, then all twenty are deleted in one commit', async () => {
    const ids = await seedThreads(t.app.db, { threads: 20, messagesPerThread: 3, owner: 'alice' });
    const service = deleteService(t);

    const { result, commits } = await countCommits(t, () =>
      Promise.all(
        ids.map((threadId, i) =>
          service.delete({
            threadId,
            caller: { userId: 'alice', isAdmin: false },
            meta: meta(`group-${i}`),
            transport: 'graphql',
            mode: DeleteMode.PERMANENT,
            backup: false,
            dryRun: false,
          }),
        ),
      ),
    );

    expect(commits).toBe(1);
    expect(result.map((deleted) => [deleted.thread.id, deleted.messageCount, deleted.auditLogId !== null])).toEqual(
      ids.map((id) => [id, 3, true]),
    );
    for (const id of ids) expect(await countRows(t, id)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when twenty deleteThread requests arrive at once on open connections, then every thread is deleted and the requests share commits', async () => {
    const alice = await bearer(t, 'alice');
    const ids = await seedThreads(t.app.db, { threads: 20, messagesPerThread: 3, owner: 'alice' });
    const agent = new Agent({ keepAlive: true, maxSockets: ids.length });
    try {
      // A connection per request, open before they are sent: requests on new connections trickle in
      // one by one as each connection is accepted, and seldom reach the service in the same turn.
      await Promise.all(ids.map(() => send(t, agent, '/healthz')));

      const { result, commits } = await countCommits(t, () =>
        Promise.all(
          ids.map((threadId) => send(t, agent, '/graphql', { query: DELETE_MUTATION, variables: { threadId } }, alice)),
        ),
      );

      expect(
        result.map(({ body }) => [body.data?.deleteThread?.status, body.data?.deleteThread?.deletedMessageCount]),
      ).toEqual(ids.map(() => ['success', 3]));
      for (const id of ids) expect(await countRows(t, id)).toEqual({ threads: 0, messages: 0, audit: 1 });
      // How many reach the service in the same turn depends on the sockets and the event loop:
      // all twenty, as a rule, but only "fewer commits than deletes" is certain.
      expect(commits).toBeGreaterThan(0);
      expect(commits).toBeLessThan(ids.length);
    } finally {
      agent.destroy();
    }
  });
});
