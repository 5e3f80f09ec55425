import type { EntityManager } from 'typeorm';
import type { Database } from '../db/database.js';
import { uuidv7 } from '../ids.js';

/**
 * The channel every thread event travels on: `pg_notify` / `LISTEN` on PostgreSQL (the name is
 * also written in the delete functions' migration, 1764490000000), the process's own commits on SQLite.
 */
export const THREAD_EVENTS_CHANNEL = 'ctg_thread_events';

/** What happened to a thread. */
export type ThreadEventKind = 'CREATED' | 'MESSAGE_ADDED' | 'DELETED' | 'TRASHED' | 'RESTORED' | 'PURGED';

export const THREAD_EVENT_KINDS: readonly ThreadEventKind[] = [
  'CREATED',
  'MESSAGE_ADDED',
  'DELETED',
  'TRASHED',
  'RESTORED',
  'PURGED',
];

/**
 * One committed change to a thread, as announced. Small on purpose (ids, counts, times: no
 * title, no content), so that it fits PostgreSQL's 8,000-byte NOTIFY payload with room to spare
 * (every string here is at most 128 characters).
 */
export interface ThreadEventData {
  readonly id: string;
  readonly kind: ThreadEventKind;
  readonly threadId: string;
  readonly owner: string;
  readonly actor: string;
  readonly projectId: string | null;
  readonly at: Date;
  readonly messageCount: number;
  readonly auditEntryId: string | null;
  readonly restoreUntil: Date | null;
}

/** What a write path says about its change; the id is made here. */
export type ThreadEventInput = Omit<ThreadEventData, 'id' | 'auditEntryId' | 'restoreUntil'> & {
  readonly auditEntryId?: string | null;
  readonly restoreUntil?: Date | null;
};

/** The payload's JSON: the same keys the PostgreSQL functions write with `json_build_object`. */
export function encodeThreadEvent(event: ThreadEventData): string {
  return JSON.stringify({
    id: event.id,
    kind: event.kind,
    threadId: event.threadId,
    owner: event.owner,
    actor: event.actor,
    projectId: event.projectId,
    at: event.at.toISOString(),
    messageCount: event.messageCount,
    auditEntryId: event.auditEntryId,
    restoreUntil: event.restoreUntil?.toISOString() ?? null,
  });
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const time = (value: unknown): Date | null => {
  if (typeof value !== 'string') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
};

/** A payload back into an event; null for anything that is not one (a stray NOTIFY on the channel). */
export function decodeThreadEvent(payload: string): ThreadEventData | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return null;
  }
  const id = text(raw?.id);
  const kind = text(raw?.kind) as ThreadEventKind | null;
  const threadId = text(raw?.threadId);
  const owner = text(raw?.owner);
  const actor = text(raw?.actor);
  const at = time(raw?.at);
  const messageCount = Number(raw?.messageCount);
  if (!id || !kind || !THREAD_EVENT_KINDS.includes(kind) || !threadId || !owner || !actor || !at) return null;
  return {
    id,
    kind,
    threadId,
    owner,
    actor,
    projectId: text(raw.projectId),
    at,
    messageCount: Number.isFinite(messageCount) ? messageCount : 0,
    auditEntryId: text(raw.auditEntryId),
    restoreUntil: time(raw.restoreUntil),
  };
}

/**
 * Announces a change in the transaction that makes it (see `Database.announce`): it is heard once
 * that transaction commits, and never if it rolls back. Call it only inside a transaction.
 */
export function announceThreadEvent(db: Database, manager: EntityManager, input: ThreadEventInput): Promise<void> {
  return announceThreadEvents(db, manager, [input]);
}

/** `announceThreadEvent` from a synchronous unit of `Database.inSqliteStatements` (SQLite only). */
export function announceThreadEventInProcess(db: Database, input: ThreadEventInput): void {
  if (!db.announcing) return;
  db.announceInProcess(THREAD_EVENTS_CHANNEL, [encodeEvent(input)]);
}

const encodeEvent = (input: ThreadEventInput): string =>
  encodeThreadEvent({ auditEntryId: null, restoreUntil: null, ...input, id: uuidv7() });

/** Several changes of one transaction, announced in this order (see `announceThreadEvent`). */
export async function announceThreadEvents(
  db: Database,
  manager: EntityManager,
  inputs: readonly ThreadEventInput[],
): Promise<void> {
  if (!db.announcing) return;
  const payloads = inputs.map(encodeEvent);
  await db.announce(manager, THREAD_EVENTS_CHANNEL, payloads);
}
