import type { LiveConnection } from '../../graphql/context.js';
import type { ThreadEventData } from '../thread.events.js';

/** Whose events, and which of them, one subscription receives (checked by the resolver). */
export interface EventSelection {
  /** The owner whose threads are followed: the caller, or for an admin the user it named. */
  readonly owner: string;
  readonly threadId: string | null;
  readonly projectId: string | null;
}

/** How far a subscriber may fall behind before it is dropped. */
export interface BusLimits {
  /** Events waiting for a subscriber to take them (graphql-ws takes the next one once the last was written). */
  readonly maxQueuedEvents: number;
  /** Bytes written to the socket that its client has not read. */
  readonly maxBufferedBytes: number;
}

interface Subscriber {
  readonly selection: EventSelection;
  readonly live: LiveConnection | null;
  readonly queue: ThreadEventData[];
  wake: (() => void) | null;
  done: boolean;
}

function selects(selection: EventSelection, event: ThreadEventData): boolean {
  return (
    event.owner === selection.owner &&
    (selection.threadId === null || event.threadId === selection.threadId) &&
    (selection.projectId === null || event.projectId === selection.projectId)
  );
}

/**
 * This process's subscribers and the fan-out of committed events to them. Every event is matched
 * against each subscription's owner (never another user's, unless an admin asked for that user)
 * and filters, here on the server; a match is queued for that subscriber alone. A subscriber whose
 * queue or socket buffer passes its limit is dropped (its socket closed, see `LiveConnection`),
 * never buffered without bound.
 */
export class ThreadEventBus {
  private readonly subscribers = new Set<Subscriber>();
  /** Subscribers with new events, woken together once the current turn of the event loop is done. */
  private readonly toWake = new Set<Subscriber>();
  private wakeScheduled = false;

  constructor(
    private readonly limits: BusLimits,
    private readonly onDrop: () => void = () => undefined,
  ) {}

  /** How many subscriptions are open in this process. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Hands a committed event to every subscription that selects it. */
  publish(event: ThreadEventData): void {
    for (const subscriber of this.subscribers) {
      if (!selects(subscriber.selection, event)) continue;
      const { live } = subscriber;
      if (
        subscriber.queue.length >= this.limits.maxQueuedEvents ||
        (live !== null && live.bufferedAmount() > this.limits.maxBufferedBytes)
      ) {
        this.end(subscriber);
        this.onDrop();
        live?.dropSlow();
        continue;
      }
      subscriber.queue.push(event);
      this.toWake.add(subscriber);
    }
    if (this.toWake.size > 0 && !this.wakeScheduled) {
      // Writing an event to a thousand sockets takes a while (each is executed and serialized for
      // its subscriber): the request whose commit published it is answered first.
      this.wakeScheduled = true;
      setImmediate(() => this.wakeAll());
    }
  }

  private wakeAll(): void {
    this.wakeScheduled = false;
    const woken = [...this.toWake];
    this.toWake.clear();
    for (const subscriber of woken) subscriber.wake?.();
  }

  /** The events `selection` picks, from now on, until the iterator is returned or the bus closes. */
  subscribe(selection: EventSelection, live: LiveConnection | null): AsyncIterableIterator<ThreadEventData> {
    const subscriber: Subscriber = { selection, live, queue: [], wake: null, done: false };
    this.subscribers.add(subscriber);
    const finish = (): Promise<IteratorResult<ThreadEventData>> => {
      this.end(subscriber);
      return Promise.resolve({ done: true, value: undefined });
    };
    const iterator: AsyncIterableIterator<ThreadEventData> = {
      next: async () => {
        for (;;) {
          const event = subscriber.queue.shift();
          if (event) return { done: false, value: event };
          if (subscriber.done) return { done: true, value: undefined };
          await new Promise<void>((resolve) => {
            subscriber.wake = resolve;
          });
          subscriber.wake = null;
        }
      },
      return: finish,
      throw: finish,
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Ends every subscription (shutdown). */
  close(): void {
    for (const subscriber of this.subscribers) this.end(subscriber);
  }

  private end(subscriber: Subscriber): void {
    subscriber.done = true;
    subscriber.queue.length = 0;
    this.subscribers.delete(subscriber);
    this.toWake.delete(subscriber);
    subscriber.wake?.();
  }
}
