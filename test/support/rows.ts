import type { TestApp } from './test-app.js';

/** Row counts straight from the database, for asserting what a call left behind. */
export async function countRows(
  t: TestApp,
  threadId: string,
): Promise<{ threads: number; messages: number; audit: number }> {
  const ds = t.app.db.dataSource;
  const one = async (sql: string) => Number((await ds.query(sql, [threadId]))[0].count);
  const p = t.app.db.kind === 'postgres' ? '$1' : '?';
  return {
    threads: await one(`SELECT COUNT(*) AS count FROM threads WHERE id = ${p}`),
    messages: await one(`SELECT COUNT(*) AS count FROM messages WHERE thread_id = ${p}`),
    audit: await one(`SELECT COUNT(*) AS count FROM audit_entries WHERE thread_id = ${p}`),
  };
}

/** Audit entries of a thread, oldest first, as stored. */
export async function auditRows(t: TestApp, threadId: string): Promise<Record<string, any>[]> {
  const p = t.app.db.kind === 'postgres' ? '$1' : '?';
  return t.app.db.dataSource.query(`SELECT * FROM audit_entries WHERE thread_id = ${p} ORDER BY created_at`, [
    threadId,
  ]);
}
