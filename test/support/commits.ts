import { readFileSync } from 'node:fs';
import type { TestApp } from './test-app.js';

/** The tables a delete writes: a transaction that commits a change to any of them is counted. */
const WRITTEN_TABLES = ['threads', 'messages', 'audit_entries'];

/**
 * Runs `act` and counts the write transactions the database committed meanwhile, as the database
 * itself records them (no counter in the gateway's code, so the count holds whatever that code
 * does). A transaction that writes nothing (reads, a delete of a missing thread) is not counted:
 * it flushes no log, and the flushes are what group commit saves. (SQLite still counts one whose
 * writes were all rolled back to a savepoint; PostgreSQL does not.) Nothing else may write to the
 * test's database while `act` runs.
 *
 * - PostgreSQL: statement triggers on the written tables note `pg_current_xact_id()`, which is the
 *   top-level transaction even inside a batch item's subtransaction; a transaction that rolls back
 *   takes its note with it. (`pg_stat_database.xact_commit` would also count reads, and PostgreSQL
 *   15 publishes another backend's counts only when that backend chooses to.)
 * - SQLite (WAL mode): the commit frames appended to the write-ahead log, counted from an empty log
 *   with automatic checkpoints off and the gateway's checkpointing thread paused, so the log is
 *   never restarted under the count.
 */
export async function countCommits<T>(t: TestApp, act: () => Promise<T>): Promise<{ result: T; commits: number }> {
  return t.app.db.kind === 'postgres' ? countPostgresCommits(t, act) : countSqliteCommits(t, act);
}

async function countPostgresCommits<T>(t: TestApp, act: () => Promise<T>): Promise<{ result: T; commits: number }> {
  const ds = t.app.db.dataSource;
  await ds.query('CREATE TABLE test_commits (xact xid8 PRIMARY KEY)');
  await ds.query(
    'CREATE FUNCTION test_note_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO test_commits VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING; RETURN NULL; END $$',
  );
  for (const table of WRITTEN_TABLES)
    await ds.query(
      `CREATE TRIGGER test_note_commit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION test_note_commit()`,
    );
  try {
    const result = await act();
    const [{ count }] = await ds.query('SELECT COUNT(*) AS count FROM test_commits');
    return { result, commits: Number(count) };
  } finally {
    for (const table of WRITTEN_TABLES) await ds.query(`DROP TRIGGER test_note_commit ON ${table}`);
    await ds.query('DROP FUNCTION test_note_commit()');
    await ds.query('DROP TABLE test_commits');
  }
}

async function countSqliteCommits<T>(t: TestApp, act: () => Promise<T>): Promise<{ result: T; commits: number }> {
  const ds = t.app.db.dataSource;
  const [{ wal_autocheckpoint: autoCheckpoint }] = await ds.query('PRAGMA wal_autocheckpoint');
  const resume = await t.app.db.pauseCheckpoints();
  const [{ busy }] = await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
  if (busy !== 0) {
    await resume();
    throw new Error('the write-ahead log could not be emptied before counting commits');
  }
  await ds.query('PRAGMA wal_autocheckpoint = 0');
  try {
    const result = await act();
    return { result, commits: walCommitFrames(`${t.app.config.database.sqlitePath}-wal`) };
  } finally {
    await resume();
    await ds.query(`PRAGMA wal_autocheckpoint = ${Number(autoCheckpoint)}`);
  }
}

/**
 * Commit frames in a SQLite write-ahead log (https://sqlite.org/fileformat.html#the_write_ahead_log):
 * a 32-byte header, then frames of a 24-byte header and one page; a frame whose "database size
 * after commit" is not zero ends a transaction. Frames with other salts are left over from an
 * earlier log and do not count.
 */
function walCommitFrames(walPath: string): number {
  let wal: Buffer;
  try {
    wal = readFileSync(walPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8) === 1 ? 65_536 : wal.readUInt32BE(8);
  const [salt1, salt2] = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits += 1;
  }
  return commits;
}
