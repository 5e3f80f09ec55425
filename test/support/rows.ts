import type { TestApp } from './test-app.js';

/** A row of `audit_entries`, as the driver returns it. */
export interface AuditRow {
  id: string;
  action: string;
  thread_id: string;
  actor: string;
  owner: string;
  message_count: number;
  request_id: string | null;
  trace_id: string | null;
  reason: string | null;
  /** A `Date` from PostgreSQL (timestamptz), a string from SQLite (datetime). */
  created_at: Date | string;
}

/** Row counts straight from the database, for asserting what a call left behind. */
export async function countRows(
  t: TestApp,
  threadId: string,
): Promise<{ threads: number; messages: number; audit: number }> {
  const ds = t.app.db.dataSource;
  // COUNT(*) is a bigint, which node-postgres returns as a string.
  const one = async (sql: string) => Number((await ds.query<{ count: number | string }[]>(sql, [threadId]))[0].count);
  const p = t.app.db.kind === 'postgres' ? '$1' : '?';
  return {
    threads: await one(`SELECT COUNT(*) AS count FROM threads WHERE id = ${p}`),
    messages: await one(`SELECT COUNT(*) AS count FROM messages WHERE thread_id = ${p}`),
    audit: await one(`SELECT COUNT(*) AS count FROM audit_entries WHERE thread_id = ${p}`),
  };
}

/** Audit entries of a thread, oldest first, as stored. */
export async function auditRows(t: TestApp, threadId: string): Promise<AuditRow[]> {
  const p = t.app.db.kind === 'postgres' ? '$1' : '?';
  return t.app.db.dataSource.query<AuditRow[]>(
    `SELECT * FROM audit_entries WHERE thread_id = ${p} ORDER BY created_at`,
    [threadId],
  );
}
