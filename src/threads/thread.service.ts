import { type EntityManager, IsNull } from 'typeorm';
import { type Caller, canAccess } from '../auth/auth.js';
import type { Database } from '../db/database.js';
import { isForeignKeyViolation } from '../db/db-errors.js';
import { ThreadNotFoundError } from '../errors.js';
import { jsonStringBytes, type ResponseBudget } from '../graphql/response-budget.js';
import { uuidv7 } from '../ids.js';
import { countUpTo } from '../pagination/count.js';
import { edgesOf, loadPage, type Order, type Read, rowsBeyond, seek, totalOf } from '../pagination/keyset.js';
import type { Page } from '../pagination/page.js';
import { Message } from './message.entity.js';
import { MessageConnection, ThreadConnection } from './thread.connections.js';
import { Thread } from './thread.entity.js';
import { announceThreadEvent } from './thread.events.js';
import type { AddMessageInput, CreateThreadInput } from './thread.inputs.js';
import { isGone, selectThreadForWrite } from './thread.queries.js';
import { adminReadPath, applyThreadFilter, MESSAGE_ORDER, type ThreadFilter } from './thread.search.js';

/** Creating threads and messages, and reading the caller's live (not soft-deleted) threads. */
export class ThreadService {
  private readonly read: Read;

  constructor(private readonly db: Database) {
    this.read = (work) => db.read(work);
  }

  /** Creates a thread owned by the caller, with a server-generated, time-ordered id. */
  async createThread(caller: Caller, input: CreateThreadInput): Promise<Thread> {
    const now = new Date();
    const thread = Object.assign(new Thread(), {
      id: uuidv7(),
      title: input.title,
      projectId: input.projectId ?? null,
      conversationId: input.conversationId ?? null,
      userId: caller.userId,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      deletedBy: null,
      restoreUntil: null,
    });
    await this.db.transaction(async (manager) => {
      await manager.insert(Thread, thread);
      await announceThreadEvent(this.db, manager, {
        kind: 'CREATED',
        threadId: thread.id,
        owner: thread.userId,
        actor: caller.userId,
        projectId: thread.projectId,
        at: now,
        messageCount: 0,
      });
    });
    return thread;
  }

  /**
   * Appends a message to one of the caller's live threads. The thread row is locked first, so
   * a concurrent delete either happens before (and this reports THREAD_NOT_FOUND) or after
   * (and removes this message with the thread): no orphan, no resurrected thread.
   */
  async addMessage(caller: Caller, input: AddMessageInput): Promise<Message> {
    try {
      return await this.db.transaction(async (manager) => {
        const thread = await selectThreadForWrite(manager, input.threadId, 'live', 'for_no_key_update');
        if (!thread || !canAccess(caller, thread.userId)) throw new ThreadNotFoundError(input.threadId);
        const now = new Date();
        const message = Object.assign(new Message(), {
          id: uuidv7(),
          threadId: thread.id,
          role: input.role,
          content: input.content,
          createdAt: now,
        });
        await manager.insert(Message, message);
        await manager.update(Thread, { id: thread.id }, { updatedAt: now });
        if (this.db.announcing)
          await announceThreadEvent(this.db, manager, {
            kind: 'MESSAGE_ADDED',
            threadId: thread.id,
            owner: thread.userId,
            actor: caller.userId,
            projectId: thread.projectId,
            at: now,
            // Read under the row lock, plus this message: exact, and in step with the order the events are heard in.
            messageCount: thread.messageCount + 1,
          });
        return message;
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new ThreadNotFoundError(input.threadId);
      throw error;
    }
  }

  /** One of the caller's live threads, or null (missing, soft-deleted and foreign look the same). */
  async findThread(caller: Caller, threadId: string): Promise<Thread | null> {
    const thread = await this.db.read((manager) => manager.findOneBy(Thread, { id: threadId, deletedAt: IsNull() }));
    return thread && canAccess(caller, thread.userId) ? thread : null;
  }

  /**
   * What `node(id)` finds among threads and messages: a thread the caller could list (live, or in
   * the trash within its window) or a message of one; null for anything else, foreign ones included.
   */
  findNode(caller: Caller, id: string, now = new Date()): Promise<Thread | Message | null> {
    const readable = (thread: Thread | null) =>
      thread !== null && !isGone(thread, now) && canAccess(caller, thread.userId);
    return this.db.read(async (manager) => {
      const thread = await manager.findOneBy(Thread, { id });
      if (thread) return readable(thread) ? thread : null;
      const message = await manager.findOneBy(Message, { id });
      if (!message) return null;
      return readable(await manager.findOneBy(Thread, { id: message.threadId })) ? message : null;
    });
  }

  /** The caller's live threads (every user's, for an admin) that pass `filter`, a page in `order`. */
  async listThreads(caller: Caller, page: Page, order: Order, filter: ThreadFilter | null): Promise<ThreadConnection> {
    const rows = (manager: EntityManager) => {
      const query = manager.createQueryBuilder(Thread, 'thread').where('thread.deletedAt IS NULL');
      if (!caller.isAdmin) query.andWhere('thread.userId = :userId', { userId: caller.userId });
      return applyThreadFilter(query, filter);
    };
    const key = (node: Thread) => (order.column === 'updatedAt' ? node.updatedAt : node.createdAt);
    const path = caller.isAdmin ? adminReadPath(this.db.kind, filter, order) : 'walkOrder';
    return ThreadConnection.of(await loadPage(this.read, rows, 'thread', order, page, key, path));
  }

  /**
   * A thread's messages, oldest first. The caller must already have been allowed to see the
   * thread. The page's sizes are read first and charged to the response budget, so contents
   * that would not fit are never loaded; what JSON escaping adds is charged once they are.
   */
  async listMessages(threadId: string, page: Page, budget: ResponseBudget): Promise<MessageConnection> {
    const messages = (manager: EntityManager) =>
      manager.createQueryBuilder(Message, 'message').where('message.threadId = :threadId', { threadId });
    const { rows, beyond } = await this.db.read(async (manager) => {
      const sizes = await seek(messages(manager), 'message', MESSAGE_ORDER, page)
        .select('message.id', 'id')
        .addSelect('LENGTH(message.content)', 'length')
        .getRawMany<{ id: string; length: number | string }>();
      const beyond = await rowsBeyond(messages(manager), 'message', MESSAGE_ORDER, page);
      if (sizes.length === 0) return { rows: [], beyond };
      budget.charge(sizes.slice(0, page.size).reduce((sum, row) => sum + Number(row.length), 0));
      const ids = sizes.map((row) => row.id);
      const found = await manager
        .createQueryBuilder(Message, 'message')
        .where('message.id IN (:...ids)', { ids })
        .getMany();
      const byId = new Map(found.map((message) => [message.id, message]));
      return { rows: ids.flatMap((id) => byId.get(id) ?? []), beyond };
    });
    budget.charge(
      rows
        .slice(0, page.size)
        .reduce((sum, message) => sum + jsonStringBytes(message.content) - message.content.length, 0),
    );
    return MessageConnection.of({
      ...edgesOf(rows, page, MESSAGE_ORDER, (node) => node.createdAt, beyond),
      count: totalOf(page, rows.length, () => this.read((manager) => countUpTo(messages(manager)))),
    });
  }
}
