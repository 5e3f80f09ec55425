import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { queryLargeRows } from '../src/db/large-rows.js';
import { messagePages } from '../src/threads/backup/thread-backup.mapping.js';
import type { BackupMessage, BackupPage, RenderedPage } from '../src/threads/backup/thread-backup.store.js';
import { seedThreads } from '../src/threads/thread.seed.js';
import { DATABASE_KINDS } from './support/databases.js';
import { type TestApp, useTestApp } from './support/test-app.js';

/** A page's messages, whichever form the engine gave it in (SQLite: rows; PostgreSQL: rendered JSON). */
function messagesOf(page: BackupPage): BackupMessage[] {
  return Array.isArray(page) ? [...page] : JSON.parse(`[${(page as RenderedPage).json}]`);
}

/** Every page a backup of `threadId` reads, as the backup reads them. */
async function pagesOf(t: TestApp, threadId: string): Promise<BackupMessage[][]> {
  const pages: BackupMessage[][] = [];
  for await (const page of messagePages((work) => t.app.db.read(work), threadId)) pages.push(messagesOf(page));
  return pages;
}

/** The thread's message ids in the order a backup must hold them. */
async function idsInOrder(t: TestApp, threadId: string): Promise<string[]> {
  const p = t.app.db.kind === 'postgres' ? '$1' : '?';
  const rows: { id: string }[] = await t.app.db.dataSource.query(
    `SELECT id FROM messages WHERE thread_id = ${p} ORDER BY created_at, id`,
    [threadId],
  );
  return rows.map((row) => row.id);
}

describe.each(DATABASE_KINDS)("a backup's pages (%s)", (kind) => {
  const t = useTestApp(kind);

  it('when messages are short, then a page holds up to 300 of them and about 64 KiB of JSON, and the pages hold every message once, in order', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 1201, owner: 'alice' });

    const pages = await pagesOf(t, threadId);

    expect(pages.flat().map((message) => message.id)).toEqual(await idsInOrder(t, threadId));
    for (const page of pages.slice(0, -1)) {
      // About 225 bytes a message (200 for its ids, role and time, and its text): 292 to a page.
      expect(page.length).toBeGreaterThan(250);
      expect(page.length).toBeLessThanOrEqual(300);
      // About 64 KiB (the estimate of a message's JSON is rough), far under V8's 128 KB large objects.
      expect(JSON.stringify(page).length).toBeLessThan(80 * 1024);
    }
  });

  it('when messages are long, then a page stops after the message that crosses 64 KiB of text, so its size is bounded by bytes too', async () => {
    // 20,000 two-byte characters: 40,000 bytes of UTF-8 each. A page takes the first (0 bytes
    // before it) and the second (40,000 before it), not the third (80,000 before it).
    const long = 'é'.repeat(20_000);
    const [threadId] = await seedThreads(t.app.db, {
      threads: 1,
      messagesPerThread: 7,
      owner: 'alice',
      content: () => long,
    });

    const pages = await pagesOf(t, threadId);

    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((message) => message.id)).toEqual(await idsInOrder(t, threadId));
    expect(pages.flat().every((message) => message.content === long)).toBe(true);
  });

  it('when one message alone is larger than a page, then it still makes a page of its own', async () => {
    const huge = 'x'.repeat(100_000);
    const [threadId] = await seedThreads(t.app.db, {
      threads: 1,
      messagesPerThread: 3,
      owner: 'alice',
      content: (_thread, index) => (index === 1 ? huge : 'short'),
    });

    const pages = await pagesOf(t, threadId);

    // 'short' (0 before), the huge one (5 before), then the last (100,005 before) on its own page.
    expect(pages.map((page) => page.map((message) => message.content.length))).toEqual([[5, 100_000], [5]]);
  });
});

describe.each(DATABASE_KINDS.filter((kind) => kind === 'postgres'))(
  "a backup page's read through the driver's callback API (%s)",
  (kind) => {
    const t = useTestApp(kind);

    it('when the statement runs, then its rows come back; when it fails, the error is a QueryFailedError carrying the SQLSTATE, and a statement timeout is DATABASE_TIMEOUT', async () => {
      const rows = await t.app.db.read((manager) =>
        queryLargeRows(manager, 'SELECT $1::text AS json, $2::int AS count', ['{"a":1}', 2]),
      );
      expect(rows).toEqual([{ json: '{"a":1}', count: 2 }]);

      const syntax = await t.app.db
        .read((manager) => queryLargeRows(manager, 'SELEC 1', []))
        .catch((error: unknown) => error);
      expect(syntax).toBeInstanceOf(QueryFailedError);
      expect((syntax as QueryFailedError<Error & { code: string }>).driverError.code).toBe('42601');

      const timeout = await t.app.db
        .read(async (manager) => {
          await manager.query("SELECT set_config('statement_timeout', '50', false)");
          try {
            return await queryLargeRows(manager, 'SELECT pg_sleep(2)', []);
          } finally {
            await manager.query('RESET statement_timeout');
          }
        })
        .catch((error: unknown) => error);
      expect(timeout).toMatchObject({ code: 'DATABASE_TIMEOUT' });
    });
  },
);
