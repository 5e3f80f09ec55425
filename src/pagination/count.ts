import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The most rows a `totalCount` counts. Counting is an index range scan as long as the rows are
 * (1,000,000 threads of one admin take some 100 ms); stopping at the cap keeps every count to a
 * few milliseconds, whatever the table holds.
 */
export const TOTAL_COUNT_CAP = 10_000;

/**
 * How many rows `query` selects, counting no further than TOTAL_COUNT_CAP + 1 (so that a count
 * past the cap is known to be one): `SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1)`.
 */
export async function countUpTo<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): Promise<number> {
  const capped = query
    .select(`${query.alias}.id`, 'id')
    .orderBy()
    .limit(TOTAL_COUNT_CAP + 1);
  const row = await query
    .createQueryBuilder()
    .select('COUNT(*)', 'count')
    .from(`(${capped.getQuery()})`, 'capped')
    .setParameters(capped.getParameters())
    .getRawOne<{ count: number | string }>();
  return Number(row?.count ?? 0);
}
