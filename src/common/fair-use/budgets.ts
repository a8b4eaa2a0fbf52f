// Cost budgets per client: points per window, by client class. A request is admitted when its
// requested cost fits what is left of the client's budget; it is then charged its actual cost (the
// difference is given back), as Shopify's GraphQL API does. Fixed windows (rate-limiter-flexible):
// the window starts with a client's first request and the whole budget is back when it ends.
//
// Storage: in memory (one process) unless REDIS_URL is set; then in Redis, shared by every process
// and instance. When Redis does not answer, each process falls back to its own in-memory budget
// (rate-limiter-flexible's insuranceLimiter) and goes back to Redis when it answers again: the API
// stays up, and for that time a client may spend up to a budget per process.
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export const CLIENT_CLASSES = ['anonymous', 'widget', 'institutionStaff', 'regionalCoordinator', 'researcher', 'admin'] as const;
export type ClientClass = (typeof CLIENT_CLASSES)[number];

/** BUDGET_* variables (config.ts). */
export interface BudgetSettings {
  /** Points each class may spend per window. */
  points: Record<ClientClass, number>;
  windowSeconds: number;
  /** Redis shared by every process and instance; absent: in memory. */
  redisUrl?: string;
  /** Prefix of the Redis keys (several deployments on one Redis). */
  keyPrefix: string;
}

/** Defaults of BUDGET_<CLASS> (points per window of BUDGET_WINDOW_SECONDS; README "Cost and budgets"). */
export const DEFAULT_BUDGETS: Record<ClientClass, number> = {
  anonymous: 1_000_000,
  widget: 1_000_000,
  institutionStaff: 2_000_000,
  regionalCoordinator: 2_000_000,
  researcher: 5_000_000,
  admin: 10_000_000,
};

export interface Client {
  class: ClientClass;
  /** Whom the budget belongs to: an address, a widget key, a token subject. */
  id: string;
}

export interface BudgetState {
  limit: number;
  remaining: number;
  /** When the whole budget is back (ms since the epoch). */
  resetAt: number;
}

export interface Admission extends BudgetState {
  admitted: boolean;
}

export interface Budgets {
  /** Admits and charges `points` when they fit what is left; charges nothing otherwise. */
  take(client: Client, points: number): Promise<Admission>;
  /** Charges the actual cost of an admitted request instead of its requested cost (gives back, or takes, the difference). */
  settle(client: Client, requested: number, actual: number, before: BudgetState): Promise<BudgetState>;
  limitOf(client: Client): number;
  readonly windowSeconds: number;
  close(): Promise<void>;
}

const state = (limit: number, res: RateLimiterRes): BudgetState => ({
  limit,
  remaining: Math.max(0, limit - res.consumedPoints),
  resetAt: Date.now() + Math.max(0, res.msBeforeNext),
});

export function createBudgets(settings: BudgetSettings, log: (message: string) => void = () => undefined): Budgets {
  let redis: Redis | undefined;
  if (settings.redisUrl) {
    // No offline queue: while Redis is down a request must not wait for it (the fallback answers at once).
    redis = new Redis(settings.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      commandTimeout: 500,
      lazyConnect: false,
    });
    let lastLog = 0;
    redis.on('error', (error: Error) => {
      if (Date.now() - lastLog < 10_000) return;
      lastLog = Date.now();
      log(`budget store (Redis) unavailable, budgets held in this process until it answers: ${error.name}: ${error.message}`);
    });
  }
  const limiters = Object.fromEntries(
    CLIENT_CLASSES.map((c) => {
      const options = { points: settings.points[c], duration: settings.windowSeconds };
      const memory = new RateLimiterMemory({ ...options, keyPrefix: `budget:${c}` });
      const limiter: RateLimiterAbstract = redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: redis,
            keyPrefix: `${settings.keyPrefix}:${c}`,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory;
      return [c, limiter];
    }),
  ) as Record<ClientClass, RateLimiterAbstract>;
  return {
    windowSeconds: settings.windowSeconds,
    limitOf: (client) => settings.points[client.class],
    async take(client, points) {
      const limit = settings.points[client.class];
      const limiter = limiters[client.class];
      try {
        return { admitted: true, ...state(limit, await limiter.consume(client.id, points)) };
      } catch (refused) {
        if (!(refused instanceof RateLimiterRes)) throw refused;
        // Not admitted: what was counted is given back, so a smaller request may still fit.
        const res = await limiter.reward(client.id, points).catch(() => refused);
        return { admitted: false, ...state(limit, res) };
      }
    },
    async settle(client, requested, actual, before) {
      if (requested === actual) return before;
      const limiter = limiters[client.class];
      const res = await (requested > actual ? limiter.reward(client.id, requested - actual) : limiter.penalty(client.id, actual - requested)).catch(
        () => undefined,
      );
      return res ? state(before.limit, res) : before;
    },
    async close() {
      if (redis) redis.disconnect();
      return Promise.resolve();
    },
  };
}
