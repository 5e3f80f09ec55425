import type { Fetcher } from '@graphiql/toolkit';
import type { ExecutionResult } from 'graphql';

/**
 * The thread the example tabs walk through: the one the gateway named when the page loaded (or
 * the THREAD_ID placeholder when it had none to name), then each thread CreateThread makes. The tabs
 * keep the id they were given; `rewrite` brings a tab's variables up to date when it is shown.
 */
export class WalkthroughThread {
  private current: string;
  private readonly superseded = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(initial: string) {
    this.current = initial;
  }

  /** The id the tabs name now. */
  readonly id = (): string => this.current;

  /** For `useSyncExternalStore`: calls `listener` whenever the walkthrough moves to another thread. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The walkthrough moves to `threadId` (a thread CreateThread has just made). */
  follow(threadId: string): void {
    if (threadId === this.current) return;
    this.superseded.add(this.current);
    this.current = threadId;
    for (const listener of this.listeners) listener();
  }

  /** `variables` (a tab's JSON text) with every earlier walkthrough id, as a JSON string, replaced by the current one. */
  rewrite(variables: string): string {
    let text = variables;
    for (const old of this.superseded) text = text.replaceAll(JSON.stringify(old), JSON.stringify(this.current));
    return text;
  }
}

/** The id of the thread in a `createThread` answer, if `result` is one. */
function createdThreadId(result: unknown): string | null {
  if (typeof result !== 'object' || result === null || !('data' in result)) return null;
  const { data } = result as { data?: { createThread?: { id?: unknown } | null } | null };
  const id = data?.createThread?.id;
  return typeof id === 'string' ? id : null;
}

/** `source`, and the walkthrough follows each thread that one of its results says CreateThread made. */
async function* following(source: AsyncIterable<unknown>, walkthrough: WalkthroughThread): AsyncGenerator<unknown> {
  for await (const result of source) {
    const created = createdThreadId(result);
    if (created) walkthrough.follow(created);
    yield result;
  }
}

/** `fetcher`, and when an answer carries a thread CreateThread has made, the walkthrough follows it. */
export function followingCreatedThreads(fetcher: Fetcher, walkthrough: WalkthroughThread): Fetcher {
  return async (params, options) => {
    const result = await fetcher(params, options);
    if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result)
      return following(result as AsyncIterable<unknown>, walkthrough) as AsyncGenerator<ExecutionResult>;
    const created = createdThreadId(result);
    if (created) walkthrough.follow(created);
    return result;
  };
}
