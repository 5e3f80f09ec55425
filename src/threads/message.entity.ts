import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Node } from '../pagination/node.js';
import type { Thread } from './thread.entity.js';

/** Who wrote a message; the same four roles as the chat backend. */
export const MESSAGE_ROLES = ['user', 'assistant', 'system', 'tool'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/**
 * `Message.role` as a GraphQL enum. Its values are the stored strings, lower case as the chat
 * backend, `AddMessageInput.role` and backups spell them, so answers carry the same values as before.
 */
export const MessageRoleEnum: { readonly [R in MessageRole]: R } = Object.freeze({
  user: 'user',
  assistant: 'assistant',
  system: 'system',
  tool: 'tool',
});

registerEnumType(MessageRoleEnum, {
  name: 'MessageRole',
  description: 'Who wrote a message.',
  valuesConfig: {
    user: { description: 'The person using the chat.' },
    assistant: { description: 'The assistant (the model) answering.' },
    system: { description: 'Instructions given to the assistant.' },
    tool: { description: 'The output of a tool the assistant called.' },
  },
});

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

  // The column is text: every write checks the role against MESSAGE_ROLES (addMessage, imports).
  @Field(() => MessageRoleEnum, { description: 'Who wrote it: user, assistant, system or tool.' })
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
