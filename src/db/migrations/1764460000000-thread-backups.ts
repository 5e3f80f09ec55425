import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** `thread_backups`: one row per backup file, for per-user quotas and retention. */
export class ThreadBackups1764460000000 implements MigrationInterface {
  name = 'ThreadBackups1764460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const text = (name: string, length: number) => ({ name, type: 'varchar', length: String(length) });
    await queryRunner.createTable(
      new Table({
        name: 'thread_backups',
        columns: [
          { ...text('key', 64), isPrimary: true },
          text('thread_id', 128),
          text('actor', 128),
          text('owner', 128),
          { name: 'bytes', type: 'bigint' },
          { name: 'created_at', type: timestamp },
        ],
        indices: [new TableIndex({ name: 'idx_thread_backups_actor', columnNames: ['actor', 'created_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('thread_backups');
  }
}
