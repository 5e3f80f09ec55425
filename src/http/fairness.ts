import type { IncomingMessage } from 'node:http';
import { Redis } from 'ioredis';
import { type IRateLimiterOptions, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Authenticator, Caller } from '../auth/auth.js';
import type { FairnessConfig } from '../config.js';
import { RateLimitedError } from '../errors.js';
import type { Logger } from '../logger.js';

type Limiter = RateLimiterMemory | RateLimiterRedis;

/** A slot of a crashed replica is given back after this long (the counters expire). */
const EXPENSIVE_SLOT_SECONDS = 3600;
/** Retry-After when every expensive-operation slot of a user is taken: they free up as operations finish. */
const EXPENSIVE_RETRY_MS = 5000;

/**
 * Per-user fairness (rate-limiter-flexible): a request rate per authenticated user, a request
 * rate per client IP for requests without a valid token, and a cap on the expensive operations
 * (backups, bulk deletes) one user runs at once. The counters live in Redis when REDIS_URL is set,
 * so every replica counts against the same ones; if Redis cannot be reached, each replica falls
 * back to counting in memory (rate-limiter-flexible's insurance limiter) rather than refusing
 * everyone. Without REDIS_URL they live in memory.
 */
export class Fairness {
  private constructor(
    private readonly users: Limiter | null,
    private readonly ips: Limiter | null,
    private readonly expensiveSlots: Limiter,
    private readonly redis: Redis | null,
  ) {}

  /** Builds the limiters; with REDIS_URL, waits (up to 2 s) for Redis, so that the first requests count there too. */
  static async create(config: FairnessConfig, logger: Logger): Promise<Fairness> {
    const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
    const limiter = (options: IRateLimiterOptions): Limiter => {
      const memory = new RateLimiterMemory(options);
      return redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory;
    };
    /** A limit of 0 turns that limit off. */
    const unlessOff = (options: IRateLimiterOptions & { points: number }) =>
      options.points === 0 ? null : limiter(options);
    return new Fairness(
      unlessOff({ keyPrefix: 'ctg:rate:user', points: config.userPerMinute, duration: 60 }),
      unlessOff({ keyPrefix: 'ctg:rate:ip', points: config.ipPerMinute, duration: 60 }),
      limiter({ keyPrefix: 'ctg:expensive', points: config.expensivePerUser, duration: EXPENSIVE_SLOT_SECONDS }),
      redis,
    );
  }

  /** Counts one request: the caller's, or without a valid token its IP's. RATE_LIMITED past the limit. */
  async admit(caller: Caller | null, ip: string | undefined): Promise<void> {
    const [limiter, key] = caller ? [this.users, caller.userId] : [this.ips, ip ?? 'unknown'];
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      throw asRateLimited(rejection, rejection instanceof RateLimiterRes ? rejection.msBeforeNext : 1000);
    }
  }

  /** Runs `work` in one of the caller's expensive-operation slots; RATE_LIMITED when all are taken. */
  async expensive<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
    try {
      await this.expensiveSlots.consume(caller.userId);
    } catch (rejection) {
      // A refused consume still counted its point: give it back, or refusals would use up slots.
      if (rejection instanceof RateLimiterRes) await this.expensiveSlots.reward(caller.userId).catch(() => undefined);
      throw asRateLimited(
        rejection,
        EXPENSIVE_RETRY_MS,
        'Too many expensive operations (backups, bulk deletes) at once; try again when one has finished.',
      );
    }
    try {
      return await work();
    } finally {
      await this.expensiveSlots.reward(caller.userId).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

/**
 * Who calls, decided from the headers alone, before any of the body is read: a bad token is
 * UNAUTHENTICATED and counts against the client's IP, as does a request without a token; a valid
 * one counts against its user. Past either rate, RATE_LIMITED.
 */
export async function admitRequest(
  req: IncomingMessage,
  authenticator: Authenticator,
  fairness: Fairness,
): Promise<Caller | null> {
  let caller: Caller | null;
  try {
    caller = await authenticator.authenticate(req.headers.authorization);
  } catch (error) {
    await fairness.admit(null, req.socket.remoteAddress);
    throw error;
  }
  await fairness.admit(caller, req.socket.remoteAddress);
  return caller;
}

function asRateLimited(rejection: unknown, retryAfterMs: number, reason?: string): unknown {
  return rejection instanceof RateLimiterRes ? new RateLimitedError(retryAfterMs, reason) : rejection;
}

async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  // No offline queue: while Redis is away, commands fail at once and the in-memory insurance counts.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported)
      logger.warn({ err: error }, 'Redis for rate limits is unreachable; counting in memory until it is back');
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}
