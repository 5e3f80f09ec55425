import 'reflect-metadata';
import { loadBackupDir, loadBackupPolicy, loadDatabaseConfig, loadDotEnv } from '../config.js';
import { Database } from '../db/database.js';
import { ThreadPurgeService } from '../threads/trash/thread-purge.service.js';
import { runCli } from './run-cli.js';

const plural = (count: number, noun: string) => `${count} expired ${noun}${count === 1 ? '' : 's'}`;

/** `npm run purge`: permanently deletes soft-deleted threads whose restore window has closed, and expired backups. */
runCli(async () => {
  loadDotEnv();
  const database = loadDatabaseConfig();
  const retention = { dir: loadBackupDir(), days: loadBackupPolicy(undefined, database).retentionDays };
  const db = await Database.open(database);
  try {
    const purged = await new ThreadPurgeService(db, undefined, undefined, retention).purge();
    process.stdout.write(`Purged ${plural(purged.threads, 'thread')} and ${plural(purged.backups, 'backup')}.\n`);
  } finally {
    await db.close();
  }
});
