import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { Authenticator, Caller } from '../auth/auth.js';
import { DomainError, ERROR_MAP, RateLimitedError } from '../errors.js';
import { admitRequest, type Fairness } from '../http/fairness.js';
import { requestStateOf } from '../http/request-state.js';
import { sendText } from '../http/send.js';
import type { RequestUrl, RouteHandler } from '../http/server.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from './context.js';
import { DEFAULT_ACCEPT, GRAPHQL_MEDIA_TYPES, graphqlContentTypeFor, graphqlHttpStatus } from './http-status.js';
import { ResponseBudget } from './response-budget.js';

export interface GraphQLHandlerOptions {
  readonly authenticator: Authenticator;
  readonly fairness: Fairness;
  readonly logger: Logger;
  /** Larger bodies are refused with 413 before they are parsed. */
  readonly bodyLimitBytes: number;
  /** Larger answers are replaced by RESPONSE_TOO_LARGE. */
  readonly responseMaxBytes: number;
}

/**
 * The largest body of a request without a token. Such a request can only ask for `__typename` or
 * the schema (introspection), which fit in a few KiB; refusing more keeps anonymous clients from
 * making the server hold large bodies.
 */
export const ANONYMOUS_BODY_LIMIT_BYTES = 65_536;

type Body = { kind: 'read'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/** Reads a request body, giving up (without buffering the rest) once it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > limit) {
        req.off('data', onData);
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () =>
      resolve({ kind: 'read', bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length) }),
    );
    // A client that goes away mid-body gets no answer (a no-op if the body was complete).
    req.once('close', () => resolve({ kind: 'aborted' }));
    req.once('error', () => resolve({ kind: 'aborted' }));
  });
}

/** The media type (lower case) and charset of a Content-Type header. */
function mediaTypeOf(header: string | undefined): { type: string; charset: string | null } {
  const [type = '', ...parameters] = (header ?? '').split(';');
  const charset = parameters
    .map((parameter) => parameter.trim().toLowerCase())
    .find((parameter) => parameter.startsWith('charset='));
  return {
    type: type.trim().toLowerCase(),
    charset: charset ? charset.slice('charset='.length).replace(/^"|"$/g, '') : null,
  };
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The body Apollo gets: parsed JSON for `application/json` (UTF-8, an object or array, as a
 * strict JSON body parser reads it; empty means `{}`), otherwise nothing, so that Apollo's own
 * checks answer (CSRF prevention, "POST body missing").
 */
function parseBody(req: IncomingMessage, bytes: Buffer): unknown {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity')
    throw new BodyError(415, 'Compressed request bodies are not supported.');
  const { type, charset } = mediaTypeOf(req.headers['content-type']);
  if (type !== 'application/json') return undefined;
  if (bytes.length === 0) return {};
  const text = bytes.toString('utf8');
  const first = /\S/.exec(text)?.[0];
  if ((charset !== null && charset !== 'utf-8' && charset !== 'utf8') || (first !== '{' && first !== '['))
    throw new BodyError(400, 'The request body is not valid JSON.');
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}

/**
 * Answers a request refused before Apollo saw it, in GraphQL's error shape and the media type the
 * client accepts; the status follows `graphqlHttpStatus` (`status` is the error's own).
 */
function sendGraphQLError(
  req: IncomingMessage,
  res: ServerResponse,
  error: { status: number; message: string; extensions: Record<string, unknown> },
  headers: Record<string, string> = {},
): void {
  const accepted = graphqlContentTypeFor(req.headers.accept);
  const status = graphqlHttpStatus({
    contentType: accepted,
    executed: false,
    codes: [error.extensions.code],
    requestErrorStatus: error.status,
  });
  const body = JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] });
  sendText(res, status, accepted ?? GRAPHQL_MEDIA_TYPES.json, body, headers);
}

/** A request refused before its body was read (a bad token, a rate limit), with WWW-Authenticate or Retry-After. */
function sendRefusal(req: IncomingMessage, res: ServerResponse, error: DomainError): void {
  const extensions: Record<string, unknown> = { code: error.code };
  const headers: Record<string, string> = {};
  if (error instanceof RateLimitedError) {
    headers['Retry-After'] = String(error.retryAfterSeconds);
    extensions.retryAfterSeconds = error.retryAfterSeconds;
  }
  if (error.code === 'UNAUTHENTICATED') headers['WWW-Authenticate'] = 'Bearer';
  const { graphqlStatus: status, message } = ERROR_MAP[error.code];
  sendGraphQLError(req, res, { status, message, extensions }, headers);
}

async function writeResponse(
  res: ServerResponse,
  response: HTTPGraphQLResponse,
  options: GraphQLHandlerOptions,
): Promise<void> {
  res.statusCode = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === 'complete') {
    let body = response.body.string;
    // Three bytes at most per UTF-16 unit: most answers are known to fit without measuring them.
    if (body.length * 3 > options.responseMaxBytes && Buffer.byteLength(body) > options.responseMaxBytes) {
      const { meta, log } = requestStateOf(res);
      options.logger.warn(
        { requestId: meta.requestId, operation: log.operation, bytes: Buffer.byteLength(body) },
        'response too large: replaced by RESPONSE_TOO_LARGE',
      );
      log.outcome = 'RESPONSE_TOO_LARGE';
      // `data: null`: the operation did execute (a mutation in it has committed); only its answer is lost.
      body = JSON.stringify({
        data: null,
        errors: [{ message: ERROR_MAP.RESPONSE_TOO_LARGE.message, extensions: { code: 'RESPONSE_TOO_LARGE' } }],
      });
    }
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * `/graphql` straight on node:http: reads and parses the body itself (size limit, JSON only),
 * hands Apollo the request, and writes its answer. Body problems are answered in GraphQL's
 * shape: 413 `PAYLOAD_TOO_LARGE`, 400 `BAD_REQUEST` for malformed JSON, 415 for compressed bodies.
 * A request without `Accept` is answered as application/graphql-response+json (see http-status.ts).
 */
export function graphqlHandler(apollo: ApolloServer<GraphQLContext>, options: GraphQLHandlerOptions): RouteHandler {
  const { bodyLimitBytes, responseMaxBytes } = options;
  return async (req: IncomingMessage, res: ServerResponse, url: RequestUrl) => {
    const method = req.method ?? 'GET';
    let caller: Caller | null;
    try {
      caller = await admitRequest(req, options.authenticator, options.fairness);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      requestStateOf(res).log.outcome = error.code;
      sendRefusal(req, res, error);
      return;
    }
    let body: unknown;
    if (method !== 'GET' && method !== 'HEAD') {
      const limit = caller ? bodyLimitBytes : Math.min(bodyLimitBytes, ANONYMOUS_BODY_LIMIT_BYTES);
      const read = await readBody(req, limit);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too-large') {
        const hint = caller ? '' : ' without a bearer token';
        const message = `The request body is larger than ${limit} bytes${hint}.`;
        sendGraphQLError(req, res, { status: 413, message, extensions: { code: 'PAYLOAD_TOO_LARGE' } });
        return;
      }
      try {
        body = parseBody(req, read.bytes);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        sendGraphQLError(req, res, {
          status: error.status,
          message: error.message,
          extensions: { code: 'BAD_REQUEST' },
        });
        return;
      }
    }
    const headers = new HeaderMap();
    for (const name in req.headers) {
      const value = req.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    if (!headers.has('accept')) headers.set('accept', DEFAULT_ACCEPT);
    const { meta, log } = requestStateOf(res);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: url.search, body },
      context: async () => ({ caller, meta, log, budget: new ResponseBudget(responseMaxBytes) }),
    });
    await writeResponse(res, response, options);
  };
}
