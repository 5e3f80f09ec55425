import type { Database } from '../db/database.js';
import { uuidv7 } from '../ids.js';
import { MESSAGE_ROLES, Message } from './message.entity.js';
import { Thread } from './thread.entity.js';

/** Rows per INSERT: far below SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 500;

export interface SeedOptions {
  readonly threads: number;
  readonly messagesPerThread: number;
  readonly owner: string;
  readonly projectId?: string | null;
  readonly title?: (index: number) => string;
  readonly content?: (threadIndex: number, messageIndex: number) => string;
}

/** Inserts threads with messages in bulk, one transaction per chunk of threads; returns their ids. */
export async function seedThreads(db: Database, options: SeedOptions): Promise<string[]> {
  const ids: string[] = [];
  const base = Date.now() - options.threads * 1000;
  const threadsPerTransaction = Math.max(1, Math.floor(CHUNK / Math.max(1, options.messagesPerThread)));
  for (let start = 0; start < options.threads; start += threadsPerTransaction) {
    const indexes = range(start, Math.min(options.threads, start + threadsPerTransaction));
    const threads = indexes.map((index) => newThread(options, index, new Date(base + index * 1000)));
    await db.transaction(async (manager) => {
      await manager.insert(Thread, threads);
      for (const [offset, thread] of threads.entries()) {
        for (let first = 0; first < options.messagesPerThread; first += CHUNK) {
          const messages = range(first, Math.min(options.messagesPerThread, first + CHUNK));
          await manager.insert(
            Message,
            messages.map((index) => newMessage(options, thread, start + offset, index)),
          );
        }
      }
    });
    ids.push(...threads.map((thread) => thread.id));
  }
  return ids;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, offset) => start + offset);
}

function newThread(options: SeedOptions, index: number, createdAt: Date): Thread {
  return Object.assign(new Thread(), {
    id: uuidv7(),
    title: options.title?.(index) ?? `Seeded thread ${index + 1}`,
    projectId: options.projectId ?? null,
    conversationId: null,
    userId: options.owner,
    createdAt,
    updatedAt: createdAt,
    deletedAt: null,
    deletedBy: null,
    restoreUntil: null,
  });
}

function newMessage(options: SeedOptions, thread: Thread, threadIndex: number, index: number): Message {
  return Object.assign(new Message(), {
    id: uuidv7(),
    threadId: thread.id,
    role: MESSAGE_ROLES[index % 2],
    content: options.content?.(threadIndex, index) ?? `Message ${index + 1} of thread ${threadIndex + 1}.`,
    createdAt: new Date(thread.createdAt.getTime() + index),
  });
}

const DEMO_THREADS = [
  {
    title: 'Welcome to chat-thread-gateway',
    messages: ['Hi! What can this gateway do?', 'It deletes threads, over GraphQL and REST.'],
  },
  { title: 'Trip planning', messages: ['Where should we go in spring?', 'Lisbon is lovely in April.', 'Book it!'] },
  { title: 'Recipe ideas', messages: ['Something quick with lentils?', 'Try a lentil soup with cumin and lemon.'] },
];

/** Gives a fresh embedded database a few threads owned by `owner`; does nothing if any thread exists. */
export async function seedDemoData(db: Database, owner: string): Promise<string[]> {
  const existing = await db.read((manager) => manager.count(Thread));
  if (existing > 0) return [];
  const ids: string[] = [];
  for (const demo of DEMO_THREADS) {
    const [id] = await seedThreads(db, {
      threads: 1,
      messagesPerThread: demo.messages.length,
      owner,
      projectId: 'demo',
      title: () => demo.title,
      content: (_thread, index) => demo.messages[index],
    });
    ids.push(id);
  }
  return ids;
}
