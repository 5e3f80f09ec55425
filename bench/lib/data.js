'use strict';
// Bench databases: a fresh SQLite file or PostgreSQL database each, seeded with npm run seed's code.
require('reflect-metadata');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { loadDatabaseConfig } = require('../../dist/src/config.js');
const { Database } = require('../../dist/src/db/database.js');
const { seedThreads } = require('../../dist/src/threads/thread.seed.js');

async function admin(adminUrl, sql) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openRawDeleter(kind, url) {
  if (kind === 'sqlite') {
    const connection = new (require('better-sqlite3'))(url.slice('sqlite:'.length), { timeout: 5000 });
    connection.pragma('foreign_keys = ON');
    const remove = connection.prepare('DELETE FROM threads WHERE id = ?');
    return { delete: async (id) => remove.run(id), close: async () => connection.close() };
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  return { delete: (id) => client.query('DELETE FROM threads WHERE id = $1', [id]), close: () => client.end() };
}

/** A new, migrated database: `{ kind, url, db, drop() }`, where `db` is the gateway's own Database handle. */
async function createBenchDatabase(kind, adminUrl) {
  let url;
  let drop;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'ctg-bench-'));
    url = `sqlite:${path.join(dir, 'bench.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `ctg_bench_${randomBytes(5).toString('hex')}`;
    await admin(adminUrl, `CREATE DATABASE ${name}`);
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    drop = () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const db = await Database.open(loadDatabaseConfig({ DATABASE_URL: url }));
  return {
    kind,
    url,
    db,
    seed: (threads, messagesPerThread, owner = 'bench-user') => seedThreads(db, { threads, messagesPerThread, owner }),
    /**
     * A connection of its own with the raw driver, opened before the seeding as the gateway's are,
     * whose `delete(id)` is one statement, as the database would run it without any gateway.
     * (A DELETE on the connection that just seeded the rows runs measurably faster than on any other.)
     */
    rawDeleter: () => openRawDeleter(kind, url),
    async drop() {
      await db.close();
      await drop();
    },
  };
}

module.exports = { createBenchDatabase };
