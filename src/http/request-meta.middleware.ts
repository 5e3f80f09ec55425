import type { NextFunction, Request, Response } from 'express';
import { type RequestMeta, requestMetaFrom, traceparentOf } from './request-context.js';

/** Reads the request's ids once, echoes `X-Request-ID` and returns a `traceparent` on every response. */
export function requestMetaMiddleware(req: Request, res: Response, next: NextFunction): void {
  const meta = requestMetaFrom(req.headers);
  res.locals.meta = meta;
  res.setHeader('X-Request-ID', meta.requestId);
  res.setHeader('traceparent', traceparentOf(meta));
  next();
}

/** The request's ids, as `requestMetaMiddleware` read them. */
export function requestMetaOf(res: Response): RequestMeta {
  return res.locals.meta as RequestMeta;
}
