import 'reflect-metadata';
import { loadConfig, loadDotEnv } from '../config.js';
import { Database } from '../db/database.js';
import { BackupStore } from '../threads/backup/thread-backup.store.js';
import { importBackup } from '../threads/backup/thread-import.service.js';
import { runCli } from './run-cli.js';

/** `npm run import-backup -- KEY`: puts a backed-up thread (and every message) back into DATABASE_URL. */
runCli(async () => {
  const key = process.argv[2];
  if (!key || process.argv.length > 3)
    throw new Error(
      'usage: npm run import-backup -- KEY   (KEY as in backupLocation, e.g. 2026-11-29/01a2....json.gz)',
    );
  loadDotEnv();
  const config = loadConfig();
  const db = await Database.open(config.database);
  try {
    const { threadId, messageCount } = await importBackup(db, new BackupStore(config.backupDir), key);
    process.stdout.write(`Imported thread ${threadId} with ${messageCount} message${messageCount === 1 ? '' : 's'}.\n`);
  } finally {
    await db.close();
  }
});
