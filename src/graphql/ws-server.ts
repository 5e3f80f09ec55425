import type { Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
// Not a React hook, whatever its name says: graphql-ws's server for a `ws` WebSocketServer.
import { useServer as serveGraphQLOverWs } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/auth.js';
import type { GraphQLLimits, SubscriptionLimits } from '../config.js';
import { RateLimitedError, TooManySubscriptionsError, UnauthenticatedError } from '../errors.js';
import type { Fairness } from '../http/fairness.js';
import type { Metrics } from '../http/metrics.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from './context.js';
import { ResponseBudget } from './response-budget.js';
import { CLOSE_GRACE_MS, closeSoon, WS_CLOSE } from './ws-close.js';
import { WsOperations } from './ws-operations.js';
import { WsSockets } from './ws-sockets.js';
import { acceptUpgrades } from './ws-upgrade.js';

export interface WsServerOptions {
  readonly httpServer: Server;
  readonly schema: GraphQLSchema;
  readonly authenticator: Authenticator;
  /** The HTTP rate limits: a handshake counts as a request of its IP, a subscribe as one of its user. */
  readonly fairness: Fairness;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly limits: GraphQLLimits;
  readonly subscriptions: SubscriptionLimits;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly isProduction: boolean;
  /** False while this replica cannot hear events (PostgreSQL listener down): new sockets are refused with 1013. */
  readonly ready: () => boolean;
}

/** The WebSocket side of /graphql. */
export interface WsServer {
  /** Apollo's drain plugin for it: shutdown closes every socket (1001) before the HTTP server stops. */
  readonly drainPlugin: ApolloServerPlugin<GraphQLContext>;
  /** Acknowledged sockets open now. */
  readonly openSockets: () => number;
  /** Closes every socket with `code` (the PostgreSQL listener was lost: 1012). */
  closeAll(code: number, reason: string): void;
}

/** An error that carries a domain error, so that `formatError` gives it its code and message. */
const carrying = (error: Error): GraphQLError[] => [new GraphQLError(error.message, { originalError: error })];

/**
 * Serves subscriptions over WebSocket with the graphql-transport-ws protocol (graphql-ws's
 * `useServer` on a `ws` server), on the HTTP server's port and path, as Apollo Server documents.
 * The token comes in `connection_init` and is checked as over HTTP; the socket is closed (4403)
 * when it expires (`WsSockets`). Only subscriptions run here, under the same token, depth, alias
 * and cost limits as HTTP (`WsOperations`), and the HTTP rate limits count handshakes (per IP) and
 * subscribes (per user).
 */
export function startWsServer(options: WsServerOptions): WsServer {
  const { metrics, subscriptions: bounds } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: bounds.maxMessageBytes });
  const sockets = new WsSockets({ ...options, bounds });
  const operations = new WsOperations(options.schema, options.limits);
  const format = (errors: readonly GraphQLError[]) => errors.map((error) => options.formatError(error.toJSON(), error));

  const cleanup = serveGraphQLOverWs<Record<string, unknown>>(
    {
      schema: options.schema,
      isProd: options.isProduction,
      connectionInitWaitTimeout: bounds.connectionInitTimeoutMs,
      onConnect: (ctx) => {
        if (options.ready()) return sockets.accept(ctx.extra.socket, ctx.extra.request, ctx.connectionParams ?? {});
        closeSoon(ctx.extra.socket, WS_CLOSE.notListening, 'Not listening for events now; try again later');
        return false;
      },
      onClose: (ctx, code) => sockets.release(ctx.extra.socket, code),
      onSubscribe: async (ctx, _id, payload) => {
        const { socket, request } = ctx.extra;
        const state = sockets.stateOf(socket);
        if (!state) return carrying(new UnauthenticatedError());
        const limited = await options.fairness.admit(state.caller, request.socket.remoteAddress).catch((e) => e);
        if (limited instanceof RateLimitedError) return carrying(limited);
        // graphql-ws has registered this one already: more than the limit means one too many.
        if (Object.keys(ctx.subscriptions).length > bounds.subscriptionsPerSocket)
          return carrying(new TooManySubscriptionsError(bounds.subscriptionsPerSocket));
        return operations.prepare(payload, {
          caller: state.caller,
          meta: state.meta,
          log: {},
          budget: new ResponseBudget(options.limits.responseMaxBytes),
          live: sockets.liveOf(socket),
        });
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) => {
        if (result.data) metrics.wsEventsSent.inc();
        return result.errors ? { ...result, errors: format(result.errors) } : undefined;
      },
    },
    wss,
    bounds.keepAliveMs,
  );
  acceptUpgrades(options.httpServer, wss, options.fairness, options.logger);

  return {
    drainPlugin: {
      async serverWillStart() {
        return {
          async drainServer() {
            // dispose closes every socket (1001) and waits for each to finish its closing handshake;
            // one whose client does not answer is cut after a moment rather than held for ws's 30 s.
            const cut = setTimeout(() => {
              for (const socket of wss.clients) socket.terminate();
            }, CLOSE_GRACE_MS);
            try {
              await cleanup.dispose();
            } finally {
              clearTimeout(cut);
            }
          },
        };
      },
    },
    openSockets: () => sockets.count,
    closeAll(code, reason) {
      for (const socket of wss.clients) closeSoon(socket, code, reason);
    },
  };
}
