/**
 * SQLite's reclaim chunk, the one statement both reclaimers run (`ThreadReclaimer` on the event
 * loop, `reclaim-worker.ts` on its thread): up to `?` (the step's size) messages of thread `?`,
 * by rowid, found through the thread's index. SQLite removes an entry from the index with its row,
 * so each step starts at the first message left: no lookup by primary key per row.
 */
export const SQLITE_RECLAIM_CHUNK =
  'DELETE FROM messages WHERE rowid IN (SELECT rowid FROM messages WHERE thread_id = ? LIMIT ?)';
