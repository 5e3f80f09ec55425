import { randomFillSync } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { uuidv7 } from '../ids.js';

/** What a request says about itself, read once from its headers; every value is safe to echo and log. */
export interface RequestMeta {
  readonly requestId: string;
  readonly correlationId: string | null;
  readonly sessionId: string | null;
  readonly clientVersion: string | null;
  /** W3C trace id: the caller's from `traceparent`, else a new one. */
  readonly traceId: string;
  /** The span id of this server's work, for the `traceparent` it returns. */
  readonly spanId: string;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
}

const PRINTABLE = /^[\x20-\x7E]{1,128}$/;
/** X-Request-ID is stored in audit entries, so it gets a stricter rule than the headers that are only echoed. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * A header's value if it matches `pattern` (by default 1 to 128 printable ASCII characters), else null (never
 * echo junk).
 */
export function headerValue(headers: IncomingHttpHeaders, name: string, pattern: RegExp = PRINTABLE): string | null {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value && pattern.test(value) ? value : null;
}

/** The trace id of a valid W3C `traceparent` header, else null. */
export function traceIdFrom(traceparent: string | null): string | null {
  const match = traceparent ? TRACEPARENT.exec(traceparent.toLowerCase()) : null;
  if (!match) return null;
  const [, version, traceId, parentId] = match;
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentId)) return null;
  if (version === '00' && match[5] !== undefined) return null;
  return traceId;
}

const ID_BYTES = 24;
const pool = Buffer.alloc(ID_BYTES * 256);
let poolOffset = pool.length;

/**
 * 24 fresh random bytes as hex: 16 for a trace id, 8 for a span id. They come from a pool filled
 * 256 requests at a time, because asking the system for 24 bytes on every request is slow.
 */
function randomIdHex(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += ID_BYTES;
  return pool.toString('hex', poolOffset - ID_BYTES, poolOffset);
}

/** Reads request ids, trace context, session and client version from the headers. */
export function requestMetaFrom(headers: IncomingHttpHeaders, startedAt = performance.now()): RequestMeta {
  const random = randomIdHex();
  return {
    requestId: headerValue(headers, 'x-request-id', REQUEST_ID) ?? uuidv7(),
    correlationId: headerValue(headers, 'x-correlation-id'),
    sessionId: headerValue(headers, 'x-session-id'),
    clientVersion: headerValue(headers, 'x-client-version') ?? headerValue(headers, 'apollographql-client-version'),
    traceId: traceIdFrom(headerValue(headers, 'traceparent')) ?? random.slice(0, 32),
    spanId: random.slice(32),
    startedAt,
  };
}

/** The `traceparent` this server returns: the caller's trace, this server's span. */
export function traceparentOf(meta: RequestMeta): string {
  return `00-${meta.traceId}-${meta.spanId}-01`;
}
