import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupLimits } from '../src/threads/backup/thread-backup.policy.js';
import { BackupStore } from '../src/threads/backup/thread-backup.store.js';
import { PermanentDeletes } from '../src/threads/delete/permanent-deletes.js';
import type { DeleteRequest } from '../src/threads/delete/thread-delete.request.js';
import { DeleteAnswers } from '../src/threads/delete/thread-delete.response.js';
import { THREAD_DELETE_RESPONSE_KEYS, type ThreadDeleteResult } from '../src/threads/delete/thread-delete.result.js';
import { ThreadDeleteService } from '../src/threads/delete/thread-delete.service.js';
import { Thread } from '../src/threads/thread.entity.js';
import { DeleteMode } from '../src/threads/thread.inputs.js';
import { PURGE_ACTOR, ThreadPurgeService } from '../src/threads/trash/thread-purge.service.js';
import { DATABASE_KINDS } from './support/databases.js';
import { type TestApp, useTestApp } from './support/test-app.js';
import { DELETE_MUTATION } from './support/transports.js';

// Every copy of the delete (the PL/pgSQL functions, the SQLite statements, the TypeORM transaction,
// the purge) runs on the same inputs, and each answer and audit row is held to one expected shape.
// Generated ids and times are checked (linked to each other, near the call) and then replaced by
// these markers; anything that does not check out stays as it is and shows in the diff.
const AT = '<time of the delete>';
const PURGED_AT = '<time of the purge>';
const TIMESTAMP = '<time of the answer>';
const DURATION = '<duration>';
const AUDIT_ID = '<audit entry id>';
const PURGE_AUDIT_ID = '<purge audit entry id>';
const BACKUP_KEY = '<backup key>';

const PACKAGE_VERSION: string = JSON.parse(readFileSync('package.json', 'utf8')).version;
const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const METADATA_KEYS = ['tags', 'labels', 'annotations', 'source', 'version', 'extra'] as const;
const ENV = { APP_ENV: 'parity-env', REGION: 'parity-region', API_VERSION: 'v7' };

/** The two callers every path is given: an admin deleting bob's thread with a reason, and alice deleting her own. */
const CALLERS = {
  admin: {
    actor: 'root',
    roles: ['admin'],
    owner: 'bob',
    messages: 3,
    reason: 'Reported as spam (ticket T-7)',
    customMetadata: { tags: ['parity'], labels: { ticket: 'T-7' } },
    requestId: 'parity-admin',
    traceId: 'a1'.repeat(16),
    correlationId: 'corr-admin',
    sessionId: 'sess-admin',
    clientVersion: 'parity/1.0',
  },
  own: {
    actor: 'alice',
    roles: [],
    owner: 'alice',
    messages: 2,
    reason: null,
    customMetadata: null,
    requestId: 'parity-own',
    traceId: 'b2'.repeat(16),
    correlationId: 'corr-own',
    sessionId: 'sess-own',
    clientVersion: 'parity/2.0',
  },
} as const;
type Who = keyof typeof CALLERS;

/**
 * `plain`: a permanent delete without backup (on PostgreSQL `ctg_delete_threads` with one item, on
 * SQLite the statements); `plain-held`: PostgreSQL's `ctg_delete_thread` called on its own, as for a
 * thread another transaction holds; `plain-batch`: several in one turn of the event loop (one
 * `ctg_delete_threads` call, or one SQLite transaction with a savepoint each); `backup` and `soft`:
 * the TypeORM transaction; `purge`: a soft delete, then the purger.
 */
type Path = 'plain' | 'plain-held' | 'plain-batch' | 'backup' | 'soft' | 'purge';
/** `service`: ThreadDeleteService called directly (to put deletes in one turn), read as GraphQL would select it. */
type Via = 'graphql' | 'rest' | 'service';
interface Run {
  readonly path: Path;
  readonly via: Via;
  readonly who: Who;
}

const titleOf = (who: Who) => `Parity thread (${who})`;

/** The one expected answer: a permanent delete by GraphQL, and each path's or transport's differences spelled out. */
function expectedResult(run: Run, threadId: string, retentionDays: number): Record<string, unknown> {
  const caller = CALLERS[run.who];
  const soft = run.path === 'soft' || run.path === 'purge';
  const rest = run.via === 'rest';
  const labels = { transport: rest ? 'rest' : 'graphql', mode: soft ? 'soft' : 'permanent' };
  const customMetadata = rest || !caller.customMetadata ? null : selected(caller.customMetadata);
  return {
    status: 'success',
    message: `Thread '${threadId}' and its ${caller.messages} messages were ${soft ? 'moved to the trash' : 'permanently deleted'}.`,
    threadId,
    deletedMessageCount: caller.messages,
    deletedAt: AT,
    deletedBy: caller.actor,
    softDelete: soft,
    permanentDelete: !soft,
    canRestore: soft,
    restoreUntil: soft ? `${AT} + ${retentionDays} days` : null,
    threadTitle: titleOf(run.who),
    projectId: 'proj-parity',
    conversationId: 'conv-parity',
    requestId: caller.requestId,
    userId: caller.owner,
    sessionId: caller.sessionId,
    traceId: caller.traceId,
    correlationId: caller.correlationId,
    operationDurationMs: DURATION,
    apiVersion: 'v7',
    serverVersion: PACKAGE_VERSION,
    clientVersion: caller.clientVersion,
    timestamp: TIMESTAMP,
    errors: [],
    warnings: [],
    errorCount: 0,
    warningCount: 0,
    auditLogId: AUDIT_ID,
    backupCreated: run.path === 'backup',
    backupLocation: run.path === 'backup' ? BACKUP_KEY : null,
    environment: 'parity-env',
    region: 'parity-region',
    // The REST route has no way to pass metadata (nor a reason); it adds its deprecation fields.
    customMetadata,
    deprecationNotice: rest ? expect.stringContaining('is deprecated') : null,
    migrationGuide: rest ? expect.stringContaining('POST /graphql') : null,
    // GraphQL selects every metadata field (null when unset); REST sends the object as JSON.
    extra: rest
      ? { source: 'chat-thread-gateway', version: PACKAGE_VERSION, labels }
      : selected({ source: 'chat-thread-gateway', version: PACKAGE_VERSION, labels }),
  };
}

/** The one expected audit trail of a thread, every column of `audit_entries`, oldest first. */
function expectedAudit(run: Run, threadId: string): Record<string, unknown>[] {
  const caller = CALLERS[run.who];
  const entry = (action: string) => ({
    id: AUDIT_ID,
    action,
    thread_id: threadId,
    actor: caller.actor,
    owner: caller.owner,
    message_count: caller.messages,
    request_id: caller.requestId,
    trace_id: caller.traceId,
    reason: run.via === 'rest' ? null : caller.reason,
    created_at: AT,
  });
  if (run.path === 'soft') return [entry('DELETE_SOFT')];
  if (run.path !== 'purge') return [entry('DELETE_PERMANENT')];
  const purge = { ...entry('PURGE'), id: PURGE_AUDIT_ID, actor: PURGE_ACTOR, created_at: PURGED_AT };
  return [entry('DELETE_SOFT'), { ...purge, request_id: null, trace_id: null, reason: null }];
}

function selected(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(METADATA_KEYS.map((key) => [key, metadata[key] ?? null]));
}

/** A ThreadDeleteResult as a GraphQL selection of every field would return it. */
function asSelected(result: ThreadDeleteResult): Record<string, unknown> {
  return Object.fromEntries(
    THREAD_DELETE_RESPONSE_KEYS.map((key) => {
      const value = result[key];
      if (key !== 'customMetadata' && key !== 'extra') return [key, value ?? null];
      return [key, value ? selected({ ...(value as Record<string, unknown>) }) : null];
    }),
  );
}

interface Window {
  readonly from: number;
  readonly to: number;
}

/** ISO 8601 of a stored time (PostgreSQL gives a Date, SQLite TypeORM's UTC text), or the value if it is no time. */
function isoOf(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/.test(value)) return value;
  return new Date(`${value.replace(' ', 'T')}Z`).toISOString();
}

const inWindow = (value: unknown, window: Window) =>
  typeof value === 'string' && Date.parse(value) >= window.from && Date.parse(value) <= window.to;

/** Replaces the times and ids of an answer by their markers where they check out. */
function settleResult(result: Record<string, unknown>, window: Window, retentionDays: number, backupDir: string) {
  const { deletedAt, restoreUntil, timestamp, operationDurationMs: duration, auditLogId, backupLocation } = result;
  const atOk = inWindow(deletedAt, window);
  const restoreSpan = typeof restoreUntil === 'string' ? Date.parse(restoreUntil) - Date.parse(String(deletedAt)) : 0;
  return {
    ...result,
    deletedAt: atOk ? AT : deletedAt,
    restoreUntil: atOk && restoreSpan === retentionDays * DAY_MS ? `${AT} + ${retentionDays} days` : restoreUntil,
    timestamp: atOk && inWindow(timestamp, { ...window, from: Date.parse(String(deletedAt)) }) ? TIMESTAMP : timestamp,
    operationDurationMs:
      typeof duration === 'number' && duration >= 0 && duration <= window.to - window.from + 1 ? DURATION : duration,
    auditLogId: typeof auditLogId === 'string' && UUID.test(auditLogId) ? AUDIT_ID : auditLogId,
    backupLocation:
      typeof backupLocation === 'string' &&
      /^\d{4}-\d\d-\d\d\/[0-9a-f-]{36}\.json\.gz$/.test(backupLocation) &&
      existsSync(path.join(backupDir, backupLocation))
        ? BACKUP_KEY
        : backupLocation,
  };
}

/** Replaces the ids and times of audit rows by their markers where they match the answer (or the purge's window). */
function settleAudit(rows: Record<string, unknown>[], result: Record<string, unknown>, purge?: Window) {
  return rows.map((row) => {
    const at = isoOf(row.created_at);
    if (row.action === 'PURGE' && purge) {
      const idOk = typeof row.id === 'string' && UUID.test(row.id) && row.id !== result.auditLogId;
      return { ...row, id: idOk ? PURGE_AUDIT_ID : row.id, created_at: inWindow(at, purge) ? PURGED_AT : at };
    }
    return {
      ...row,
      id: row.id === result.auditLogId ? AUDIT_ID : row.id,
      created_at: at === result.deletedAt ? AT : row.created_at,
    };
  });
}

function headersOf(who: Who, token: string): Record<string, string> {
  const caller = CALLERS[who];
  return {
    authorization: `Bearer ${token}`,
    'x-request-id': caller.requestId,
    traceparent: `00-${caller.traceId}-00f067aa0ba902b7-01`,
    'x-correlation-id': caller.correlationId,
    'x-session-id': caller.sessionId,
    'x-client-version': caller.clientVersion,
  };
}

/** A thread of the caller's owner, with its messages, made through the API. */
async function threadFor(t: TestApp, who: Who): Promise<string> {
  const { owner, messages } = CALLERS[who];
  const headers = { authorization: `Bearer ${await t.token(owner)}` };
  const created = await t.graphql<{ createThread: { id: string } }>(
    'mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }',
    { input: { title: titleOf(who), projectId: 'proj-parity', conversationId: 'conv-parity' } },
    headers,
  );
  const threadId = created.body.data?.createThread.id;
  if (!threadId) throw new Error(`createThread failed: ${JSON.stringify(created.body)}`);
  for (let i = 0; i < messages; i += 1)
    await t.graphql(
      'mutation ($input: AddMessageInput!) { addMessage(input: $input) { id } }',
      { input: { threadId, role: 'user', content: `message ${i}` } },
      headers,
    );
  return threadId;
}

/** Deletes a thread by one path over one transport, as the caller, and returns the answer. */
async function deleteBy(t: TestApp, run: Run, threadId: string): Promise<Record<string, unknown>> {
  const caller = CALLERS[run.who];
  const headers = headersOf(run.who, await t.token(caller.actor, { roles: [...caller.roles] }));
  if (run.via === 'rest') {
    const query = run.path === 'soft' ? '?mode=soft' : run.path === 'backup' ? '?backup=true' : '';
    const response = await t.rest('DELETE', `/api/chat/threads/${threadId}${query}`, headers);
    const body: unknown = response.body;
    if (response.status !== 200 || typeof body !== 'object' || body === null)
      throw new Error(`REST delete: ${response.status} ${JSON.stringify(body)}`);
    return { ...body };
  }
  const options = {
    mode: run.path === 'soft' || run.path === 'purge' ? 'SOFT' : 'PERMANENT',
    backup: run.path === 'backup',
    reason: caller.reason,
    customMetadata: caller.customMetadata,
  };
  const response = await t.graphql<{ deleteThread: Record<string, unknown> }>(
    DELETE_MUTATION,
    { threadId, options },
    headers,
  );
  const result = response.body.data?.deleteThread;
  if (!result) throw new Error(`deleteThread: ${JSON.stringify(response.body)}`);
  return result;
}

/** The request the resolver would hand the service for a plain delete by `who`. */
function requestOf(who: Who, threadId: string): DeleteRequest {
  const { actor, roles, reason, customMetadata, requestId, correlationId, sessionId, clientVersion, traceId } =
    CALLERS[who];
  return {
    threadId,
    caller: { userId: actor, isAdmin: roles.length > 0 },
    meta: { requestId, correlationId, sessionId, clientVersion, traceId, spanId: '00f067aa0ba902b7', startedAt: 0 },
    transport: 'graphql',
    mode: DeleteMode.PERMANENT,
    backup: false,
    dryRun: false,
    reason,
    customMetadata: customMetadata && { ...customMetadata, tags: [...customMetadata.tags] },
  };
}

/** Runs `work` while another transaction holds the thread's row, until the delete waits in `ctg_delete_thread` itself. */
async function whileHeld<T>(t: TestApp, threadId: string, work: () => Promise<T>): Promise<T> {
  const holder = t.app.db.dataSource.createQueryRunner();
  await holder.startTransaction();
  try {
    await holder.query('SELECT id FROM threads WHERE id = $1 FOR UPDATE', [threadId]);
    const pending = work();
    const waiting = async () =>
      (
        await t.app.db.dataSource.query(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT * FROM ctg\\_delete\\_thread(%'",
        )
      ).length;
    await expect.poll(waiting, { timeout: 10_000, interval: 20 }).toBe(1);
    await holder.commitTransaction();
    return await pending;
  } finally {
    if (holder.isTransactionActive) await holder.rollbackTransaction();
    await holder.release();
  }
}

async function auditOf(t: TestApp, threadId: string): Promise<Record<string, unknown>[]> {
  const p = t.app.db.kind === 'postgres' ? '$1' : '?';
  return t.app.db.dataSource.query(`SELECT * FROM audit_entries WHERE thread_id = ${p} ORDER BY created_at, action`, [
    threadId,
  ]);
}

/** Times a call: the window its times must fall in. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; window: Window }> {
  const from = Date.now();
  const value = await work();
  return { value, window: { from, to: Date.now() } };
}

const describeRun = (run: Run) =>
  `${run.who === 'admin' ? "an admin deletes another user's thread with a reason" : 'a user deletes their own thread'}` +
  ` by the ${run.path} path over ${run.via}`;

const runsOf = (paths: Path[], vias: Via[]): Run[] =>
  paths.flatMap((path) => vias.flatMap((via) => (['admin', 'own'] as const).map((who) => ({ path, via, who }))));

describe.each(DATABASE_KINDS)('every copy of the delete, on the same inputs (%s)', (kind) => {
  const backupDir = mkdtempSync(path.join(tmpdir(), 'ctg-parity-backups-'));
  const t = useTestApp(kind, { ...ENV, SOFT_DELETE_RETENTION_DAYS: '7', BACKUP_DIR: backupDir });
  afterAll(() => rmSync(backupDir, { recursive: true, force: true }));
  const paths: Path[] = kind === 'postgres' ? ['plain', 'plain-held', 'backup', 'soft'] : ['plain', 'backup', 'soft'];

  it.each(runsOf(paths, ['graphql', 'rest']).map((run) => [describeRun(run), run] as const))(
    'when %s, then the answer and every audit column are the expected ones',
    async (_title, run) => {
      const threadId = await threadFor(t, run.who);

      const call = () => deleteBy(t, run, threadId);
      const { value: result, window } = await timed(() =>
        run.path === 'plain-held' ? whileHeld(t, threadId, call) : call(),
      );

      expect(settleResult(result, window, 7, backupDir)).toEqual(expectedResult(run, threadId, 7));
      expect(settleAudit(await auditOf(t, threadId), result)).toEqual(expectedAudit(run, threadId));
    },
  );

  it('when several plain deletes arrive in one turn of the event loop, then each answer and audit trail is the expected one', async () => {
    const backups = new BackupStore(backupDir);
    const service = new ThreadDeleteService(t.app.db, t.app.config, {
      backups,
      backupLimits: new BackupLimits(backups, t.app.config.backups),
    });
    const runs = (['admin', 'own', 'admin', 'own'] as const).map(
      (who): Run => ({ path: 'plain-batch', via: 'service', who }),
    );
    const threadIds = await Promise.all(runs.map((run) => threadFor(t, run.who)));

    const requests = runs.map((run, i) => requestOf(run.who, threadIds[i]));
    const answers = new DeleteAnswers(t.app.config);

    // No await between the calls: they share one turn, so one batch. The answers are built inside
    // the timed window, as a transport builds them before it answers.
    const { value: results, window } = await timed(async () => {
      const attempts = await Promise.all(requests.map((r) => service.attempt(r)));
      return attempts.map((attempt, i) => answers.resultOf(attempt, requests[i]));
    });

    for (const [i, run] of runs.entries()) {
      const result = asSelected(results[i]);
      expect(settleResult(result, window, 7, backupDir)).toEqual(expectedResult(run, threadIds[i], 7));
      expect(settleAudit(await auditOf(t, threadIds[i]), result)).toEqual(expectedAudit(run, threadIds[i]));
    }
  });

  it("when the plain path deletes a live thread or empties one from the trash, alone, in a batch or held, then it reports the row it found with this delete's soft-delete columns", async () => {
    const deletes = new PermanentDeletes(t.app.db);
    const [alone, batched, trashed, held] = await Promise.all(
      ['own', 'own', 'own', 'own'].map(() => threadFor(t, 'own')),
    );
    await deleteBy(t, { path: 'soft', via: 'graphql', who: 'own' }, trashed);
    const repository = t.app.db.dataSource.getRepository(Thread);
    const found = await Promise.all([alone, batched, trashed, held].map((id) => repository.findOneByOrFail({ id })));
    const at = new Date();
    const input = (threadId: string) => ({
      threadId,
      caller: { userId: 'alice', isAdmin: false },
      requestId: 'parity-thread',
      traceId: 'c3'.repeat(16),
      reason: null,
      at,
    });

    const done = [
      await deletes.delete(input(alone)),
      ...(await Promise.all([batched, trashed].map((id) => deletes.delete(input(id))))),
    ];
    // SQLite has no second connection to hold the row with: there it is one more lone delete.
    if (kind === 'postgres') done.push(await whileHeld(t, held, () => deletes.delete(input(held))));
    else done.push(await deletes.delete(input(held)));

    const columns = t.app.db.dataSource.getMetadata(Thread).columns.map((column) => column.propertyName);
    const asRow = (thread: Thread | undefined) =>
      Object.fromEntries(columns.map((name) => [name, thread?.[name as keyof Thread]]));
    expect(done.map((one) => ({ thread: asRow(one?.thread), messageCount: one?.messageCount }))).toEqual(
      found.map((row) => ({
        thread: asRow(Object.assign(new Thread(), row, { deletedAt: at, deletedBy: 'alice', restoreUntil: null })),
        messageCount: CALLERS.own.messages,
      })),
    );
  });
});

describe.each(DATABASE_KINDS)('the purge of a soft-deleted thread, on the same inputs (%s)', (kind) => {
  const t = useTestApp(kind, { ...ENV, SOFT_DELETE_RETENTION_DAYS: '0' });

  it('when a thread soft-deleted by each caller has expired and the purger runs, then its answer and audit trail are the expected ones', async () => {
    const runs = runsOf(['purge'], ['graphql']);
    const threadIds = await Promise.all(runs.map((run) => threadFor(t, run.who)));
    const deleted = [];
    for (const [i, run] of runs.entries()) deleted.push(await timed(() => deleteBy(t, run, threadIds[i])));

    const purge = await timed(() => new ThreadPurgeService(t.app.db).purgeExpired());

    expect(purge.value).toBe(runs.length);
    for (const [i, run] of runs.entries()) {
      const { value: result, window } = deleted[i];
      expect(settleResult(result, window, 0, '')).toEqual(expectedResult(run, threadIds[i], 0));
      expect(settleAudit(await auditOf(t, threadIds[i]), result, purge.window)).toEqual(
        expectedAudit(run, threadIds[i]),
      );
    }
  });
});
