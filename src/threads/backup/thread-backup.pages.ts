import type { BackupPage } from './thread-backup.file.js';

// A thread's messages a page at a time, as a backup reads them: the page sizes, the loop, and
// PostgreSQL's page statement. Free of TypeORM, so a backup worker (`backup-worker.ts`) can run the
// statement on a connection of its own with the driver alone.

/**
 * Messages read per query while streaming a backup, at most: bounded memory whatever the thread's
 * size, and a read short enough (a few milliseconds) that the requests queued behind it hardly
 * notice. Pages of short messages stop at PAGE_BYTES a little before this.
 */
export const PAGE = 300;

/**
 * The JSON a page holds, about, besides the message that crosses the line (every page holds at
 * least one): under V8's large-object size (128 KB), whose strings only a full collection frees.
 * Counted in rows alone, a page of 500 short messages was about 120 KB of JSON and a
 * 500,000-message backup grew the gateway's RSS by 23 to 50 MB (11 to 13 MB with pages of 250);
 * with long messages a page could be 500 times `addMessage`'s 100,000 characters.
 */
export const PAGE_BYTES = 64 * 1024;

/** A message's JSON besides its text, about: two ids, the role, the time and the field names. */
export const MESSAGE_OVERHEAD_BYTES = 200;

/** Where a page starts: after this message (the stored `created_at`, exactly, and the id). */
export interface PageCursor {
  readonly at: string;
  readonly id: string;
}

/** A page as read: its messages, whether more may follow, and where the next page starts. */
export interface Page {
  readonly messages: BackupPage;
  readonly count: number;
  readonly more: boolean;
  readonly next: PageCursor | null;
}

/** Whether messages may follow a page that kept `count` of the `fetched` it read: it was cut short, or read a full PAGE. */
export function mayFollow(count: number, fetched: number): boolean {
  return count < fetched || fetched === PAGE;
}

/** A thread's messages, oldest first, a page at a time: `readPage(after)` reads the page after a cursor. */
export async function* pagesOf(readPage: (after: PageCursor | null) => Promise<Page>): AsyncGenerator<BackupPage> {
  let after: PageCursor | null = null;
  for (;;) {
    const page: Page = await readPage(after);
    if (page.count === 0) return;
    yield page.messages;
    if (!page.more) return;
    after = page.next;
  }
}

/** The one row PostgreSQL's page statement answers. */
export interface PostgresPageRow {
  readonly fetched: number;
  readonly count: number;
  readonly json: string | null;
  readonly at: string | null;
  readonly id: string | null;
}

/**
 * PostgreSQL's statement for the page of thread `threadId` after `after`, with its parameters: the
 * next PAGE messages in `(created_at, id)` order, cut after the one whose JSON crosses PAGE_BYTES
 * (a running sum over those PAGE rows only, so a page costs the same however much of the thread is
 * left). A row-value comparison, so it seeks in `idx_messages_thread_created`. The database writes
 * the page's JSON (`row_to_json` is compact and escapes as `JSON.stringify` does): one string
 * crosses the wire instead of 2,000 rows to parse and serialize again, which took the event loop
 * from the requests and the heap up by about 90 MB during a 500,000-message backup. It formats the
 * time as the backup stores it, and hands back the stored value for the cursor, so nothing is lost
 * in a round trip through a JavaScript Date (PostgreSQL keeps microseconds).
 */
export function postgresPageQuery(
  threadId: string,
  after: PageCursor | null,
): { readonly sql: string; readonly parameters: readonly unknown[] } {
  const iso = `to_char(page.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const seek = after ? 'AND (created_at, id) > ($4::timestamptz, $5)' : '';
  const sql = `WITH head AS (
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
       FROM page`;
  const parameters = after ? [threadId, PAGE, PAGE_BYTES, after.at, after.id] : [threadId, PAGE, PAGE_BYTES];
  return { sql, parameters };
}

/** The page PostgreSQL's page statement answered. */
export function postgresPage(row: PostgresPageRow): Page {
  const count = Number(row.count);
  const next = row.at !== null && row.id !== null ? { at: row.at, id: row.id } : null;
  return { messages: { count, json: row.json ?? '' }, count, more: mayFollow(count, Number(row.fetched)), next };
}
