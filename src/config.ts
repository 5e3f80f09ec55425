import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

/** Where the threads live: an embedded SQLite file (or memory) or a PostgreSQL server. */
export interface DatabaseConfig {
  readonly url: string;
  readonly kind: 'sqlite' | 'postgres';
  /** File path for SQLite (`:memory:` for an in-memory database); unused for PostgreSQL. */
  readonly sqlitePath: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  /**
   * PostgreSQL: how long a statement may wait for a lock (a thread another transaction holds) before
   * it fails with 55P03, answered THREAD_BUSY; 0 leaves the database's or role's `lock_timeout`.
   */
  readonly lockTimeoutMs: number;
  /**
   * The most messages one delete transaction removes: a thread with at most this many is deleted in
   * one transaction; a bigger one is tombstoned and its messages reclaimed in chunks of at most this
   * size (smaller when steps run slow: `StepSizer`).
   */
  readonly chunkMessages: number;
}

/** How bearer tokens are verified. `dev` signs and verifies with a secret made at start-up. */
export type AuthConfig =
  | {
      readonly mode: 'hs256' | 'dev';
      readonly secret: Uint8Array;
      readonly issuer?: string;
      readonly audience?: string;
      readonly clockToleranceSeconds: number;
    }
  | {
      readonly mode: 'jwks';
      readonly jwksUrl: URL;
      readonly issuer?: string;
      readonly audience?: string;
      readonly clockToleranceSeconds: number;
    };

/** Limits that refuse abusive GraphQL requests before they execute. */
export interface GraphQLLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** Largest request body, in bytes (413 past it). */
  readonly bodyLimitBytes: number;
  /** Largest response body, in bytes: a GraphQL answer past it is replaced by RESPONSE_TOO_LARGE. */
  readonly responseMaxBytes: number;
  /** A client that has not read its whole response this long after it was written is cut off. */
  readonly slowClientTimeoutMs: number;
}

/** Bounds on live updates (GraphQL subscriptions over WebSocket), per process. */
export interface SubscriptionLimits {
  /** Open sockets one user may have on this process; the next is closed with 4029. */
  readonly socketsPerUser: number;
  /** Subscriptions running at once on one socket; the next is refused with TOO_MANY_SUBSCRIPTIONS. */
  readonly subscriptionsPerSocket: number;
  /** Largest message a client may send, in bytes (ws `maxPayload`; past it the socket is closed with 1009). */
  readonly maxMessageBytes: number;
  /** Bytes a socket may hold unread by its client before it is dropped as a slow consumer (4008). */
  readonly maxBufferedBytes: number;
  /** Events one subscription may have waiting to be written before it is dropped as a slow consumer (4008). */
  readonly maxQueuedEvents: number;
  /** How long a socket may stay open without a valid connection_init (graphql-ws closes it with 4408). */
  readonly connectionInitTimeoutMs: number;
  /** Ping interval; a socket that does not answer within it is terminated. */
  readonly keepAliveMs: number;
}

/** Per-user fairness: request rates and caps on concurrent expensive operations. */
export interface FairnessConfig {
  /** Requests a minute per authenticated user; 0 turns the limit off. */
  readonly userPerMinute: number;
  /** Requests a minute per client IP that present no valid token; 0 turns the limit off. */
  readonly ipPerMinute: number;
  /** Expensive operations (backups, bulk deletes) one user may have running at once. */
  readonly expensivePerUser: number;
  /** Redis that holds the counters so that every replica sees the same ones; null keeps them in memory. */
  readonly redisUrl: string | null;
}

/** How backups are bounded: how many run at once, how much each user may keep, and for how long. */
export interface BackupPolicy {
  /** Backups one gateway process writes at once (each holds a database connection while it streams). */
  readonly concurrency: number;
  /** Bytes of backups one user may keep; a backup that would pass it is refused. 0: no quota. */
  readonly quotaBytesPerUser: number;
  /** Days a backup is kept; older ones are removed by the purger and `npm run purge`. 0: kept forever. */
  readonly retentionDays: number;
}

/** The legacy REST route's lifecycle, announced in its answers' headers. */
export interface LegacyRestConfig {
  /** When the route was deprecated, in epoch seconds: `Deprecation: @<seconds>` (RFC 9745). */
  readonly deprecatedAtSeconds: number;
  /** When it goes away, in epoch seconds: `Sunset: <HTTP-date>` (RFC 8594); null sends no Sunset. */
  readonly sunsetAtSeconds: number | null;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly nodeEnv: string;
  readonly isProduction: boolean;
  readonly database: DatabaseConfig;
  readonly auth: AuthConfig;
  readonly appEnv: string;
  readonly region: string;
  readonly apiVersion: string;
  readonly serverVersion: string;
  readonly softDeleteRetentionDays: number;
  readonly backupDir: string;
  readonly backups: BackupPolicy;
  readonly fairness: FairnessConfig;
  /** Bearer token `/metrics` asks for; null: open outside production, closed (404) in production. */
  readonly metricsToken: string | null;
  /** Minutes between purges of expired soft-deleted threads; 0 turns the in-server purger off. */
  readonly purgeIntervalMinutes: number;
  readonly logLevel: string;
  readonly introspection: boolean;
  readonly playground: boolean;
  readonly limits: GraphQLLimits;
  readonly subscriptions: SubscriptionLimits;
  /** Origins allowed to call from a browser (CORS); empty means CORS is off. */
  readonly corsOrigins: readonly string[];
  /** How long in-flight requests get to finish after SIGTERM before connections are closed. */
  readonly shutdownTimeoutMs: number;
  readonly legacyRest: LegacyRestConfig;
  /**
   * Seed demo threads for the dev token's user into a fresh SQLite database (dev mode only, so never in
   * production).
   */
  readonly demoData: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A configuration value that stops start-up; its message is the one line an operator sees. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads `.env` from the working directory into the environment, if the file exists. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** The environment as it is now; the only place that reads `process.env`. */
export function processEnv(): Env {
  return process.env;
}

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function number(
  env: Env,
  name: string,
  fallback: number,
  range: { min: number; max: number; integer: boolean },
): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const valid = range.integer ? Number.isInteger(value) : Number.isFinite(value);
  if (!valid || value < range.min || value > range.max) {
    throw new ConfigError(
      `${name} must be ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}, got "${raw}"`,
    );
  }
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  return number(env, name, fallback, { min, max, integer: true });
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  return number(env, name, fallback, { min, max, integer: false });
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function corsOrigins(env: Env): string[] {
  const origins = (optional(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || parsed.origin !== origin)
      throw new ConfigError(`CORS_ORIGINS entries must be origins like https://app.example.com, got "${origin}"`);
  }
  return origins;
}

/** `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date-time with `Z` or an offset. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** An instant given as an ISO 8601 date or date-time, in whole epoch seconds; undefined when unset. */
function instant(env: Env, name: string): number | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  const match = INSTANT.exec(raw);
  const millis = Date.parse(raw);
  // Date.parse rolls 2027-02-30 over to March: the calendar date must survive the round trip.
  const day = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const real = day && day.getUTCMonth() === Number(match[2]) - 1 && day.getUTCDate() === Number(match[3]);
  if (!real || Number.isNaN(millis))
    throw new ConfigError(`${name} must be a date like 2027-06-30 or 2027-06-30T00:00:00Z, got "${raw}"`);
  return Math.floor(millis / 1000);
}

/** 2026-11-29, the day the gateway replaced the FastAPI service and the REST route became deprecated. */
const DEFAULT_DEPRECATED_AT_SECONDS = Date.UTC(2026, 10, 29) / 1000;

function legacyRest(env: Env): LegacyRestConfig {
  const deprecatedAtSeconds = instant(env, 'REST_DEPRECATION_DATE') ?? DEFAULT_DEPRECATED_AT_SECONDS;
  const sunsetAtSeconds = instant(env, 'REST_SUNSET_DATE') ?? null;
  // RFC 9745: a Sunset date should not be earlier than the Deprecation date.
  if (sunsetAtSeconds !== null && sunsetAtSeconds < deprecatedAtSeconds)
    throw new ConfigError('REST_SUNSET_DATE must not be earlier than REST_DEPRECATION_DATE');
  return Object.freeze({ deprecatedAtSeconds, sunsetAtSeconds });
}

function redisUrl(env: Env): string | null {
  const url = optional(env, 'REDIS_URL');
  if (url === undefined) return null;
  if (!/^rediss?:\/\/./.test(url)) throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  return url;
}

/** `BACKUP_DIR`, resolved: where backups are written (the server) and expired (`npm run purge`). */
export function loadBackupDir(env: Env = processEnv()): string {
  return path.resolve(text(env, 'BACKUP_DIR', 'data/backups'));
}

/** How many backups run at once, how much each user may keep, and for how long. */
export function loadBackupPolicy(env: Env = processEnv(), database = loadDatabaseConfig(env)): BackupPolicy {
  return Object.freeze({
    concurrency: integer(env, 'BACKUP_CONCURRENCY', Math.max(1, Math.floor(database.poolSize / 4)), 1, 1000),
    quotaBytesPerUser: integer(env, 'BACKUP_QUOTA_BYTES_PER_USER', 1_073_741_824, 0, Number.MAX_SAFE_INTEGER),
    retentionDays: integer(env, 'BACKUP_RETENTION_DAYS', 90, 0, 36_500),
  });
}

/** Parses `DATABASE_URL` (and the pool settings) without reading anything else. */
export function loadDatabaseConfig(env: Env = processEnv()): DatabaseConfig {
  const url = text(env, 'DATABASE_URL', 'sqlite:data/threads.db');
  const statementTimeoutMs = integer(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000);
  const common = {
    url,
    // Two at least: start-up holds one for the migration lock while migrations use another.
    poolSize: integer(env, 'DB_POOL_SIZE', 10, 2, 1000),
    connectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    statementTimeoutMs,
    // Below the statement timeout by default, so that a lock wait ends as THREAD_BUSY before it.
    lockTimeoutMs: integer(env, 'DB_LOCK_TIMEOUT_MS', Math.min(5000, Math.floor(statementTimeoutMs / 2)), 0, 3_600_000),
  };
  // SQLite's chunk holds the process's one writer, so a request that arrives during it waits for it:
  // 2,000 messages take about 5 ms on this project's 2-core reference machine, about a small
  // delete's own p99. PostgreSQL's chunk only holds the thread: 20,000 take about 20 ms.
  const chunkMessages = (kind: DatabaseConfig['kind']) =>
    integer(env, 'DELETE_CHUNK_MESSAGES', kind === 'postgres' ? 20_000 : 2000, 1, 1_000_000);
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (!file)
      throw new ConfigError('DATABASE_URL "sqlite:" needs a path, e.g. sqlite:data/threads.db or sqlite::memory:');
    return Object.freeze({
      ...common,
      kind: 'sqlite',
      sqlitePath: file === ':memory:' ? file : path.resolve(file),
      chunkMessages: chunkMessages('sqlite'),
    });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid postgres:// URL');
    }
    return Object.freeze({ ...common, kind: 'postgres', sqlitePath: '', chunkMessages: chunkMessages('postgres') });
  }
  throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
}

function loadAuth(env: Env, isProduction: boolean): AuthConfig {
  const secret = optional(env, 'AUTH_JWT_SECRET');
  const jwksUrl = optional(env, 'AUTH_JWKS_URL');
  const claims = {
    issuer: optional(env, 'AUTH_ISSUER'),
    audience: optional(env, 'AUTH_AUDIENCE'),
    clockToleranceSeconds: integer(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 60, 0, 3600),
  };
  if (secret && jwksUrl) throw new ConfigError('set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
  if (secret) {
    const bytes = new TextEncoder().encode(secret);
    if (bytes.length < 32) throw new ConfigError('AUTH_JWT_SECRET must be at least 32 bytes long');
    return Object.freeze({ mode: 'hs256', secret: bytes, ...claims });
  }
  if (jwksUrl) {
    let parsed: URL;
    try {
      parsed = new URL(jwksUrl);
    } catch {
      throw new ConfigError('AUTH_JWKS_URL is not a valid URL');
    }
    return Object.freeze({ mode: 'jwks', jwksUrl: parsed, ...claims });
  }
  if (isProduction) {
    throw new ConfigError('NODE_ENV=production needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  }
  return Object.freeze({ mode: 'dev', secret: new Uint8Array(randomBytes(32)), ...claims });
}

/** The version in package.json. */
function packageVersion(): string {
  const file = path.join(PACKAGE_ROOT, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Validates the whole environment once and returns a frozen, typed configuration. */
export function loadConfig(env: Env = processEnv()): Config {
  const nodeEnv = text(env, 'NODE_ENV', 'development');
  const isProduction = nodeEnv === 'production';
  const logLevel = text(env, 'LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const database = loadDatabaseConfig(env);
  const auth = loadAuth(env, isProduction);
  return Object.freeze({
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: text(env, 'HOST', '127.0.0.1'),
    nodeEnv,
    isProduction,
    database,
    auth,
    appEnv: text(env, 'APP_ENV', 'development'),
    region: text(env, 'REGION', 'local'),
    apiVersion: text(env, 'API_VERSION', 'v1'),
    serverVersion: packageVersion(),
    softDeleteRetentionDays: integer(env, 'SOFT_DELETE_RETENTION_DAYS', 30, 0, 36_500),
    backupDir: loadBackupDir(env),
    backups: loadBackupPolicy(env, database),
    fairness: Object.freeze({
      userPerMinute: integer(env, 'RATE_LIMIT_USER_PER_MINUTE', 6000, 0, 100_000_000),
      ipPerMinute: integer(env, 'RATE_LIMIT_IP_PER_MINUTE', 600, 0, 100_000_000),
      expensivePerUser: integer(env, 'EXPENSIVE_OPERATIONS_PER_USER', 2, 1, 1000),
      redisUrl: redisUrl(env),
    }),
    metricsToken: optional(env, 'METRICS_TOKEN') ?? null,
    // 35,791 minutes is the longest delay a Node.js timer takes (2^31 - 1 ms).
    purgeIntervalMinutes: decimal(env, 'PURGE_INTERVAL_MINUTES', 60, 0, 35_791),
    logLevel,
    introspection: flag(env, 'GRAPHQL_INTROSPECTION', !isProduction),
    playground: flag(env, 'GRAPHQL_PLAYGROUND', !isProduction),
    limits: Object.freeze({
      maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 10, 1, 1000),
      maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
      maxCost: integer(env, 'GRAPHQL_MAX_COST', 10_000, 1, 10_000_000),
      maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 2000, 10, 1_000_000),
      maxDirectives: integer(env, 'GRAPHQL_MAX_DIRECTIVES', 50, 0, 10_000),
      bodyLimitBytes: integer(env, 'REQUEST_BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
      responseMaxBytes: integer(env, 'RESPONSE_MAX_BYTES', 8_388_608, 65_536, 1_073_741_824),
      slowClientTimeoutMs: integer(env, 'SLOW_CLIENT_TIMEOUT_MS', 15_000, 100, 600_000),
    }),
    subscriptions: Object.freeze({
      socketsPerUser: integer(env, 'WS_MAX_SOCKETS_PER_USER', 20, 1, 100_000),
      subscriptionsPerSocket: integer(env, 'WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 20, 1, 10_000),
      maxMessageBytes: integer(env, 'WS_MAX_MESSAGE_BYTES', 65_536, 1024, 104_857_600),
      maxBufferedBytes: integer(env, 'WS_MAX_BUFFERED_BYTES', 1_048_576, 1024, 1_073_741_824),
      maxQueuedEvents: integer(env, 'WS_MAX_QUEUED_EVENTS', 1000, 1, 1_000_000),
      connectionInitTimeoutMs: integer(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 3000, 100, 600_000),
      keepAliveMs: integer(env, 'WS_KEEPALIVE_MS', 12_000, 1000, 600_000),
    }),
    corsOrigins: Object.freeze(corsOrigins(env)),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    legacyRest: legacyRest(env),
    demoData: auth.mode === 'dev' && database.kind === 'sqlite',
  });
}
