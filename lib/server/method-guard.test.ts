import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { clientHeader } from "./client-address";
import { installMethodGuard } from "./method-guard";

const pageLimit = 6;

// A server that behaves as Next does: it turns every request into a web Request first, which
// throws for TRACE ("'TRACE' HTTP method is unsupported."), and then answers 500 with a logged stack.
let server: http.Server;
let port: number;
const logged = vi.fn();

beforeAll(async () => {
  installMethodGuard({ pagesPerMinute: pageLimit });
  installMethodGuard(); // a second call must not wrap twice
  server = http.createServer((request, response) => {
    try {
      const web = new Request(`http://localhost${request.url}`, { method: request.method });
      response.writeHead(200, { "content-type": "text/plain", "x-seen-client": String(request.headers[clientHeader]) });
      response.end(`handled ${web.method}`);
    } catch (error) {
      logged(error);
      response.writeHead(500);
      response.end("Internal Server Error");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function send(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method, path, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("installMethodGuard", () => {
  it("answers TRACE on an API address with a JSON 405 before the server tries to build a Request", async () => {
    const response = await send("TRACE", "/api/documents/0123abcd");
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD");
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: "method_not_allowed" } });
    expect(logged).not.toHaveBeenCalled();
  });

  it("answers TRACE on a page with a plain 405, and lets every other method through", async () => {
    expect(await send("TRACE", "/")).toMatchObject({ status: 405, headers: { allow: "GET, HEAD" } });
    expect(await send("GET", "/api/documents")).toMatchObject({ status: 200, body: "handled GET" });
    expect(await send("DELETE", "/api/documents")).toMatchObject({ status: 200, body: "handled DELETE" });
    expect(logged).not.toHaveBeenCalled();
  });

  it("names the client by its socket address, whatever X-Forwarded-For or the stamp header it sends", async () => {
    const response = await send("GET", "/_next/static/app.js", { "x-forwarded-for": "203.0.113.7", [clientHeader]: "198.51.100.1" });
    expect(response.headers["x-seen-client"]).toBe("127.0.0.1");
  });

  it("limits pages and document routes per client (assets and the chat route not counted here) with a 429", async () => {
    for (let index = 0; index < 20; index += 1) expect((await send("GET", "/_next/static/chunk.js")).status).toBe(200);
    // Rotating X-Forwarded-For does not make a new client.
    const statuses: number[] = [];
    for (let index = 0; index < pageLimit - 2; index += 1) statuses.push((await send("GET", "/documents", { "x-forwarded-for": `192.0.2.${index}` })).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const refusedPage = await send("GET", "/");
    const refusedApi = await send("GET", "/api/documents/0123abcd");
    expect(refusedPage.status).toBe(429);
    expect(refusedPage.headers["retry-after"]).toMatch(/^\d+$/);
    expect(refusedPage.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(refusedApi.status).toBe(429);
    expect(JSON.parse(refusedApi.body)).toMatchObject({ error: { code: "rate_limited" } });
    expect((await send("POST", "/api/chat")).status).toBe(200);
  });
});
