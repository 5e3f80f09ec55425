import type { Caller } from '../auth/auth.js';
import { UnauthenticatedError } from '../errors.js';
import type { RequestMeta } from '../http/request-context.js';
import type { ResponseBudget } from './response-budget.js';

/** What the request log line says about a request, filled in as it is handled. */
export interface RequestLogFields {
  operation?: string;
  /** `success`, or what went wrong (an error code, or a delete result's error). */
  outcome?: string;
  errors?: string[];
}

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
