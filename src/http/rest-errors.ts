import type { NextFunction, Request, Response } from 'express';
import { DomainError, ERROR_MAP, InputValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { requestMetaOf } from './request-meta.middleware.js';

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

/** FastAPI's error bodies for everything that is not GraphQL: `{"detail": ...}`, from the one error table. */
export function restErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    if (res.locals.log) res.locals.log.outcome = error instanceof DomainError ? error.code : 'INTERNAL_SERVER_ERROR';
    if (error instanceof InputValidationError) {
      res.status(422).json({ detail: error.issues });
      return;
    }
    if (error instanceof DomainError) {
      const mapping = ERROR_MAP[error.code];
      if (error.code === 'UNAUTHENTICATED') res.set('WWW-Authenticate', 'Bearer');
      res.status(mapping.restStatus).json({ detail: mapping.restDetail });
      if (mapping.restStatus >= 500) logger.error({ err: error.cause ?? error, requestId: requestMetaOf(res)?.requestId }, error.message);
      return;
    }
    const status = clientHttpStatus(error);
    if (status !== null) {
      res.status(status).json({ detail: CLIENT_DETAILS[status] ?? 'Bad Request' });
      return;
    }
    logger.error({ err: error, requestId: requestMetaOf(res)?.requestId, path: req.path }, 'unexpected error');
    res.status(500).json({ detail: ERROR_MAP.INTERNAL_SERVER_ERROR.restDetail });
  };
}

/** FastAPI's 404 for a path no route matches. */
export function notFoundHandler(_req: Request, res: Response): void {
  res.status(404).json({ detail: 'Not Found' });
}
