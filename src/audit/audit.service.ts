import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/auth.js';
import type { Database } from '../db/database.js';
import { uuidv7 } from '../ids.js';
import { loadPage, type Order, type Read } from '../pagination/keyset.js';
import type { Page } from '../pagination/page.js';
import { AuditEntryConnection } from './audit.connections.js';
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

/** A thread's audit trail, newest first: the one order of `auditEntries`. */
export const AUDIT_ORDER: Order = { name: 'auditEntries:CREATED_AT_DESC', column: 'createdAt', direction: 'DESC' };

/** Reading the audit trail, which outlives the threads it is about. */
export class AuditService {
  private readonly read: Read;

  constructor(db: Database) {
    this.read = (work) => db.read(work);
  }

  /** A page of a thread's entries, newest first: those about the caller's threads, or every one for an admin. */
  async list(caller: Caller, threadId: string, page: Page): Promise<AuditEntryConnection> {
    const rows = (manager: EntityManager) => {
      const query = manager.createQueryBuilder(AuditEntry, 'entry').where('entry.threadId = :threadId', { threadId });
      if (!caller.isAdmin) query.andWhere('entry.owner = :owner', { owner: caller.userId });
      return query;
    };
    return AuditEntryConnection.of(
      await loadPage(this.read, rows, 'entry', AUDIT_ORDER, page, (node) => node.createdAt),
    );
  }

  /** One entry, by the same rule as `list`: about one of the caller's threads, or any, for an admin. */
  find(caller: Caller, id: string): Promise<AuditEntry | null> {
    return this.read(async (manager) => {
      const entry = await manager.findOneBy(AuditEntry, { id });
      return entry && (caller.isAdmin || entry.owner === caller.userId) ? entry : null;
    });
  }
}
