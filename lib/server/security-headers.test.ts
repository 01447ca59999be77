import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, securityHeaders } from "./security-headers";

function directive(policy: string, name: string): string {
  return policy.split(";").map((part) => part.trim()).find((part) => part.startsWith(`${name} `)) ?? "";
}

describe("security headers", () => {
  it("forbids eval, framing and plugins in production", () => {
    const policy = contentSecurityPolicy({ development: false });
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
  });

  it("allows eval only for the dev server", () => {
    expect(contentSecurityPolicy({ development: true })).toContain("unsafe-eval");
    expect(contentSecurityPolicy({ development: true, nonce: "abc" })).toContain("unsafe-eval");
  });

  it("allows no inline script without a nonce, and only the nonce's scripts with one", () => {
    expect(directive(contentSecurityPolicy({ development: false }), "script-src")).toBe("script-src 'self'");
    const scripts = directive(contentSecurityPolicy({ development: false, nonce: "bm9uY2U=" }), "script-src");
    expect(scripts).toBe("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
  });

  it("makes a different 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("sets nosniff and a referrer policy", () => {
    const headers = Object.fromEntries(securityHeaders({ development: false }).map((header) => [header.key, header.value]));
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBeTruthy();
  });
});
