import type { EntityManager } from 'typeorm';
import { Thread } from './thread.entity.js';

/** Which threads a write may touch: any, live ones only, or soft-deleted ones only. */
export type ThreadState = 'any' | 'live' | 'deleted';

/**
 * Reads one thread row for a write in the current transaction. On PostgreSQL the row is locked,
 * so concurrent writers of the same thread queue up and see each other's result; on SQLite the
 * transaction already holds the database's write lock (BEGIN IMMEDIATE).
 */
export function selectThreadForWrite(
  manager: EntityManager,
  threadId: string,
  state: ThreadState,
  lock: 'pessimistic_write' | 'for_no_key_update' = 'pessimistic_write',
): Promise<Thread | null> {
  const query = manager.createQueryBuilder(Thread, 'thread').where('thread.id = :threadId', { threadId });
  if (state === 'live') query.andWhere('thread.deletedAt IS NULL');
  if (state === 'deleted') query.andWhere('thread.deletedAt IS NOT NULL');
  if (manager.connection.driver.options.type === 'postgres') query.setLock(lock);
  return query.getOne();
}

/** A thread that is a tombstone, or in the trash past its restore window, is gone: no delete finds it. */
export function isGone(thread: Pick<Thread, 'deletedAt' | 'restoreUntil'>, at: Date): boolean {
  return thread.deletedAt !== null && (thread.restoreUntil === null || thread.restoreUntil <= at);
}
