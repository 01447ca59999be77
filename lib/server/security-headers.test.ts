import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("forbids eval, framing and plugins in production", () => {
    const policy = contentSecurityPolicy({ development: false });
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
  });

  it("allows eval only for the dev server", () => {
    expect(contentSecurityPolicy({ development: true })).toContain("unsafe-eval");
  });

  it("sets nosniff and a referrer policy", () => {
    const headers = Object.fromEntries(securityHeaders({ development: false }).map((header) => [header.key, header.value]));
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBeTruthy();
  });
});
