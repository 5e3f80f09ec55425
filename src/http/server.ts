import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Foreground } from '../db/foreground.js';
import { ERROR_MAP } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';
import { routeLabel } from './metrics.js';
import { requestMetaFrom, traceparentOf } from './request-context.js';
import { attachRequestState, type RequestState } from './request-state.js';
import { sendJson } from './send.js';

/** A connect-style middleware (helmet, cors): it works on node's own request and response. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Where a request goes once the listener has done the work every request shares. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: RequestUrl) => Promise<void> | void;

/** The request target split once: the raw (still percent-encoded) path and the query string without `?`. */
export interface RequestUrl {
  readonly path: string;
  readonly search: string;
}

export interface GatewayRoutes {
  /** `/graphql`, every method (Apollo answers GET, POST and the 405s). */
  readonly graphql: RouteHandler;
  /**
   * `/api/chat/threads/{thread_id}`, every method (the route answers 405 for all but DELETE), and
   * the same path with trailing slashes (redirected, as FastAPI does).
   */
  readonly legacyThread: RouteHandler;
  /** Everything else: the playground, /docs, /openapi.json, health, metrics, 404s. */
  readonly other: RouteHandler;
}

export interface ListenerOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Security headers for every response (see security.ts). */
  readonly security: Middleware;
  /** CORS, when CORS_ORIGINS lists origins. */
  readonly cors: Middleware | null;
  readonly routes: GatewayRoutes;
  /** An API answer that a client stops reading for this long is cut off (its socket destroyed). */
  readonly slowClientTimeoutMs: number;
  /** Counts the requests in progress (background work waits for a moment without any). */
  readonly foreground?: Foreground;
}

const LEGACY_PREFIX = '/api/chat/threads/';

function splitUrl(url: string): RequestUrl {
  const query = url.indexOf('?');
  return query === -1 ? { path: url, search: '' } : { path: url.slice(0, query), search: url.slice(query + 1) };
}

/** A thread id segment after the legacy prefix, optionally followed by slashes. */
const LEGACY_SEGMENT = /^[^/]+\/*$/;

function routeFor(routes: GatewayRoutes, path: string): RouteHandler {
  if (path === '/graphql') return routes.graphql;
  if (path.startsWith(LEGACY_PREFIX) && LEGACY_SEGMENT.test(path.slice(LEGACY_PREFIX.length)))
    return routes.legacyThread;
  return routes.other;
}

/**
 * The gateway's HTTP entry point, on node:http. Every request gets its ids (`X-Request-ID`,
 * `traceparent`), security headers, CORS when configured, one log line and one latency sample
 * here, once. The two API routes that carry the load, `/graphql` and the legacy DELETE, are then
 * answered directly; the rest (pages, docs, health, metrics) goes on to Express, where a router
 * walk costs nothing that matters.
 */
export function gatewayRequestListener(options: ListenerOptions): RequestListener {
  const { logger, metrics, security, cors, routes, slowClientTimeoutMs, foreground } = options;
  // The request line's fields are the ones below, none of them a secret's key: the logger's
  // redaction (its `*.token`-style paths walk every field of every line) would find nothing here,
  // and it allocated about 10 KB per request, a fifth of a REST request's garbage.
  const requestLog = logger.child({}, { redact: [] });
  return (req, res) => {
    if (foreground) res.once('close', foreground.begin());
    const meta = requestMetaFrom(req.headers);
    const state: RequestState = { meta, log: {} };
    attachRequestState(res, state);
    res.setHeader('X-Request-ID', meta.requestId);
    res.setHeader('traceparent', traceparentOf(meta));
    const url = splitUrl(req.url ?? '/');
    const method = req.method ?? 'GET';
    res.once('finish', () => {
      const seconds = (performance.now() - meta.startedAt) / 1000;
      const { log } = state;
      requestLog.info(
        {
          requestId: meta.requestId,
          traceId: meta.traceId,
          method,
          path: url.path.slice(0, 200),
          operation: log.operation,
          status: res.statusCode,
          outcome: log.outcome ?? (res.statusCode < 400 ? 'success' : `http_${res.statusCode}`),
          errors: log.errors,
          durationMs: Math.round(seconds * 100_000) / 100,
        },
        'request',
      );
      metrics.observeRequest(method, routeLabel(url.path), res.statusCode, seconds);
    });
    const route = routeFor(routes, url.path);
    const api = route !== routes.other;
    const dispatch = (error?: unknown): void => {
      if (error) {
        fail(res, error, logger, meta.requestId);
        return;
      }
      Promise.resolve(route(req, res, url))
        .then(
          () =>
            api &&
            cutOffIfNotRead(res, req.socket, slowClientTimeoutMs, () =>
              logger.info({ requestId: meta.requestId }, 'client stopped reading its answer: connection closed'),
            ),
        )
        .catch((failure: unknown) => fail(res, failure, logger, meta.requestId));
    };
    security(req, res, cors ? (error) => (error ? dispatch(error) : cors(req, res, dispatch)) : dispatch);
  };
}

/**
 * Bounds what a client that does not read can pin: once an answer is written, the part the
 * kernel could not take waits in memory (and so do the answers to requests pipelined behind it).
 * If the connection delivers nothing for `timeoutMs` while the answer is unfinished, it is
 * destroyed and the memory freed. A client that reads, however slowly, is left alone.
 */
function cutOffIfNotRead(res: ServerResponse, socket: Socket, timeoutMs: number, onCutOff: () => void): void {
  if (res.writableFinished) return;
  const delivered = () => socket.bytesWritten - socket.writableLength;
  let last = delivered();
  const timer = setInterval(() => {
    if (socket.destroyed || res.writableFinished) return clearInterval(timer);
    if (delivered() > last) {
      last = delivered();
      return;
    }
    clearInterval(timer);
    onCutOff();
    socket.destroy();
  }, timeoutMs);
  timer.unref();
  res.once('finish', () => clearInterval(timer));
  res.once('close', () => clearInterval(timer));
}

/** The last resort for an error no route answered: logged, and a plain 500 (or a cut connection mid-body). */
function fail(res: ServerResponse, error: unknown, logger: Logger, requestId: string): void {
  logger.error({ err: error, requestId }, 'unhandled error');
  if (res.headersSent) res.destroy();
  else sendJson(res, 500, { detail: ERROR_MAP.INTERNAL_SERVER_ERROR.restDetail });
}
