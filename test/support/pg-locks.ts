import type { Client } from 'pg';

/** How many sessions wait for the advisory lock `key` (session-level, taken with `pg_advisory_lock(key)`). */
export async function waitersAt(client: Client, key: number): Promise<number> {
  const waiting = await client.query(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND objsubid = 1 AND NOT granted",
    [key],
  );
  return waiting.rowCount ?? 0;
}

/** How many thread rows no transaction holds (what `FOR UPDATE SKIP LOCKED` could still claim). */
export async function unheldThreads(client: Client): Promise<number> {
  const free = await client.query('SELECT COUNT(*) AS n FROM (SELECT id FROM threads FOR UPDATE SKIP LOCKED) AS free');
  return Number(free.rows[0].n);
}
