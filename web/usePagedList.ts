import { useCallback, useRef } from 'react';
import { useInfiniteScroll } from './useInfiniteScroll.js';

interface PagedConnection {
  readonly edges: readonly unknown[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor?: string | null };
}

/**
 * Paging as the user scrolls, for a Relay connection read by useQuery: `loadMore` asks for the
 * page after the last one shown (once per page, however often scrolling and rendering call for
 * it), and `sentinel` goes on an element after the list to call it when the end comes near.
 */
export function usePagedList(
  connection: PagedConnection | undefined,
  loading: boolean,
  fetchMore: (options: { variables: { after: string } }) => Promise<unknown>,
) {
  const hasMore = connection?.pageInfo.hasNextPage ?? false;
  const endCursor = connection?.pageInfo.endCursor ?? null;
  const rows = connection?.edges.length ?? 0;
  const asked = useRef<string | null>(null);
  const loadMore = useCallback(() => {
    // Keyed by the rows too: a list read again (after an undo) may end at a cursor asked for before.
    const key = `${endCursor}:${rows}`;
    if (!hasMore || !endCursor || asked.current === key) return;
    asked.current = key;
    void fetchMore({ variables: { after: endCursor } });
  }, [hasMore, endCursor, rows, fetchMore]);
  const sentinel = useInfiniteScroll(hasMore && !loading, loadMore);
  return { hasMore, loadMore, sentinel };
}
