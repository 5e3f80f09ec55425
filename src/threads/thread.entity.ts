import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import { Node } from '../pagination/node.js';
import type { Message } from './message.entity.js';

/** A conversation thread. Soft-deleted threads keep their row and messages until purged. */
@ObjectType({ implements: Node, description: 'A conversation thread owned by one user.' })
@Entity({ name: 'threads' })
@Index('idx_threads_owner_created', ['userId', 'createdAt', 'id'])
// Deleted threads only (see migration 1764480000000): live-thread queries must not take it.
@Index('idx_threads_deleted', ['deletedAt'], { where: 'deleted_at IS NOT NULL' })
@Index('idx_threads_owner_updated', ['userId', 'updatedAt', 'id'])
@Index('idx_threads_created', ['createdAt', 'id'])
@Index('idx_threads_updated', ['updatedAt', 'id'])
// PostgreSQL only: a trigram GIN index (migration 1764480000000), which TypeORM cannot describe;
// `synchronize: false` tells its schema builder to leave it alone (and not to make it on SQLite).
@Index('idx_threads_title_trgm', { synchronize: false })
export class Thread {
  @Field(() => ID, {
    description: 'Opaque thread identifier (1 to 128 characters), time-ordered when server-generated.',
  })
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Field({ description: 'Title of the thread.' })
  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Project the thread belongs to, if any.' })
  @Column({ name: 'project_id', type: 'varchar', length: 128, nullable: true })
  projectId!: string | null;

  @Field(() => String, { nullable: true, description: 'Conversation the thread belongs to, if any.' })
  @Column({ name: 'conversation_id', type: 'varchar', length: 128, nullable: true })
  conversationId!: string | null;

  @Field({ description: 'Id of the user who owns the thread.' })
  @Column({ name: 'user_id', type: 'varchar', length: 128 })
  userId!: string;

  // `Date`: `datetime` on SQLite, `timestamptz` on PostgreSQL, as the migrations create it (see ormconfig.ts).
  @Field({ description: 'When the thread was created (ISO 8601, UTC).' })
  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Field({ description: 'When the thread or its messages last changed (ISO 8601, UTC).' })
  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the thread was soft-deleted; null for a live thread.' })
  @Column({ name: 'deleted_at', type: Date, nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'deleted_by', type: 'varchar', length: 128, nullable: true })
  deletedBy!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Until when a soft-deleted thread can be restored; null for a live thread.',
  })
  @Column({ name: 'restore_until', type: Date, nullable: true })
  restoreUntil!: Date | null;

  /**
   * The thread's messages, kept by the database (migration 1764510000000): every insert into
   * `messages` adds to it, and messages only ever leave with their thread. Exact under the row lock.
   */
  @Column({ name: 'message_count', type: 'integer', default: 0 })
  messageCount!: number;

  @OneToMany('Message', 'thread')
  messages?: Message[];
}
