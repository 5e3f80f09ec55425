import type { Caller } from '../auth/auth.js';
import { UnauthenticatedError } from '../errors.js';
import type { RequestMeta } from '../http/request-context.js';
import type { RequestLogFields } from '../http/request-state.js';
import type { ResponseBudget } from './response-budget.js';

/** What every resolver gets: who calls (null without a token) and the request's ids. */
export interface GraphQLContext {
  readonly caller: Caller | null;
  readonly meta: RequestMeta;
  readonly log: RequestLogFields;
  /** Bytes of stored content this response may still carry. */
  readonly budget: ResponseBudget;
}

/** The caller, or UNAUTHENTICATED when the request carried no token. */
export function requireCaller(context: GraphQLContext): Caller {
  if (!context.caller) throw new UnauthenticatedError();
  return context.caller;
}
