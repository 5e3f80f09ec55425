import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from './cursor.js';
import { edgesOf, keyset, type Order, seek, totalOf } from './keyset.js';
import type { Page } from './page.js';

// A query builder needs a driver to write SQL, but no connection: the data source is never initialised.
const source = new DataSource({ type: 'better-sqlite3', database: ':memory:' });

/** The rows a page holds: anything with an id. */
type Row = { id: string };

/** `SELECT thread.id FROM "threads" "thread" WHERE thread.userId = :userId`, as a service starts it. */
function threadsOf(userId: string): SelectQueryBuilder<Row> {
  return source
    .createQueryBuilder()
    .select('thread.id')
    .from<Row>('threads', 'thread')
    .where('thread.userId = :userId', { userId });
}

const AT = new Date('2026-01-31T12:00:00.000Z');
const LATER = new Date('2026-02-01T12:00:00.000Z');
const SELECT = 'SELECT thread.id FROM "threads" "thread" WHERE thread.userId = :userId';
const NEWEST: Order = { name: 'threads:CREATED_AT_DESC', column: 'createdAt', direction: 'DESC' };
const OLDEST_ACTIVE: Order = { name: 'threads:UPDATED_AT_ASC', column: 'updatedAt', direction: 'ASC' };

const page = (fields: Partial<Page>): Page => ({ size: 20, backward: false, after: null, before: null, ...fields });

/** The SQL with named parameters left in place, for reading. */
const sqlOf = (query: SelectQueryBuilder<Row>) => query.getQuery();

describe('seek', () => {
  it('when no cursor is given, then it orders by the column and the id and fetches one row more than the page', () => {
    const query = seek(threadsOf('alice'), 'thread', NEWEST, page({ size: 20 }));

    expect(sqlOf(query)).toBe(`${SELECT} ORDER BY thread.createdAt DESC, thread.id DESC LIMIT 21`);
    expect(query.getParameters()).toEqual({ userId: 'alice' });
  });

  it('when after is given going down, then it keeps the rows below it with one row-value comparison on (column, id)', () => {
    const query = seek(threadsOf('alice'), 'thread', NEWEST, page({ size: 2, after: { at: AT, id: 't-9' } }));

    expect(sqlOf(query)).toBe(
      `${SELECT} AND (thread.createdAt, thread.id) < (:afterAt, :afterId)` +
        ' ORDER BY thread.createdAt DESC, thread.id DESC LIMIT 3',
    );
    expect(query.getParameters()).toEqual({ userId: 'alice', afterAt: AT, afterId: 't-9' });
  });

  it('when last is asked with before going up on updatedAt, then it keeps the rows below before, in reverse order', () => {
    const query = seek(
      threadsOf('bob'),
      'thread',
      OLDEST_ACTIVE,
      page({ size: 5, backward: true, before: { at: AT, id: 't-1' } }),
    );

    expect(sqlOf(query)).toBe(
      `${SELECT} AND (thread.updatedAt, thread.id) < (:beforeAt, :beforeId)` +
        ' ORDER BY thread.updatedAt DESC, thread.id DESC LIMIT 6',
    );
    expect(query.getParameters()).toEqual({ userId: 'bob', beforeAt: AT, beforeId: 't-1' });
  });

  it('when both cursors are given going down, then it keeps the rows between them', () => {
    const query = seek(
      threadsOf('alice'),
      'thread',
      NEWEST,
      page({ size: 3, backward: true, after: { at: LATER, id: 'a' }, before: { at: AT, id: 'b' } }),
    );

    expect(sqlOf(query)).toBe(
      `${SELECT} AND (thread.createdAt, thread.id) < (:afterAt, :afterId)` +
        ' AND (thread.createdAt, thread.id) > (:beforeAt, :beforeId)' +
        ' ORDER BY thread.createdAt ASC, thread.id ASC LIMIT 4',
    );
  });
});

describe('seek on SQLite reading the table', () => {
  it('when the table is to be scanned, then the order column is written + column, in the bound and the order', () => {
    const query = seek(
      threadsOf('alice'),
      'thread',
      NEWEST,
      page({ size: 2, after: { at: AT, id: 't-9' } }),
      'scanTable',
    );

    expect(sqlOf(query)).toBe(
      `${SELECT} AND (+ thread.createdAt, thread.id) < (:afterAt, :afterId)` +
        ' ORDER BY + thread.createdAt DESC, thread.id DESC LIMIT 3',
    );
  });
});

describe('keyset', () => {
  it('when a backup pages a thread by key, then it is seek with first and after in ascending order', () => {
    const query = keyset(threadsOf('alice'), 'thread', { first: 1000, after: { at: AT, id: 'm-1' } }, 'ASC');

    expect(sqlOf(query)).toBe(
      `${SELECT} AND (thread.createdAt, thread.id) > (:afterAt, :afterId)` +
        ' ORDER BY thread.createdAt ASC, thread.id ASC LIMIT 1001',
    );
  });
});

describe('edgesOf', () => {
  const row = (id: string, minute: number) => ({ id, createdAt: new Date(Date.UTC(2026, 0, 31, 12, minute)) });
  // Newest first, as the rows come back for `first` in NEWEST.
  const rows = [row('a', 3), row('b', 2), row('c', 1)];
  const cursor = (node: { id: string; createdAt: Date }) => encodeCursor(NEWEST, node.createdAt, node.id);
  const key = (node: { createdAt: Date }) => node.createdAt;

  it('when one row more than first was fetched, then the page drops it and says a next page follows', () => {
    const connection = edgesOf(rows, page({ size: 2 }), NEWEST, key, false);

    expect(connection).toEqual({
      edges: [
        { cursor: cursor(rows[0]), node: rows[0] },
        { cursor: cursor(rows[1]), node: rows[1] },
      ],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: cursor(rows[0]), endCursor: cursor(rows[1]) },
    });
  });

  it('when first came with after and rows lie before it, then hasPreviousPage is what the probe found', () => {
    const connection = edgesOf(rows, page({ size: 3, after: { at: LATER, id: 'z' } }), NEWEST, key, true);

    expect(connection.edges.map((edge) => edge.node.id)).toEqual(['a', 'b', 'c']);
    expect(connection.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: cursor(rows[0]),
      endCursor: cursor(rows[2]),
    });
  });

  it('when last fetched its rows in reverse with one extra, then the page is put back in order and has a previous page', () => {
    // For `last: 2` in NEWEST the rows come back oldest first: c, b, then the extra a.
    const connection = edgesOf([rows[2], rows[1], rows[0]], page({ size: 2, backward: true }), NEWEST, key, false);

    expect(connection.edges.map((edge) => edge.node.id)).toEqual(['b', 'c']);
    expect(connection.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: cursor(rows[1]),
      endCursor: cursor(rows[2]),
    });
  });

  it('when last came with before and rows lie after it, then hasNextPage is what the probe found', () => {
    const connection = edgesOf(
      [rows[2]],
      page({ size: 2, backward: true, before: { at: AT, id: 'x' } }),
      NEWEST,
      key,
      true,
    );

    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: cursor(rows[2]),
      endCursor: cursor(rows[2]),
    });
  });

  it('when no rows were fetched, then the page is empty, without cursors', () => {
    expect(edgesOf([], page({ size: 3 }), NEWEST, () => AT, false)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it("when cursors are made, then they hold the page's order and column, not always the row's createdAt", () => {
    const deletedAt = new Date('2026-02-01T00:00:00.000Z');
    const trash: Order = { name: 'deletedThreads:DELETED_AT_DESC', column: 'deletedAt', direction: 'DESC' };

    const connection = edgesOf([row('a', 0)], page({ size: 1 }), trash, () => deletedAt, false);

    expect(connection.pageInfo.endCursor).toBe(encodeCursor(trash, deletedAt, 'a'));
  });
});

describe('totalOf', () => {
  const counted = async () => 42;

  it('when the first page holds every row (no cursor, no extra row), then the count is its length, with no query', async () => {
    await expect(totalOf(page({ size: 20 }), 7, counted)()).resolves.toBe(7);
  });

  it.each([
    ['an extra row came back', page({ size: 20 }), 21],
    ['the page starts after a cursor', page({ size: 20, after: { at: AT, id: 'a' } }), 3],
    ['the page ends before a cursor', page({ size: 20, backward: true, before: { at: AT, id: 'a' } }), 3],
  ])('when %s, then the rows are counted', async (_, asked, fetched) => {
    await expect(totalOf(asked, fetched, counted)()).resolves.toBe(42);
  });
});
