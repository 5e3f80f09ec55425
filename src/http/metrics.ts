import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.js';
import { ERROR_MAP } from '../errors.js';
import { sendJson } from './send.js';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Who may read `/metrics`: the holder of METRICS_TOKEN when it is set, else anyone outside production and no one
 * in it.
 */
export type MetricsAccess = Pick<Config, 'metricsToken' | 'isProduction'>;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * True when the header is `Bearer <token>`. Both sides are hashed first, so the compare is
 * constant-time on equal-length buffers and leaks neither the token's bytes nor its length.
 */
export function presentsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+)$/i.exec(authorization?.trim() ?? '');
  return match !== null && timingSafeEqual(sha256(match[1]), sha256(token));
}

const FIXED_ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics', '/openapi.json']);

/** A request path as a metric label: a fixed set, so a flood of odd paths cannot blow up cardinality. */
export function routeLabel(path: string): string {
  if (FIXED_ROUTES.has(path)) return path;
  if (path.startsWith('/api/chat/threads/')) return '/api/chat/threads/{thread_id}';
  if (path.startsWith('/docs')) return '/docs';
  return 'other';
}

/** The gateway's Prometheus metrics, on a registry of its own (one per app, so tests can build many). */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation latency by root field and outcome (success or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly deletes = new Counter({
    name: 'thread_deletes_total',
    help: 'Thread deletes by mode (permanent, soft), transport and outcome (success, dry_run or an error code).',
    labelNames: ['mode', 'transport', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly messagesDeleted = new Counter({
    name: 'thread_messages_deleted_total',
    help: 'Messages removed by permanent deletes and purges (soft deletes keep their messages).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly reclaimedMessages = new Counter({
    name: 'thread_reclaim_messages_total',
    help: 'Messages of tombstoned threads removed by the reclaimer, a chunk per transaction.',
    registers: [this.registry],
  });

  readonly reclaimedThreads = new Counter({
    name: 'thread_reclaim_threads_total',
    help: 'Tombstoned threads whose last rows the reclaimer removed.',
    registers: [this.registry],
  });

  readonly reclaimFailedSteps = new Counter({
    name: 'thread_reclaim_step_failures_total',
    help: 'Reclaim steps that failed on a tombstone (rolled back; the tombstone is tried again at the next drain).',
    registers: [this.registry],
  });

  /** What the WebSocket server reports as open (see `trackLive`). */
  private live = { sockets: () => 0, subscriptions: () => 0 };

  readonly wsSockets: Gauge = new Gauge({
    name: 'graphql_ws_sockets',
    help: 'Open GraphQL WebSocket connections (acknowledged: past connection_init).',
    registers: [this.registry],
    collect: (): void => this.wsSockets.set(this.live.sockets()),
  });

  readonly wsSubscriptions: Gauge = new Gauge({
    name: 'graphql_ws_subscriptions',
    help: 'Active GraphQL subscriptions over WebSocket.',
    registers: [this.registry],
    collect: (): void => this.wsSubscriptions.set(this.live.subscriptions()),
  });

  readonly wsEventsSent = new Counter({
    name: 'graphql_ws_events_sent_total',
    help: 'Subscription events written to WebSocket clients.',
    registers: [this.registry],
  });

  readonly wsDrops = new Counter({
    name: 'graphql_ws_drops_total',
    help:
      'WebSockets the server closed by reason: slow_consumer, token_expired, too_many_sockets, forbidden, ' +
      'listener_lost.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where the open-socket and subscription gauges read their values when scraped. */
  trackLive(sockets: () => number, subscriptions: () => number): void {
    this.live = { sockets, subscriptions };
  }

  /** Records one answered HTTP request. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** `GET /metrics` in Prometheus text format, for the callers `access` lets in (401 or 404 for the rest). */
  handler(access: MetricsAccess) {
    return async (req: Request, res: Response): Promise<void> => {
      if (access.metricsToken !== null && !presentsToken(req.headers.authorization, access.metricsToken)) {
        sendJson(res, 401, { detail: ERROR_MAP.UNAUTHENTICATED.restDetail }, { 'WWW-Authenticate': 'Bearer' });
        return;
      }
      if (access.metricsToken === null && access.isProduction) {
        sendJson(res, 404, { detail: 'Not Found' });
        return;
      }
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}
