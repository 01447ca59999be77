import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "@/tests/support/temp-index";
import { unrepresentableAnswer } from "@/lib/server/method-guard";
import { proxy, config as proxyConfig } from "@/proxy";
import * as list from "./route";
import * as one from "./[id]/route";

// The library routes and the HTTP edges in front of them: malformed %-escapes (which Next itself
// would answer with a bare 500) and methods no route handler can receive.

let index: TempIndex;

beforeAll(async () => {
  index = await createTempIndex();
  // The routes read the index through the process configuration, read once on first use.
  process.env.LANCEDB_URI = index.lancedbUri;
  process.env.CORPUS_DIR = index.corpusDir;
});

afterAll(async () => {
  await index?.cleanup();
});

function context(id: string) {
  return { params: Promise.resolve({ id }) };
}

const securityHeaderNames = ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"];

describe("GET /api/documents and /api/documents/:id", () => {
  it("lists the documents and returns one with its chunk spans", async () => {
    const response = await list.GET();
    expect(response.status).toBe(200);
    const { documents } = (await response.json()) as { documents: { id: string; source: string }[] };
    expect(documents).toHaveLength(5);
    const found = await one.GET(new Request(`http://localhost/api/documents/${documents[0].id}`), context(documents[0].id));
    expect(found.status).toBe(200);
    const { document } = (await found.json()) as { document: { text: string; chunks: { start: number; end: number }[] } };
    expect(document.chunks.length).toBeGreaterThan(0);
  });

  it.each(["abc", "ffffffffffffffff", "%ff", "../../etc/passwd", "'; DROP TABLE documents; --"])("answers %s with a JSON 404", async (id) => {
    const response = await one.GET(new Request("http://localhost/api/documents/x"), context(id));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it.each([
    ["list", list],
    ["one", one],
  ] as const)("answers writes to the %s route with a JSON 405 and an Allow header", async (_name, route) => {
    for (const method of [route.POST, route.PUT, route.PATCH, route.DELETE]) {
      const response = method();
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    }
    const options = route.OPTIONS();
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("proxy: malformed %-escapes in document addresses, and a nonce for every page", () => {
  const run = (url: string) => proxy(new NextRequest(`http://localhost${url}`));

  it.each(["/api/documents/%", "/api/documents/%ff", "/api/documents/%zz", "/api/documents/ab%e2%82"])("answers GET %s with a JSON 400 and the security headers", async (url) => {
    const response = run(url);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    for (const name of securityHeaderNames) expect(response.headers.get(name)).toBeTruthy();
    expect(await response.json()).toEqual({ error: { code: "bad_request", message: "The address holds a malformed %-escape." } });
  });

  it.each(["/documents/%", "/documents/%ff", "/documents/a%zzb"])("answers the page %s with a 400 page and the security headers", async (url) => {
    const response = run(url);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    for (const name of securityHeaderNames) expect(response.headers.get(name)).toBeTruthy();
    const page = await response.text();
    expect(page).toContain("This address is not valid");
    expect(page).toContain('href="/documents"');
  });

  it.each(["/documents/0123abcd", "/documents/%25", "/api/documents/%41bc", "/api/documents/caf%C3%A9"])("lets the well-formed %s through to the routes", (url) => {
    expect(run(url).headers.get("x-middleware-next")).toBe("1");
  });

  it.each(["/", "/documents", "/documents/0123abcd", "/c/some-conversation", "/no-such-page", "/api/documents/0123abcd"])("runs for the page or dynamic segment %s", (url) => {
    expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url })).toBe(true);
  });

  it.each(["/_next/static/chunks/app.js", "/icon.svg", "/api/chat", "/api/documents", "/api/library/files"])("skips the static file or fixed API address %s", (url) => {
    expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url })).toBe(false);
  });

  it("gives a page a fresh script nonce, in the policy Next renders with and the one the browser gets", () => {
    const policies = ["/", "/"].map((url) => {
      const response = run(url);
      const sent = response.headers.get("content-security-policy") ?? "";
      expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(sent);
      expect(sent).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/);
      expect(sent).not.toMatch(/script-src[^;]*unsafe-inline/);
      return sent;
    });
    expect(policies[0]).not.toBe(policies[1]);
    expect(run("/api/documents/0123abcd").headers.get("content-security-policy")).toBeNull();
  });
});

describe("method guard: methods a route handler can never receive", () => {
  it.each([
    ["TRACE", "/api/documents", "GET, HEAD"],
    ["TRACE", "/api/documents/0123abcd?x=1", "GET, HEAD"],
    ["TRACK", "/api/chat", "POST"],
    ["trace", "/api/anything", "GET, HEAD, POST"],
  ])("answers %s %s with a JSON 405 and Allow: %s", (method, url, allow) => {
    const answer = unrepresentableAnswer(method, url)!;
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe(allow);
    expect(answer.headers["content-type"]).toBe("application/json");
    for (const name of ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"]) expect(answer.headers[name]).toBeTruthy();
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "method_not_allowed", message: `This address does not accept that method (${method.toUpperCase()}).` } });
  });

  it("answers TRACE on a page with a plain 405, and leaves every other method to Next", () => {
    expect(unrepresentableAnswer("TRACE", "/documents/0123abcd")).toMatchObject({ status: 405, headers: { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" } });
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", undefined]) expect(unrepresentableAnswer(method, "/api/documents")).toBeUndefined();
  });
});
