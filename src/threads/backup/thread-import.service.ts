import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../audit/audit.service.js';
import type { Database } from '../../db/database.js';
import { Message } from '../message.entity.js';
import { Thread } from '../thread.entity.js';
import { announceThreadEvent } from '../thread.events.js';
import {
  BackupFormatError,
  type BackupMessage,
  type BackupReader,
  type BackupStore,
  type BackupThread,
} from './thread-backup.store.js';

/** Messages inserted per statement while importing. */
const CHUNK = 500;

/** Characters of content per statement too: 500 messages of 100,000 characters would hold 100 MB at once. */
const CHUNK_CHARS = 4_000_000;

/** The actor recorded on the RESTORE audit entry of an import. */
export const IMPORT_ACTOR = 'system:import-backup';

/** Thrown when the backup's thread id is taken: importing must never overwrite a live thread. */
export class ThreadExistsError extends Error {}

/**
 * Puts a backed-up thread back exactly as it was (same ids and timestamps), streaming its
 * messages from the file in chunks, in one transaction, with a RESTORE audit entry. The file is
 * untrusted: `BackupStore.read` checks every field, and a problem anywhere rolls everything back.
 */
export async function importBackup(
  db: Database,
  store: BackupStore,
  key: string,
): Promise<{ threadId: string; messageCount: number }> {
  const backup = await store.read(key);
  try {
    return await restoreFrom(db, backup, key);
  } finally {
    backup.close();
  }
}

async function restoreFrom(
  db: Database,
  backup: BackupReader,
  key: string,
): Promise<{ threadId: string; messageCount: number }> {
  const source = backup.thread;
  return db.transaction(async (manager) => {
    if (await manager.existsBy(Thread, { id: source.id })) throw threadExists(source.id);
    await manager.insert(Thread, threadRow(source)).catch((error: unknown) => {
      throw isUniqueViolation(error) ? threadExists(source.id) : error;
    });
    const messageCount = await insertMessages(manager, backup.messages(), key);
    const at = new Date();
    const [auditEntryId] = await recordAudit(manager, {
      action: 'RESTORE',
      threadId: source.id,
      actor: IMPORT_ACTOR,
      owner: source.userId,
      messageCount,
      requestId: null,
      traceId: null,
      reason: `imported from backup ${key}`,
      at,
    });
    await announceThreadEvent(db, manager, {
      kind: 'RESTORED',
      threadId: source.id,
      owner: source.userId,
      actor: IMPORT_ACTOR,
      projectId: source.projectId,
      at,
      messageCount,
      auditEntryId,
    });
    return { threadId: source.id, messageCount };
  });
}

/** Inserts the messages in chunks (bounded in rows and in characters); resolves with how many there were. */
async function insertMessages(
  manager: EntityManager,
  messages: AsyncIterable<BackupMessage>,
  key: string,
): Promise<number> {
  let count = 0;
  let chunk: Message[] = [];
  let chars = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    try {
      await manager.insert(Message, chunk);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new BackupFormatError(
        `backup ${key}, messages ${count - chunk.length + 1} to ${count}: ` +
          'a message id is taken already (or repeats in the file)',
      );
    }
    chunk = [];
    chars = 0;
  };
  for await (const message of messages) {
    chunk.push(messageRow(message));
    chars += message.content.length;
    count += 1;
    if (chunk.length === CHUNK || chars >= CHUNK_CHARS) await flush();
  }
  await flush();
  return count;
}

/** The thread row, field by field: a backup never sets deletion state. */
function threadRow(source: BackupThread): Thread {
  return Object.assign(new Thread(), {
    id: source.id,
    title: source.title,
    projectId: source.projectId,
    conversationId: source.conversationId,
    userId: source.userId,
    createdAt: new Date(source.createdAt),
    updatedAt: new Date(source.updatedAt),
    deletedAt: null,
    deletedBy: null,
    restoreUntil: null,
  });
}

/** A message row, field by field: nothing from the file but these columns reaches the insert (no relation). */
function messageRow(message: BackupMessage): Message {
  return Object.assign(new Message(), {
    id: message.id,
    threadId: message.threadId,
    role: message.role,
    content: message.content,
    createdAt: new Date(message.createdAt),
  });
}

function threadExists(threadId: string): ThreadExistsError {
  return new ThreadExistsError(`thread ${threadId} already exists; delete it first to import this backup`);
}

/** True when an insert hit a primary key or unique index (PostgreSQL 23505, SQLite's constraint codes). */
function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
