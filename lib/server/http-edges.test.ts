import { describe, expect, it } from "vitest";
import { allowedMethods, hasMalformedEscape, malformedApiAnswer, malformedPageAnswer, methodNotAllowedAnswer } from "./http-edges";

describe("hasMalformedEscape", () => {
  it.each(["/documents/%", "/documents/%ff", "/documents/%zz", "/api/documents/ab%e2%82", "/a/%/b", "/documents/%c0%af"])("finds one in %s", (path) => {
    expect(hasMalformedEscape(path)).toBe(true);
  });

  it.each(["/documents/0123abcd", "/documents/%25", "/documents/caf%C3%A9", "/", "/api/documents", "/documents/100%25"])("finds none in %s", (path) => {
    expect(hasMalformedEscape(path)).toBe(false);
  });
});

describe("edge answers", () => {
  it("say which methods each API address takes", () => {
    expect(allowedMethods("/api/chat")).toBe("POST");
    expect(allowedMethods("/api/documents")).toBe("GET, HEAD");
    expect(allowedMethods("/api/documents/0123abcd")).toBe("GET, HEAD");
    expect(methodNotAllowedAnswer("TRACE", "/api/chat").headers.allow).toBe("POST");
  });

  it("carry the security headers and never echo the request", () => {
    for (const answer of [malformedApiAnswer(), malformedPageAnswer(), methodNotAllowedAnswer("TRACE<script>", "/api/chat")]) {
      expect(answer.headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
      expect(answer.headers["X-Content-Type-Options"]).toBe("nosniff");
      expect(answer.body).not.toContain("<script>");
    }
    expect(JSON.parse(malformedApiAnswer().body)).toEqual({ error: { code: "bad_request", message: "The address holds a malformed %-escape." } });
  });
});
