import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** Threads, their messages (cascading on delete) and the audit trail, on SQLite and PostgreSQL. */
export class InitialSchema1764430000000 implements MigrationInterface {
  name = 'InitialSchema1764430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const id = (name: string, length: number) => ({ name, type: 'varchar', length: String(length), isPrimary: true });
    const text = (name: string, length: number, isNullable = false) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
    });
    const time = (name: string, isNullable = false) => ({ name, type: timestamp, isNullable });

    await queryRunner.createTable(
      new Table({
        name: 'threads',
        columns: [
          id('id', 128),
          text('title', 500),
          text('project_id', 128, true),
          text('conversation_id', 128, true),
          text('user_id', 128),
          time('created_at'),
          time('updated_at'),
          time('deleted_at', true),
          text('deleted_by', 128, true),
          time('restore_until', true),
        ],
        indices: [new TableIndex({ name: 'idx_threads_owner_created', columnNames: ['user_id', 'created_at', 'id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'messages',
        columns: [
          id('id', 36),
          text('thread_id', 128),
          text('role', 16),
          { name: 'content', type: 'text' },
          time('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_messages_thread_created', columnNames: ['thread_id', 'created_at', 'id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_messages_thread',
            columnNames: ['thread_id'],
            referencedTableName: 'threads',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          id('id', 36),
          text('action', 32),
          text('thread_id', 128),
          text('actor', 128),
          text('owner', 128),
          { name: 'message_count', type: 'integer' },
          text('request_id', 128, true),
          text('trace_id', 32, true),
          { name: 'reason', type: 'text', isNullable: true },
          time('created_at'),
        ],
        indices: [new TableIndex({ name: 'idx_audit_thread_created', columnNames: ['thread_id', 'created_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_entries');
    await queryRunner.dropTable('messages');
    await queryRunner.dropTable('threads');
  }
}
