import type { NextFunction, Request, Response } from 'express';

interface BodyError {
  status?: number;
  type?: string;
}

/**
 * Errors of the JSON body parser in front of `/graphql`, answered in GraphQL's shape: 413
 * `PAYLOAD_TOO_LARGE` past the body limit, 400 `BAD_REQUEST` for malformed JSON.
 */
export function graphqlBodyErrorHandler(limitBytes: number) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const { status, type } = (error ?? {}) as BodyError;
    if (type === 'entity.too.large' || status === 413) {
      res.status(413).json({ errors: [{ message: `The request body is larger than ${limitBytes} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      return;
    }
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    next(error);
  };
}
