import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../audit/audit.service.js';
import { type Caller, canAccess } from '../../auth/auth.js';
import type { Database } from '../../db/database.js';
import { ThreadNotFoundError } from '../../errors.js';
import type { RequestMeta } from '../../http/request-context.js';
import { loadPage, type Order } from '../../pagination/keyset.js';
import type { Page } from '../../pagination/page.js';
import { ThreadConnection } from '../thread.connections.js';
import { Thread } from '../thread.entity.js';
import { announceThreadEvent } from '../thread.events.js';
import { selectThreadForWrite } from '../thread.queries.js';
import { applyThreadFilter, type ThreadFilter } from '../thread.search.js';

/** The trash: soft-deleted threads that can still be restored. */
export class ThreadTrashService {
  constructor(private readonly db: Database) {}

  /** The caller's restorable threads (everyone's, for an admin) that pass `filter`, a page in `order`. */
  async listDeleted(
    caller: Caller,
    page: Page,
    order: Order,
    filter: ThreadFilter | null,
    now = new Date(),
  ): Promise<ThreadConnection> {
    const rows = (manager: EntityManager) => {
      const query = manager
        .createQueryBuilder(Thread, 'thread')
        .where('thread.deletedAt IS NOT NULL')
        .andWhere('thread.restoreUntil > :now', { now });
      if (!caller.isAdmin) query.andWhere('thread.userId = :userId', { userId: caller.userId });
      return applyThreadFilter(query, filter);
    };
    // deletedAt is never null here (the query keeps trashed threads only); the fallback satisfies the type.
    const key = (node: Thread) => node.deletedAt ?? node.createdAt;
    return ThreadConnection.of(await loadPage((work) => this.db.read(work), rows, 'thread', order, page, key));
  }

  /**
   * Brings a soft-deleted thread back with every message, for its owner or an admin, before its
   * restore window closes; after that (or for anyone else) it is THREAD_NOT_FOUND.
   */
  restore(caller: Caller, meta: RequestMeta, threadId: string): Promise<Thread> {
    return this.db.transaction(async (manager) => {
      const thread = await selectThreadForWrite(manager, threadId, 'deleted');
      const now = new Date();
      if (!thread || !canAccess(caller, thread.userId) || !thread.restoreUntil || thread.restoreUntil <= now) {
        throw new ThreadNotFoundError(threadId);
      }
      const { messageCount } = thread;
      const [auditEntryId] = await recordAudit(manager, {
        action: 'RESTORE',
        threadId,
        actor: caller.userId,
        owner: thread.userId,
        messageCount,
        requestId: meta.requestId,
        traceId: meta.traceId,
        at: now,
      });
      const restored = { deletedAt: null, deletedBy: null, restoreUntil: null, updatedAt: now };
      await manager.update(Thread, { id: threadId }, restored);
      await announceThreadEvent(this.db, manager, {
        kind: 'RESTORED',
        threadId,
        owner: thread.userId,
        actor: caller.userId,
        projectId: thread.projectId,
        at: now,
        messageCount,
        auditEntryId,
      });
      return Object.assign(thread, restored);
    });
  }
}
