import type { EntityManager } from 'typeorm';
import type { Thread } from '../thread.entity.js';
import type { BackupMessage, BackupThread } from './thread-backup.store.js';

/**
 * Messages read per query while streaming a backup: bounded memory whatever the thread's size, and
 * a read short enough (a few milliseconds) that the requests queued behind it hardly notice.
 */
const PAGE = 2000;

/** A thread as a backup stores it. */
export function toBackupThread(thread: Thread): BackupThread {
  return {
    id: thread.id,
    title: thread.title,
    projectId: thread.projectId,
    conversationId: thread.conversationId,
    userId: thread.userId,
    createdAt: thread.createdAt.toISOString(),
    updatedAt: thread.updatedAt.toISOString(),
  };
}

/** A page's row: the message as a backup stores it, and where the next page starts (the stored value, exactly). */
interface PageRow extends BackupMessage {
  readonly cursorAt: string;
}

/**
 * One page of a thread's messages after (`cursorAt`, `id`), in `(created_at, id)` order. A row-value
 * comparison, so both engines seek in `idx_messages_thread_created` and every page costs the same
 * (an `a > x OR (a = x AND b > y)` keyset makes SQLite scan the thread from its start, every page).
 * The database formats the time as the backup stores it, and hands back the stored value for the
 * cursor, so nothing is lost in a round trip through a JavaScript Date (PostgreSQL keeps microseconds).
 */
function readPage(
  manager: EntityManager,
  threadId: string,
  after: { at: string; id: string } | null,
): Promise<PageRow[]> {
  const postgres = manager.connection.driver.options.type === 'postgres';
  if (postgres) {
    const iso = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const seek = after ? 'AND (created_at, id) > ($3::timestamptz, $4)' : '';
    return manager.query(
      `SELECT id, thread_id AS "threadId", role, content, ${iso} AS "createdAt", created_at::text AS "cursorAt"
       FROM messages WHERE thread_id = $1 ${seek} ORDER BY created_at, id LIMIT $2`,
      after ? [threadId, PAGE, after.at, after.id] : [threadId, PAGE],
    );
  }
  const seek = after ? 'AND (created_at, id) > (?, ?)' : '';
  return manager.query(
    `SELECT id, thread_id AS threadId, role, content, strftime('%Y-%m-%dT%H:%M:%fZ', created_at) AS createdAt,
            created_at AS cursorAt
     FROM messages WHERE thread_id = ? ${seek} ORDER BY created_at, id LIMIT ?`,
    after ? [threadId, after.at, after.id, PAGE] : [threadId, PAGE],
  );
}

/**
 * A thread's messages, oldest first, a page at a time, each page read by `read` (e.g. `db.read`,
 * so that nothing is held between pages and other requests go first).
 */
export async function* messagePages(
  read: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>,
  threadId: string,
): AsyncGenerator<BackupMessage[]> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const rows: PageRow[] = await read((manager) => readPage(manager, threadId, after));
    if (rows.length === 0) return;
    // The rows as they are: a backup writes a message's fields by name (BACKUP_MESSAGE_FIELDS), so the
    // cursor column is left out without copying every row into a new object.
    yield rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1];
    after = { at: last.cursorAt, id: last.id };
  }
}
