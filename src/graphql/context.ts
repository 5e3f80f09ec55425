import type { Caller } from '../auth/auth.js';
import { UnauthenticatedError } from '../errors.js';
import type { RequestMeta } from '../http/request-context.js';
import type { RequestLogFields } from '../http/request-state.js';
import type { ResponseBudget } from './response-budget.js';

/** The WebSocket a subscription runs on, as its event source needs it. */
export interface LiveConnection {
  /** Bytes handed to the socket that its client has not taken yet. */
  bufferedAmount(): number;
  /** Closes the socket because its client does not keep up with its events (a slow consumer). */
  dropSlow(): void;
}

/** What every resolver gets: who calls (null without a token) and the request's ids. */
export interface GraphQLContext {
  readonly caller: Caller | null;
  readonly meta: RequestMeta;
  readonly log: RequestLogFields;
  /** Bytes of stored content this response may still carry. */
  readonly budget: ResponseBudget;
  /** Over WebSocket only: the socket the operation runs on. */
  readonly live?: LiveConnection;
}

/** The caller, or UNAUTHENTICATED when the request carried no token. */
export function requireCaller(context: GraphQLContext): Caller {
  if (!context.caller) throw new UnauthenticatedError();
  return context.caller;
}
