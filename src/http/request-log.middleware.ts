import type { NextFunction, Request, Response } from 'express';
import type { RequestLogFields } from '../graphql/context.js';
import type { Logger } from '../logger.js';
import { requestMetaOf } from './request-meta.middleware.js';

/** One JSON line per request: ids, operation, outcome, duration. Never headers, bodies or tokens. */
export function requestLogMiddleware(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const fields: RequestLogFields = {};
    res.locals.log = fields;
    res.on('finish', () => {
      const meta = requestMetaOf(res);
      logger.info(
        {
          requestId: meta.requestId,
          traceId: meta.traceId,
          method: req.method,
          path: req.originalUrl.split('?')[0].slice(0, 200),
          operation: fields.operation,
          status: res.statusCode,
          outcome: fields.outcome ?? (res.statusCode < 400 ? 'success' : `http_${res.statusCode}`),
          errors: fields.errors,
          durationMs: Math.round((performance.now() - meta.startedAt) * 100) / 100,
        },
        'request',
      );
    });
    next();
  };
}
