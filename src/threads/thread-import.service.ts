import { recordAudit } from '../audit/audit.service.js';
import type { Database } from '../db/database.js';
import { Message } from './message.entity.js';
import type { BackupReader, BackupStore } from './thread-backup.store.js';
import { Thread } from './thread.entity.js';

/** Messages inserted per statement while importing. */
const CHUNK = 500;

/** The actor recorded on the RESTORE audit entry of an import. */
export const IMPORT_ACTOR = 'system:import-backup';

/** Thrown when the backup's thread id is taken: importing must never overwrite a live thread. */
export class ThreadExistsError extends Error {}

/**
 * Puts a backed-up thread back exactly as it was (same ids and timestamps), streaming its
 * messages from the file in chunks, in one transaction, with a RESTORE audit entry.
 */
export async function importBackup(db: Database, store: BackupStore, key: string): Promise<{ threadId: string; messageCount: number }> {
  const backup = await store.read(key);
  try {
    return await restoreFrom(db, backup, key);
  } finally {
    backup.close();
  }
}

async function restoreFrom(db: Database, backup: BackupReader, key: string): Promise<{ threadId: string; messageCount: number }> {
  const source = backup.thread;
  return db.transaction(async (manager) => {
    if (await manager.existsBy(Thread, { id: source.id })) {
      throw new ThreadExistsError(`thread ${source.id} already exists; delete it first to import this backup`);
    }
    await manager.insert(Thread, {
      ...source,
      createdAt: new Date(source.createdAt),
      updatedAt: new Date(source.updatedAt),
      deletedAt: null,
      deletedBy: null,
      restoreUntil: null,
    });
    let messageCount = 0;
    let chunk: Message[] = [];
    const flush = async () => {
      if (chunk.length > 0) await manager.insert(Message, chunk);
      chunk = [];
    };
    for await (const message of backup.messages()) {
      chunk.push(Object.assign(new Message(), { ...message, threadId: source.id, createdAt: new Date(message.createdAt) }));
      messageCount += 1;
      if (chunk.length === CHUNK) await flush();
    }
    await flush();
    await recordAudit(manager, {
      action: 'RESTORE',
      threadId: source.id,
      actor: IMPORT_ACTOR,
      owner: source.userId,
      messageCount,
      requestId: null,
      traceId: null,
      reason: `imported from backup ${key}`,
      at: new Date(),
    });
    return { threadId: source.id, messageCount };
  });
}
