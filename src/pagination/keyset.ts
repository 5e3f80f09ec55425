import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { countUpTo } from './count.js';
import { type CursorKey, type CursorOrder, encodeCursor } from './cursor.js';
import type { Page } from './page.js';
import type { PageInfo } from './page-info.js';

/** The columns a page can be ordered by: always a timestamp, then the id to break ties. */
export type SortColumn = 'createdAt' | 'updatedAt' | 'deletedAt';

/** An order of a list: a column and a direction (the id follows in the same direction), named for its cursors. */
export interface Order extends CursorOrder {
  readonly column: SortColumn;
  readonly direction: 'ASC' | 'DESC';
}

/** Reads in a unit of work the caller does not hold (e.g. `Database.read`). */
export type Read = <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;

/** A Relay page: its edges and its PageInfo. */
export interface EdgesPage<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** A page, and how to count every row it was taken from (run only when `totalCount` is asked for). */
export interface LoadedPage<T> extends EdgesPage<T> {
  count: () => Promise<number>;
}

/**
 * How a page's query may read the rows. `walkOrder` (the default): the database may walk the
 * order's index, which stops as soon as the page is full. `scanTable` (SQLite only): the order's
 * column is written `+ column`, which SQLite never serves from an index, so it reads the table
 * in storage order and sorts what matches. For a filter the index cannot check (a title, a
 * project) across every user's threads, walking the index fetches each row at random, and if few
 * rows match it walks the whole index: 25 s at 1,000,000 threads, where a scan takes 1 s.
 * PostgreSQL chooses between the two from its statistics.
 */
export type ReadPath = 'walkOrder' | 'scanTable';

/** The order's column as a query names it (see `ReadPath`). */
const columnOf = (alias: string, order: Order, path: ReadPath) =>
  `${path === 'scanTable' ? '+ ' : ''}${alias}.${order.column}`;

/**
 * `(column, id) > (at, id)` (or `<`, `<=`, `>=`) as one row-value comparison: PostgreSQL and SQLite
 * turn it into an index range on (…, column, id), where `a > x OR (a = x AND …)` would scan from
 * the start of the range. `name` names its parameters (`afterAt`, `afterId`).
 */
function compare<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  column: string,
  op: '<' | '>' | '<=' | '>=',
  key: CursorKey,
  name: 'after' | 'before' | 'beyond',
): SelectQueryBuilder<T> {
  return query.andWhere(`(${column}, ${alias}.id) ${op} (:${name}At, :${name}Id)`, {
    [`${name}At`]: key.at,
    [`${name}Id`]: key.id,
  });
}

/** `>` for rows that come later in `order`, `<` for earlier ones. */
const later = (order: Order) => (order.direction === 'ASC' ? '>' : '<');
const earlier = (order: Order) => (order.direction === 'ASC' ? '<' : '>');

/**
 * Keeps the rows between the page's cursors and orders them so the page comes first: in `order`
 * for `first`, reversed for `last`; fetches one row more than the page to tell whether more follow.
 */
export function seek<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  order: Order,
  page: Page,
  path: ReadPath = 'walkOrder',
): SelectQueryBuilder<T> {
  const column = columnOf(alias, order, path);
  if (page.after) compare(query, alias, column, later(order), page.after, 'after');
  if (page.before) compare(query, alias, column, earlier(order), page.before, 'before');
  const direction = page.backward === (order.direction === 'ASC') ? 'DESC' : 'ASC';
  return query
    .orderBy(column, direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(page.size + 1);
}

/**
 * Relay's "can the server efficiently determine" rows beyond the cursor the page starts from: for
 * `first` with `after`, whether a row lies at or before `after` (hasPreviousPage); for `last` with
 * `before`, at or after `before` (hasNextPage). One indexed probe of `query`'s rows, cursors aside.
 */
export async function rowsBeyond<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  order: Order,
  page: Page,
  path: ReadPath = 'walkOrder',
): Promise<boolean> {
  const cursor = page.backward ? page.before : page.after;
  if (!cursor) return false;
  const op = page.backward ? `${later(order)}=` : `${earlier(order)}=`;
  const row = await compare(query, alias, columnOf(alias, order, path), op as '<=' | '>=', cursor, 'beyond')
    .select(`${alias}.id`, 'id')
    .orderBy()
    .limit(1)
    .getRawOne();
  return row !== undefined;
}

/**
 * Edges and PageInfo from rows fetched by `seek` (in fetch order: reversed for `last`), by the
 * Relay spec: the side the page was taken from has more when the extra row came back; the other
 * side, when `beyond` (see `rowsBeyond`).
 */
export function edgesOf<T extends { id: string }>(
  rows: T[],
  page: Page,
  order: Order,
  keyOf: (row: T) => Date,
  beyond: boolean,
): EdgesPage<T> {
  const more = rows.length > page.size;
  const kept = rows.slice(0, page.size);
  const nodes = page.backward ? kept.reverse() : kept;
  const edges = nodes.map((node) => ({ cursor: encodeCursor(order, keyOf(node), node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.backward ? beyond : more,
      hasPreviousPage: page.backward ? more : beyond,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * One page of the rows `rows(manager)` selects (filters applied, no order), in `order`: the page
 * and the probe for the far side in one read; the count (capped, see `countUpTo`) later, if asked.
 */
export async function loadPage<T extends { id: string }>(
  read: Read,
  rows: (manager: EntityManager) => SelectQueryBuilder<T>,
  alias: string,
  order: Order,
  page: Page,
  keyOf: (row: T) => Date,
  path: ReadPath = 'walkOrder',
): Promise<LoadedPage<T>> {
  const [fetched, beyond] = await read(async (manager) => [
    await seek(rows(manager), alias, order, page, path).getMany(),
    await rowsBeyond(rows(manager), alias, order, page, path),
  ]);
  return {
    ...edgesOf(fetched, page, order, keyOf, beyond),
    count: totalOf(page, fetched.length, () => read((manager) => countUpTo(rows(manager)))),
  };
}

/**
 * How to count every row a page was taken from: no query when the page already holds them all
 * (no cursor, and no extra row came back), as for most searches of a few threads; else `count`.
 */
export function totalOf(page: Page, fetched: number, count: () => Promise<number>): () => Promise<number> {
  if (!page.after && !page.before && fetched <= page.size) return () => Promise.resolve(fetched);
  return count;
}

/**
 * Orders by (column, id) and continues after `after`; fetches one extra row to detect a next page.
 * For internal paging by key (a backup streams a thread's messages with it).
 */
export function keyset<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  page: { readonly first: number; readonly after?: CursorKey | null },
  direction: 'ASC' | 'DESC',
  column: SortColumn = 'createdAt',
): SelectQueryBuilder<T> {
  const order = { name: 'keyset', column, direction };
  return seek(query, alias, order, { size: page.first, backward: false, after: page.after ?? null, before: null });
}
