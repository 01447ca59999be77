import { describe, expect, it } from "vitest";
import { clientKey, createRateLimiter } from "./rate-limit";

describe("rate limiter", () => {
  it("allows a burst up to capacity, then refuses with a Retry-After until tokens refill", () => {
    const limiter = createRateLimiter({ perMinute: 6, capacity: 3 });
    const start = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("a", start).allowed)).toEqual([true, true, true]);
    const refused = limiter.take("a", start);
    expect(refused.allowed).toBe(false);
    // 6 per minute: one token every 10 seconds.
    expect(refused.retryAfterSeconds).toBe(10);
    expect(limiter.take("a", start + 9_000).allowed).toBe(false);
    expect(limiter.take("a", start + 10_500).allowed).toBe(true);
  });

  it("keeps clients apart", () => {
    const limiter = createRateLimiter({ perMinute: 1 });
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(false);
    expect(limiter.take("b", 0).allowed).toBe(true);
  });

  it("is off at zero", () => {
    const limiter = createRateLimiter({ perMinute: 0 });
    for (let index = 0; index < 100; index += 1) expect(limiter.take("a", 0).allowed).toBe(true);
  });

  it("bounds the number of clients it remembers", () => {
    const limiter = createRateLimiter({ perMinute: 1, maxClients: 2 });
    limiter.take("a", 0);
    limiter.take("b", 0);
    limiter.take("c", 0);
    // "a" was forgotten, so it starts with a full bucket again.
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("c", 0).allowed).toBe(false);
  });

  it("takes the address the nearest proxy appended, not one the client made up", () => {
    expect(clientKey(new Headers({ "x-forwarded-for": "203.0.113.7, 198.51.100.9" }))).toBe("198.51.100.9");
    expect(clientKey(new Headers({ "x-forwarded-for": "198.51.100.9" }))).toBe("198.51.100.9");
    expect(clientKey(new Headers())).toBe("local");
  });
});
