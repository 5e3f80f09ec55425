import type { MigrationInterface, QueryRunner } from 'typeorm';

/** B-tree indexes for the orders of `threads` and `deletedThreads`: (name, definition). */
const ORDER_INDEXES = [
  // A user's threads by last activity (UPDATED_AT_*); by creation, idx_threads_owner_created serves.
  ['idx_threads_owner_updated', '(user_id, updated_at, id)'],
  // An admin's lists, across every user, in either order.
  ['idx_threads_created', '(created_at, id)'],
  ['idx_threads_updated', '(updated_at, id)'],
  // Deleted threads only (the trash, tombstones), replacing idx_threads_deleted_at. SQLite took
  // that full index for every live-thread query (`deleted_at IS NULL` looks like an equality on
  // it: 990,000 of 1,000,000 rows, then a sort), 200 to 400 ms for what an order index answers
  // in under 1 ms; a partial index cannot serve `IS NULL`. It is also 100 times smaller.
  ['idx_threads_deleted', '(deleted_at) WHERE deleted_at IS NOT NULL'],
] as const;

/** The index idx_threads_deleted replaces (migration 1764470000000). */
const FULL_DELETED_INDEX = 'idx_threads_deleted_at';

/** PostgreSQL: `threads.title ILIKE '%…%'` through trigrams (pg_trgm), whatever the table's size. */
const TITLE_INDEX = 'idx_threads_title_trgm';

/**
 * Thread search (`threads(filter, orderBy)`), and the indexes its orders need. Runs outside a transaction so that, on PostgreSQL,
 * every index is built `CONCURRENTLY`: the threads table stays writable while a big one is
 * indexed (a plain CREATE INDEX would hold deletes and new messages for as long as that takes).
 * Every step can run again: an index a crash left half-built (invalid) is dropped and rebuilt.
 *
 * The title index needs the pg_trgm extension, which ships with PostgreSQL (contrib) and which
 * any database owner may create since PostgreSQL 13 (it is a trusted extension).
 */
export class ThreadSearch1764480000000 implements MigrationInterface {
  name = 'ThreadSearch1764480000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') {
      for (const [name, definition] of ORDER_INDEXES)
        await queryRunner.query(`CREATE INDEX IF NOT EXISTS ${name} ON threads ${definition}`);
      await queryRunner.query(`DROP INDEX IF EXISTS ${FULL_DELETED_INDEX}`);
      return;
    }
    await createTrigramExtension(queryRunner);
    for (const [name, definition] of ORDER_INDEXES) await createConcurrently(queryRunner, name, definition);
    await createConcurrently(queryRunner, TITLE_INDEX, 'USING gin (title gin_trgm_ops)');
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS ${FULL_DELETED_INDEX}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const concurrently = postgres ? 'CONCURRENTLY ' : '';
    await queryRunner.query(`CREATE INDEX ${concurrently}IF NOT EXISTS ${FULL_DELETED_INDEX} ON threads (deleted_at)`);
    const names = [...ORDER_INDEXES.map(([name]) => name), ...(postgres ? [TITLE_INDEX] : [])];
    for (const name of names) await queryRunner.query(`DROP INDEX ${concurrently}IF EXISTS ${name}`);
  }
}

async function createTrigramExtension(queryRunner: QueryRunner): Promise<void> {
  try {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  } catch (error) {
    throw new Error(
      'Migration ThreadSearch1764480000000 needs the PostgreSQL extension pg_trgm (PostgreSQL contrib, e.g. ' +
        "Debian's postgresql-15 package; every managed PostgreSQL offers it) and a role that may create it in " +
        `this database (its owner may): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** `CREATE INDEX CONCURRENTLY IF NOT EXISTS`, after dropping an invalid index of that name left by a failed build. */
async function createConcurrently(queryRunner: QueryRunner, name: string, definition: string): Promise<void> {
  const invalid: unknown[] = await queryRunner.query(
    'SELECT 1 FROM pg_index JOIN pg_class ON pg_class.oid = pg_index.indexrelid ' +
      'WHERE pg_class.relname = $1 AND NOT pg_index.indisvalid',
    [name],
  );
  if (invalid.length > 0) await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  await queryRunner.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON threads ${definition}`);
}
