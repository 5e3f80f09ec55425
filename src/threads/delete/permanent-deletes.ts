import type BetterSqlite3 from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import { AuditEntry } from '../../audit/audit-entry.entity.js';
import type { Caller } from '../../auth/auth.js';
import type { Database } from '../../db/database.js';
import { ReportedDatabaseError } from '../../db/db-errors.js';
import { type Outcome, TurnBatcher } from '../../db/turn-batcher.js';
import { uuidv7 } from '../../ids.js';
import { Thread } from '../thread.entity.js';
import { announceThreadEventInProcess, type ThreadEventInput } from '../thread.events.js';
import { isGone } from '../thread.queries.js';

/** What a permanent delete found and removed. */
export interface PermanentDelete {
  /** The row as the delete found it, its soft-delete columns set to this delete (see `asDeleted`). */
  readonly thread: Thread;
  readonly messageCount: number;
  readonly auditLogId: string;
  /**
   * True when the thread had more than DELETE_CHUNK_MESSAGES messages: it is now a tombstone
   * (invisible everywhere, audited, counted) and the reclaimer removes its messages in chunks.
   */
  readonly tombstoned: boolean;
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
    if (name in row)
      (thread as unknown as Record<string, unknown>)[column.propertyName] =
        manager.connection.driver.prepareHydratedValue(row[name], column);
  }
  return thread;
}

/**
 * Sets a deleted thread's soft-delete columns to the delete that removed it (`deletedAt` its time,
 * `deletedBy` its actor, no `restoreUntil`), the same on both engines: the PostgreSQL functions
 * return every other column but not these, and SQLite would otherwise report the values the row
 * had before (null, or the trash's for a thread emptied from the trash).
 */
function asDeleted(thread: Thread, input: PermanentDeleteInput): Thread {
  thread.deletedAt = input.at;
  thread.deletedBy = input.caller.userId;
  thread.restoreUntil = null;
  return thread;
}

/** A time as the driver stores it in a column of `entity` (on SQLite a UTC text the way TypeORM writes it). */
function persistedTime(manager: EntityManager, entity: typeof AuditEntry | typeof Thread, at: Date): unknown {
  const column = manager.connection.getMetadata(entity).findColumnWithPropertyName('createdAt');
  if (!column) throw new Error(`${entity.name} has no createdAt column`);
  return manager.connection.driver.preparePersistentValue(at, column);
}

/** A row returned by `ctg_delete_thread` or `ctg_delete_threads` (columns `o_*`) as a PermanentDelete. */
function fromFunctionRow(
  manager: EntityManager,
  row: Record<string, unknown>,
  input: PermanentDeleteInput,
  auditLogId: string,
): PermanentDelete {
  return {
    thread: asDeleted(
      hydrate(manager, row, (name) => `o_${name}`),
      input,
    ),
    messageCount: Number(row.o_message_count),
    auditLogId,
    tombstoned: row.o_tombstoned === true,
  };
}

/**
 * The codes after which a batch item is deleted on its own: 55P03, it waited longer than
 * BATCH_LOCK_TIMEOUT for a row lock; 40001 and 40P01, it lost a serialization check or a deadlock
 * to another transaction. Alone, a second failure is translated like any other (THREAD_BUSY).
 */
const RETRIED_ALONE = new Set(['55P03', '40001', '40P01']);
/** The most deletes one batch (one transaction) takes. */
const MAX_BATCH = 64;
/**
 * How many PostgreSQL batches of this process run at once. Every delete announces itself with
 * `pg_notify`, and PostgreSQL lets one transaction that notified commit at a time: it holds a lock
 * for the whole commit, its WAL flush included. When flushes slow down (a big delete or a backup
 * writing or reading much at once), transactions queued behind that lock one per delete, each
 * flushing alone, and small deletes waited 100 ms and more. With two in flight (one running, one
 * committing), the deletes that arrive meanwhile wait for the next batch and share its flush.
 */
const POSTGRES_BATCHES_IN_FLIGHT = 2;
/** How long a batched delete may wait for a thread another transaction holds before it leaves the batch. */
const BATCH_LOCK_TIMEOUT = '200ms';

/**
 * The plain permanent delete (no backup, no dry run), the one store of its engine-specific SQL and
 * its group commit on both engines, in as few round trips and commits as the engine allows, with
 * SQL only through TypeORM's parameters. The deletes that arrive in the same turn of the event
 * loop go together (`TurnBatcher`): on PostgreSQL one call of `ctg_delete_threads` (see its
 * migration: each item in its own subtransaction), on SQLite one write transaction in which each
 * delete (`Database.inSqliteStatements`: failed alone if it fails) runs its prepared statements (the
 * thread's row, audit, delete the thread). A thread of more than `chunkMessages` messages is
 * tombstoned instead, in the same batch: its count is the row's `message_count` (kept by the
 * database, read under the lock), so a big thread costs the batch no more than a small one, and
 * the reclaimer removes its messages. The messages are never loaded or counted here. A delete
 * resolves with null when the thread is missing, gone or not the caller's.
 */
export class PermanentDeletes {
  private readonly batches: TurnBatcher<PermanentDeleteInput, PermanentDelete | null>;
  /** SQLite: the plain delete's prepared statements, once the schema exists. */
  private sqlite: SqliteStatements | null = null;

  constructor(private readonly db: Database) {
    this.batches =
      db.kind === 'postgres'
        ? new TurnBatcher((inputs) => this.deletePostgresBatch(inputs), MAX_BATCH, POSTGRES_BATCHES_IN_FLIGHT)
        : new TurnBatcher((inputs) => this.deleteSqliteBatch(inputs));
  }

  delete(input: PermanentDeleteInput): Promise<PermanentDelete | null> {
    if (this.db.kind === 'sqlite') return this.batches.submit(input);
    // A thread someone else holds (a backup, a restore...) is not waited for inside a batch: it would
    // hold up the batch's other deletes. It is deleted on its own, waiting as long as needed (and so
    // is one that lost a deadlock or a serialization check).
    return this.batches.submit(input).catch((error: unknown) => {
      if (error instanceof ReportedDatabaseError && RETRIED_ALONE.has(error.code))
        return this.deletePostgresAlone(input);
      throw error;
    });
  }

  private deletePostgresAlone(input: PermanentDeleteInput): Promise<PermanentDelete | null> {
    const auditLogId = uuidv7();
    const parameters = [
      input.threadId,
      input.caller.userId,
      input.caller.isAdmin,
      auditLogId,
      input.requestId,
      input.traceId,
      input.reason,
      input.at,
      this.db.chunkMessages,
    ];
    return this.db.execute(async (manager) => {
      const [row]: Record<string, unknown>[] = await manager.query(
        'SELECT * FROM ctg_delete_thread($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        parameters,
      );
      return row ? fromFunctionRow(manager, row, input, auditLogId) : null;
    });
  }

  private async deletePostgresBatch(
    inputs: readonly PermanentDeleteInput[],
  ): Promise<Outcome<PermanentDelete | null>[]> {
    const auditLogIds = inputs.map(() => uuidv7());
    const column = <T>(pick: (input: PermanentDeleteInput) => T) => inputs.map(pick);
    const parameters = [
      column((input) => input.threadId),
      column((input) => input.caller.userId),
      column((input) => input.caller.isAdmin),
      auditLogIds,
      column((input) => input.requestId),
      column((input) => input.traceId),
      column((input) => input.reason),
      column((input) => input.at),
      BATCH_LOCK_TIMEOUT,
      this.db.chunkMessages,
    ];
    return this.db.execute(async (manager) => {
      const rows: Record<string, unknown>[] = await manager.query(
        'SELECT * FROM ctg_delete_threads($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        parameters,
      );
      const outcomes: Outcome<PermanentDelete | null>[] = inputs.map(() => ({ ok: true, value: null }));
      for (const row of rows) {
        const index = Number(row.o_index) - 1;
        try {
          outcomes[index] = row.o_error_code
            ? { ok: false, error: new ReportedDatabaseError(String(row.o_error_code), String(row.o_error)) }
            : { ok: true, value: fromFunctionRow(manager, row, inputs[index], auditLogIds[index]) };
        } catch (error) {
          outcomes[index] = { ok: false, error };
        }
      }
      return outcomes;
    });
  }

  private deleteSqliteBatch(inputs: readonly PermanentDeleteInput[]): Promise<Outcome<PermanentDelete | null>[]> {
    return this.db.inSqliteStatements(inputs.map((input) => () => this.deleteSqlite(input)));
  }

  /**
   * A batch item, in prepared statements: the thread's row, the audit entry, then the row deleted
   * (its cascade takes the messages) or, for a thread of more than `chunkMessages` messages,
   * tombstoned for the reclaimer.
   */
  private deleteSqlite(input: PermanentDeleteInput): PermanentDelete | null {
    this.sqlite ??= prepareSqlite(this.db);
    const { manager } = this.db.dataSource;
    const row = this.sqlite.find.get(input.threadId) as Record<string, unknown> | undefined;
    const thread = deletableThread(manager, row, input);
    if (!row || !thread) return null;
    const count = thread.messageCount;
    const tombstoned = count > this.db.chunkMessages;
    const auditLogId = uuidv7();
    this.sqlite.audit.run(...auditParameters(manager, auditLogId, input, row, count));
    announceThreadEventInProcess(this.db, deletedEvent(input, row, count, auditLogId));
    if (tombstoned) {
      const at = persistedTime(manager, Thread, input.at);
      this.sqlite.tombstone.run(at, input.caller.userId, at, input.threadId);
    } else {
      this.sqlite.remove.run(input.threadId);
    }
    return { thread: asDeleted(thread, input), messageCount: count, auditLogId, tombstoned };
  }
}

/** SQLite's DELETED event, heard once the batch commits; `ctg_delete_thread` sends PostgreSQL's. */
function deletedEvent(
  input: PermanentDeleteInput,
  row: Record<string, unknown>,
  messageCount: number,
  auditEntryId: string,
): ThreadEventInput {
  return {
    kind: 'DELETED',
    threadId: input.threadId,
    owner: String(row.user_id),
    actor: input.caller.userId,
    projectId: typeof row.project_id === 'string' ? row.project_id : null,
    at: input.at,
    messageCount,
    auditEntryId,
  };
}

/** SQLite's plain delete as better-sqlite3 prepared statements (`Database.inSqliteStatements`). */
interface SqliteStatements {
  /** The thread's row, `message_count` included. */
  readonly find: BetterSqlite3.Statement;
  readonly audit: BetterSqlite3.Statement;
  /** Deletes the thread's row; the foreign key's cascade deletes its messages. */
  readonly remove: BetterSqlite3.Statement;
  /** Makes the thread a tombstone (deleted, no restore window): the reclaimer removes its messages, then its row. */
  readonly tombstone: BetterSqlite3.Statement;
}

function prepareSqlite(db: Database): SqliteStatements {
  const connection = db.sqliteConnection;
  return {
    find: connection.prepare('SELECT * FROM threads WHERE id = ?'),
    audit: connection.prepare(AUDIT_SQLITE),
    remove: connection.prepare('DELETE FROM threads WHERE id = ?'),
    tombstone: connection.prepare(
      'UPDATE threads SET deleted_at = ?, deleted_by = ?, restore_until = NULL, updated_at = ? WHERE id = ?',
    ),
  };
}

/** The row as a Thread if this caller may delete it now (theirs or they are an admin, not gone); else null. */
function deletableThread(
  manager: EntityManager,
  row: Record<string, unknown> | undefined,
  input: PermanentDeleteInput,
): Thread | null {
  if (!row || (row.user_id !== input.caller.userId && !input.caller.isAdmin)) return null;
  const thread = hydrate(manager, row, (name) => name);
  return isGone(thread, input.at) ? null : thread;
}

/** The SQLite audit insert of a permanent delete; its parameters are `auditParameters`'. */
const AUDIT_SQLITE =
  'INSERT INTO audit_entries (id, action, thread_id, actor, owner, message_count, request_id, trace_id, reason, created_at) ' +
  "VALUES (?, 'DELETE_PERMANENT', ?, ?, ?, ?, ?, ?, ?, ?)";

function auditParameters(
  manager: EntityManager,
  auditLogId: string,
  input: PermanentDeleteInput,
  row: Record<string, unknown>,
  count: number,
): unknown[] {
  const at = persistedTime(manager, AuditEntry, input.at);
  return [
    auditLogId,
    row.id,
    input.caller.userId,
    row.user_id,
    count,
    input.requestId,
    input.traceId,
    input.reason,
    at,
  ];
}
