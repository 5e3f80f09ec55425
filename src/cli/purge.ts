import 'reflect-metadata';
import { loadDatabaseConfig, loadDotEnv } from '../config.js';
import { Database } from '../db/database.js';
import { ThreadPurgeService } from '../threads/thread-purge.service.js';
import { runCli } from './run-cli.js';

/** `npm run purge`: permanently deletes soft-deleted threads whose restore window has closed. */
runCli(async () => {
  loadDotEnv();
  const db = await Database.open(loadDatabaseConfig());
  try {
    const purged = await new ThreadPurgeService(db).purgeExpired();
    process.stdout.write(`Purged ${purged} expired thread${purged === 1 ? '' : 's'}.\n`);
  } finally {
    await db.close();
  }
});
