import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../pagination/connection.js';
import { Message } from './message.entity.js';
import { Thread } from './thread.entity.js';

@ObjectType({ description: 'A thread and its cursor.' })
export class ThreadEdge {
  @Field({ description: 'Opaque cursor of this thread, in the order of the query that returned it.' })
  cursor!: string;

  @Field(() => Thread, { description: 'The thread.' })
  node!: Thread;
}

@ObjectType({ description: 'A page of threads (a Relay connection).' })
export class ThreadConnection extends Connection {
  @Field(() => [ThreadEdge], { description: 'The threads of this page, in the order asked for.' })
  edges!: ThreadEdge[];
}

@ObjectType({ description: 'A message and its cursor.' })
export class MessageEdge {
  @Field({ description: 'Opaque cursor of this message.' })
  cursor!: string;

  @Field(() => Message, { description: 'The message.' })
  node!: Message;
}

@ObjectType({ description: 'A page of messages, oldest first (a Relay connection).' })
export class MessageConnection extends Connection {
  @Field(() => [MessageEdge], { description: 'The messages of this page.' })
  edges!: MessageEdge[];
}
