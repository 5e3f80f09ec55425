import type { EntityManager } from 'typeorm';
import { type Database, giveWay } from '../../db/database.js';

/** Index entries one counting step walks: about 2 ms here, so a step hardly delays anyone. */
const STEP = 20_000;

/** A message's place in `idx_messages_thread_created`, as stored. */
interface Key {
  readonly at: string;
  readonly id: string;
}

/**
 * A count of a thread's messages taken in steps, without the write lock, and what it saw: enough
 * for the delete's transaction to confirm it in one cheap look (`MessageCensus.confirm`).
 */
export interface Census {
  readonly threadId: string;
  readonly count: number;
  /** The last message counted; null for a thread that had none. */
  readonly last: Key | null;
  /** The thread's `updated_at` as stored when the count began (`addMessage` sets it). */
  readonly updatedAt: string | null;
  /** SQLite's `data_version` when the count began: a commit by any other connection changes it. */
  readonly dataVersion: number | null;
}

/**
 * Counts a thread's messages for a delete without counting them under the lock. On SQLite a
 * statement blocks the whole process, so counting 500,000 messages in the delete's transaction
 * (60 to 240 ms here) stalled every other request; instead the count walks the thread's index
 * in steps of 20,000 entries, giving way between steps, and the transaction confirms it:
 * the count is exact if the thread's `updated_at` is unchanged (every `addMessage` sets it), no
 * other connection committed (`PRAGMA data_version`) and no message sorts after the last one
 * counted. Messages are only removed with their thread, which the transaction also checks. If
 * anything changed, the transaction counts again under its lock, exactly, as before.
 *
 * On PostgreSQL a count holds nothing but its own connection (MVCC), and a delete's transaction
 * locks only its thread, so the transaction counts under the lock directly.
 */
export class MessageCensus {
  constructor(
    private readonly db: Database,
    /** Index entries a step walks (a test makes it small to count a small thread in several steps). */
    private readonly step = STEP,
  ) {}

  /** Counts the thread's messages in steps, outside any transaction. */
  async take(threadId: string): Promise<Census> {
    if (this.db.kind === 'postgres') {
      const count = await this.db.read((manager) => countAll(manager, threadId));
      return { threadId, count, last: null, updatedAt: null, dataVersion: null };
    }
    const start = await this.db.read(async (manager) => {
      const dataVersion = await dataVersionOf(manager);
      const [thread]: { updated_at: string }[] = await manager.query('SELECT updated_at FROM threads WHERE id = ?', [
        threadId,
      ]);
      const [last]: Key[] = await manager.query(
        'SELECT created_at AS at, id FROM messages WHERE thread_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
        [threadId],
      );
      return { dataVersion, updatedAt: thread?.updated_at ?? null, last: last ?? null };
    });
    const { last } = start;
    let count = 0;
    let after: Key | null = null;
    while (last) {
      await giveWay();
      const [next]: Key[] = await this.db.read((manager) =>
        manager.query(
          `SELECT created_at AS at, id FROM messages WHERE thread_id = ? ${after ? 'AND (created_at, id) > (?, ?)' : ''}
           AND (created_at, id) <= (?, ?) ORDER BY created_at, id LIMIT 1 OFFSET ?`,
          [threadId, ...(after ? [after.at, after.id] : []), last.at, last.id, this.step - 1],
        ),
      );
      if (next) {
        count += this.step;
        after = next;
        continue;
      }
      count += await this.db.read((manager) => countAfter(manager, threadId, after, last));
      break;
    }
    return { threadId, count, ...start };
  }

  /**
   * The exact number of the thread's messages, in the delete's transaction (which holds the write
   * lock on SQLite and the thread's row on PostgreSQL): the census and what was added after its last
   * message when nothing else can have changed, else a count under the lock.
   */
  async confirm(manager: EntityManager, census: Census): Promise<number> {
    const { threadId } = census;
    if (this.db.kind === 'postgres') return countAll(manager, threadId);
    const dataVersion = await dataVersionOf(manager);
    const [thread]: { updated_at: string }[] = await manager.query('SELECT updated_at FROM threads WHERE id = ?', [
      threadId,
    ]);
    if (dataVersion !== census.dataVersion || !thread || thread.updated_at !== census.updatedAt)
      return countAll(manager, threadId);
    return census.count + (await countAfter(manager, threadId, census.last, null));
  }
}

function countAll(manager: EntityManager, threadId: string): Promise<number> {
  const sql =
    manager.connection.driver.options.type === 'postgres'
      ? 'SELECT COUNT(*) AS n FROM messages WHERE thread_id = $1'
      : 'SELECT COUNT(*) AS n FROM messages WHERE thread_id = ?';
  return manager.query(sql, [threadId]).then(([row]: { n: number | string }[]) => Number(row.n));
}

/** SQLite: the thread's messages after `after` (all if null) and up to `upTo` (no bound if null). */
async function countAfter(manager: EntityManager, threadId: string, after: Key | null, upTo: Key | null) {
  const [row]: { n: number }[] = await manager.query(
    `SELECT COUNT(*) AS n FROM messages WHERE thread_id = ? ${after ? 'AND (created_at, id) > (?, ?)' : ''}
     ${upTo ? 'AND (created_at, id) <= (?, ?)' : ''}`,
    [threadId, ...(after ? [after.at, after.id] : []), ...(upTo ? [upTo.at, upTo.id] : [])],
  );
  return Number(row.n);
}

async function dataVersionOf(manager: EntityManager): Promise<number> {
  const [row]: { data_version: number }[] = await manager.query('PRAGMA data_version');
  return Number(row.data_version);
}
