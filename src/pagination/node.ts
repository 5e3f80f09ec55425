import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay's Global Object Identification: an object that `node(id:)` fetches again by its id. Ids
 * are the objects' own ids (time-ordered UUIDs, unique across threads, messages and audit
 * entries), not encoded global ids, so every id a client holds works in `node` and in every
 * other argument alike.
 */
@InterfaceType({
  description:
    'An object with an id that is unique across every type, which node(id) fetches again (Relay Global Object ' +
    'Identification).',
})
export abstract class Node {
  @Field(() => ID, { description: 'The id of the object; the same value node(id) takes.' })
  id!: string;
}
