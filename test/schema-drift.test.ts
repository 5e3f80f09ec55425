import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';

/**
 * The entities must declare exactly the schema the migrations create. If they disagree, TypeORM's
 * schema builder (what `synchronize` and `migration:generate` run) "repairs" the difference, e.g.
 * by dropping and re-adding a column, which destroys its data.
 */
describe.each(DATABASE_KINDS)('entities match the migrated schema (%s)', (kind) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = await Database.connect(loadDatabaseConfig({ DATABASE_URL: database.url }));
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('when a fresh database is migrated with the real migrations, then the schema builder has nothing to change', async () => {
    const applied = await db.migrate();
    expect(applied).toEqual(MIGRATIONS.map((migration) => new migration().name));

    const { upQueries } = await db.dataSource.driver.createSchemaBuilder().log();
    const statements = upQueries.map((query) => query.query);

    expect(
      statements,
      `the entities disagree with the migrations; the schema builder wants:\n${statements.join(';\n')}`,
    ).toEqual([]);
  });
});
