#!/usr/bin/env node
// The floor: a bare node:http handler doing the straightforward delete transaction with the raw
// driver (select thread, count messages, insert audit, delete thread), no framework at all.
// DELETE /threads/{id} -> 200 {"status":"success","deletedMessageCount":N} or 404.
//
// The lean floor, DELETE /lean/threads/{id} with the caller in `x-user-id`: the fewest round trips
// a careful hand-written handler would use for the same work, no batching. On PostgreSQL one
// statement per delete (a data-modifying CTE, autocommit: one round trip, one commit); on SQLite
// one transaction of four prepared statements (messages deleted and counted in one pass).
'use strict';
const http = require('node:http');
const { randomUUID } = require('node:crypto');

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 0);

function sqliteHandler(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // The gateway's settings: statement journals in memory rather than in a file in /var/tmp.
  db.pragma('temp_store = MEMORY');
  const select = db.prepare('SELECT id, user_id FROM threads WHERE id = ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM messages WHERE thread_id = ?');
  const audit = db.prepare(
    "INSERT INTO audit_entries (id, action, thread_id, actor, owner, message_count, request_id, trace_id, created_at) VALUES (?, 'DELETE_PERMANENT', ?, ?, ?, ?, NULL, NULL, ?)",
  );
  const remove = db.prepare('DELETE FROM threads WHERE id = ?');
  const run = db.transaction((id) => {
    const thread = select.get(id);
    if (!thread) return null;
    const { n } = count.get(id);
    audit.run(
      randomUUID(),
      id,
      thread.user_id,
      thread.user_id,
      n,
      new Date().toISOString().replace('T', ' ').replace('Z', ''),
    );
    remove.run(id);
    return n;
  });
  return async (id) => run.immediate(id);
}

function sqliteLeanHandler(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // The gateway's settings: statement journals in memory rather than in a file in /var/tmp.
  db.pragma('temp_store = MEMORY');
  const select = db.prepare('SELECT user_id FROM threads WHERE id = ? AND user_id = ?');
  const messages = db.prepare('DELETE FROM messages WHERE thread_id = ?');
  const audit = db.prepare(
    "INSERT INTO audit_entries (id, action, thread_id, actor, owner, message_count, request_id, trace_id, created_at) VALUES (?, 'DELETE_PERMANENT', ?, ?, ?, ?, NULL, NULL, ?)",
  );
  const remove = db.prepare('DELETE FROM threads WHERE id = ?');
  const run = db.transaction((id, caller) => {
    if (!select.get(id, caller)) return null;
    const n = messages.run(id).changes;
    audit.run(randomUUID(), id, caller, caller, n, new Date().toISOString().replace('T', ' ').replace('Z', ''));
    remove.run(id);
    return n;
  });
  return async (id, caller) => run.immediate(id, caller);
}

function postgresHandler(connectionString) {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString, max: Number(process.env.DB_POOL_SIZE ?? 16) });
  return async (id) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const thread = await client.query('SELECT id, user_id FROM threads WHERE id = $1 FOR UPDATE', [id]);
      if (thread.rowCount === 0) {
        await client.query('ROLLBACK');
        return null;
      }
      const owner = thread.rows[0].user_id;
      const n = Number((await client.query('SELECT COUNT(*) AS n FROM messages WHERE thread_id = $1', [id])).rows[0].n);
      await client.query(
        "INSERT INTO audit_entries (id, action, thread_id, actor, owner, message_count, created_at) VALUES ($1, 'DELETE_PERMANENT', $2, $3, $3, $4, now())",
        [randomUUID(), id, owner, n],
      );
      await client.query('DELETE FROM threads WHERE id = $1', [id]);
      await client.query('COMMIT');
      return n;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

/**
 * One statement, so one round trip and one commit: lock the thread if the caller owns it, delete
 * and count its messages, write the audit entry, delete the thread. Every part of a WITH sees the
 * same snapshot, so each part hangs off `target` (the locked row) and nothing runs for a missing
 * or foreign thread. The thread's own cascade finds no messages left.
 */
const LEAN_DELETE = `
WITH target AS (
  SELECT id, user_id FROM threads WHERE id = $1 AND user_id = $2 FOR UPDATE
), gone AS (
  DELETE FROM messages WHERE thread_id IN (SELECT id FROM target) RETURNING 1
), counted AS (
  SELECT count(*)::int AS n FROM gone
), audit AS (
  INSERT INTO audit_entries (id, action, thread_id, actor, owner, message_count, created_at)
  SELECT $3, 'DELETE_PERMANENT', target.id, $2, target.user_id, counted.n, now() FROM target, counted
  RETURNING message_count
), removed AS (
  DELETE FROM threads WHERE id IN (SELECT id FROM target) RETURNING id
)
SELECT (SELECT message_count FROM audit) AS n, (SELECT count(*) FROM removed)::int AS removed`;

function postgresLeanHandler(connectionString) {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString, max: Number(process.env.DB_POOL_SIZE ?? 16) });
  return async (id, caller) => {
    const { rows } = await pool.query({ name: 'lean_delete', text: LEAN_DELETE, values: [id, caller, randomUUID()] });
    return rows[0].removed === 1 ? rows[0].n : null;
  };
}

const sqliteFile = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : null;
const deleteThread = sqliteFile ? sqliteHandler(sqliteFile) : postgresHandler(url);
// Opened on first use, so the plain floor's runs never share the process with an idle lean pool's connections.
let leanDelete;
const lean = (id, caller) => {
  leanDelete ??= sqliteFile ? sqliteLeanHandler(sqliteFile) : postgresLeanHandler(url);
  return leanDelete(id, caller);
};

const server = http.createServer(async (req, res) => {
  const match = req.method === 'DELETE' && /^(\/lean)?\/threads\/([^/]+)$/.exec(req.url);
  const caller = req.headers['x-user-id'];
  if (!match || (match[1] && !caller)) {
    res.writeHead(match ? 401 : 404).end();
    return;
  }
  try {
    const id = decodeURIComponent(match[2]);
    const n = await (match[1] ? lean(id, caller) : deleteThread(id));
    if (n === null) res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Thread not found"}');
    else
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'success', deletedMessageCount: n }));
  } catch (error) {
    res.writeHead(500).end(String(error.message));
  }
});
server.listen(port, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${server.address().port}` })}\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
