import { describe, expect, it } from "vitest";
import { clientHeader, parseTrustedProxies, resolveClientAddress } from "./client-address";
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

  it("keys on the address the HTTP guard stamped, never on X-Forwarded-For the client wrote", () => {
    expect(clientKey(new Headers({ [clientHeader]: "198.51.100.9", "x-forwarded-for": "203.0.113.7" }))).toBe("198.51.100.9");
    expect(clientKey(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("local");
  });
});

describe("resolveClientAddress", () => {
  const none = new Set<string>();
  const proxy = parseTrustedProxies("10.0.0.2, ::ffff:10.0.0.3");

  it("is the socket address unless the peer is a trusted proxy", () => {
    expect(resolveClientAddress({ peer: "::ffff:127.0.0.1", forwardedFor: "203.0.113.7", trustedProxies: none })).toBe("127.0.0.1");
    expect(resolveClientAddress({ peer: "198.51.100.4", forwardedFor: "203.0.113.7", trustedProxies: proxy })).toBe("198.51.100.4");
  });

  it("behind trusted proxies, reads X-Forwarded-For from the right past every trusted hop", () => {
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "203.0.113.7, 198.51.100.9", trustedProxies: proxy })).toBe("198.51.100.9");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "198.51.100.9, 10.0.0.3", trustedProxies: proxy })).toBe("198.51.100.9");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: undefined, trustedProxies: proxy })).toBe("10.0.0.2");
  });
});
