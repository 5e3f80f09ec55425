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
  | 'BACKUP_FAILED'
  | 'INTERNAL_SERVER_ERROR';

interface ErrorMapping {
  /** HTTP status of a REST response with this error. */
  readonly restStatus: number;
  /** FastAPI's `detail` for it (422 bodies carry the issue list instead). */
  readonly restDetail: string;
  /** HTTP status of a GraphQL response whose only error is this one. */
  readonly graphqlStatus: number;
  /** The message a GraphQL caller sees. */
  readonly message: string;
}

/** The one table from error code to what GraphQL and REST callers see. */
export const ERROR_MAP: Readonly<Record<ErrorCode, ErrorMapping>> = Object.freeze({
  THREAD_NOT_FOUND: { restStatus: 404, restDetail: 'Thread not found', graphqlStatus: 200, message: 'Thread not found.' },
  BAD_USER_INPUT: { restStatus: 422, restDetail: 'Unprocessable Entity', graphqlStatus: 400, message: 'Invalid input.' },
  UNAUTHENTICATED: { restStatus: 401, restDetail: 'Not authenticated', graphqlStatus: 401, message: 'Not authenticated.' },
  SERVICE_UNAVAILABLE: {
    restStatus: 503,
    restDetail: 'Service Unavailable',
    graphqlStatus: 503,
    message: 'The database is unavailable; try again shortly.',
  },
  BACKUP_FAILED: {
    restStatus: 500,
    restDetail: 'Backup failed: nothing was deleted',
    graphqlStatus: 200,
    message: 'The backup could not be written; nothing was deleted.',
  },
  INTERNAL_SERVER_ERROR: {
    restStatus: 500,
    restDetail: 'Internal Server Error',
    graphqlStatus: 200,
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

export class InputValidationError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '));
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(reason = 'Not authenticated.') {
    super(reason);
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(options?: { cause?: unknown }) {
    super(ERROR_MAP.SERVICE_UNAVAILABLE.message, options);
  }
}

export class BackupFailedError extends DomainError {
  readonly code = 'BACKUP_FAILED';
  constructor(options?: { cause?: unknown }) {
    super(ERROR_MAP.BACKUP_FAILED.message, options);
  }
}

/** The code an error is reported under; anything not raised on purpose is internal. */
export function errorCodeOf(error: unknown): ErrorCode {
  return error instanceof DomainError ? error.code : 'INTERNAL_SERVER_ERROR';
}
