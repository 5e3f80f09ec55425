import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ERROR_MAP, InputValidationError, type ValidationIssue } from '../errors.js';

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

/** The first domain error in a chain of wrapped errors (graphql-js and Apollo each wrap once). */
export function domainErrorOf(error: unknown): DomainError | null {
  let current: unknown = unwrapResolverError(error);
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown; cause?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
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
    const message = domain instanceof InputValidationError ? `Invalid input: ${domain.message}` : ERROR_MAP[domain.code].message;
    const extensions: Record<string, unknown> = { code: domain.code };
    if (domain instanceof InputValidationError) extensions.detail = domain.issues;
    return { message, locations, path, extensions };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const extensions: Record<string, unknown> = { code };
    // Apollo's own input errors (a variable of the wrong type) get a pydantic-shaped detail too.
    if (code === 'BAD_USER_INPUT') extensions.detail = [{ type: 'value_error', loc: [], msg: formatted.message, input: null } satisfies ValidationIssue];
    return { message: formatted.message, locations, path, extensions };
  }
  return { message: ERROR_MAP.INTERNAL_SERVER_ERROR.message, locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
