import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'Where a page of a Relay connection lies, as the Relay Cursor Connections specification defines it.',
})
export class PageInfo {
  @Field({
    description:
      'True when items follow this page: with first, when more than first remain after it; with last and before, ' +
      'when any item lies at or after before. False otherwise.',
  })
  hasNextPage!: boolean;

  @Field({
    description:
      'True when items come before this page: with last, when more than last remain before it; with first and ' +
      'after, when any item lies at or before after. False otherwise.',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Cursor of the first item of this page (null when it is empty); pass it as before for the page before.',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item of this page (null when it is empty); pass it as after for the page after.',
  })
  endCursor!: string | null;
}
