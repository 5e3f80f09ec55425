import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ERROR_MAP, InputValidationError, RateLimitedError, type ValidationIssue } from '../errors.js';

/** Apollo's codes for requests the client got wrong: passed through as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * graphql-js's suggestions, exactly as its `didYouMean` writes them (` Did you mean the enum value
 * "SOFT"?`, ` Did you mean "a", "b", or "c"?`). Tight on purpose: a message can echo a client's
 * value, and a looser pattern (up to the next `?`) would backtrack over it.
 */
const SUGGESTION = / Did you mean (?:[a-z]+ )*"[_A-Za-z]\w*"(?:(?:, or|,| or) "[_A-Za-z]\w*")*\?/g;

/**
 * Apollo's own refusals of a request that carry an HTTP 4xx but no code (a persisted query whose
 * `sha256Hash` does not match its query, an unsupported `persistedQuery.version`): raised before
 * execution, so they wrap nothing and have no path.
 */
function isCodelessRequestRefusal(error: unknown): boolean {
  const candidate = error as {
    extensions?: { code?: unknown; http?: { status?: unknown } };
    originalError?: unknown;
    path?: unknown;
  } | null;
  if (!candidate?.extensions || candidate.extensions.code !== undefined || candidate.originalError || candidate.path)
    return false;
  const status = candidate.extensions.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * The code of an error the client caused (Apollo's client codes; BAD_REQUEST for its code-less 4xx refusals),
 * else null.
 */
export function clientCodeOf(error: unknown): string | null {
  if (isCodelessRequestRefusal(error)) return 'BAD_REQUEST';
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' && CLIENT_CODES.has(code) ? code : null;
}

/** The first domain error in a chain of wrapped errors (graphql-js and Apollo each wrap once). */
export function domainErrorOf(error: unknown): DomainError | null {
  let current: unknown = unwrapResolverError(error);
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof DomainError) return current;
    current =
      (current as { originalError?: unknown; cause?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Apollo's `formatError`: domain errors get their code from the one error table, client
 * mistakes pass through, and everything else becomes "Unexpected error." (the plugin in
 * `apollo-plugins.ts` logs the cause with the request id; nothing internal is sent).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const domain = domainErrorOf(error);
  const { locations, path } = formatted;
  if (domain) {
    const message =
      domain instanceof InputValidationError
        ? `Invalid input: ${domain.message}`
        : domain instanceof RateLimitedError
          ? domain.message
          : ERROR_MAP[domain.code].message;
    const extensions: Record<string, unknown> = { code: domain.code };
    if (domain instanceof InputValidationError) extensions.detail = domain.issues;
    if (domain instanceof RateLimitedError) extensions.retryAfterSeconds = domain.retryAfterSeconds;
    return { message, locations, path, extensions };
  }
  const code = clientCodeOf(error);
  if (code !== null) {
    const extensions: Record<string, unknown> = { code };
    // Apollo's own input errors (a variable of the wrong type) get a pydantic-shaped detail too.
    if (code === 'BAD_USER_INPUT')
      extensions.detail = [
        { type: 'value_error', loc: [], msg: formatted.message, input: null } satisfies ValidationIssue,
      ];
    return { message: formatted.message, locations, path, extensions };
  }
  return {
    message: ERROR_MAP.INTERNAL_SERVER_ERROR.message,
    locations,
    path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** `formatError` as configured: with schema details hidden (introspection off), no message suggests schema names. */
export function formatErrorFor(options: {
  hideSchemaDetails: boolean;
}): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  if (!options.hideSchemaDetails) return formatError;
  return (formatted, error) => formatError({ ...formatted, message: formatted.message.replace(SUGGESTION, '') }, error);
}
