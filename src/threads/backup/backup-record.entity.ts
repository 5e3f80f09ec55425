import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One backup file: who asked for it and how large it is, so that each user's backups can be held
 * to a quota and expired after the retention period. Written in the delete's transaction.
 */
@Entity({ name: 'thread_backups' })
@Index('idx_thread_backups_actor', ['actor', 'createdAt'])
export class BackupRecord {
  /** The storage key (`backupLocation`). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ name: 'thread_id', type: 'varchar', length: 128 })
  threadId!: string;

  /** The user who asked for the backup: the one whose quota it counts against. */
  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @Column({ type: 'varchar', length: 128 })
  owner!: string;

  @Column({
    type: 'bigint',
    transformer: { to: (value: number) => value, from: (value: string | number) => Number(value) },
  })
  bytes!: number;

  // `Date`: `datetime` on SQLite, `timestamptz` on PostgreSQL, as the migrations create it (see ormconfig.ts).
  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
