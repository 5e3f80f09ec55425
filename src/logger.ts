import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Properties of database errors that can hold a row's values: TypeORM's `parameters` (every bound
 * value, message contents included), PostgreSQL's `detail` ("Failing row contains (...)", "Key
 * (id)=(...)"), `where` ("unnamed portal parameter $1 = '...'") and `internalQuery`.
 */
const VALUE_BEARING_KEYS = new Set(['parameters', 'detail', 'where', 'internalQuery']);
/**
 * PostgreSQL's data exceptions (class 22) quote the offending value in the message:
 * `invalid input syntax for type integer: "..."`.
 */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;
const MAX_CAUSES = 5;

interface ErrorLike {
  readonly message: string;
  readonly name?: unknown;
  readonly stack?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** The message with a data exception's quoted value cut out (from the first to the last double quote). */
function redactedMessage(error: ErrorLike): string {
  return typeof error.code === 'string' && DATA_EXCEPTION.test(error.code)
    ? error.message.replace(/".*"/s, '"[redacted]"')
    : error.message;
}

function serialize(error: ErrorLike, depth: number, seen: Set<object>): Record<string, unknown> {
  seen.add(error);
  const message = redactedMessage(error);
  const stack = typeof error.stack === 'string' ? error.stack.split(error.message).join(message) : undefined;
  const type = typeof error.constructor === 'function' && error.constructor.name ? error.constructor.name : error.name;
  const out: Record<string, unknown> = { type, message, stack };
  const nested = (value: unknown): unknown =>
    isErrorLike(value)
      ? depth < MAX_CAUSES && !seen.has(value)
        ? serialize(value, depth + 1, seen)
        : undefined
      : value;
  for (const key in error) {
    if (key in out || VALUE_BEARING_KEYS.has(key)) continue;
    out[key] = nested((error as unknown as Record<string, unknown>)[key]);
  }
  if (Array.isArray(error.errors)) out.aggregateErrors = error.errors.map(nested);
  if (error.cause !== undefined) out.cause = nested(error.cause);
  return out;
}

/**
 * pino's serializer for errors: type, message, code (SQLSTATE), stack and the other fields, but
 * never the values a database error carries (bound parameters, failing rows, quoted input), at
 * any depth of `cause` or `driverError`. So a failed insert does not put a message's text in the log.
 */
export function serializeError(error: unknown): unknown {
  return isErrorLike(error) ? serialize(error, 0, new Set()) : error;
}

/** The structured JSON logger. Headers are never logged whole, so tokens cannot leak through them. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'chat-thread-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', '*.authorization', 'token', '*.token', 'secret', '*.secret'],
        censor: '[redacted]',
      },
      serializers: { err: serializeError, error: serializeError, cause: serializeError },
    },
    destination,
  );
}

export type { Logger };
