import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanArticle } from "./clean";
import { blockedReason, importUrl } from "./url-import";

// A real page server on loopback. Loopback is refused unless the allow-list names it, which is how
// these tests reach it; everything else about the fetch is the real thing.
let server: http.Server;
let base: string;
const page = `<!doctype html><html><head><title>Water deal signed</title></head><body><article>
<p>Kazakhstan and Uzbekistan signed an agreement on Tuesday to share the water of the Syr Darya during the summer.</p>
</article></body></html>`;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const route = request.url ?? "/";
    if (route === "/article") return response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    if (route === "/notes.txt") return response.writeHead(200, { "content-type": "text/plain" }).end("Field notes\n\nThe caravan reached Otrar before the first snow of the year.");
    if (route === "/moved") return response.writeHead(302, { location: "/article" }).end();
    if (route === "/to-metadata") return response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (route === "/to-private") return response.writeHead(301, { location: "http://10.1.2.3/" }).end();
    if (route === "/loop") return response.writeHead(302, { location: "/loop" }).end();
    if (route === "/huge") {
      response.writeHead(200, { "content-type": "text/html" });
      response.write(`<p>${"x".repeat(60_000)}</p>`);
      return response.end(`<p>${"y".repeat(60_000)}</p>`);
    }
    if (route === "/slow") return setTimeout(() => response.writeHead(200, { "content-type": "text/html" }).end(page), 3_000);
    if (route === "/image") return response.writeHead(200, { "content-type": "image/png" }).end("PNG");
    response.writeHead(404).end("missing");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allowed = { timeoutMs: 2_000, maxBytes: 100_000, allow: ["127.0.0.1"], now: () => new Date("2025-01-02T03:04:05Z") };

describe("blockedReason", () => {
  it.each(["127.0.0.1", "10.0.0.8", "172.20.1.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:a00:1"])(
    "refuses %s",
    (address) => expect(blockedReason(address)).toMatch(/loopback, private or link-local/),
  );

  it("lets public addresses through, and private ones the allow-list names", () => {
    expect(blockedReason("93.184.216.34")).toBeUndefined();
    expect(blockedReason("2606:4700::1111")).toBeUndefined();
    expect(blockedReason("10.0.0.8", ["10.0.0.0/8"])).toBeUndefined();
    expect(blockedReason("127.0.0.1", ["127.0.0.1"])).toBeUndefined();
  });
});

describe("importUrl", () => {
  it("refuses loopback unless allowed, and other schemes and credentials always", async () => {
    expect(await importUrl(`${base}/article`, { ...allowed, allow: [] })).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused: 127\.0\.0\.1/) });
    expect(await importUrl("file:///etc/passwd", allowed)).toMatchObject({ ok: false, reason: expect.stringMatching(/only http and https/) });
    expect(await importUrl(`http://user:pass@127.0.0.1/`, allowed)).toMatchObject({ ok: false, reason: expect.stringMatching(/user name or password/) });
    expect(await importUrl("not a url", allowed)).toMatchObject({ ok: false, reason: "not a valid address" });
  });

  it("saves an HTML page with its address and fetch date, which ingest reads back", async () => {
    const result = await importUrl(`${base}/moved`, allowed);
    if (!result.ok) throw new Error(result.reason);
    expect(result.file.name).toBe("Water deal signed.html");
    const html = new TextDecoder().decode(result.file.bytes);
    expect(html).toContain(`<meta name="caravan:url" content="${base}/article">`);
    expect(html).toContain('<meta name="caravan:fetched" content="2025-01-02T03:04:05.000Z">');
    expect(cleanArticle({ raw: html, format: "html" })).toMatchObject({ title: "Water deal signed", url: `${base}/article` });
  });

  it("saves plain text as Markdown with the address and date in its front matter", async () => {
    const result = await importUrl(`${base}/notes.txt`, allowed);
    if (!result.ok) throw new Error(result.reason);
    expect(result.file.name).toBe("Field notes.md");
    const article = cleanArticle({ raw: new TextDecoder().decode(result.file.bytes), format: "md" });
    expect(article).toMatchObject({ url: `${base}/notes.txt`, title: "Field notes" });
  });

  it("checks every redirect: one to a link-local or private address is refused", async () => {
    expect(await importUrl(`${base}/to-metadata`, allowed)).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused: 169\.254\.169\.254/) });
    expect(await importUrl(`${base}/to-private`, allowed)).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused: 10\.1\.2\.3/) });
    expect(await importUrl(`${base}/loop`, allowed)).toMatchObject({ ok: false, reason: expect.stringMatching(/too many redirects/) });
  });

  it("stops at the size cap and the deadline, and names what it will not save", async () => {
    expect(await importUrl(`${base}/huge`, allowed)).toMatchObject({ ok: false, reason: expect.stringMatching(/too large/) });
    expect(await importUrl(`${base}/slow`, { ...allowed, timeoutMs: 300 })).toMatchObject({ ok: false, reason: "the page took too long to load" });
    expect(await importUrl(`${base}/image`, allowed)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a web page or text \(image\/png\)/) });
    expect(await importUrl(`${base}/gone`, allowed)).toMatchObject({ ok: false, reason: "the server answered 404" });
  });
});
