import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../errors.js';
import { encodeCursor } from './cursor.js';
import { connectionOf, keyset } from './keyset.js';

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
const SELECT = 'SELECT thread.id FROM "threads" "thread" WHERE thread.userId = :userId';

/** The SQL with named parameters left in place, for reading. */
const sqlOf = (query: SelectQueryBuilder<Row>) => query.getQuery();

describe('keyset', () => {
  it('when no cursor is given, then it orders by the column and the id and fetches one row more than first', () => {
    const query = keyset(threadsOf('alice'), 'thread', { first: 20 }, 'DESC');

    expect(sqlOf(query)).toBe(`${SELECT} ORDER BY thread.createdAt DESC, thread.id DESC LIMIT 21`);
    expect(query.getParameters()).toEqual({ userId: 'alice' });
  });

  it('when a cursor is given going down, then it continues after the cursor row with < on (column, id)', () => {
    const query = keyset(threadsOf('alice'), 'thread', { first: 2, after: encodeCursor(AT, 't-9') }, 'DESC');

    expect(sqlOf(query)).toBe(
      `${SELECT} AND (thread.createdAt < :cursorAt OR (thread.createdAt = :cursorAt AND thread.id < :cursorId))` +
        ' ORDER BY thread.createdAt DESC, thread.id DESC LIMIT 3',
    );
    expect(query.getParameters()).toEqual({ userId: 'alice', cursorAt: AT, cursorId: 't-9' });
  });

  it('when a cursor is given going up on deletedAt, then it uses > and that column', () => {
    const query = keyset(threadsOf('bob'), 'thread', { first: 5, after: encodeCursor(AT, 't-1') }, 'ASC', 'deletedAt');

    expect(sqlOf(query)).toBe(
      `${SELECT} AND (thread.deletedAt > :cursorAt OR (thread.deletedAt = :cursorAt AND thread.id > :cursorId))` +
        ' ORDER BY thread.deletedAt ASC, thread.id ASC LIMIT 6',
    );
    expect(query.getParameters()).toEqual({ userId: 'bob', cursorAt: AT, cursorId: 't-1' });
  });

  it('when the cursor is already a decoded key, then its time and id are used as they are', () => {
    const query = keyset(threadsOf('alice'), 'thread', { first: 1, after: { at: AT, id: 'raw-id' } }, 'ASC');

    expect(query.getParameters()).toEqual({ userId: 'alice', cursorAt: AT, cursorId: 'raw-id' });
  });

  it('when the cursor is not one of this API, then BAD_USER_INPUT names the after argument', () => {
    let thrown: unknown;
    try {
      keyset(threadsOf('alice'), 'thread', { first: 1, after: 'junk' }, 'ASC');
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InputValidationError);
    expect(thrown instanceof InputValidationError ? thrown.issues : null).toEqual([
      { type: 'value_error', loc: ['after'], msg: 'Value error, not a cursor returned by this API', input: 'junk' },
    ]);
  });
});

describe('connectionOf', () => {
  const row = (id: string, minute: number) => ({ id, createdAt: new Date(Date.UTC(2026, 0, 31, 12, minute)) });
  const rows = [row('a', 3), row('b', 2), row('c', 1)];

  it('when one row more than first was fetched, then the page drops it and says a next page follows', () => {
    const connection = connectionOf(rows, { first: 2 }, (node) => node.createdAt);

    const cursorOfB = encodeCursor(rows[1].createdAt, 'b');
    expect(connection).toEqual({
      edges: [
        { cursor: encodeCursor(rows[0].createdAt, 'a'), node: rows[0] },
        { cursor: cursorOfB, node: rows[1] },
      ],
      pageInfo: { hasNextPage: true, endCursor: cursorOfB },
    });
  });

  it('when no more than first rows were fetched, then every row is an edge and no next page follows', () => {
    const connection = connectionOf(rows, { first: 3 }, (node) => node.createdAt);

    expect(connection.edges.map((edge) => edge.node.id)).toEqual(['a', 'b', 'c']);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor(rows[2].createdAt, 'c') });
  });

  it('when no rows were fetched, then the page is empty and has no end cursor', () => {
    expect(connectionOf([], { first: 3 }, () => AT)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  it("when cursors are made, then they hold the column the page is ordered by, not always the row's createdAt", () => {
    const deletedAt = new Date('2026-02-01T00:00:00.000Z');

    const connection = connectionOf([row('a', 0)], { first: 1 }, () => deletedAt);

    expect(connection.pageInfo.endCursor).toBe(encodeCursor(deletedAt, 'a'));
  });
});
