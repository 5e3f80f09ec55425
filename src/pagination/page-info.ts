import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page of a Relay-style connection ends.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item of this page; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

/** A page built from `first + 1` fetched rows: the extra row only says that more follow. */
export function pageOf<T, E>(
  rows: T[],
  first: number,
  edge: (row: T) => E & { cursor: string },
): { edges: E[]; pageInfo: PageInfo } {
  const edges = rows.slice(0, first).map(edge);
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
