import { expect } from 'vitest';
import type { GqlConnection } from './graphql-types.js';

/** What a test selects of any connection: ids, cursors, every PageInfo field and the count. */
export const CONNECTION_FIELDS =
  'edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount totalCountExact';

/** Paging arguments, as variables. */
export interface PagingVariables {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
}

/** Fetches one page of the connection under test. */
export type FetchPage = (paging: PagingVariables) => Promise<GqlConnection<{ id: string }>>;

const idsOf = (page: GqlConnection<{ id: string }>) => page.edges.map((edge) => edge.node.id);

/**
 * Pages through a connection forward (`first: size`, each `after` the previous endCursor) and
 * backward (`last: size`, each `before` the previous startCursor), and checks every page against
 * `expected`, the ids in the connection's order: its ids, all four PageInfo fields as the Relay
 * Cursor Connections specification defines them (hasPreviousPage with `after` and hasNextPage with
 * `before` true exactly when items lie beyond the cursor), totalCount, and that an item's cursor is
 * the same both ways.
 */
export async function expectPagesBothWays(fetch: FetchPage, expected: string[], size: number): Promise<void> {
  const cursors = new Map<string, string>();
  let after: string | null = null;
  for (let start = 0; ; start += size) {
    const page = await fetch({ first: size, after });
    const ids = expected.slice(start, start + size);
    expect(idsOf(page), `forward page at ${start}`).toEqual(ids);
    expect(page.pageInfo, `forward page at ${start}`).toEqual({
      hasNextPage: start + size < expected.length,
      hasPreviousPage: start > 0,
      startCursor: ids.length ? page.edges[0].cursor : null,
      endCursor: ids.length ? page.edges[ids.length - 1].cursor : null,
    });
    expect([page.totalCount, page.totalCountExact]).toEqual([expected.length, true]);
    for (const edge of page.edges) cursors.set(edge.node.id, edge.cursor);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor ?? null;
  }
  let before: string | null = null;
  for (let end = expected.length; ; ) {
    const page = await fetch({ last: size, before });
    const start = Math.max(0, end - size);
    const ids = expected.slice(start, end);
    expect(idsOf(page), `backward page ending at ${end}`).toEqual(ids);
    expect(page.pageInfo, `backward page ending at ${end}`).toEqual({
      hasNextPage: before !== null,
      hasPreviousPage: start > 0,
      startCursor: ids.length ? page.edges[0].cursor : null,
      endCursor: ids.length ? page.edges[ids.length - 1].cursor : null,
    });
    expect(page.totalCount).toBe(expected.length);
    for (const edge of page.edges) expect(edge.cursor).toBe(cursors.get(edge.node.id));
    if (!page.pageInfo.hasPreviousPage) break;
    before = page.pageInfo.startCursor ?? null;
    end = start;
  }
}
