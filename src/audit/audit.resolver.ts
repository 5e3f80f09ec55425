import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { type GraphQLContext, requireCaller } from '../graphql/context.js';
import { pageSize } from '../pagination/cursor.js';
import { assertValid, checkThreadId } from '../validation.js';
import type { AuditService } from './audit.service.js';
import { AuditEntry } from './audit-entry.entity.js';

/** The audit trail of deletes, restores and purges. */
@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEntry], {
    description:
      "Audit entries of one of the caller's threads (any thread, for an admin), newest first; they outlive the thread.",
  })
  auditEntries(
    @Arg('threadId', () => ID, { description: 'The thread, which may no longer exist.' }) threadId: string,
    @Arg('first', () => Int, { nullable: true, description: 'How many entries, 1 to 100 (default 20).' }) first:
      | number
      | null
      | undefined,
    @Ctx() context: GraphQLContext,
  ): Promise<AuditEntry[]> {
    const caller = requireCaller(context);
    assertValid([checkThreadId(threadId, ['threadId'])]);
    return this.audit.list(caller, threadId, pageSize(first, ['first']));
  }
}
