import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditEntry } from '../audit/audit-entry.entity.js';
import { type GraphQLContext, requireCaller } from '../graphql/context.js';
import { Node } from '../pagination/node.js';
import { assertValid, checkThreadId } from '../validation.js';
import type { Message } from './message.entity.js';
import type { Thread } from './thread.entity.js';
import type { ThreadService } from './thread.service.js';

/** Relay's `node(id:)`: any object by its id, under the rules of the query that lists it. */
@Resolver()
export class NodeResolver {
  constructor(
    private readonly threads: ThreadService,
    private readonly audit: AuditService,
  ) {}

  @Query(() => Node, {
    nullable: true,
    description:
      'The thread, message or audit entry with this id, if the caller may read it where it is listed: a live or ' +
      "trashed thread of the caller's (threads, deletedThreads), a message of one, an entry of auditEntries. Null " +
      "otherwise: missing, gone and someone else's look the same.",
  })
  async node(
    @Arg('id', () => ID, { description: 'The id of a Thread, Message or AuditEntry.' }) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<Thread | Message | AuditEntry | null> {
    const caller = requireCaller(context);
    assertValid([checkThreadId(id, ['id'])]);
    return (await this.threads.findNode(caller, id)) ?? (await this.audit.find(caller, id));
  }
}
