'use strict';
// Bench databases: a fresh SQLite file or PostgreSQL database each, seeded with npm run seed's code.
require('reflect-metadata');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { open } = require('node:fs/promises');
const { promisify } = require('node:util');
const zlib = require('node:zlib');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { Client } = require('pg');
const { uuidv7 } = require('uuidv7');
const { loadDatabaseConfig } = require('../../dist/src/config.js');
const { Database } = require('../../dist/src/db/database.js');
const { seedThreads } = require('../../dist/src/threads/thread.seed.js');

const gzip = promisify(zlib.gzip);

/** The cluster settings that decide what a commit costs, reported with every PostgreSQL figure. */
const FSYNC_SETTINGS = [
  'fsync',
  'synchronous_commit',
  'wal_sync_method',
  'full_page_writes',
  'commit_delay',
  'commit_siblings',
  'wal_level',
  'shared_buffers',
  'max_wal_size',
  'checkpoint_timeout',
];

/** `{ server_version, fsync, synchronous_commit, ... }` of the cluster behind `adminUrl`. */
async function postgresSettings(adminUrl) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1) OR name = $2 ORDER BY name',
      [FSYNC_SETTINGS, 'server_version'],
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.unit ? `${row.setting} ${row.unit}` : row.setting]));
  } finally {
    await client.end();
  }
}

/**
 * One thread of `messages` messages in two statements: the thread row with npm run seed's code,
 * then every message in one INSERT ... SELECT (seedThreads would take minutes for 500,000). The
 * messages look like seedThreads' own: time-ordered uuidv7-shaped ids, alternating roles, a short
 * text, one millisecond apart.
 */
async function seedBigThread(db, kind, messages, owner) {
  const [id] = await seedThreads(db, { threads: 1, messagesPerThread: 0, owner });
  const prefix = uuidv7().slice(0, 24);
  const start = Date.now() - messages;
  if (kind === 'sqlite') {
    await db.dataSource.query(
      `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?)
       INSERT INTO messages (id, thread_id, role, content, created_at)
       SELECT ? || printf('%012x', i), ?, CASE i % 2 WHEN 0 THEN 'user' ELSE 'assistant' END,
              'Message ' || (i + 1) || ' of a big thread.',
              strftime('%Y-%m-%d %H:%M:%f', (? + i) / 1000.0, 'unixepoch')
       FROM seq`,
      [messages, prefix, id, start],
    );
  } else {
    await db.dataSource.query(
      `INSERT INTO messages (id, thread_id, role, content, created_at)
       SELECT $1 || lpad(to_hex(i), 12, '0'), $2, (ARRAY['user', 'assistant'])[i % 2 + 1],
              'Message ' || (i + 1) || ' of a big thread.', to_timestamp(($3::bigint + i) / 1000.0)
       FROM generate_series(0, $4 - 1) AS i`,
      [prefix, id, start, messages],
    );
  }
  return id;
}

/**
 * The backup a hand-written handler would make: every message as a JSON line, gzipped in one go
 * (on libuv's threads, as the gateway's stream does), written and fsynced. No paging, no lock
 * dance, the whole thread in memory: the simplest fast way, not a bounded one.
 */
async function writeBackup(file, lines) {
  const zipped = await gzip(`${lines.join(',\n')}\n`);
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(zipped);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function admin(adminUrl, sql) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * `delete(id)`: one `DELETE FROM threads` whose cascade removes the messages; `deleteMessagesFirst(id)`:
 * `DELETE FROM messages WHERE thread_id`, then the thread, in one transaction. Both as the database
 * runs them without any gateway, on the settings the gateway uses.
 */
async function openRawDeleter(kind, url) {
  if (kind === 'sqlite') {
    const connection = new (require('better-sqlite3'))(url.slice('sqlite:'.length), { timeout: 5000 });
    connection.pragma('foreign_keys = ON');
    connection.pragma('synchronous = NORMAL');
    const remove = connection.prepare('DELETE FROM threads WHERE id = ?');
    const removeMessages = connection.prepare('DELETE FROM messages WHERE thread_id = ?');
    const messagesFirst = connection.transaction((id) => {
      removeMessages.run(id);
      remove.run(id);
    });
    const readMessages = connection.prepare(
      `SELECT id, thread_id AS threadId, role, content, strftime('%Y-%m-%dT%H:%M:%fZ', created_at) AS createdAt
       FROM messages WHERE thread_id = ? ORDER BY created_at, id`,
    );
    return {
      delete: async (id) => remove.run(id),
      deleteMessagesFirst: async (id) => messagesFirst.immediate(id),
      async backupThenDelete(id, file) {
        const lines = [];
        for (const message of readMessages.iterate(id)) lines.push(JSON.stringify(message));
        await writeBackup(file, lines);
        messagesFirst.immediate(id);
      },
      close: async () => connection.close(),
    };
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    delete: (id) => client.query('DELETE FROM threads WHERE id = $1', [id]),
    async deleteMessagesFirst(id) {
      await client.query('BEGIN');
      await client.query('DELETE FROM messages WHERE thread_id = $1', [id]);
      await client.query('DELETE FROM threads WHERE id = $1', [id]);
      await client.query('COMMIT');
    },
    async backupThenDelete(id, file) {
      const { rows } = await client.query(
        `SELECT id, thread_id AS "threadId", role, content,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
         FROM messages WHERE thread_id = $1 ORDER BY created_at, id`,
        [id],
      );
      await writeBackup(
        file,
        rows.map((message) => JSON.stringify(message)),
      );
      await this.deleteMessagesFirst(id);
    },
    close: () => client.end(),
  };
}

/** A new, migrated database: `{ kind, url, db, drop() }`, where `db` is the gateway's own Database handle. */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `waitUntilGone` on SQLite: polls from a worker thread, read-only, so this process's event loop never runs a query. */
function waitGoneInWorker(file, id, intervalMs, timeoutMs) {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 });
    const stored = db.prepare('SELECT 1 FROM threads WHERE id = ?');
    const until = Date.now() + workerData.timeoutMs;
    const look = () => {
      if (stored.get(workerData.id) === undefined || Date.now() > until) {
        db.close();
        parentPort.postMessage('done');
        return;
      }
      setTimeout(look, workerData.intervalMs);
    };
    look();`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { file, id, intervalMs, timeoutMs, driver: require.resolve('better-sqlite3') },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
}

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
    /** One thread of `messages` messages, in bulk; resolves with its id. */
    seedBig: (messages, owner = 'bench-user') => seedBigThread(db, kind, messages, owner),
    /**
     * Puts every big delete on the same footing: PostgreSQL vacuums and analyzes what the seeding
     * wrote (no delete pays for hint bits or stale statistics), then checkpoints, so every delete
     * starts from clean pages and pays its full-page writes; SQLite moves the WAL into the database.
     */
    async settle() {
      if (kind === 'sqlite') {
        await db.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
        return;
      }
      await db.dataSource.query('VACUUM (ANALYZE) threads');
      await db.dataSource.query('VACUUM (ANALYZE) messages');
      await db.dataSource.query('CHECKPOINT').catch(() => undefined);
    },
    /**
     * Whether thread `id`'s row is still stored. Cheap enough to poll: a pipeline that reclaims a
     * deleted thread later removes the row after its last message. (An EXISTS on its messages would
     * walk every deleted index entry of a just-deleted thread: 200 ms for 500,000 on PostgreSQL.)
     */
    async threadStored(id) {
      const [row] = await db.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM threads WHERE id = ${kind === 'sqlite' ? '?' : '$1'}) AS stored`,
        [id],
      );
      return Boolean(row.stored);
    },
    /**
     * Resolves once thread `id`'s row is gone (or after `timeoutMs`), looking every 20 ms. On SQLite
     * it looks from a worker thread with a connection of its own: a synchronous query on this
     * process's event loop (which may also wait out a lock) would delay the open-loop sender beside
     * it, and that delay would count in the small deletes' latencies as if the gateway had caused it.
     */
    async waitUntilGone(id, timeoutMs) {
      if (kind === 'sqlite') return waitGoneInWorker(url.slice('sqlite:'.length), id, 20, timeoutMs);
      const until = performance.now() + timeoutMs;
      while ((await this.threadStored(id)) && performance.now() < until) await sleep(20);
    },
    /** Whether any message of thread `id` is still stored. */
    async messagesStored(id) {
      const [row] = await db.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM messages WHERE thread_id = ${kind === 'sqlite' ? '?' : '$1'}) AS stored`,
        [id],
      );
      return Boolean(row.stored);
    },
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

module.exports = { createBenchDatabase, postgresSettings };
