import type { EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Caller } from '../auth/auth.js';
import type { Database } from '../db/database.js';
import { type AuditAction, AuditEntry } from './audit-entry.entity.js';

/** One change to record, in the transaction that makes it. */
export interface AuditRecord {
  readonly action: AuditAction;
  readonly threadId: string;
  readonly actor: string;
  readonly owner: string;
  readonly messageCount: number;
  readonly requestId: string | null;
  readonly traceId: string | null;
  readonly reason?: string | null;
  readonly at: Date;
}

/** Writes audit entries with `manager`, so they commit or roll back with the change they record; returns their ids. */
export async function recordAudit(manager: EntityManager, ...records: AuditRecord[]): Promise<string[]> {
  if (records.length === 0) return [];
  const entries = records.map(({ at, reason, ...record }) => ({
    ...record,
    id: uuidv7(),
    reason: reason ?? null,
    createdAt: at,
  }));
  await manager.insert(AuditEntry, entries);
  return entries.map((entry) => entry.id);
}

/** Reading the audit trail, which outlives the threads it is about. */
export class AuditService {
  constructor(private readonly db: Database) {}

  /** A thread's entries, newest first: those about the caller's threads, or every one for an admin. */
  list(caller: Caller, threadId: string, first: number): Promise<AuditEntry[]> {
    return this.db.read((manager) => {
      const query = manager.createQueryBuilder(AuditEntry, 'entry').where('entry.threadId = :threadId', { threadId });
      if (!caller.isAdmin) query.andWhere('entry.owner = :owner', { owner: caller.userId });
      return query.orderBy('entry.createdAt', 'DESC').addOrderBy('entry.id', 'DESC').limit(first).getMany();
    });
  }
}
