import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ThreadEventData } from '../thread.events.js';

/** The kinds of `ThreadEvent`, as GraphQL sees them (the same strings as `ThreadEventKind`). */
export enum ThreadEventKindEnum {
  CREATED = 'CREATED',
  MESSAGE_ADDED = 'MESSAGE_ADDED',
  DELETED = 'DELETED',
  TRASHED = 'TRASHED',
  RESTORED = 'RESTORED',
  PURGED = 'PURGED',
}

registerEnumType(ThreadEventKindEnum, {
  name: 'ThreadEventKind',
  description: 'What happened to a thread.',
  valuesConfig: {
    CREATED: { description: 'The thread was created.' },
    MESSAGE_ADDED: { description: "A message was added; messageCount is the thread's count after it." },
    DELETED: { description: 'Permanently deleted (GraphQL, REST or bulk); messageCount messages went with it.' },
    TRASHED: { description: 'Soft-deleted: in the trash until restoreUntil.' },
    RESTORED: { description: 'Back from the trash (or imported from a backup) with messageCount messages.' },
    PURGED: { description: 'Its restore window closed and the purger deleted it with messageCount messages.' },
  },
});

@InputType({ description: 'Which events a subscription receives; every field narrows it, all are optional.' })
export class ThreadEventFilter {
  @Field(() => ID, { nullable: true, description: "Only this thread's events." })
  threadId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events of threads in this project.' })
  projectId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Admins only: the threads of this user instead of the caller's own (others get FORBIDDEN).",
  })
  userId?: string | null;
}

@ObjectType({
  description: 'A committed change to a thread, announced once, in commit order per thread. Dry runs announce nothing.',
})
export class ThreadEvent {
  @Field(() => ID, { description: 'Unique per event.' })
  id!: string;

  @Field(() => ThreadEventKindEnum, { description: 'What happened.' })
  kind!: ThreadEventKindEnum;

  @Field(() => ID, { description: 'The thread it happened to.' })
  threadId!: string;

  @Field({ description: "The thread's owner (its userId)." })
  owner!: string;

  @Field({ description: 'Who did it: a user id, or system:purge, system:import-backup.' })
  actor!: string;

  @Field(() => String, { nullable: true, description: "The thread's project, if any." })
  projectId!: string | null;

  @Field(() => Date, { description: 'When it happened (the time written in its transaction).' })
  at!: Date;

  @Field(() => Int, {
    description:
      "CREATED: 0; MESSAGE_ADDED: the thread's count after; DELETED, TRASHED, PURGED: messages deleted " +
      '(kept in the trash for TRASHED); RESTORED: messages restored.',
  })
  messageCount!: number;

  @Field(() => ID, { nullable: true, description: 'The audit entry (DELETED, TRASHED, RESTORED, PURGED).' })
  auditEntryId!: string | null;

  @Field(() => Date, { nullable: true, description: 'TRASHED only: until when restoreThread can bring it back.' })
  restoreUntil!: Date | null;

  static of(data: ThreadEventData): ThreadEvent {
    return Object.assign(new ThreadEvent(), data, { kind: data.kind as ThreadEventKindEnum });
  }
}
