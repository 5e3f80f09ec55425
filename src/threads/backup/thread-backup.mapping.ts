import type { EntityManager } from 'typeorm';
import { queryLargeRows } from '../../db/large-rows.js';
import type { Thread } from '../thread.entity.js';
import type { BackupMessage, BackupPage, BackupThread } from './thread-backup.file.js';
import {
  MESSAGE_OVERHEAD_BYTES,
  mayFollow,
  PAGE,
  PAGE_BYTES,
  type Page,
  type PageCursor,
  type PostgresPageRow,
  pagesOf,
  postgresPage,
  postgresPageQuery,
} from './thread-backup.pages.js';

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

/** A SQLite row: the message as a backup stores it, the stored `created_at` for the cursor, and the rows read. */
interface SqliteRow extends BackupMessage {
  readonly cursorAt: string;
  readonly fetched: number;
}

/**
 * One page of a thread's messages after (`at`, `id`), in `(created_at, id)` order: the next PAGE
 * messages, cut after the one whose JSON crosses PAGE_BYTES (a running sum over those PAGE rows
 * only, so a page costs the same however much of the thread is left). A row-value comparison, so
 * both engines seek in `idx_messages_thread_created` and every page costs the same (an
 * `a > x OR (a = x AND b > y)` keyset makes SQLite scan the thread from its start, every page).
 * The database formats the time as the backup stores it, and hands back the stored value for the
 * cursor, so nothing is lost in a round trip through a JavaScript Date. PostgreSQL's statement,
 * which also writes the page's JSON, is `postgresPageQuery`.
 */
async function readPage(manager: EntityManager, threadId: string, after: PageCursor | null): Promise<Page> {
  const postgres = manager.connection.driver.options.type === 'postgres';
  if (postgres) {
    const { sql, parameters } = postgresPageQuery(threadId, after);
    // Through the driver's callback API: with TypeORM's promise-based `query`, pages were promoted
    // into V8's old generation (see `queryLargeRows`).
    const [row] = (await queryLargeRows(manager, sql, parameters)) as unknown as PostgresPageRow[];
    return postgresPage(row);
  }
  const seek = after ? 'AND (created_at, id) > (?, ?)' : '';
  const rows: SqliteRow[] = await manager.query(
    // The head and its running sum carry each message's size, not its text: SQLite keeps them as
    // temporary tables (in memory, ormconfig.ts), and 300 texts of up to 100,000 characters would
    // be tens of megabytes; the text is joined in for the rows the page keeps, about PAGE_BYTES.
    `WITH head AS (
       SELECT id, created_at, octet_length(content) AS bytes FROM messages
       WHERE thread_id = ? ${seek} ORDER BY created_at, id LIMIT ?),
     sized AS (
       SELECT id, created_at,
         sum(bytes + ${MESSAGE_OVERHEAD_BYTES}) OVER (ORDER BY created_at, id) - bytes - ${MESSAGE_OVERHEAD_BYTES} AS before
       FROM head)
     SELECT m.id, m.thread_id AS threadId, m.role, m.content,
            strftime('%Y-%m-%dT%H:%M:%fZ', m.created_at) AS createdAt, m.created_at AS cursorAt,
            (SELECT count(*) FROM head) AS fetched
     FROM sized JOIN messages AS m ON m.id = sized.id
     WHERE sized.before < ? ORDER BY sized.created_at, sized.id`,
    after ? [threadId, after.at, after.id, PAGE, PAGE_BYTES] : [threadId, PAGE, PAGE_BYTES],
  );
  const last = rows.at(-1);
  const fetched = last ? Number(last.fetched) : 0;
  // The rows as they are: a backup writes a message's fields by name (BACKUP_MESSAGE_FIELDS), so the
  // cursor and count columns are left out without copying every row into a new object.
  return {
    messages: rows,
    count: rows.length,
    more: mayFollow(rows.length, fetched),
    next: last ? { at: last.cursorAt, id: last.id } : null,
  };
}

/**
 * A thread's messages, oldest first, a page at a time, each page read by `read` (e.g. `db.read`,
 * so that nothing is held between pages and other requests go first).
 */
export function messagePages(
  read: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>,
  threadId: string,
): AsyncGenerator<BackupPage> {
  return pagesOf((after) => read((manager) => readPage(manager, threadId, after)));
}
