import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from '../pagination/page-info.js';
import { Message } from './message.entity.js';
import { Thread } from './thread.entity.js';

@ObjectType({ description: 'A thread and its cursor.' })
export class ThreadEdge {
  @Field({ description: 'Opaque cursor of this thread.' })
  cursor!: string;

  @Field(() => Thread, { description: 'The thread.' })
  node!: Thread;
}

@ObjectType({ description: 'A page of threads.' })
export class ThreadConnection {
  @Field(() => [ThreadEdge], { description: 'The threads of this page.' })
  edges!: ThreadEdge[];

  @Field(() => PageInfo, { description: 'Whether more threads follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'A message and its cursor.' })
export class MessageEdge {
  @Field({ description: 'Opaque cursor of this message.' })
  cursor!: string;

  @Field(() => Message, { description: 'The message.' })
  node!: Message;
}

@ObjectType({ description: 'A page of messages, oldest first.' })
export class MessageConnection {
  @Field(() => [MessageEdge], { description: 'The messages of this page.' })
  edges!: MessageEdge[];

  @Field(() => PageInfo, { description: 'Whether more messages follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}
