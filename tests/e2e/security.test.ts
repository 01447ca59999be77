// Secrets, headers, traversal, limits and methods, against the real production server. The app is
// built with a canary API key in its environment, and served with the same key and a language
// model URL that refuses connections: no byte of any response, nor of the client bundle, may
// contain the key.
import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canaryKey, ensureCanaryBuild, freePort, startNextServer, type RunningServer } from "../support/next-server";
import { createTempIndex, repositoryRoot, type TempIndex } from "../support/temp-index";

let index: TempIndex;
let server: RunningServer;
let documentId: string;
const maxBodyBytes = 65_536;
const ratePerMinute = 5;

beforeAll(async () => {
  const build = await ensureCanaryBuild();
  console.info(build.built ? `security: built with the canary key in ${build.ms} ms` : "security: reusing the canary build");
  index = await createTempIndex();
  server = await startNextServer({
    lancedbUri: index.lancedbUri,
    corpusDir: index.corpusDir,
    env: {
      OPENAI_API_KEY: canaryKey,
      // Nothing listens there: the model fails and the offline engine answers, which exercises the error path too.
      OPENAI_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`,
      ANSWER_ENGINE: "auto",
      LLM_TIMEOUT_MS: "3000",
      MAX_BODY_BYTES: String(maxBodyBytes),
      RATE_LIMIT_PER_MINUTE: String(ratePerMinute),
      // As behind a reverse proxy on loopback: its X-Forwarded-For names the client, so each test is its own client.
      TRUSTED_PROXY: "127.0.0.1",
    },
  });
  documentId = (await index.store.listDocuments())[0].id;
});

afterAll(async () => {
  await server?.stop();
  await index?.cleanup();
});

/** A raw HTTP request: the path goes out exactly as written (fetch would normalise "../"). */
function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: (request: http.ClientRequest) => void }): Promise<{ status: number; headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request({ host: "127.0.0.1", port: server.port, method: options.method ?? "GET", path: options.path, headers: options.headers }, (response) => {
      answered = true;
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, rawHeaders: response.rawHeaders, body }));
    });
    // The server may answer (and close) before an oversized upload is fully written: that is not a failure.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (options.body) options.body(request);
    else request.end();
  });
}

function chatBody(question: string): string {
  return JSON.stringify({ messages: [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }] });
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe("secrets", () => {
  it("keeps the key and server-only modules out of the client bundle", async () => {
    const files = await filesUnder(path.join(repositoryRoot, ".next", "static"));
    const scripts = files.filter((file) => file.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(3);
    const serverOnly = /@lancedb\/lancedb|lancedb\.[\w-]+\.node|apache-arrow|wink-embeddings|wink-eng-lite|server-only|lib\/(?:store|config|ingest|library|corpus)\b|process\.env\.OPENAI|OPENAI_API_KEY["'`]?\s*[:=]/;
    for (const file of files) {
      const text = await readFile(file, "utf8");
      expect(text.includes(canaryKey), `${file} contains the key`).toBe(false);
      expect(text.match(serverOnly)?.[0], `${file} mentions a server-only module`).toBeUndefined();
    }
  });

  it("keeps the key out of every build output, server side included (prerendered pages, manifests)", async () => {
    const files = (await filesUnder(path.join(repositoryRoot, ".next"))).filter((file) => !file.includes(`${path.sep}cache${path.sep}`));
    for (const file of files) expect((await readFile(file)).includes(canaryKey), `${file} contains the key`).toBe(false);
  });

  it("never sends the key in a page, an API response or an error, even when the model fails", async () => {
    const paths = ["/", "/documents", `/documents/${documentId}`, "/api/documents", `/api/documents/${documentId}`, "/no-such-page", "/api/documents/ffffffffffffffff"];
    for (const page of paths) {
      const response = await fetch(`${server.baseUrl}${page}`);
      const text = `${JSON.stringify([...response.headers])}${await response.text()}`;
      expect(text.includes(canaryKey), page).toBe(false);
    }
    const chat = await fetch(`${server.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.10" },
      body: chatBody("When was the Treaty on Alliance Relations between Kazakhstan and Uzbekistan signed?"),
    });
    expect(chat.status).toBe(200);
    const stream = await chat.text();
    // The model was unreachable: the offline engine answered and said why, without the key.
    expect(stream).toMatch(/"fallbackReason":"[^"]*extractive engine answered instead/);
    expect(stream).toContain("December 2022");
    expect(stream.includes(canaryKey)).toBe(false);
    expect(stream).not.toMatch(/sk-[A-Za-z0-9-]{8,}/);
    expect(server.log().includes(canaryKey)).toBe(false);
  });
});

describe("headers", () => {
  it("sends the security headers on a page, an API route, a 404, a chat stream and a 405", async () => {
    const responses = {
      page: await fetch(`${server.baseUrl}/`),
      api: await fetch(`${server.baseUrl}/api/documents`),
      notFound: await fetch(`${server.baseUrl}/no-such-page`),
      apiNotFound: await fetch(`${server.baseUrl}/api/documents/ffffffffffffffff`),
      methodNotAllowed: await fetch(`${server.baseUrl}/api/chat`),
      chat: await fetch(`${server.baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.11" }, body: "{" }),
    };
    expect(responses.notFound.status).toBe(404);
    expect(responses.apiNotFound.status).toBe(404);
    for (const [name, response] of Object.entries(responses)) {
      await response.arrayBuffer();
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, name).toContain("default-src 'self'");
      expect(csp, name).toContain("object-src 'none'");
      expect(csp, name).toContain("frame-ancestors 'none'");
      expect(csp, name).not.toContain("unsafe-eval");
      expect(response.headers.get("x-content-type-options"), name).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), name).toBe("DENY");
      expect(response.headers.get("referrer-policy"), name).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy"), name).toMatch(/camera=\(\)/);
      expect(response.headers.get("x-powered-by"), name).toBeNull();
    }
  });
});

describe("content security policy", () => {
  /** The response's CSP headers as sent (a second one would make the browser enforce both). */
  function policies(response: { rawHeaders: string[] }): string[] {
    const values: string[] = [];
    for (let at = 0; at < response.rawHeaders.length; at += 2) {
      if (response.rawHeaders[at].toLowerCase() === "content-security-policy") values.push(response.rawHeaders[at + 1]);
    }
    return values;
  }

  function scriptSource(policy: string): string {
    return policy.split(";").map((part) => part.trim()).find((part) => part.startsWith("script-src ")) ?? "";
  }

  it("gives each page view its own nonce, on every script the page holds", async () => {
    const seen: string[] = [];
    for (const address of ["/", "/", "/documents", `/documents/${documentId}`, "/c/some-conversation", "/no-such-page"]) {
      const response = await raw({ path: address });
      const sent = policies(response);
      expect(sent, address).toHaveLength(1);
      const scripts = scriptSource(sent[0]);
      expect(scripts, address).not.toContain("unsafe-inline");
      expect(scripts, address).toContain("'strict-dynamic'");
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scripts)?.[1];
      expect(nonce, address).toBeTruthy();
      seen.push(nonce!);
      const tags = response.body.match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length, address).toBeGreaterThan(3);
      for (const tag of tags) expect(tag, address).toContain(`nonce="${nonce}"`);
    }
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("keeps the static policy, with no inline script at all, on the API and static files", async () => {
    const page = await raw({ path: "/" });
    const chunk = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(chunk).toBeTruthy();
    for (const address of ["/api/documents", `/api/documents/${documentId}`, chunk!, "/icon.svg"]) {
      const response = await raw({ path: address });
      expect(response.status, address).toBe(200);
      const sent = policies(response);
      expect(sent, address).toHaveLength(1);
      expect(scriptSource(sent[0]), address).toBe("script-src 'self'");
    }
  });
});

describe("document routes", () => {
  const hostilePaths = [
    "/api/documents/../../etc/passwd",
    "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/api/documents/%252e%252e%252fetc%252fpasswd",
    "/api/documents/....%2F%2F....%2F%2Fetc%2Fpasswd",
    "/api/documents/%2Fetc%2Fpasswd",
    "/api/documents/ffffffffffffffff",
    "/api/documents/FFFFFFFFFFFFFFFF",
    "/api/documents/000_c89aac63a27f4af5.txt",
    "/api/documents/..%5C..%5Cwindows%5Cwin.ini",
    "/documents/..%2F..%2Fetc%2Fpasswd",
    "/documents/%2e%2e%2f%2e%2e%2fpackage.json",
    "/documents/ffffffffffffffff",
    "/_next/static/..%2F..%2Fpackage.json",
    "/_next/static/%2e%2e/%2e%2e/package.json",
  ];

  it.each(hostilePaths)("answers %s with 404 and nothing from the disk", async (hostile) => {
    const response = await raw({ path: hostile });
    expect(response.status).toBe(404);
    expect(response.body).not.toMatch(/root:x:0:0|"name":\s*"caravan"|\[extensions\]/);
    if (hostile.startsWith("/api/documents/") && !hostile.includes("/../")) {
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("serves a document that exists (the control)", async () => {
    const response = await raw({ path: `/api/documents/${documentId}` });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ document: { id: documentId } });
    // A real id with a NUL or a traversal tail is no longer that id.
    expect((await raw({ path: `/api/documents/${documentId}%00` })).status).toBe(404);
    expect((await raw({ path: `/api/documents/${documentId}%2F..%2F..` })).status).toBe(404);
  });
});

describe("requests", () => {
  it("answers GET and other methods on the chat route with 405 in the error JSON", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const response = await raw({ method, path: "/api/chat" });
      expect(response.status, method).toBe(405);
      expect(response.headers.allow).toBe("POST");
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: "method_not_allowed" } });
    }
  });

  it("refuses a chunked upload over the body limit without a Content-Length, and one that declares it", async () => {
    const chunked = await raw({
      method: "POST",
      path: "/api/chat",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked", "x-forwarded-for": "192.0.2.12" },
      body: (request) => {
        for (let piece = 0; piece < 40; piece += 1) request.write("x".repeat(4096));
        request.end();
      },
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: "payload_too_large" } });

    const oversized = "x".repeat(maxBodyBytes * 2);
    const started = Date.now();
    const declared = await raw({
      method: "POST",
      path: "/api/chat",
      headers: { "content-type": "application/json", "content-length": String(oversized.length), "x-forwarded-for": "192.0.2.13" },
      body: (request) => request.end(oversized),
    });
    expect(declared.status).toBe(413);
    // Refused on the declared length, before anything is read or parsed.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("rate-limits each client and says when to retry", async () => {
    const from = (address: string) =>
      fetch(`${server.baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": address }, body: "{" });
    const statuses: number[] = [];
    for (let request = 0; request < ratePerMinute; request += 1) statuses.push((await from("192.0.2.99")).status);
    expect(statuses).toEqual(Array(ratePerMinute).fill(400));
    const refused = await from("192.0.2.99");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    // A client that put the refused address first (as a made-up header would) is still itself.
    expect((await from("192.0.2.99, 192.0.2.100")).status).toBe(400);
  });
});
