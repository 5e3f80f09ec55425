import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, ERROR_MAP, InputValidationError, RateLimitedError } from '../errors.js';
import type { Logger } from '../logger.js';
import { requestStateOf } from './request-state.js';
import { sendJson } from './send.js';

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Errors raised by Express's body parser and friends: a status below 500 and a known type. */
function clientHttpStatus(error: unknown): number | null {
  const candidate = error as HttpError | null;
  const status = candidate?.status ?? candidate?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

const CLIENT_DETAILS: Record<number, string> = {
  400: 'Bad Request',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
};

/** `WWW-Authenticate` for a missing or bad token, `Retry-After` for a rate limit. */
function restHeadersOf(error: DomainError): Record<string, string> {
  if (error.code === 'UNAUTHENTICATED') return { 'WWW-Authenticate': 'Bearer' };
  if (error instanceof RateLimitedError) return { 'Retry-After': String(error.retryAfterSeconds) };
  return {};
}

/**
 * Answers an error in FastAPI's shape, `{"detail": ...}`, from the one error table: 422 with the
 * issue list for invalid input, the mapped status for the service's own errors, 500 (logged, never
 * shown) for anything unexpected.
 */
export function sendRestError(res: ServerResponse, error: unknown, logger: Logger, path: string): void {
  const { meta, log } = requestStateOf(res);
  log.outcome = error instanceof DomainError ? error.code : 'INTERNAL_SERVER_ERROR';
  if (error instanceof InputValidationError) {
    sendJson(res, 422, { detail: error.issues });
    return;
  }
  if (error instanceof DomainError) {
    const mapping = ERROR_MAP[error.code];
    sendJson(res, mapping.restStatus, { detail: mapping.restDetail }, restHeadersOf(error));
    if (mapping.restStatus >= 500)
      logger.error({ err: error.cause ?? error, requestId: meta.requestId }, error.message);
    return;
  }
  const status = clientHttpStatus(error);
  if (status !== null) {
    log.outcome = `http_${status}`;
    sendJson(res, status, { detail: CLIENT_DETAILS[status] ?? 'Bad Request' });
    return;
  }
  logger.error({ err: error, requestId: meta.requestId, path }, 'unexpected error');
  sendJson(res, 500, { detail: ERROR_MAP.INTERNAL_SERVER_ERROR.restDetail });
}

/** Express's error handler for the routes it serves: the same answers as `sendRestError`. */
export function restErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) next(error);
    else sendRestError(res, error, logger, req.path);
  };
}

/** FastAPI's 404 for a path no route matches. */
export function notFoundHandler(_req: Request, res: Response): void {
  sendJson(res, 404, { detail: 'Not Found' });
}
