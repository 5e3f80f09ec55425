import type { ServerResponse } from 'node:http';
import type { RequestMeta } from './request-context.js';

/** What the request log line says about a request, filled in as it is handled. */
export interface RequestLogFields {
  operation?: string;
  /** `success`, or what went wrong (an error code, or a delete result's error). */
  outcome?: string;
  errors?: string[];
}

/** What the server knows about a request while it handles it: its ids, and what its log line will say. */
export interface RequestState {
  readonly meta: RequestMeta;
  readonly log: RequestLogFields;
}

const STATE = Symbol('chat-thread-gateway.request');

type WithState = ServerResponse & { [STATE]?: RequestState };

/** Attaches a request's state to its response, where every handler (node:http or Express) finds it. */
export function attachRequestState(res: ServerResponse, state: RequestState): void {
  (res as WithState)[STATE] = state;
}

/** The state the server attached when the request arrived. */
export function requestStateOf(res: ServerResponse): RequestState {
  const state = (res as WithState)[STATE];
  if (!state) throw new Error('request state missing: the response did not come through the gateway request listener');
  return state;
}
