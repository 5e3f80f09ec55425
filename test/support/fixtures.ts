import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import type { BackupThread } from '../../src/threads/backup/thread-backup.file.js';
import { Message } from '../../src/threads/message.entity.js';
import { Thread } from '../../src/threads/thread.entity.js';
import type { TestApp } from './test-app.js';

/** A thread row as a test lays it out: times in minutes after FIXTURE_EPOCH. */
export interface ThreadFixture {
  id: string;
  owner: string;
  created: number;
  /** Defaults to `created`. */
  updated?: number;
  title?: string;
  projectId?: string | null;
  /** In the trash since this minute, restorable until `restoreUntil` (a tombstone when that is null). */
  deleted?: number;
  restoreUntil?: Date | null;
}

/** Midnight, 1 January 2026 (UTC): the minute 0 of fixtures. */
export const FIXTURE_EPOCH = Date.UTC(2026, 0, 1);

/** The time `minutes` after FIXTURE_EPOCH. */
export const minute = (minutes: number) => new Date(FIXTURE_EPOCH + minutes * 60_000);

/** Far enough ahead that no restore window closes during a test. */
export const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000);

/** A thread as a backup stores it, for tests that write backups without a row: alice's, at the epoch. */
export const backupThread = (id: string): BackupThread => ({
  id,
  title: 'T',
  projectId: null,
  conversationId: null,
  userId: 'alice',
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(0).toISOString(),
});

/** Inserts thread rows exactly as given, straight into the test app's database. */
export async function insertThreads(t: TestApp, fixtures: ThreadFixture[]): Promise<void> {
  const rows = fixtures.map((fixture) =>
    Object.assign(new Thread(), {
      id: fixture.id,
      title: fixture.title ?? `Thread ${fixture.id}`,
      projectId: fixture.projectId ?? null,
      conversationId: null,
      userId: fixture.owner,
      createdAt: minute(fixture.created),
      updatedAt: minute(fixture.updated ?? fixture.created),
      deletedAt: fixture.deleted === undefined ? null : minute(fixture.deleted),
      deletedBy: fixture.deleted === undefined ? null : fixture.owner,
      restoreUntil:
        fixture.deleted === undefined ? null : fixture.restoreUntil === undefined ? NEXT_YEAR : fixture.restoreUntil,
    }),
  );
  for (let start = 0; start < rows.length; start += 500)
    await t.app.db.transaction((manager) => manager.insert(Thread, rows.slice(start, start + 500)));
}

/** Inserts messages `[id, minute]` into a thread. */
export async function insertMessages(t: TestApp, threadId: string, messages: [string, number][]): Promise<void> {
  const rows = messages.map(([id, created]) =>
    Object.assign(new Message(), {
      id,
      threadId,
      role: 'user',
      content: `content of ${id}`,
      createdAt: minute(created),
    }),
  );
  await t.app.db.transaction((manager) => manager.insert(Message, rows));
}

/** Inserts audit entries `[id, minute]` about a thread, owned by `owner`. */
export async function insertAuditEntries(
  t: TestApp,
  threadId: string,
  owner: string,
  entries: [string, number][],
): Promise<void> {
  const rows = entries.map(([id, created]) =>
    Object.assign(new AuditEntry(), {
      id,
      action: 'DELETE_SOFT',
      threadId,
      actor: owner,
      owner,
      messageCount: 0,
      requestId: null,
      traceId: null,
      reason: null,
      createdAt: minute(created),
    }),
  );
  await t.app.db.transaction((manager) => manager.insert(AuditEntry, rows));
}

/** Ids in an order: by `key` then id, both ascending or both descending (ids of one length compare alike everywhere). */
export function ordered<T extends { id: string }>(
  rows: T[],
  key: (row: T) => number,
  direction: 'ASC' | 'DESC',
): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...rows]
    .sort((a, b) => sign * (key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .map((row) => row.id);
}
