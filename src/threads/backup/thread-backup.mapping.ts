import type { EntityManager } from 'typeorm';
import type { CursorKey } from '../../pagination/cursor.js';
import { keyset } from '../../pagination/keyset.js';
import { Message } from '../message.entity.js';
import type { Thread } from '../thread.entity.js';
import type { BackupMessage, BackupThread } from './thread-backup.store.js';

/** Messages read per query while streaming a backup: bounded memory whatever the thread's size. */
const PAGE = 1000;

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

/**
 * A thread's messages, oldest first, a page at a time, each page read by `read` (e.g. `db.read`,
 * so that nothing is held between pages and other requests go first).
 */
export async function* messagePages(
  read: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>,
  threadId: string,
): AsyncGenerator<BackupMessage[]> {
  let after: CursorKey | null = null;
  for (;;) {
    const rows: Message[] = await read((manager) =>
      keyset(
        manager.createQueryBuilder(Message, 'message').where('message.threadId = :threadId', { threadId }),
        'message',
        { first: PAGE, after },
        'ASC',
      ).getMany(),
    );
    const page = rows.slice(0, PAGE);
    if (page.length > 0) {
      yield page.map((row) => ({
        id: row.id,
        threadId: row.threadId,
        role: row.role,
        content: row.content,
        createdAt: row.createdAt.toISOString(),
      }));
    }
    if (rows.length <= PAGE) return;
    const last = page[page.length - 1];
    after = { at: last.createdAt, id: last.id };
  }
}
