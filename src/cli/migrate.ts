import 'reflect-metadata';
import { loadDatabaseConfig, loadDotEnv } from '../config.js';
import { Database } from '../db/database.js';
import { runCli } from './run-cli.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL and lists them. */
runCli(async () => {
  loadDotEnv();
  const db = await Database.connect(loadDatabaseConfig());
  try {
    const applied = await db.migrate();
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date.\n');
  } finally {
    await db.close();
  }
});
