import { clientHeader } from "./client-address";

// A token bucket per client: bursts up to `capacity`, refilled at `perMinute`. Kept in memory,
// which is right for one server process; several processes would need a shared store.

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until one more request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  take(client: string, now?: number): RateLimitDecision;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateLimiter(options: { perMinute: number; capacity?: number; maxClients?: number }): RateLimiter {
  const perMinute = options.perMinute;
  const capacity = options.capacity ?? perMinute;
  const maxClients = options.maxClients ?? 10_000;
  const refillPerMillisecond = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();

  return {
    take(client, now = Date.now()) {
      if (perMinute <= 0) return { allowed: true, retryAfterSeconds: 0, remaining: Number.POSITIVE_INFINITY };
      let bucket = buckets.get(client);
      if (!bucket) {
        // Forget the oldest clients first, so a flood of spoofed addresses cannot grow memory without bound.
        if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
        bucket = { tokens: capacity, updatedAt: now };
      } else {
        buckets.delete(client);
        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * refillPerMillisecond);
        bucket.updatedAt = now;
      }
      buckets.set(client, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMillisecond / 1000)), remaining: 0 };
    },
  };
}

/**
 * The client, as the HTTP guard resolved it from the socket (and TRUSTED_PROXY's X-Forwarded-For).
 * Without the guard (a route called directly in a test) every request counts as one client: a
 * header the client wrote is never trusted.
 */
export function clientKey(headers: Headers): string {
  return headers.get(clientHeader) || "local";
}

let shared: { perMinute: number; limiter: RateLimiter } | undefined;

/** The process-wide limiter for a rate. A different rate (another config, as in tests) starts afresh. */
export function sharedRateLimiter(perMinute: number): RateLimiter {
  if (shared?.perMinute !== perMinute) shared = { perMinute, limiter: createRateLimiter({ perMinute }) };
  return shared.limiter;
}
