#!/usr/bin/env node
// The floor: a bare node:http handler doing the straightforward delete transaction with the raw
// driver (select thread, count messages, insert audit, delete thread), no framework at all.
// DELETE /threads/{id} -> 200 {"status":"success","deletedMessageCount":N} or 404.
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

const deleteThread = url.startsWith('sqlite:') ? sqliteHandler(url.slice('sqlite:'.length)) : postgresHandler(url);

const server = http.createServer(async (req, res) => {
  const match = req.method === 'DELETE' && /^\/threads\/([^/]+)$/.exec(req.url);
  if (!match) {
    res.writeHead(404).end();
    return;
  }
  try {
    const n = await deleteThread(decodeURIComponent(match[1]));
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
