import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../pagination/connection.js';
import { AuditEntry } from './audit-entry.entity.js';

@ObjectType({ description: 'An audit entry and its cursor.' })
export class AuditEntryEdge {
  @Field({ description: 'Opaque cursor of this entry.' })
  cursor!: string;

  @Field(() => AuditEntry, { description: 'The audit entry.' })
  node!: AuditEntry;
}

@ObjectType({ description: 'A page of audit entries, newest first (a Relay connection).' })
export class AuditEntryConnection extends Connection {
  @Field(() => [AuditEntryEdge], { description: 'The entries of this page.' })
  edges!: AuditEntryEdge[];
}
