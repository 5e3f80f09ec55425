import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Semaphore } from 'async-mutex';
import { type EntityManager, LessThan } from 'typeorm';
import type { BackupPolicy } from '../../config.js';
import type { Database } from '../../db/database.js';
import { BackupQuotaExceededError } from '../../errors.js';
import { BackupRecord } from './backup-record.entity.js';
import type { BackupStore } from './thread-backup.store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What bounds backups: how many this process writes at once (each holds a database connection,
 * and on SQLite the write lock, while it streams), and how many bytes each user may keep.
 */
export class BackupLimits {
  private readonly slots: Semaphore;

  constructor(
    private readonly store: BackupStore,
    private readonly policy: BackupPolicy,
  ) {
    this.slots = new Semaphore(policy.concurrency);
  }

  /** Runs a backing-up delete once one of the process's backup slots is free (waiting for one if needed). */
  inSlot<T>(work: () => Promise<T>): Promise<T> {
    return this.slots.runExclusive(work);
  }

  /** BACKUP_QUOTA_EXCEEDED when the actor's backups already fill the quota (a backup in progress may pass it once). */
  async assertRoom(manager: EntityManager, actor: string): Promise<void> {
    if (this.policy.quotaBytesPerUser === 0) return;
    const row = await manager
      .createQueryBuilder(BackupRecord, 'backup')
      .select('COALESCE(SUM(backup.bytes), 0)', 'used')
      .where('backup.actor = :actor', { actor })
      .getRawOne<{ used: string | number }>();
    if (Number(row?.used ?? 0) >= this.policy.quotaBytesPerUser) throw new BackupQuotaExceededError();
  }

  /** Records a written backup against its actor's quota, in the delete's transaction. */
  async record(
    manager: EntityManager,
    backup: { key: string; threadId: string; actor: string; owner: string; at: Date },
  ): Promise<void> {
    const size = await this.store.sizeOf(backup.key);
    await manager.insert(BackupRecord, {
      key: backup.key,
      threadId: backup.threadId,
      actor: backup.actor,
      owner: backup.owner,
      bytes: size,
      createdAt: backup.at,
    });
  }
}

/**
 * Removes backups older than `retentionDays`: their records, and the day folders under `dir` that
 * are entirely older (which also takes files whose delete rolled back). Returns the files removed.
 */
export async function expireBackups(
  db: Database,
  dir: string,
  retentionDays: number,
  now = new Date(),
): Promise<number> {
  if (retentionDays === 0) return 0;
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const lastExpiredDay = new Date(cutoff.getTime() - DAY_MS).toISOString().slice(0, 10);
  await db.transaction((manager) => manager.delete(BackupRecord, { createdAt: LessThan(cutoff) }));
  const folders = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const folder of folders.filter((name) => DATE_FOLDER.test(name) && name <= lastExpiredDay)) {
    removed += (await readdir(path.join(dir, folder))).length;
    await rm(path.join(dir, folder), { recursive: true, force: true });
  }
  return removed;
}
