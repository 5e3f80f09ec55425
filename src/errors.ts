/** One validation problem, shaped exactly like a pydantic v2 error item. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** Every error code a caller can see, GraphQL `extensions.code` and REST alike. */
export type ErrorCode =
  | 'THREAD_NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'SERVICE_UNAVAILABLE'
  | 'DATABASE_TIMEOUT'
  | 'THREAD_BUSY'
  | 'BACKUP_FAILED'
  | 'BACKUP_QUOTA_EXCEEDED'
  | 'RATE_LIMITED'
  | 'RESPONSE_TOO_LARGE'
  | 'FORBIDDEN'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'INTERNAL_SERVER_ERROR';

interface ErrorMapping {
  /** HTTP status of a REST response with this error. */
  readonly restStatus: number;
  /** FastAPI's `detail` for it (422 bodies carry the issue list instead). */
  readonly restDetail: string;
  /**
   * HTTP status of a GraphQL request refused with this error before it executed (no `data`),
   * answered as application/graphql-response+json. Under application/json such a request is 200, and
   * an executed one (`data` present, field errors or not) is 200 under both (src/graphql/http-status.ts).
   */
  readonly graphqlStatus: number;
  /** The message a GraphQL caller sees. */
  readonly message: string;
}

/** The one table from error code to what GraphQL and REST callers see. */
export const ERROR_MAP: Readonly<Record<ErrorCode, ErrorMapping>> = Object.freeze({
  THREAD_NOT_FOUND: {
    restStatus: 404,
    restDetail: 'Thread not found',
    graphqlStatus: 404,
    message: 'Thread not found.',
  },
  BAD_USER_INPUT: {
    restStatus: 422,
    restDetail: 'Unprocessable Entity',
    graphqlStatus: 400,
    message: 'Invalid input.',
  },
  UNAUTHENTICATED: {
    restStatus: 401,
    restDetail: 'Not authenticated',
    graphqlStatus: 401,
    message: 'Not authenticated.',
  },
  SERVICE_UNAVAILABLE: {
    restStatus: 503,
    restDetail: 'Service Unavailable',
    graphqlStatus: 503,
    message: 'The database is unavailable; try again shortly.',
  },
  // The database is up but cancelled this statement for running past its timeout: not an outage
  // (no "try again shortly"), and the same request would most likely run as long again. 504: the
  // gateway's upstream did not answer in time; 503 would invite the retry that cannot help.
  DATABASE_TIMEOUT: {
    restStatus: 504,
    restDetail: 'Database timeout: nothing was deleted',
    graphqlStatus: 504,
    message:
      'The operation took longer than the database allows and was cancelled; nothing was changed. ' +
      'Retrying the same request will likely time out again.',
  },
  // Another transaction holds or changed the rows this one needed (a lock wait past the lock
  // timeout, a deadlock, a serialization failure): a conflict with the thread's current state that
  // ends when the other request does. 409 on REST; in GraphQL an outcome for one thread, like
  // THREAD_NOT_FOUND, reported beside `data` (HTTP 200).
  THREAD_BUSY: {
    restStatus: 409,
    restDetail: 'Thread busy: nothing was deleted; try again',
    graphqlStatus: 409,
    message: 'Another request is holding this thread; nothing was changed. Try again.',
  },
  BACKUP_FAILED: {
    restStatus: 500,
    restDetail: 'Backup failed: nothing was deleted',
    graphqlStatus: 500,
    message: 'The backup could not be written; nothing was deleted.',
  },
  BACKUP_QUOTA_EXCEEDED: {
    restStatus: 403,
    restDetail: 'Backup quota exceeded: nothing was deleted',
    graphqlStatus: 403,
    message: "The caller's backups have used up their quota; nothing was deleted.",
  },
  RATE_LIMITED: {
    restStatus: 429,
    restDetail: 'Too Many Requests',
    graphqlStatus: 429,
    message: 'Too many requests; try again after the time in Retry-After.',
  },
  RESPONSE_TOO_LARGE: {
    restStatus: 500,
    restDetail: 'Response too large',
    graphqlStatus: 500,
    message: 'The answer would be too large; ask for fewer items (a smaller first) or fewer fields.',
  },
  // A subscription's filter names another user's threads and the caller is no admin (WebSocket only).
  FORBIDDEN: {
    restStatus: 403,
    restDetail: 'Forbidden',
    graphqlStatus: 403,
    message: "Only an admin may subscribe to another user's threads.",
  },
  // A socket asked for more subscriptions at once than WS_MAX_SUBSCRIPTIONS_PER_SOCKET (WebSocket only).
  TOO_MANY_SUBSCRIPTIONS: {
    restStatus: 429,
    restDetail: 'Too Many Requests',
    graphqlStatus: 429,
    message: 'This socket has as many subscriptions as it may; complete one first.',
  },
  INTERNAL_SERVER_ERROR: {
    restStatus: 500,
    restDetail: 'Internal Server Error',
    graphqlStatus: 500,
    message: 'Unexpected error.',
  },
});

/** Base of the errors the service raises on purpose; anything else is unexpected. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;

  /** Copied by graphql-js when it wraps this error: the code, and the HTTP status Apollo sends. */
  get extensions(): Record<string, unknown> {
    return { code: this.code, http: { status: ERROR_MAP[this.code].graphqlStatus } };
  }
}

export class ThreadNotFoundError extends DomainError {
  readonly code = 'THREAD_NOT_FOUND';
  constructor(readonly threadId: string) {
    super('Thread not found.');
  }
}

/** At most this many issues are reported (pydantic reports every one; a list of 300,000 bad ids must not be echoed). */
export const MAX_REPORTED_ISSUES = 10;

/**
 * An error answer never echoes more than a bounded amount of input: strings are cut to 256
 * characters, lists to 5 items, objects to 10 keys and 3 levels, whatever the caller sent.
 */
export function boundedInput(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > 256 ? `${value.slice(0, 256)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 3) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const head = value.slice(0, 5).map((item) => boundedInput(item, depth + 1));
    return value.length > 5 ? [...head, `… ${value.length - 5} more`] : head;
  }
  const entries = Object.entries(value);
  const head = entries
    .slice(0, 10)
    .map(([key, item]) => [boundedInput(key, depth + 1) as string, boundedInput(item, depth + 1)]);
  if (entries.length > 10) head.push(['…', `${entries.length - 10} more keys`]);
  return Object.fromEntries(head);
}

export class InputValidationError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    const reported = issues
      .slice(0, MAX_REPORTED_ISSUES)
      .map((issue) => ({ ...issue, input: boundedInput(issue.input) }));
    const more = issues.length > MAX_REPORTED_ISSUES ? `; and ${issues.length - MAX_REPORTED_ISSUES} more` : '';
    super(reported.map((issue) => `${issue.loc.slice(0, 5).join('.')}: ${issue.msg}`).join('; ') + more);
    this.issues = reported;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(reason = 'Not authenticated.') {
    super(reason);
  }

  /** With the challenge RFC 9110 asks of a 401 (sent under both media types, as REST sends it). */
  override get extensions(): Record<string, unknown> {
    const headers = new Map([['www-authenticate', 'Bearer']]);
    return { code: this.code, http: { status: ERROR_MAP.UNAUTHENTICATED.graphqlStatus, headers } };
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(options?: { cause?: unknown }) {
    super(ERROR_MAP.SERVICE_UNAVAILABLE.message, options);
  }
}

/** The database cancelled a statement that ran past its timeout (PostgreSQL 57014). */
export class DatabaseTimeoutError extends DomainError {
  readonly code = 'DATABASE_TIMEOUT';
  constructor(options?: { cause?: unknown }) {
    super(ERROR_MAP.DATABASE_TIMEOUT.message, options);
  }
}

/** Another transaction holds the rows a statement needed: a lock wait timed out, a deadlock, a serialization failure. */
export class ThreadBusyError extends DomainError {
  readonly code = 'THREAD_BUSY';
  constructor(options?: { cause?: unknown }) {
    super(ERROR_MAP.THREAD_BUSY.message, options);
  }
}

export class BackupFailedError extends DomainError {
  readonly code = 'BACKUP_FAILED';
  constructor(options?: { cause?: unknown }) {
    super(ERROR_MAP.BACKUP_FAILED.message, options);
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  /** Seconds until the caller may try again (the `Retry-After` header). */
  readonly retryAfterSeconds: number;
  constructor(retryAfterMs: number, reason = ERROR_MAP.RATE_LIMITED.message) {
    super(reason);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }

  override get extensions(): Record<string, unknown> {
    const headers = new Map([['retry-after', String(this.retryAfterSeconds)]]);
    return {
      code: this.code,
      retryAfterSeconds: this.retryAfterSeconds,
      http: { status: ERROR_MAP.RATE_LIMITED.graphqlStatus, headers },
    };
  }
}

export class BackupQuotaExceededError extends DomainError {
  readonly code = 'BACKUP_QUOTA_EXCEEDED';
  constructor() {
    super(ERROR_MAP.BACKUP_QUOTA_EXCEEDED.message);
  }
}

export class ResponseTooLargeError extends DomainError {
  readonly code = 'RESPONSE_TOO_LARGE';
  constructor() {
    super(ERROR_MAP.RESPONSE_TOO_LARGE.message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor() {
    super(ERROR_MAP.FORBIDDEN.message);
  }
}

export class TooManySubscriptionsError extends DomainError {
  readonly code = 'TOO_MANY_SUBSCRIPTIONS';
  constructor(limit: number) {
    super(`${ERROR_MAP.TOO_MANY_SUBSCRIPTIONS.message} (at most ${limit})`);
  }
}

/** The code an error is reported under; anything not raised on purpose is internal. */
export function errorCodeOf(error: unknown): ErrorCode {
  return error instanceof DomainError ? error.code : 'INTERNAL_SERVER_ERROR';
}
