import { ArgsType, Field, Int } from 'type-graphql';
import type { PageArgs } from './page.js';

/** The paging arguments of every connection, as the Relay Cursor Connections specification names them. */
@ArgsType()
export class ConnectionArgs implements PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Page size counted from the start (after `after`), 1 to 100; 20 when neither first nor last is given.',
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'A cursor (endCursor of a page): the page starts after it.' })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Page size counted from the end (before `before`), 1 to 100; not together with first.',
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'A cursor (startCursor of a page): the page ends before it.' })
  before?: string | null;
}
