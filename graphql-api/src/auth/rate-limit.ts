import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Logger } from 'pino';
import { Limits } from '../config/config';
import { ErrorCode } from '../common/errors';

/** A bucket's answer: whether a token was there, and when the next one will be. */
interface Take {
  allowed: boolean;
  msBeforeNext: number;
}

interface BucketSpec {
  /** Tokens added per second. */
  rate: number;
  /** Most tokens the bucket holds: the largest burst. */
  capacity: number;
}

// Buckets of clients not seen for a while are dropped first; a dropped bucket is a full one,
// which is what it would have refilled to anyway.
const MEMORY_BUCKETS = 100_000;

/**
 * Token buckets in this process. `cost` 0 only looks: allowed while at least one token is left.
 * Tokens are fractional so that any rate is exact. They refill on the monotonic clock: on the wall
 * clock, a time correction that set it back an hour would leave every bucket an hour's tokens short,
 * and every client locked out.
 */
class MemoryBuckets {
  private readonly buckets = new LRUCache<string, { tokens: number; at: number }>({ max: MEMORY_BUCKETS });

  take(key: string, spec: BucketSpec, cost: number): Take {
    const now = performance.now();
    const bucket = this.buckets.get(key) ?? { tokens: spec.capacity, at: now };
    const tokens = Math.min(spec.capacity, bucket.tokens + ((now - bucket.at) * spec.rate) / 1000);
    const allowed = tokens >= 1;
    const left = allowed ? tokens - cost : tokens;
    this.buckets.set(key, { tokens: left, at: now });
    return { allowed, msBeforeNext: left >= 1 ? 0 : Math.ceil(((1 - left) * 1000) / spec.rate) };
  }
}

// The same bucket in Redis, atomically, on Redis's clock so that replicas agree; a clock set back
// refills nothing until it has caught up, rather than taking tokens away.
const TAKE_SCRIPT = `
local rate, capacity, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then allowed = 1; tokens = tokens - cost end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
local wait = 0
if tokens < 1 then wait = math.ceil((1 - tokens) * 1000 / rate) end
return {allowed, wait}`;

/** Where RateLimit reports whether Redis answers (a gauge and a counter in production). */
export interface StoreHealth {
  up(reachable: boolean): void;
  fellBack(): void;
}

type ScriptedRedis = Redis & {
  takeToken(key: string, rate: number, capacity: number, cost: number): Promise<[number, number]>;
};

/**
 * Token buckets per client: in memory by default; in Redis (REDIS_URL) so that replicas share
 * one budget. While Redis cannot be reached, each replica limits on its own buckets (counted in
 * agentmon_rate_limit_store_failures_total, and agentmon_rate_limit_store_up is 0), and it goes
 * back to Redis by itself once Redis answers again.
 */
export class RateLimit {
  private readonly memory = new MemoryBuckets();
  private readonly redis: ScriptedRedis | undefined;
  private readonly requests: BucketSpec;
  private readonly failures: BucketSpec;

  constructor(
    limits: Limits,
    private readonly health: StoreHealth,
    logger: Logger
  ) {
    this.requests = { rate: limits.ratePerSecond, capacity: Math.max(1, limits.rateBurst) };
    this.failures = { rate: limits.authFailuresPerMinute / 60, capacity: limits.authFailuresPerMinute };
    if (limits.redisUrl) {
      const redis = new Redis(limits.redisUrl, {
        keyPrefix: `${limits.redisKeyPrefix}:`,
        // Redis is a helper, not a dependency: a request waits at most redisTimeoutMs for it.
        connectTimeout: limits.redisTimeoutMs * 4,
        commandTimeout: limits.redisTimeoutMs,
        // Fail at once while disconnected instead of queueing requests behind the outage.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      });
      redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
      let warned = false;
      redis.on('error', (error: Error) => {
        if (!warned) logger.warn({ err: error }, 'Redis unreachable: rate limits are per replica until it is back');
        warned = true;
      });
      redis.on('ready', () => {
        warned = false;
        health.up(true);
      });
      this.redis = redis as ScriptedRedis;
    }
    health.up(!limits.redisUrl);
  }

  /** Spends one request of `key`'s budget, or throws RATE_LIMITED (HTTP 429) with Retry-After. */
  async consume(key: string): Promise<void> {
    const take = await this.take(`rate:${key}`, this.requests, 1);
    if (!take.allowed) throw rateLimited('Too many requests for this API key', take.msBeforeNext);
  }

  /** Refuses a client address that has used up its failed authentications, before any work. */
  async checkFailures(address: string): Promise<void> {
    const take = await this.take(`authfail:${address}`, this.failures, 0);
    if (!take.allowed) throw rateLimited('Too many failed authentications from this address', take.msBeforeNext);
  }

  /** Counts one failed authentication of a client address. */
  async recordFailure(address: string): Promise<void> {
    await this.take(`authfail:${address}`, this.failures, 1);
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  private async take(key: string, spec: BucketSpec, cost: number): Promise<Take> {
    if (this.redis) {
      try {
        const [allowed, msBeforeNext] = await this.redis.takeToken(key, spec.rate, spec.capacity, cost);
        this.health.up(true);
        return { allowed: allowed === 1, msBeforeNext };
      } catch {
        // Fail open to this replica's own buckets: slower clients, not refused ones.
        this.health.up(false);
        this.health.fellBack();
      }
    }
    return this.memory.take(key, spec, cost);
  }
}

function rateLimited(message: string, msBeforeNext: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new GraphQLError(`${message}; retry in ${seconds} s`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) },
    },
  });
}
