import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuditEntry } from './src/audit/audit-entry.entity.js';
import type { DatabaseConfig } from './src/config.js';
import { MIGRATIONS } from './src/db/migrations/index.js';
import { POSTGRES_APPLICATION_NAME, postgresSessionSettings } from './src/db/postgres-session.js';
import { BackupRecord } from './src/threads/backup/backup-record.entity.js';
import { Message } from './src/threads/message.entity.js';
import { Thread } from './src/threads/thread.entity.js';

/** Every entity the gateway maps. */
export const ENTITIES = [Thread, Message, AuditEntry, BackupRecord];

/** TypeORM options for a database config: the one definition the app, the CLI and the tests share. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (db.kind === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.sqlitePath,
      // WAL lets other processes (npm run purge, npm run seed) read while the server writes;
      // `timeout` is SQLite's busy timeout. TypeORM turns foreign keys on, so cascades work.
      enableWAL: db.sqlitePath !== ':memory:',
      timeout: db.connectTimeoutMs,
      // WAL with synchronous=NORMAL is durable across process crashes and much faster than FULL.
      // temp_store=MEMORY keeps statement and savepoint journals off the disk: a delete (its cascade,
      // the audit insert, a batch's savepoints) otherwise writes each page it changes to a temporary
      // file in /var/tmp as well, about 40 writes per delete, a third of a delete's CPU on SQLite.
      // Sorts and temporary tables are then held in memory whole: the server's queries sort along
      // an index or under a LIMIT, a backup page materializes no message text, and migrations run
      // with the default (Database.migrate).
      prepareDatabase: (sqlite: { pragma(source: string): unknown }) => {
        sqlite.pragma('synchronous = NORMAL');
        sqlite.pragma('temp_store = MEMORY');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.url,
    poolSize: db.poolSize,
    connectTimeoutMS: db.connectTimeoutMs,
    applicationName: POSTGRES_APPLICATION_NAME,
    extra: postgresSessionSettings(db),
  };
}

/**
 * A DataSource whose timestamp columns have the type the migrations create: `datetime` on SQLite
 * and `timestamptz` on PostgreSQL. The entities declare them as `Date`, the one type both drivers
 * accept (SQLite rejects `timestamptz`), but TypeORM maps `Date` to `timestamp` (without time zone)
 * on PostgreSQL: `synchronize` and `migration:generate` would then drop and re-add every timestamp
 * column, losing its data. So, once the metadata is built, a PostgreSQL DataSource turns its `Date`
 * columns into `timestamptz`. Values are unchanged: TypeORM converts both types the same way, and
 * the type is chosen per DataSource, so one process can hold a SQLite and a PostgreSQL one.
 * test/schema-drift.test.ts checks that the entities and the migrations agree.
 */
class GatewayDataSource extends DataSource {
  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    if (this.driver.options.type !== 'postgres') return;
    for (const entity of this.entityMetadatas)
      for (const column of entity.columns) if (column.type === Date) column.type = 'timestamptz';
  }
}

/** A DataSource (not yet initialized) for a database config. */
export function createDataSource(db: DatabaseConfig): DataSource {
  return new GatewayDataSource(dataSourceOptions(db));
}
