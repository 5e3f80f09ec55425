import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import type { GatewayData, GqlBody } from './graphql-types.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long!!';

/** The `Accept` header Apollo Client 4 sends: application/graphql-response+json first. */
export const GRAPHQL_RESPONSE_ACCEPT = 'application/graphql-response+json,application/json;q=0.9';

/** A GraphQL response; `T` is the type of its `data` (by default, root fields by name: see `GatewayData`). */
export interface GraphQLResponse<T = GatewayData> {
  status: number;
  headers: Headers;
  body: GqlBody<T>;
}

/** A REST response; `T` is the type of its parsed JSON body (null when the body is empty). */
export interface RestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A running gateway on port 0 with its own fresh database, and helpers to call it. */
export interface TestApp {
  readonly app: App;
  readonly url: string;
  readonly database: TestDatabase;
  token(userId: string, options?: { roles?: string[]; expiresIn?: string }): Promise<string>;
  graphql<T = GatewayData>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  rest<T = unknown>(method: string, path: string, headers?: Record<string, string>): Promise<RestResponse<T>>;
  close(): Promise<void>;
}

/** An error as pino's serializer logs it. */
export interface LoggedError {
  readonly type?: string;
  readonly message?: string;
  readonly stack?: string;
  readonly query?: string;
  readonly cause?: LoggedError;
  readonly [field: string]: unknown;
}

/** One JSON log line. */
export interface LogLine {
  readonly level?: number;
  readonly msg?: string;
  readonly requestId?: string;
  readonly err?: LoggedError;
  readonly [field: string]: unknown;
}

/** Collects the app's JSON log lines, for tests that read the log. */
export class LogCapture {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  write(chunk: string): void {
    this.raw.push(chunk);
    this.lines.push(JSON.parse(chunk));
  }
}

/** Starts the real app, listening on 127.0.0.1:0, against a new database of the given kind. */
export async function startTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  logs?: LogCapture,
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const config = loadConfig({
    DATABASE_URL: database.url,
    AUTH_JWT_SECRET: TEST_SECRET,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    PURGE_INTERVAL_MINUTES: '0',
    // Property and hostile-input tests send thousands of requests without a token from one IP;
    // the rate limits have tests of their own, with their own values.
    RATE_LIMIT_IP_PER_MINUTE: '0',
    RATE_LIMIT_USER_PER_MINUTE: '0',
    ...env,
  });
  const app = await createApp(config, { logger: logs ? createLogger('info', logs) : createLogger(config.logLevel) });
  app.httpServer.listen(0, '127.0.0.1');
  await once(app.httpServer, 'listening');
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  return {
    app,
    url,
    database,
    token: (userId, options) => app.authenticator.issueToken(userId, options),
    async graphql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        // As Apollo Client 4 asks: request errors keep their 4xx (under application/json, which
        // test/graphql-http-status.test.ts covers, every well-formed request is 200).
        headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE_ACCEPT, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as GqlBody<T>,
      };
    },
    async rest<T>(method: string, path: string, headers: Record<string, string> = {}) {
      const response = await fetch(`${url}${path}`, { method, headers });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * Starts an app for the enclosing `describe` (in `beforeAll`) and closes it (in `afterAll`). The
 * returned object stands for that app once the hook has run, so tests read `t.url`, `t.graphql`.
 */
export function useTestApp(kind: DatabaseKind, env: Record<string, string> = {}, logs?: LogCapture): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(kind, env, logs);
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as TestApp, {
    get: (_target, property) => {
      if (!current) throw new Error('the test app starts in beforeAll: use it inside hooks and tests');
      return current[property as keyof TestApp];
    },
  });
}

/** The `data` of a GraphQL response that must have some: fails the test with the response's errors when it has none. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  const { data } = response.body;
  if (data === undefined || data === null)
    throw new Error(`the GraphQL response (HTTP ${response.status}) has no data: ${JSON.stringify(response.body)}`);
  return data;
}
