import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Authenticator, Caller } from '../auth/auth.js';
import type { SubscriptionLimits } from '../config.js';
import type { Metrics } from '../http/metrics.js';
import { type RequestMeta, requestMetaFrom } from '../http/request-context.js';
import type { Logger } from '../logger.js';
import type { LiveConnection } from './context.js';
import { closeSoon, WS_CLOSE } from './ws-close.js';

/** The longest delay a Node.js timer takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What one accepted socket holds. */
export interface SocketState {
  readonly caller: Caller;
  readonly meta: RequestMeta;
  readonly openedAt: number;
  expiry: NodeJS.Timeout | null;
}

/**
 * The accepted sockets of this process: who each is, until when its token holds, and how many
 * each user has open. A socket is accepted at `connection_init` (its token checked as over HTTP,
 * the user's socket limit kept) and closed with 4403 when its token expires.
 */
export class WsSockets {
  private readonly states = new WeakMap<WebSocket, SocketState>();
  private readonly socketsOf = new Map<string, number>();
  private open = 0;

  constructor(
    private readonly deps: {
      readonly authenticator: Authenticator;
      readonly metrics: Metrics;
      readonly logger: Logger;
      readonly bounds: SubscriptionLimits;
    },
  ) {}

  /** Acknowledged sockets open now. */
  get count(): number {
    return this.open;
  }

  /** The state of an accepted socket; undefined before `connection_init` was accepted. */
  stateOf(socket: WebSocket): SocketState | undefined {
    return this.states.get(socket);
  }

  /**
   * Accepts a socket's `connection_init` (payload `authorization` or `Authorization`: "Bearer <JWT>").
   * False refuses it: graphql-ws then closes it with 4403, unless it was closed here with another code.
   */
  async accept(socket: WebSocket, request: IncomingMessage, params: Record<string, unknown>): Promise<boolean> {
    const { authenticator, metrics, bounds } = this.deps;
    const header = params.authorization ?? params.Authorization;
    const auth = await authenticator
      .authenticateUntil(typeof header === 'string' ? header : undefined)
      .catch(() => null);
    if (!auth || auth.acceptedUntil <= Date.now()) {
      metrics.wsDrops.inc({ reason: 'forbidden' });
      return false;
    }
    const { userId } = auth.caller;
    const count = this.socketsOf.get(userId) ?? 0;
    if (count >= bounds.socketsPerUser) {
      metrics.wsDrops.inc({ reason: 'too_many_sockets' });
      closeSoon(socket, WS_CLOSE.tooManySockets, 'Too many sockets for this user');
      return false;
    }
    this.socketsOf.set(userId, count + 1);
    this.open += 1;
    const state: SocketState = {
      caller: auth.caller,
      meta: requestMetaFrom(request.headers),
      openedAt: performance.now(),
      expiry: null,
    };
    this.states.set(socket, state);
    this.expireAt(socket, state, auth.acceptedUntil);
    return true;
  }

  /** Forgets a closed socket (any socket: one never accepted has nothing to forget) and logs it. */
  release(socket: WebSocket, code: number | undefined): void {
    const state = this.states.get(socket);
    if (!state) return;
    this.states.delete(socket);
    if (state.expiry) clearTimeout(state.expiry);
    const { userId } = state.caller;
    const left = (this.socketsOf.get(userId) ?? 1) - 1;
    if (left > 0) this.socketsOf.set(userId, left);
    else this.socketsOf.delete(userId);
    this.open -= 1;
    const durationMs = Math.round(performance.now() - state.openedAt);
    this.deps.logger.info({ requestId: state.meta.requestId, userId, code, durationMs }, 'websocket closed');
  }

  /** What a subscription on `socket` needs of it: its unread bytes, and how to drop it. */
  liveOf(socket: WebSocket): LiveConnection {
    return {
      bufferedAmount: () => socket.bufferedAmount,
      dropSlow: () => {
        this.deps.metrics.wsDrops.inc({ reason: 'slow_consumer' });
        closeSoon(socket, WS_CLOSE.slowConsumer, 'Slow consumer: events were not read in time');
      },
    };
  }

  private expireAt(socket: WebSocket, state: SocketState, acceptedUntil: number): void {
    const delay = acceptedUntil - Date.now();
    state.expiry = setTimeout(
      () => {
        if (Date.now() < acceptedUntil) return this.expireAt(socket, state, acceptedUntil);
        this.deps.metrics.wsDrops.inc({ reason: 'token_expired' });
        closeSoon(socket, WS_CLOSE.forbidden, 'Token expired');
      },
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
    state.expiry.unref();
  }
}
