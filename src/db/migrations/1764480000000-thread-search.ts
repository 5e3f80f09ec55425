import type { MigrationInterface, QueryRunner } from 'typeorm';

/** B-tree indexes for the orders of `threads` and `deletedThreads`: (name, columns). */
const ORDER_INDEXES = [
  // A user's threads by last activity (UPDATED_AT_*); by creation, idx_threads_owner_created serves.
  ['idx_threads_owner_updated', 'user_id, updated_at, id'],
  // An admin's lists, across every user, in either order.
  ['idx_threads_created', 'created_at, id'],
  ['idx_threads_updated', 'updated_at, id'],
] as const;

/** PostgreSQL: `threads.title ILIKE '%…%'` through trigrams (pg_trgm), whatever the table's size. */
const TITLE_INDEX = 'idx_threads_title_trgm';

/**
 * Thread search (`threads(filter, orderBy)`). Runs outside a transaction so that, on PostgreSQL,
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
      for (const [name, columns] of ORDER_INDEXES)
        await queryRunner.query(`CREATE INDEX IF NOT EXISTS ${name} ON threads (${columns})`);
      return;
    }
    await createTrigramExtension(queryRunner);
    for (const [name, columns] of ORDER_INDEXES) await createConcurrently(queryRunner, name, `(${columns})`);
    await createConcurrently(queryRunner, TITLE_INDEX, 'USING gin (title gin_trgm_ops)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const names = [...ORDER_INDEXES.map(([name]) => name), ...(postgres ? [TITLE_INDEX] : [])];
    for (const name of names) await queryRunner.query(`DROP INDEX ${postgres ? 'CONCURRENTLY ' : ''}IF EXISTS ${name}`);
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
