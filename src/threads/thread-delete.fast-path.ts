import { uuidv7 } from 'uuidv7';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/auth.js';
import type { Database } from '../db/database.js';
import { Thread } from './thread.entity.js';

/** What a permanent delete found and removed. */
export interface PermanentDelete {
  readonly thread: Thread;
  readonly messageCount: number;
  readonly auditLogId: string;
}

/** The parameters of one permanent delete. */
export interface PermanentDeleteInput {
  readonly threadId: string;
  readonly caller: Caller;
  readonly requestId: string;
  readonly traceId: string;
  readonly reason: string | null;
  readonly at: Date;
}

/** Maps a raw row to a Thread the way TypeORM would (its column metadata and the driver's conversions). */
function hydrate(manager: EntityManager, row: Record<string, unknown>, columnOf: (column: string) => string): Thread {
  const metadata = manager.connection.getMetadata(Thread);
  const thread = new Thread();
  for (const column of metadata.columns) {
    const name = columnOf(column.databaseName);
    if (name in row) (thread as unknown as Record<string, unknown>)[column.propertyName] = manager.connection.driver.prepareHydratedValue(row[name], column);
  }
  return thread;
}

/**
 * The plain permanent delete (no backup, no dry run), in as few round trips as the engine allows,
 * with SQL only through TypeORM's parameters: on PostgreSQL one call of `ctg_delete_thread` (see
 * its migration); on SQLite four statements (read, delete and count the messages, audit, delete
 * the thread), each a prepared statement TypeORM's driver caches, in a savepoint of a write
 * transaction shared with the deletes that arrived meanwhile (`Database.batchedTransaction`). Either way the messages are never loaded: the database deletes and counts them. Resolves with null when the
 * thread is missing or not the caller's.
 */
export async function deletePermanently(db: Database, input: PermanentDeleteInput): Promise<PermanentDelete | null> {
  const auditLogId = uuidv7();
  if (db.kind === 'postgres') {
    const parameters = [input.threadId, input.caller.userId, input.caller.isAdmin, auditLogId, input.requestId, input.traceId, input.reason, input.at];
    return db.execute(async (manager) => {
      const [row]: Record<string, unknown>[] = await manager.query('SELECT * FROM ctg_delete_thread($1, $2, $3, $4, $5, $6, $7, $8)', parameters);
      return row ? { thread: hydrate(manager, row, (column) => `o_${column}`), messageCount: Number(row.o_message_count), auditLogId } : null;
    });
  }
  return db.batchedTransaction(async (manager) => {
    const [row] = await manager.query('SELECT * FROM threads WHERE id = ?', [input.threadId]);
    if (!row || (row.user_id !== input.caller.userId && !input.caller.isAdmin)) return null;
    // Deleting the messages counts them in the same pass; the thread's cascade then has nothing left to do.
    const deleted = await manager.queryRunner!.query('DELETE FROM messages WHERE thread_id = ?', [input.threadId], true);
    const count = deleted.affected ?? 0;
    const at = manager.connection.driver.preparePersistentValue(input.at, manager.connection.getMetadata(Thread).findColumnWithPropertyName('createdAt')!);
    await manager.query(
      "INSERT INTO audit_entries (id, action, thread_id, actor, owner, message_count, request_id, trace_id, reason, created_at) VALUES (?, 'DELETE_PERMANENT', ?, ?, ?, ?, ?, ?, ?, ?)",
      [auditLogId, row.id, input.caller.userId, row.user_id, count, input.requestId, input.traceId, input.reason, at],
    );
    await manager.query('DELETE FROM threads WHERE id = ?', [input.threadId]);
    return { thread: hydrate(manager, row, (column) => column), messageCount: count, auditLogId };
  });
}
