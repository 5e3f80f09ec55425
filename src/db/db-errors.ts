import { DatabaseTimeoutError, DomainError, ServiceUnavailableError, ThreadBusyError } from '../errors.js';

/** Driver error codes that mean "the database cannot be reached or is going away", not "bad request". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown (also pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '3D000', // the database does not exist (dropped or not yet created)
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
]);

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection is not established/i,
  /is not currently accepting connections/i, // 55000 at connect time: ALLOW_CONNECTIONS false
];

/**
 * An error a database function caught and handed back in its result row (its SQLSTATE and
 * message) instead of raising it, so the rest of its work could go on: a failed item of a batch
 * of deletes, a reclaim step whose chunk failed. `code` is the SQLSTATE `asDomainError` reads.
 */
export class ReportedDatabaseError extends Error {
  override readonly name = 'ReportedDatabaseError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

function codeOf(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when a driver or TypeORM error means the database is unreachable, overloaded or restarting. */
export function isUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (UNAVAILABLE_CODES.has(code) || /^(08|SQLITE_IOERR|SQLITE_BUSY|SQLITE_LOCKED)/.test(code))) return true;
  const message = error instanceof Error ? error.message : '';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isUnavailable(cause);
}

/**
 * SQLSTATE 57014 query_canceled: the statement ran past DB_STATEMENT_TIMEOUT_MS (or an operator
 * cancelled it). The database is fine; this statement is too slow for it.
 */
const TIMEOUT_CODES = new Set(['57014']);

/**
 * SQLSTATEs of a statement that lost to another transaction over the same rows, where trying again
 * once the other is done can succeed: 55P03 lock_not_available (a lock wait past lock_timeout, or
 * NOWAIT), 40001 serialization_failure, 40P01 deadlock_detected.
 */
const CONTENDED_CODES = new Set(['55P03', '40001', '40P01']);

/** True when the database cancelled a statement for running too long. */
export function isTimeout(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && TIMEOUT_CODES.has(code);
}

/** True when a statement failed because another transaction held or changed the rows it needed. */
export function isContended(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && CONTENDED_CODES.has(code);
}

/**
 * The domain error a driver or TypeORM error stands for: SERVICE_UNAVAILABLE when the database
 * cannot be reached, DATABASE_TIMEOUT when it cancelled a statement that ran too long, THREAD_BUSY
 * when another transaction held the rows; any other error (domain errors included) unchanged.
 */
export function asDomainError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (isUnavailable(error)) return new ServiceUnavailableError({ cause: error });
  if (isTimeout(error)) return new DatabaseTimeoutError({ cause: error });
  if (isContended(error)) return new ThreadBusyError({ cause: error });
  return error;
}

/** True when an insert failed because the row it references is gone (e.g. a message for a deleted thread). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
