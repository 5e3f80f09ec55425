import type { EntityManager } from 'typeorm';
import { queryLargeRows } from '../../db/large-rows.js';
import type { Thread } from '../thread.entity.js';
import type { BackupMessage, BackupPage, BackupThread } from './thread-backup.store.js';

/**
 * Messages read per query while streaming a backup, at most: bounded memory whatever the thread's
 * size, and a read short enough (a few milliseconds) that the requests queued behind it hardly
 * notice. Pages of short messages stop at PAGE_BYTES a little before this.
 */
const PAGE = 300;

/**
 * The JSON a page holds, about, besides the message that crosses the line (every page holds at
 * least one): under V8's large-object size (128 KB), whose strings only a full collection frees.
 * Counted in rows alone, a page of 500 short messages was about 120 KB of JSON and a
 * 500,000-message backup grew the gateway's RSS by 23 to 50 MB (11 to 13 MB with pages of 250);
 * with long messages a page could be 500 times `addMessage`'s 100,000 characters.
 */
const PAGE_BYTES = 64 * 1024;

/** A message's JSON besides its text, about: two ids, the role, the time and the field names. */
const MESSAGE_OVERHEAD_BYTES = 200;

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

/** A page as read: its messages, whether more may follow, and where the next page starts (the stored value, exactly). */
interface Page {
  readonly messages: BackupPage;
  readonly count: number;
  readonly more: boolean;
  readonly next: { at: string; id: string } | null;
}

/** A SQLite row: the message as a backup stores it, the stored `created_at` for the cursor, and the rows read. */
interface SqliteRow extends BackupMessage {
  readonly cursorAt: string;
  readonly fetched: number;
}

/** Whether messages may follow a page that kept `count` of the `fetched` it read: it was cut short, or read a full PAGE. */
function mayFollow(count: number, fetched: number): boolean {
  return count < fetched || fetched === PAGE;
}

/**
 * One page of a thread's messages after (`at`, `id`), in `(created_at, id)` order: the next PAGE
 * messages, cut after the one whose JSON crosses PAGE_BYTES (a running sum over those PAGE rows
 * only, so a page costs the same however much of the thread is left). A row-value comparison, so
 * both engines seek in `idx_messages_thread_created` and every page costs the same (an
 * `a > x OR (a = x AND b > y)` keyset makes SQLite scan the thread from its start, every page).
 * The database formats the time as the backup stores it, and hands back the stored value for the
 * cursor, so nothing is lost in a round trip through a JavaScript Date (PostgreSQL keeps microseconds).
 * PostgreSQL also writes the page's JSON (`row_to_json` is compact and escapes as `JSON.stringify`
 * does): one string crosses the wire instead of 2,000 rows to parse and serialize again, which
 * took the event loop from the requests and the heap up by about 90 MB during a 500,000-message backup.
 */
async function readPage(
  manager: EntityManager,
  threadId: string,
  after: { at: string; id: string } | null,
): Promise<Page> {
  const postgres = manager.connection.driver.options.type === 'postgres';
  if (postgres) {
    const iso = `to_char(page.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const seek = after ? 'AND (created_at, id) > ($4::timestamptz, $5)' : '';
    // Through the driver's callback API: with TypeORM's promise-based `query`, pages were promoted
    // into V8's old generation (see `queryLargeRows`).
    const [row] = (await queryLargeRows(
      manager,
      `WITH head AS (
           SELECT id, thread_id, role, content, created_at FROM messages
           WHERE thread_id = $1 ${seek} ORDER BY created_at, id LIMIT $2),
         page AS (
           SELECT * FROM (
             SELECT head.*, sum(octet_length(content) + ${MESSAGE_OVERHEAD_BYTES}) OVER (ORDER BY created_at, id)
               - octet_length(content) - ${MESSAGE_OVERHEAD_BYTES} AS before
             FROM head) AS sized
           WHERE before < $3)
         SELECT (SELECT count(*) FROM head)::int AS fetched, count(*)::int AS count,
           string_agg(row_to_json((SELECT message FROM (SELECT page.id, page.thread_id AS "threadId", page.role,
             page.content, ${iso} AS "createdAt") AS message))::text, E',\n' ORDER BY page.created_at, page.id) AS json,
           (array_agg(page.created_at::text ORDER BY page.created_at DESC, page.id DESC))[1] AS at,
           (array_agg(page.id ORDER BY page.created_at DESC, page.id DESC))[1] AS id
         FROM page`,
      after ? [threadId, PAGE, PAGE_BYTES, after.at, after.id] : [threadId, PAGE, PAGE_BYTES],
    )) as { fetched: number; count: number; json: string | null; at: string | null; id: string | null }[];
    const count = Number(row.count);
    const next = row.at !== null && row.id !== null ? { at: row.at, id: row.id } : null;
    return { messages: { count, json: row.json ?? '' }, count, more: mayFollow(count, Number(row.fetched)), next };
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
export async function* messagePages(
  read: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>,
  threadId: string,
): AsyncGenerator<BackupPage> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const page: Page = await read((manager) => readPage(manager, threadId, after));
    if (page.count === 0) return;
    yield page.messages;
    if (!page.more) return;
    after = page.next;
  }
}
