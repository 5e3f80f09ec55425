import cors from 'cors';
import helmet from 'helmet';
import type { Middleware } from './server.js';

/**
 * Security headers. Everything a browser may render (GET: the playground, /docs, their assets)
 * gets helmet's full set with a Content-Security-Policy that only lets pages load what this
 * service serves: the playground and /docs work with no internet and nothing else can be
 * injected. Inline styles are allowed because Swagger UI and the GraphiQL editor set them at run
 * time; workers come from `blob:` URLs made by the editor. API calls (POST /graphql, the REST
 * DELETE) answer JSON that no browser renders as a page: they get `nosniff` and `no-store` only,
 * which keeps the hot path's responses small.
 */
export function securityHeaders(): Middleware {
  const pages = pageHeaders();
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return pages(req, res, next);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

function pageHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        // 'self' also allows the playground's WebSocket to this host and port (ws:, or wss: under
        // https:): CSP Level 3 matches 'self' for the WebSocket schemes, as browsers since 2022 do.
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Cross-origin isolation would break nothing here, but it is not needed either.
    crossOriginEmbedderPolicy: false,
  });
}

/** Request headers a browser may send from an allowed origin (the preflight's `Access-Control-Allow-Headers`). */
export const CORS_ALLOWED_HEADERS: readonly string[] = Object.freeze([
  'Authorization',
  'Content-Type',
  'X-Request-ID',
  'X-Correlation-ID',
  'X-Session-ID',
  'X-Client-Version',
  'traceparent',
  // Apollo Client sends both whenever a client name (and version) is configured (`clientAwareness`).
  'apollographql-client-name',
  'apollographql-client-version',
  // The headers Apollo Server's CSRF prevention accepts as proof of a preflight.
  'apollo-require-preflight',
  'x-apollo-operation-name',
]);

/** CORS for the listed origins only; without CORS_ORIGINS no CORS headers are sent at all. */
export function corsMiddleware(origins: readonly string[]): Middleware {
  return cors({
    origin: [...origins],
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    // Beyond the CORS-safelisted ones, what a browser app may read: the ids, the REST route's
    // lifecycle, when to retry (429) and the auth challenge (401).
    exposedHeaders: ['X-Request-ID', 'traceparent', 'Deprecation', 'Sunset', 'Link', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  });
}
