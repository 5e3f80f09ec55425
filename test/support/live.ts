import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { dataOf, type TestApp } from './test-app.js';
import { bearer } from './transports.js';

/** Every field of ThreadEvent. */
export const EVENT_FIELDS = 'id kind threadId owner actor projectId at messageCount auditEntryId restoreUntil';

export const THREAD_EVENTS = `subscription Events($filter: ThreadEventFilter) {
  threadEvents(filter: $filter) { ${EVENT_FIELDS} }
}`;

/** A ThreadEvent as a subscriber receives it. */
export interface ReceivedEvent {
  readonly id: string;
  readonly kind: string;
  readonly threadId: string;
  readonly owner: string;
  readonly actor: string;
  readonly projectId: string | null;
  readonly at: string;
  readonly messageCount: number;
  readonly auditEntryId: string | null;
  readonly restoreUntil: string | null;
}

/** How a socket ended, as the client saw it. */
export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** One subscription's record: what it received, in order, and how it ended. */
export class Recorder {
  readonly events: ReceivedEvent[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  private waiters: (() => void)[] = [];

  push(event: ReceivedEvent): void {
    this.events.push(event);
    this.wake();
  }

  fail(error: unknown): void {
    this.errors.push(error);
    this.wake();
  }

  complete(): void {
    this.completed = true;
    this.wake();
  }

  /** Resolves once `predicate` holds (checked after every event, error or completion). */
  async until(predicate: (recorder: Recorder) => boolean): Promise<void> {
    while (!predicate(this)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves with the first event that `predicate` picks, once it arrives. */
  async eventWhere(predicate: (event: ReceivedEvent) => boolean): Promise<ReceivedEvent> {
    await this.until((recorder) => recorder.events.some(predicate));
    return this.events.find(predicate) as ReceivedEvent;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** A graphql-ws client on the gateway's /graphql, authenticated with `token` (none when null). */
export class LiveClient {
  readonly client: Client;
  readonly closed: Promise<Closed>;
  readonly connected: Promise<void>;

  constructor(httpUrl: string, token: string | null, extra: { connectionParams?: Record<string, unknown> } = {}) {
    let onClosed: (closed: Closed) => void = () => undefined;
    let onConnected: () => void = () => undefined;
    this.closed = new Promise((resolve) => {
      onClosed = resolve;
    });
    this.connected = new Promise((resolve) => {
      onConnected = resolve;
    });
    this.client = createClient({
      url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: extra.connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
      on: {
        connected: () => onConnected(),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          onClosed({ code, reason: String(reason) });
        },
      },
      // The test waits on `closed`; graphql-ws would otherwise report a failed connect as unhandled.
      onNonLazyError: () => undefined,
    });
  }

  /** Starts a subscription; its events and errors go to the returned recorder. */
  subscribe(query: string = THREAD_EVENTS, variables: Record<string, unknown> = {}): Recorder {
    const recorder = new Recorder();
    this.client.subscribe<{ threadEvents: ReceivedEvent }>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) recorder.fail(result.errors);
          else if (result.data) recorder.push(result.data.threadEvents);
        },
        error: (error) => recorder.fail(error),
        complete: () => recorder.complete(),
      },
    );
    return recorder;
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

const CREATE = 'mutation ($title: String!) { createThread(input: { title: $title, projectId: "p1" }) { id } }';

/** Opens a socket for `userId`, subscribes, and makes sure the subscription is live (see `markLive`). */
export async function subscribed(
  t: TestApp,
  userId: string,
  variables: Record<string, unknown> = {},
  roles: string[] = [],
): Promise<{ client: LiveClient; events: Recorder }> {
  const client = new LiveClient(t.url, await t.token(userId, { roles }));
  await client.connected;
  const events = client.subscribe(undefined, { filter: variables.filter ?? null });
  await markLive(t, events, variables.filter ? null : userId);
  return { client, events };
}

/**
 * Waits until the subscription hears events: creates a marker thread for `owner` and waits for
 * its CREATED event, then forgets the marker. Without this, a change made right after subscribing
 * could commit before the server registered the subscription. A filtered subscription is marked by
 * its own first event instead (owner null: nothing to do here).
 */
async function markLive(t: TestApp, events: Recorder, owner: string | null): Promise<void> {
  if (owner === null) return;
  const id = await createThread(t, owner, 'marker');
  await events.eventWhere((event) => event.threadId === id && event.kind === 'CREATED');
  events.events.length = 0;
}

export async function createThread(t: TestApp, userId: string, title = 'a thread'): Promise<string> {
  const headers = await bearer(t, userId);
  return dataOf(await t.graphql<{ createThread: { id: string } }>(CREATE, { title }, headers)).createThread.id;
}

/** Creates a thread and waits until `events` heard it, so that everything committed before it was heard too. */
export async function createHeard(t: TestApp, events: Recorder, userId: string): Promise<string> {
  const id = await createThread(t, userId);
  await events.eventWhere((event) => event.threadId === id && event.kind === 'CREATED');
  return id;
}

/** Makes a change that `events` must hear (a thread of `userId`), waits for it, and returns every event before it. */
export async function eventsBeforeMarker(t: TestApp, events: Recorder, userId: string): Promise<string[]> {
  const marker = await createThread(t, userId, 'marker');
  await events.eventWhere((event) => event.threadId === marker);
  const index = events.events.findIndex((event) => event.threadId === marker);
  return events.events.slice(0, index).map((event) => `${event.kind} ${event.threadId}`);
}
