import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Node } from '../pagination/node.js';

/** What an audit entry records. */
export const AUDIT_ACTIONS = ['DELETE_PERMANENT', 'DELETE_SOFT', 'RESTORE', 'PURGE'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `AuditEntry.action` as a GraphQL enum, whose values are the stored strings. */
export const AuditActionEnum: { readonly [A in AuditAction]: A } = Object.freeze({
  DELETE_PERMANENT: 'DELETE_PERMANENT',
  DELETE_SOFT: 'DELETE_SOFT',
  RESTORE: 'RESTORE',
  PURGE: 'PURGE',
});

registerEnumType(AuditActionEnum, {
  name: 'AuditAction',
  description: 'What an audit entry records.',
  valuesConfig: {
    DELETE_PERMANENT: { description: 'A thread and its messages were deleted for good (deleteThread, or REST).' },
    DELETE_SOFT: { description: 'A thread was moved to the trash (deleteThread with mode SOFT).' },
    RESTORE: { description: 'A thread came back from the trash (restoreThread), or from a backup (import).' },
    PURGE: { description: 'A thread in the trash was deleted for good when its restore window closed.' },
  },
});

/**
 * A record of a change to a thread, written in the same transaction as the change.
 * It has no foreign key to the thread: it outlives it.
 */
@ObjectType({ implements: Node, description: 'A record of a delete, restore or purge; it outlives the thread.' })
@Entity({ name: 'audit_entries' })
@Index('idx_audit_thread_created', ['threadId', 'createdAt'])
export class AuditEntry {
  @Field(() => ID, { description: 'Audit entry identifier (time-ordered).' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field(() => AuditActionEnum, { description: 'What was done: DELETE_PERMANENT, DELETE_SOFT, RESTORE or PURGE.' })
  @Column({ type: 'varchar', length: 32 })
  action!: AuditAction;

  @Field(() => ID, { description: 'The thread the entry is about (which may no longer exist).' })
  @Column({ name: 'thread_id', type: 'varchar', length: 128 })
  threadId!: string;

  @Field({
    description:
      "Who made the change: the caller's user id, system:purge for the purger, or system:import-backup " +
      'for a thread put back from a backup.',
  })
  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @Field({ description: 'Owner of the thread at the time of the change.' })
  @Column({ type: 'varchar', length: 128 })
  owner!: string;

  @Field(() => Int, { description: 'Messages the thread had when the change was made.' })
  @Column({ name: 'message_count', type: 'integer' })
  messageCount!: number;

  @Field(() => String, { nullable: true, description: 'Request id of the call that made the change.' })
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Field(() => String, { nullable: true, description: 'W3C trace id of the call that made the change.' })
  @Column({ name: 'trace_id', type: 'varchar', length: 32, nullable: true })
  traceId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  // `Date`: `datetime` on SQLite, `timestamptz` on PostgreSQL, as the migrations create it (see ormconfig.ts).
  @Field({ description: 'When the change was made (ISO 8601, UTC).' })
  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
