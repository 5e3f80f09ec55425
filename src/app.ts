import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type Express } from 'express';
import { AuditService } from './audit/audit.service.js';
import { Authenticator, DEMO_USER } from './auth/auth.js';
import type { Config } from './config.js';
import { Database } from './db/database.js';
import { Foreground } from './db/foreground.js';
import { observabilityPlugin } from './graphql/apollo-plugins.js';
import type { GraphQLContext } from './graphql/context.js';
import { costLimitPlugin } from './graphql/cost.js';
import { formatErrorFor } from './graphql/format-error.js';
import { graphqlHandler } from './graphql/http-handler.js';
import { httpStatusPlugin } from './graphql/http-status.js';
import { limitOptions } from './graphql/limits.js';
import { requestRefusalsPlugin } from './graphql/request-refusals.js';
import { WS_CLOSE } from './graphql/ws-close.js';
import { startWsServer, type WsServer } from './graphql/ws-server.js';
import { Fairness } from './http/fairness.js';
import { healthRouter } from './http/health.js';
import { Metrics } from './http/metrics.js';
import { notFoundHandler, restErrorHandler } from './http/rest-errors.js';
import { corsMiddleware, securityHeaders } from './http/security.js';
import { gatewayRequestListener } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { playgroundLandingPage, playgroundRouter } from './playground/playground.js';
import { docsRouter } from './rest/docs.route.js';
import { openApiRouter } from './rest/openapi.route.js';
import { buildGatewaySchema } from './schema.js';
import { BackupWorkers } from './threads/backup/backup-workers.js';
import { BackupLimits } from './threads/backup/thread-backup.policy.js';
import { BackupStore } from './threads/backup/thread-backup.store.js';
import { DeleteAnswers } from './threads/delete/thread-delete.response.js';
import { ThreadDeleteService } from './threads/delete/thread-delete.service.js';
import { ThreadReclaimer } from './threads/delete/thread-reclaimer.js';
import { ThreadEventBus } from './threads/events/thread-event-bus.js';
import { startThreadEventSource, type ThreadEventSource } from './threads/events/thread-event-source.js';
import { legacyThreadRoute } from './threads/rest/thread.rest.js';
import { seedDemoData } from './threads/thread.seed.js';
import { ThreadService } from './threads/thread.service.js';
import { startPurgeTimer } from './threads/trash/purge-timer.js';
import { ThreadPurgeService } from './threads/trash/thread-purge.service.js';
import { ThreadTrashService } from './threads/trash/thread-trash.service.js';
import { webAppRouter } from './web/web-app.route.js';

/** A built, not yet listening, gateway. */
export interface App {
  readonly config: Config;
  /** The Express app behind the listener: pages, docs, health and metrics (the API routes are answered before it). */
  readonly express: Express;
  readonly httpServer: Server;
  readonly db: Database;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly authenticator: Authenticator;
  /** In dev mode (no auth configured), a token for the demo user; otherwise null. */
  readonly devToken: string | null;
  /** Stops taking requests, lets in-flight ones finish (up to SHUTDOWN_TIMEOUT_MS), then closes the database. */
  close(): Promise<void>;
}

/**
 * How often each replica looks for tombstones it did not make (left by a replica that crashed or
 * stopped mid-reclaim); its own are reclaimed as soon as their delete commits.
 */
const RECLAIM_SCAN_MS = 30_000;

export interface AppOptions {
  readonly logger?: Logger;
}

/** Builds the whole gateway (GraphQL, REST shim, health, metrics, pages) on one HTTP server, without listening. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await Database.open(config.database);
  db.startCheckpoints((error) =>
    logger.warn({ err: error }, 'SQLite checkpoint failed; SQLite checkpoints on its own'),
  );
  let opened: Fairness | undefined;
  let source: ThreadEventSource | undefined;
  let reclaiming: ThreadReclaimer | undefined;
  try {
    const metrics = new Metrics();
    const authenticator = new Authenticator(config.auth);
    const fairness = await Fairness.create(config.fairness, logger);
    opened = fairness;
    const threads = new ThreadService(db);
    const backups = new BackupStore(config.backupDir);
    const backupLimits = new BackupLimits(backups, config.backups);
    const backupWorkers = new BackupWorkers(config.database, backups);
    const foreground = new Foreground(undefined, db.writerGate);
    const reclaimer = new ThreadReclaimer(db, { logger, metrics, foreground, onThread: true });
    const deletes = new ThreadDeleteService(db, config, {
      backups,
      backupLimits,
      backupWorkers,
      fairness,
      metrics,
      logger,
      reclaimer,
    });
    const trash = new ThreadTrashService(db);
    const audit = new AuditService(db);
    const events = new ThreadEventBus(config.subscriptions);
    let ws: WsServer | undefined;
    source = await startThreadEventSource(db, config, events, logger, () => {
      const sockets = ws?.openSockets() ?? 0;
      if (sockets > 0) metrics.wsDrops.inc({ reason: 'listener_lost' }, sockets);
      ws?.closeAll(WS_CLOSE.listenerLost, 'Lost the event listener: resubscribe, and refetch what you show');
    });
    const eventSource = source;
    if (config.demoData) await seedDemoData(db, DEMO_USER);
    const devToken = config.auth.mode === 'dev' ? await authenticator.issueToken(DEMO_USER) : null;

    const app = express();
    app.disable('x-powered-by');
    // API answers are never cached or revalidated: hashing every body for an ETag is wasted work.
    app.set('etag', false);
    const { slowClientTimeoutMs } = config.limits;
    // A request must arrive whole within SLOW_CLIENT_TIMEOUT_MS (checked every second), so a
    // client that trickles its body cannot hold the connection and its buffer for long.
    const httpServer = createServer({
      requestTimeout: slowClientTimeoutMs,
      headersTimeout: Math.min(60_000, slowClientTimeoutMs),
      connectionsCheckingInterval: 1000,
    });
    const answers = new DeleteAnswers(config);
    const schema = await buildGatewaySchema({ threads, deletes, answers, trash, audit, events });
    const formatError = formatErrorFor({ hideSchemaDetails: !config.introspection });
    ws = startWsServer({
      httpServer,
      schema,
      authenticator,
      fairness,
      metrics,
      logger,
      limits: config.limits,
      subscriptions: config.subscriptions,
      formatError,
      isProduction: config.isProduction,
      ready: eventSource.listening,
    });
    metrics.trackLive(ws.openSockets, () => events.size);
    const apollo = new ApolloServer<GraphQLContext>({
      schema,
      formatError,
      includeStacktraceInErrorResponses: false,
      introspection: config.introspection,
      // src/main.ts owns SIGTERM/SIGINT: it drains, closes the database and exits 0.
      stopOnTerminationSignals: false,
      hideSchemaDetailsFromClientErrors: !config.introspection,
      ...limitOptions(config.limits),
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
        // Closes every WebSocket (1001) when Apollo drains, as Apollo's subscriptions guide does.
        ws.drainPlugin,
        config.playground ? playgroundLandingPage() : ApolloServerPluginLandingPageDisabled(),
        // No field sets cache hints: computing them for every field of every response is wasted work.
        ApolloServerPluginCacheControlDisabled(),
        observabilityPlugin(logger, metrics),
        // Before the cost limit: a subscription or a caller-less operation is refused as such, not priced.
        requestRefusalsPlugin(),
        costLimitPlugin(schema, config.limits.maxCost),
        // Last, so that it sees the answer every other plugin has shaped.
        httpStatusPlugin(),
      ],
    });
    await apollo.start();
    const stopPurger = startPurgeTimer(
      new ThreadPurgeService(
        db,
        logger,
        metrics,
        { dir: config.backupDir, days: config.backups.retentionDays },
        reclaimer,
      ),
      config.purgeIntervalMinutes,
      logger,
    );

    reclaimer.start(RECLAIM_SCAN_MS);
    reclaiming = reclaimer;

    app.use(healthRouter(db, eventSource.ensureListening));
    app.get('/metrics', metrics.handler(config));
    app.use(openApiRouter(config.serverVersion), docsRouter({ devToken }));
    if (config.playground) app.use(playgroundRouter({ devToken, threads }));
    app.use(webAppRouter({ devToken, httpServer }));
    app.use(notFoundHandler);
    app.use(restErrorHandler(logger));
    httpServer.on(
      'request',
      gatewayRequestListener({
        logger,
        metrics,
        foreground,
        security: securityHeaders(),
        cors: config.corsOrigins.length > 0 ? corsMiddleware(config.corsOrigins) : null,
        routes: {
          graphql: graphqlHandler(apollo, {
            authenticator,
            fairness,
            logger,
            bodyLimitBytes: config.limits.bodyLimitBytes,
            responseMaxBytes: config.limits.responseMaxBytes,
          }),
          legacyThread: legacyThreadRoute({
            authenticator,
            fairness,
            deletes,
            answers,
            logger,
            lifecycle: config.legacyRest,
          }),
          other: (req, res) => app(req, res),
        },
        slowClientTimeoutMs,
      }),
    );

    return {
      config,
      express: app,
      httpServer,
      db,
      logger,
      metrics,
      authenticator,
      devToken,
      close: async () => {
        // First: a purge run in progress waits for its drain, which stops after the step in progress.
        await reclaimer.stop();
        await stopPurger();
        await apollo.stop();
        events.close();
        await eventSource.stop();
        await backupWorkers.close();
        await fairness.close();
        await db.close();
      },
    };
  } catch (error) {
    await reclaiming?.stop();
    await source?.stop();
    await opened?.close();
    await db.close();
    throw error;
  }
}
