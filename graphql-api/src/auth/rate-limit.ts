import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { BurstyRateLimiter, RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Limits } from '../config/config';
import { ErrorCode } from '../common/errors';

/**
 * Requests per key: a steady rate plus a burst allowance that refills over time, the way a token
 * bucket behaves. In memory by default; in Redis (REDIS_URL) so that replicas share one budget.
 */
export class RateLimit {
  private readonly limiter: BurstyRateLimiter;
  private readonly redis: Redis | undefined;

  constructor(limits: Limits) {
    const burstSeconds = Math.max(1, Math.ceil(limits.rateBurst / limits.ratePerSecond));
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      // While Redis cannot be reached, each replica limits on its own rather than refusing everyone.
      return this.redis ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
    };
    this.redis = limits.redisUrl ? new Redis(limits.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
    this.limiter = new BurstyRateLimiter(
      make('agentmon:rate', limits.ratePerSecond, 1),
      make('agentmon:burst', Math.max(1, limits.rateBurst), burstSeconds),
    );
  }

  /** Spends one request of `key`'s budget, or throws RATE_LIMITED (HTTP 429) with Retry-After. */
  async consume(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new GraphQLError(`Too many requests for this API key; retry in ${seconds} s`, {
        extensions: { code: ErrorCode.RATE_LIMITED, http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) } },
      });
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
