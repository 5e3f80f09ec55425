import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { dataOf, useTestApp } from './support/test-app.js';
import { bearer } from './support/transports.js';

const CREATE = 'mutation ($title: String!) { createThread(input: { title: $title }) { id } }';
const scratch = mkdtempSync(path.join(tmpdir(), 'ctg-checkpoints-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Whether the thread is in the database file itself, not only in its write-ahead log: a copy of the
 * file without its log holds what some checkpoint copied into it, and nothing else.
 */
function checkpointed(databaseFile: string, threadId: string): boolean {
  const copy = path.join(scratch, `copy-${threadId}.db`);
  copyFileSync(databaseFile, copy);
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(copy, { readonly: true });
    return db.prepare('SELECT 1 FROM threads WHERE id = ?').get(threadId) !== undefined;
  } catch {
    // A copy taken while a checkpoint was writing the file can be torn: look again.
    return false;
  } finally {
    db?.close();
    rmSync(copy, { force: true });
  }
}

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('checkpoints on a thread of their own (sqlite)', () => {
  const t = useTestApp('sqlite');

  it('when the server commits, then the log is copied into the database by the checkpointing thread, not by the commit, and pausing it holds the log', async () => {
    const alice = await bearer(t, 'alice');
    const file = t.app.config.database.sqlitePath;
    const [{ wal_autocheckpoint: own }] = await t.app.db.dataSource.query('PRAGMA wal_autocheckpoint');

    const first = dataOf(await t.graphql(CREATE, { title: 'first' }, alice)).createThread.id;
    // A few pages of log: far under the main connection's own threshold, so only the thread copies them.
    expect(await eventually(() => checkpointed(file, first), 2000)).toBe(true);

    const resume = await t.app.db.pauseCheckpoints();
    const second = dataOf(await t.graphql(CREATE, { title: 'second' }, alice)).createThread.id;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const whilePaused = checkpointed(file, second);
    await resume();

    expect(own).toBe(10_000);
    expect(whilePaused).toBe(false);
    expect(await eventually(() => checkpointed(file, second), 2000)).toBe(true);
  });
});
