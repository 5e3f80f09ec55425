import type { Database } from '../../src/db/database.js';
import type { Metrics } from '../../src/http/metrics.js';

/** A thread's rows straight from the database, read through `Database.read` (on SQLite, never mid-transaction). */
export async function rowsOf(
  db: Database,
  threadId: string,
): Promise<{ threads: number; messages: number; audit: number }> {
  const p = db.kind === 'postgres' ? '$1' : '?';
  const count = (sql: string) =>
    db.read(async (manager) => Number((await manager.query<{ n: number | string }[]>(sql, [threadId]))[0].n));
  return {
    threads: await count(`SELECT COUNT(*) AS n FROM threads WHERE id = ${p}`),
    messages: await count(`SELECT COUNT(*) AS n FROM messages WHERE thread_id = ${p}`),
    audit: await count(`SELECT COUNT(*) AS n FROM audit_entries WHERE thread_id = ${p}`),
  };
}

/** A thread row's delete columns, times as epoch milliseconds; null when the row is gone. */
export async function deleteColumnsOf(
  db: Database,
  threadId: string,
): Promise<{ deletedAt: number | null; deletedBy: string | null; restoreUntil: number | null } | null> {
  const p = db.kind === 'postgres' ? '$1' : '?';
  const [row] = await db.read((manager) =>
    manager.query<
      { deleted_at: Date | string | null; deleted_by: string | null; restore_until: Date | string | null }[]
    >(`SELECT deleted_at, deleted_by, restore_until FROM threads WHERE id = ${p}`, [threadId]),
  );
  if (!row) return null;
  return { deletedAt: epochOf(row.deleted_at), deletedBy: row.deleted_by, restoreUntil: epochOf(row.restore_until) };
}

/** A stored time as epoch milliseconds: PostgreSQL gives a Date, SQLite TypeORM's UTC text `YYYY-MM-DD HH:MM:SS.SSS`. */
function epochOf(value: Date | string | null): number | null {
  if (value === null) return null;
  return value instanceof Date ? value.getTime() : Date.parse(`${value.replace(' ', 'T')}Z`);
}

/**
 * Waits until no tombstone waits for reclaim (an earlier test's big delete is fully reclaimed by
 * the app), so a test that counts commits or rows is not raced by the app's drain.
 */
export async function untilNoTombstones(db: Database, timeoutMs = 10_000): Promise<void> {
  const sql = 'SELECT COUNT(*) AS n FROM threads WHERE deleted_at IS NOT NULL AND restore_until IS NULL';
  for (const started = Date.now(); ; ) {
    const [row] = await db.read((manager) => manager.query<{ n: number | string }[]>(sql));
    if (Number(row.n) === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${row.n} tombstones still wait for reclaim`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What the app's reclaimer has removed so far, from its `/metrics` counters. */
export async function reclaimedSoFar(metrics: Metrics): Promise<{ threads: number; messages: number }> {
  const value = async (counter: Metrics['reclaimedThreads']) => (await counter.get()).values[0]?.value ?? 0;
  return { threads: await value(metrics.reclaimedThreads), messages: await value(metrics.reclaimedMessages) };
}

/**
 * Holds the reclaim of chosen threads. While a thread is held and is a tombstone (`deleted_at` set,
 * `restore_until` null), deleting any of its messages fails, so every reclaim step on it rolls back
 * and the thread stays exactly as its delete left it. A delete that removes the messages in its own
 * transaction is not held: the thread is still live when it does.
 */
export class ReclaimHold {
  /** PostgreSQL: how many reclaim steps the hold had refused when `hold` was last called. */
  private refusedAtHold = 0;

  /** SQLite: how many reclaim steps the app's reclaimer had seen fail when `hold` was last called. */
  private failedAtHold = 0;

  private constructor(
    private readonly db: Database,
    private readonly metrics?: Metrics,
  ) {}

  /**
   * Creates the hold's table and trigger in the test's database. `metrics`: the app's, for
   * `untilTried` on SQLite.
   */
  static async install(db: Database, metrics?: Metrics): Promise<ReclaimHold> {
    const held =
      'EXISTS (SELECT 1 FROM test_reclaim_hold h JOIN threads th ON th.id = h.thread_id ' +
      'WHERE h.thread_id = OLD.thread_id AND th.deleted_at IS NOT NULL AND th.restore_until IS NULL)';
    await db.transaction(async (manager) => {
      await manager.query('CREATE TABLE test_reclaim_hold (thread_id varchar PRIMARY KEY)');
      if (db.kind === 'postgres') {
        // A sequence counts the refused steps: nextval is not undone by the step's rollback.
        await manager.query('CREATE SEQUENCE test_reclaim_refused');
        await manager.query(
          'CREATE FUNCTION test_reclaim_hold() RETURNS trigger LANGUAGE plpgsql AS $$ ' +
            `BEGIN IF ${held} THEN PERFORM nextval('test_reclaim_refused'); ` +
            "RAISE EXCEPTION 'reclaim held by the test'; END IF; RETURN OLD; END $$",
        );
        await manager.query(
          'CREATE TRIGGER test_reclaim_hold BEFORE DELETE ON messages FOR EACH ROW EXECUTE FUNCTION test_reclaim_hold()',
        );
      } else {
        await manager.query(
          `CREATE TRIGGER test_reclaim_hold BEFORE DELETE ON messages WHEN ${held} ` +
            "BEGIN SELECT RAISE(ABORT, 'reclaim held by the test'); END",
        );
      }
    });
    return new ReclaimHold(db, metrics);
  }

  async hold(...threadIds: string[]): Promise<void> {
    this.refusedAtHold = await this.refused();
    this.failedAtHold = await this.failedSteps();
    const p = this.db.kind === 'postgres' ? '$1' : '?';
    await this.db.transaction(async (manager) => {
      for (const id of threadIds) await manager.query(`INSERT INTO test_reclaim_hold (thread_id) VALUES (${p})`, [id]);
    });
  }

  /**
   * Resolves once the app's own reclaimer has tried a held tombstone since `hold` (and been
   * refused). The app's drain runs beside the test (on SQLite on the app's reclaim thread):
   * released before it tried, the tombstone would be reclaimed by the app while the test steps it.
   * PostgreSQL counts the refusals in a sequence; SQLite cannot (a trigger's work rolls back with
   * the step), so there the app's failed-step counter tells (`install` needs the app's metrics).
   */
  async untilTried(): Promise<void> {
    const tried = async () =>
      this.db.kind === 'postgres'
        ? (await this.refused()) > this.refusedAtHold
        : (await this.failedSteps()) > this.failedAtHold;
    if (this.db.kind !== 'postgres' && !this.metrics) throw new Error("untilTried on SQLite needs the app's metrics");
    for (const started = Date.now(); !(await tried()); ) {
      if (Date.now() - started > 10_000) throw new Error("the app's reclaimer never tried the held tombstone");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async failedSteps(): Promise<number> {
    if (!this.metrics) return 0;
    return (await this.metrics.reclaimFailedSteps.get()).values[0]?.value ?? 0;
  }

  private async refused(): Promise<number> {
    if (this.db.kind !== 'postgres') return 0;
    const [row]: { n: string }[] = await this.db.read((manager) =>
      manager.query('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM test_reclaim_refused'),
    );
    return Number(row.n);
  }

  /** Releases every held thread. */
  async releaseAll(): Promise<void> {
    await this.db.transaction((manager) => manager.query('DELETE FROM test_reclaim_hold'));
  }

  async release(...threadIds: string[]): Promise<void> {
    const p = this.db.kind === 'postgres' ? '$1' : '?';
    await this.db.transaction(async (manager) => {
      for (const id of threadIds) await manager.query(`DELETE FROM test_reclaim_hold WHERE thread_id = ${p}`, [id]);
    });
  }
}

/**
 * Makes deleting a message slow, so that deleting many in one statement is slow: on PostgreSQL a
 * trigger sleeps `ms` per row; on SQLite (no sleep) a trigger counts a three-way cross join of a
 * 60-row table, about 10 ms of CPU per row here (`ms` is ignored). Returns the function that undoes it.
 */
export async function slowMessageDeletes(db: Database, ms: number): Promise<() => Promise<void>> {
  if (db.kind === 'postgres') {
    await db.transaction(async (manager) => {
      await manager.query(
        'CREATE FUNCTION test_slow_delete() RETURNS trigger LANGUAGE plpgsql AS $$ ' +
          `BEGIN PERFORM pg_sleep(${ms / 1000}); RETURN OLD; END $$`,
      );
      await manager.query(
        'CREATE TRIGGER test_slow_delete BEFORE DELETE ON messages FOR EACH ROW EXECUTE FUNCTION test_slow_delete()',
      );
    });
    return () =>
      db.transaction(async (manager) => {
        await manager.query('DROP TRIGGER test_slow_delete ON messages');
        await manager.query('DROP FUNCTION test_slow_delete()');
      });
  }
  await db.transaction(async (manager) => {
    await manager.query('CREATE TABLE test_burn (x INTEGER)');
    await manager.query(
      'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 60) INSERT INTO test_burn SELECT x FROM n',
    );
    await manager.query(
      'CREATE TRIGGER test_slow_delete BEFORE DELETE ON messages BEGIN ' +
        'SELECT COUNT(*) FROM test_burn a, test_burn b, test_burn c WHERE a.x + b.x + c.x < 0; END',
    );
  });
  return () =>
    db.transaction(async (manager) => {
      await manager.query('DROP TRIGGER test_slow_delete');
      await manager.query('DROP TABLE test_burn');
    });
}

/**
 * PostgreSQL: makes every message delete first take advisory lock `key` in shared mode, so while
 * the test holds it exclusively each reclaim step waits at its first message, holding the
 * tombstone it claimed. Returns the function that undoes it.
 */
export async function gateMessageDeletes(db: Database, key: number): Promise<() => Promise<void>> {
  await db.transaction(async (manager) => {
    await manager.query(
      'CREATE FUNCTION test_delete_gate() RETURNS trigger LANGUAGE plpgsql AS $$ ' +
        `BEGIN PERFORM pg_advisory_xact_lock_shared(${key}); RETURN OLD; END $$`,
    );
    await manager.query(
      'CREATE TRIGGER test_delete_gate BEFORE DELETE ON messages FOR EACH ROW EXECUTE FUNCTION test_delete_gate()',
    );
  });
  return () =>
    db.transaction(async (manager) => {
      await manager.query('DROP TRIGGER test_delete_gate ON messages');
      await manager.query('DROP FUNCTION test_delete_gate()');
    });
}
