import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Node } from '../pagination/node.js';
import type { Thread } from './thread.entity.js';

/** Who wrote a message; the same four roles as the chat backend. */
export const MESSAGE_ROLES = ['user', 'assistant', 'system', 'tool'] as const;

/** One message of a thread; the database removes it with its thread (`ON DELETE CASCADE`). */
@ObjectType({ implements: Node, description: 'A message in a conversation thread.' })
@Entity({ name: 'messages' })
@Index('idx_messages_thread_created', ['threadId', 'createdAt', 'id'])
export class Message {
  @Field(() => ID, { description: 'Message identifier (time-ordered).' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field(() => ID, { description: 'Thread the message belongs to.' })
  @Column({ name: 'thread_id', type: 'varchar', length: 128 })
  threadId!: string;

  @Field({ description: 'Who wrote it: user, assistant, system or tool.' })
  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Field({ description: 'Text of the message.' })
  @Column({ type: 'text' })
  content!: string;

  // `Date`: `datetime` on SQLite, `timestamptz` on PostgreSQL, as the migrations create it (see ormconfig.ts).
  @Field({ description: 'When the message was added (ISO 8601, UTC).' })
  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @ManyToOne('Thread', 'messages', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'thread_id', foreignKeyConstraintName: 'fk_messages_thread' })
  thread?: Thread;
}
