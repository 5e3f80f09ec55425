import { Field, Int, ObjectType } from 'type-graphql';
import { TOTAL_COUNT_CAP } from './count.js';
import type { LoadedPage } from './keyset.js';
import { PageInfo } from './page-info.js';

/**
 * What every connection has besides its edges: PageInfo, and a total counted only when asked for
 * (one capped count query, shared by totalCount and totalCountExact).
 */
@ObjectType()
export abstract class Connection {
  @Field(() => PageInfo, { description: 'Whether items come before and after this page, and the cursors to get them.' })
  pageInfo!: PageInfo;

  private counted?: Promise<number>;
  private count!: () => Promise<number>;

  /** Makes a connection of class `this` from a loaded page. */
  static of<C extends Connection, T>(
    this: new () => C,
    page: LoadedPage<T>,
  ): C & { edges: { cursor: string; node: T }[] } {
    return Object.assign(new this(), page);
  }

  private upToCap(): Promise<number> {
    this.counted ??= this.count();
    return this.counted;
  }

  @Field(() => Int, {
    description:
      `How many items match the query's filters, cursors and page size aside, counted up to ${TOTAL_COUNT_CAP.toLocaleString('en-US')}: ` +
      `past that it says ${TOTAL_COUNT_CAP.toLocaleString('en-US')} and totalCountExact is false. Costs one count query.`,
  })
  async totalCount(): Promise<number> {
    return Math.min(await this.upToCap(), TOTAL_COUNT_CAP);
  }

  @Field(() => Boolean, {
    description: `False when more than ${TOTAL_COUNT_CAP.toLocaleString('en-US')} items match (totalCount stops counting there).`,
  })
  async totalCountExact(): Promise<boolean> {
    return (await this.upToCap()) <= TOTAL_COUNT_CAP;
  }
}
