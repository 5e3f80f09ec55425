import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  GraphQLError as GraphQLErrorClass,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { Context } from 'graphql-ws';
// Not a React hook, whatever its name says: graphql-ws's server for a `ws` WebSocketServer.
import { useServer as serveGraphQLOverWs } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Authenticator, Caller } from '../auth/auth.js';
import type { GraphQLLimits, SubscriptionLimits } from '../config.js';
import { RateLimitedError, TooManySubscriptionsError } from '../errors.js';
import type { Fairness } from '../http/fairness.js';
import type { Metrics } from '../http/metrics.js';
import { type RequestMeta, requestMetaFrom } from '../http/request-context.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext, LiveConnection } from './context.js';
import { costLimitError, operationCost } from './cost.js';
import { limitOptions } from './limits.js';
import { ResponseBudget } from './response-budget.js';
import { acceptUpgrades } from './ws-upgrade.js';

/** The close codes this server sends, beside graphql-ws's own (4400, 4401, 4408, 4409, 4429, 4500). */
export const WS_CLOSE = Object.freeze({
  /** Missing, invalid or expired token (graphql-ws's Forbidden; its client may retry with a new token). */
  forbidden: 4403,
  /** The user already has WS_MAX_SOCKETS_PER_USER sockets open on this replica. */
  tooManySockets: 4029,
  /** The client did not read its events: its queue or socket buffer passed its limit. */
  slowConsumer: 4008,
  /** A message past WS_MAX_MESSAGE_BYTES (sent by ws itself). */
  messageTooBig: 1009,
  /** The server is shutting down. */
  goingAway: 1001,
  /** This replica lost its PostgreSQL listener: events may have been missed; reconnect and refetch. */
  listenerLost: 1012,
  /** This replica cannot hear events right now (its listener is down): try again later, or elsewhere. */
  notListening: 1013,
});

/** The longest delay a Node.js timer takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long a socket closed for a limit may take to finish its closing handshake before it is cut. */
const CLOSE_GRACE_MS = 1000;

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

/** What one accepted socket holds. */
interface SocketState {
  readonly caller: Caller;
  readonly meta: RequestMeta;
  readonly openedAt: number;
  expiry: NodeJS.Timeout | null;
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

function withCode(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map(
    (error) => new GraphQLErrorClass(error.message, { nodes: error.nodes, source: error.source, extensions: { code } }),
  );
}

function refusal(message: string, code: string): GraphQLError[] {
  return [new GraphQLErrorClass(message, { extensions: { code } })];
}

/**
 * Serves subscriptions over WebSocket with the graphql-transport-ws protocol (graphql-ws's
 * `useServer` on a `ws` server), on the HTTP server's port and path, as Apollo Server documents.
 * The token comes in `connection_init` and is checked as over HTTP; the socket is closed (4403)
 * when it expires. Only subscriptions run here (queries and mutations go over HTTP, with its
 * rate limits), under the same token, depth, alias and cost limits as HTTP.
 */
export function startWsServer(options: WsServerOptions): WsServer {
  const { schema, authenticator, metrics, logger, limits, subscriptions: bounds } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: bounds.maxMessageBytes });
  const validationRules = [...specifiedRules, ...(limitOptions(limits).validationRules ?? [])];
  const states = new WeakMap<WebSocket, SocketState>();
  const socketsOf = new Map<string, number>();
  let open = 0;

  const closeSoon = (socket: WebSocket, code: number, reason: string) => {
    socket.close(code, reason);
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  };

  const expireAt = (socket: WebSocket, state: SocketState, acceptedUntil: number) => {
    const delay = acceptedUntil - Date.now();
    state.expiry = setTimeout(
      () => {
        if (Date.now() < acceptedUntil) return expireAt(socket, state, acceptedUntil);
        metrics.wsDrops.inc({ reason: 'token_expired' });
        closeSoon(socket, WS_CLOSE.forbidden, 'Token expired');
      },
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
    state.expiry.unref();
  };

  const accept = async (ctx: Context<Record<string, unknown>, { socket: WebSocket; request: IncomingMessage }>) => {
    const { socket, request } = ctx.extra;
    if (!options.ready()) {
      closeSoon(socket, WS_CLOSE.notListening, 'Not listening for events now; try again later');
      return false;
    }
    const params = ctx.connectionParams ?? {};
    const header = params.authorization ?? params.Authorization;
    const auth = await authenticator
      .authenticateUntil(typeof header === 'string' ? header : undefined)
      .catch(() => null);
    if (!auth || auth.acceptedUntil <= Date.now()) {
      metrics.wsDrops.inc({ reason: 'forbidden' });
      return false;
    }
    const { userId } = auth.caller;
    const count = socketsOf.get(userId) ?? 0;
    if (count >= bounds.socketsPerUser) {
      metrics.wsDrops.inc({ reason: 'too_many_sockets' });
      closeSoon(socket, WS_CLOSE.tooManySockets, 'Too many sockets for this user');
      return false;
    }
    socketsOf.set(userId, count + 1);
    open += 1;
    const state: SocketState = {
      caller: auth.caller,
      meta: requestMetaFrom(request.headers),
      openedAt: performance.now(),
      expiry: null,
    };
    states.set(socket, state);
    expireAt(socket, state, auth.acceptedUntil);
    return true;
  };

  const release = (socket: WebSocket, code: number | undefined) => {
    const state = states.get(socket);
    if (!state) return;
    states.delete(socket);
    if (state.expiry) clearTimeout(state.expiry);
    const { userId } = state.caller;
    const left = (socketsOf.get(userId) ?? 1) - 1;
    if (left > 0) socketsOf.set(userId, left);
    else socketsOf.delete(userId);
    open -= 1;
    logger.info(
      {
        requestId: state.meta.requestId,
        userId,
        code,
        durationMs: Math.round(performance.now() - state.openedAt),
      },
      'websocket closed',
    );
  };

  const liveOf = (socket: WebSocket): LiveConnection => ({
    bufferedAmount: () => socket.bufferedAmount,
    dropSlow: () => {
      metrics.wsDrops.inc({ reason: 'slow_consumer' });
      closeSoon(socket, WS_CLOSE.slowConsumer, 'Slow consumer: events were not read in time');
    },
  });

  const format = (errors: readonly GraphQLError[]) => errors.map((error) => options.formatError(error.toJSON(), error));

  const cleanup = serveGraphQLOverWs<Record<string, unknown>>(
    {
      schema,
      isProd: options.isProduction,
      connectionInitWaitTimeout: bounds.connectionInitTimeoutMs,
      onConnect: accept,
      onClose: (ctx, code) => release(ctx.extra.socket, code),
      onSubscribe: async (ctx, _id, payload) => {
        const state = states.get(ctx.extra.socket);
        if (!state) return refusal('Not authenticated.', 'UNAUTHENTICATED');
        const limited = await options.fairness.admit(state.caller, ctx.extra.request.socket.remoteAddress).then(
          () => null,
          (error: unknown) => error,
        );
        if (limited instanceof RateLimitedError)
          return [new GraphQLErrorClass(limited.message, { originalError: limited })];
        // graphql-ws has registered this one already: more than the limit means one too many.
        if (Object.keys(ctx.subscriptions).length > bounds.subscriptionsPerSocket)
          return [
            new GraphQLErrorClass('Too many subscriptions', {
              originalError: new TooManySubscriptionsError(bounds.subscriptionsPerSocket),
            }),
          ];
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          return withCode([error as GraphQLError], 'GRAPHQL_PARSE_FAILED');
        }
        const invalid = validate(schema, document, validationRules);
        if (invalid.length > 0) return withCode(invalid, 'GRAPHQL_VALIDATION_FAILED');
        const operationName = payload.operationName ?? undefined;
        const operation = getOperationAST(document, operationName);
        if (!operation) return refusal('Unable to identify the operation to run.', 'BAD_REQUEST');
        if (operation.operation !== 'subscription')
          return refusal(
            'Only subscriptions are served over WebSocket: send queries and mutations to POST /graphql.',
            'BAD_REQUEST',
          );
        const variables = payload.variables ?? undefined;
        const cost = operationCost(schema, document, variables, operationName);
        if (cost !== null && cost > limits.maxCost) return [costLimitError(cost, limits.maxCost)];
        const contextValue: GraphQLContext = {
          caller: state.caller,
          meta: state.meta,
          log: {},
          budget: new ResponseBudget(limits.responseMaxBytes),
          live: liveOf(ctx.extra.socket),
        };
        return { schema, document, operationName, variableValues: variables, contextValue };
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) => {
        if (result.data) metrics.wsEventsSent.inc();
        if (!result.errors) return undefined;
        return { ...result, errors: format(result.errors) };
      },
    },
    wss,
    bounds.keepAliveMs,
  );
  acceptUpgrades(options.httpServer, wss, options.fairness, logger);

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
    openSockets: () => open,
    closeAll(code, reason) {
      for (const socket of wss.clients) closeSoon(socket, code, reason);
    },
  };
}
