import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { type GraphQLContext, requireCaller } from '../graphql/context.js';
import { ConnectionArgs } from '../pagination/connection-args.js';
import { pageOf } from '../pagination/page.js';
import { assertValid, checkThreadId } from '../validation.js';
import { AuditEntryConnection } from './audit.connections.js';
import { AUDIT_ORDER, type AuditService } from './audit.service.js';
import { AuditEntry } from './audit-entry.entity.js';

/** The audit trail of deletes, restores and purges. */
@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnection, {
    description:
      "Audit entries of one of the caller's threads (any thread, for an admin), newest first; they outlive the thread.",
  })
  auditEntries(
    @Arg('threadId', () => ID, { description: 'The thread, which may no longer exist.' }) threadId: string,
    @Args(() => ConnectionArgs) paging: ConnectionArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<AuditEntryConnection> {
    const caller = requireCaller(context);
    assertValid([checkThreadId(threadId, ['threadId'])]);
    return this.audit.list(caller, threadId, pageOf(paging, AUDIT_ORDER));
  }
}
