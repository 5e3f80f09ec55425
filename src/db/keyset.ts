import type { SelectQueryBuilder } from 'typeorm';
import { decodeCursor } from '../graphql/cursor.js';

/** A validated page request: `first` already within bounds, `after` an opaque cursor. */
export interface PageArgs {
  readonly first: number;
  readonly after?: string | null;
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
    const cursor = decodeCursor(page.after, ['after']);
    const op = direction === 'ASC' ? '>' : '<';
    query.andWhere(`(${alias}.${column} ${op} :cursorAt OR (${alias}.${column} = :cursorAt AND ${alias}.id ${op} :cursorId))`, {
      cursorAt: cursor.at,
      cursorId: cursor.id,
    });
  }
  return query
    .orderBy(`${alias}.${column}`, direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(page.first + 1);
}
