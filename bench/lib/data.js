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
const { seedThreads } = require('../../dist/src/db/seed.js');

async function admin(adminUrl, sql) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
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
    /** One statement, as the database would run it without any gateway. */
    rawDelete: (id) => db.dataSource.query(kind === 'sqlite' ? 'DELETE FROM threads WHERE id = ?' : 'DELETE FROM threads WHERE id = $1', [id]),
    async drop() {
      await db.close();
      await drop();
    },
  };
}

module.exports = { createBenchDatabase };
