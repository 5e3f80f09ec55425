import type { SelectQueryBuilder } from 'typeorm';
import { type CursorKey, decodeCursor, encodeCursor } from './cursor.js';
import { type PageInfo, pageOf } from './page-info.js';

/** A validated page request: `first` already within bounds, `after` an opaque cursor (or its decoded key). */
export interface PageArgs {
  readonly first: number;
  readonly after?: string | CursorKey | null;
}

/** A Relay connection from rows fetched by `keyset` (one more than `first`), with cursors on `column`. */
export function connectionOf<T extends { id: string }>(
  rows: T[],
  page: PageArgs,
  column: (row: T) => Date,
): { edges: { cursor: string; node: T }[]; pageInfo: PageInfo } {
  return pageOf(rows, page.first, (node) => ({ cursor: encodeCursor(column(node), node.id), node }));
}

/** The columns a page can be ordered by: always a timestamp, then the id to break ties. */
type SortColumn = 'createdAt' | 'deletedAt';

/** Orders by (column, id) and continues after the cursor's row; fetches one extra row to detect a next page. */
export function keyset<T extends { id: string }>(
  query: SelectQueryBuilder<T>,
  alias: string,
  page: PageArgs,
  direction: 'ASC' | 'DESC',
  column: SortColumn = 'createdAt',
): SelectQueryBuilder<T> {
  if (page.after) {
    const cursor = typeof page.after === 'string' ? decodeCursor(page.after, ['after']) : page.after;
    const op = direction === 'ASC' ? '>' : '<';
    query.andWhere(
      `(${alias}.${column} ${op} :cursorAt OR (${alias}.${column} = :cursorAt AND ${alias}.id ${op} :cursorId))`,
      {
        cursorAt: cursor.at,
        cursorId: cursor.id,
      },
    );
  }
  return query
    .orderBy(`${alias}.${column}`, direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(page.first + 1);
}
