import "server-only";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import { markdownWithFrontMatter } from "./library-changes";

// Importing a web page by its address. The server fetches it, so the fetch is guarded against being
// turned on the server's own network (SSRF): http and https only, no user:password in the address,
// every address a host name resolves to must be public (not loopback, private, link-local, or
// another special range) unless the configured allow-list names the host or address, and each
// redirect is checked again. The connection goes to the address that was checked (a custom
// lookup), so a name cannot resolve to a public address for the check and a private one for the
// connection. One deadline covers the whole fetch, redirects included, and the body is read up to
// a byte cap. The page is saved as HTML (with its address and fetch date as meta tags) or, for plain
// text and Markdown, as Markdown with both in its front matter.

export type ImportResult = { ok: true; file: { name: string; bytes: Uint8Array }; url: string } | { ok: false; reason: string };

export interface ImportOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Host names, addresses or CIDR ranges that may be fetched although they are not public. */
  allow: string[];
  /** For tests: the clock that dates the fetch. */
  now?: () => Date;
}

const maxRedirects = 5;

/** Ranges no import may reach unless allowed: this host, private networks, link-local, and other special-use blocks. */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  // No ::ffff:0:0/96 here: BlockList matches IPv4-mapped addresses against the IPv4 rules itself
  // (and such a rule would match every IPv4 address); embeddedIpv4 covers the hex spelling.
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** An IPv4 address written inside IPv6 (::ffff:10.0.0.1, ::ffff:a00:1) as plain IPv4, so the IPv4 ranges apply. */
function embeddedIpv4(address: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (dotted) return dotted;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function allowList(entries: string[]): { hosts: Set<string>; addresses: BlockList } {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const entry of entries) {
    const [network, prefix] = entry.split("/");
    const family = isIP(network);
    if (family === 0) hosts.add(entry.toLowerCase());
    else if (prefix !== undefined) addresses.addSubnet(network, Number(prefix), family === 4 ? "ipv4" : "ipv6");
    else addresses.addAddress(network, family === 4 ? "ipv4" : "ipv6");
  }
  return { hosts, addresses };
}

/** Why an address may not be fetched, or undefined when it may. */
export function blockedReason(address: string, allow: string[] = []): string | undefined {
  const allowed = allowList(allow);
  const v4 = isIP(address) === 4 ? address : embeddedIpv4(address);
  const [plain, family] = v4 ? [v4, "ipv4" as const] : [address, "ipv6" as const];
  if (allowed.addresses.check(plain, family) || allowed.addresses.check(address, isIP(address) === 4 ? "ipv4" : "ipv6")) return undefined;
  if (blocked.check(plain, family)) return `refused: ${address} is a loopback, private or link-local address (allow it in URL_IMPORT_ALLOW to import from it)`;
  return undefined;
}

/** The address to connect to for a URL, after checking every address its host resolves to. */
async function vettedAddress(url: URL, allow: string[]): Promise<{ address: string; family: number } | { reason: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const hostAllowed = allowList(allow).hosts.has(host.toLowerCase());
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      return { reason: `could not find ${host} (${(error as NodeJS.ErrnoException).code ?? "DNS error"})` };
    }
  }
  if (addresses.length === 0) return { reason: `could not find ${host}` };
  if (!hostAllowed) {
    for (const { address } of addresses) {
      const reason = blockedReason(address, allow);
      if (reason) return { reason };
    }
  }
  return addresses[0];
}

interface Fetched {
  status: number;
  location?: string;
  contentType: string;
  body?: Uint8Array;
}

function fetchOnce(url: URL, target: { address: string; family: number }, options: { signal: AbortSignal; maxBytes: number }): Promise<Fetched | { reason: string }> {
  return new Promise((resolve) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "GET",
        signal: options.signal,
        headers: { "user-agent": "Caravan article import", accept: "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.1" },
        // Connect to the checked address only; TLS still verifies the certificate for the host name.
        lookup: (_hostname, _options, callback) => (callback as (error: null, address: string, family: number) => void)(null, target.address, target.family),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const contentType = String(response.headers["content-type"] ?? "");
        if (status >= 300 && status < 400) {
          response.resume();
          resolve({ status, location: response.headers.location, contentType });
          return;
        }
        if (status < 200 || status >= 300) {
          response.resume();
          resolve({ status, contentType });
          return;
        }
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          response.destroy();
          resolve({ reason: `the page is too large (${declared} bytes; the limit is ${options.maxBytes})` });
          return;
        }
        const parts: Buffer[] = [];
        let received = 0;
        response.on("data", (part: Buffer) => {
          received += part.length;
          if (received > options.maxBytes) {
            response.destroy();
            resolve({ reason: `the page is too large (more than ${options.maxBytes} bytes)` });
            return;
          }
          parts.push(part);
        });
        response.on("end", () => resolve({ status, contentType, body: new Uint8Array(Buffer.concat(parts)) }));
        response.on("error", (error) => resolve({ reason: failure(error, options.signal) }));
      },
    );
    request.on("error", (error) => resolve({ reason: failure(error, options.signal) }));
    request.end();
  });
}

function failure(error: Error, signal: AbortSignal): string {
  if (signal.aborted) return "the page took too long to load";
  const code = (error as NodeJS.ErrnoException).code;
  return `could not fetch the page (${code ?? error.message.slice(0, 120)})`;
}

function charsetOf(contentType: string, body: Uint8Array): string {
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (declared) return declared;
  const head = new TextDecoder("latin1").decode(body.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? "utf-8";
}

function decode(body: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** A file name for the page: its <title>, else the last part of its address. */
function fileNameFor(url: URL, title: string, extension: string): string {
  const fromPath = decodeURIComponent(url.pathname.split("/").filter(Boolean).pop() ?? "").replace(/\.[a-z0-9]{1,5}$/i, "");
  const base = (title || fromPath || url.hostname).replace(/[\\/:*?"<>|\u0000-\u001f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 100);
  return `${base || url.hostname}${extension}`;
}

/** The page as the file to save: HTML with its address and fetch date, or Markdown with both in front matter. */
export function pageFile(options: { url: URL; contentType: string; body: Uint8Array; fetchedAt: Date }): { name: string; bytes: Uint8Array } | { reason: string } {
  const { url, contentType } = options;
  const type = contentType.split(";")[0].trim().toLowerCase();
  const text = decode(options.body, charsetOf(contentType, options.body));
  const fetched = options.fetchedAt.toISOString();
  if (type === "text/html" || type === "application/xhtml+xml") {
    const title = (/<title[^>]*>([^<]{1,300})<\/title>/i.exec(text)?.[1] ?? "").replace(/&[#\w]+;/g, " ").trim();
    const stamp = `<meta name="caravan:url" content="${escapeAttribute(url.href)}">\n<meta name="caravan:fetched" content="${fetched}">\n`;
    // In the <head> when there is one; a parser puts a leading <meta> there anyway.
    const head = /<head\b[^>]*>/i.exec(text);
    const html = head ? `${text.slice(0, head.index + head[0].length)}\n${stamp}${text.slice(head.index + head[0].length)}` : `${stamp}${text}`;
    return { name: fileNameFor(url, title, ".html"), bytes: new TextEncoder().encode(html) };
  }
  if (type === "text/plain" || type === "text/markdown" || type === "text/x-markdown") {
    const firstLine = text.trim().split("\n")[0]?.replace(/^#+\s*/, "").trim().slice(0, 100) ?? "";
    const markdown = markdownWithFrontMatter({ url: url.href, fetched }, text);
    return { name: fileNameFor(url, firstLine, ".md"), bytes: new TextEncoder().encode(markdown) };
  }
  return { reason: `not a web page or text (${type || "no content type"}); import HTML, Markdown or plain text` };
}

/** Fetches a page under the guards above and returns the file to save, or why not. */
export async function importUrl(address: string, options: ImportOptions): Promise<ImportResult> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, reason: "not a valid address" };
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  for (let redirects = 0; ; redirects += 1) {
    if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: `refused: only http and https addresses can be imported (${url.protocol})` };
    if (url.username || url.password) return { ok: false, reason: "refused: the address carries a user name or password" };
    const target = await vettedAddress(url, options.allow);
    if ("reason" in target) return { ok: false, reason: target.reason };
    if (signal.aborted) return { ok: false, reason: "the page took too long to load" };
    const fetched = await fetchOnce(url, target, { signal, maxBytes: options.maxBytes });
    if ("reason" in fetched) return { ok: false, reason: fetched.reason };
    if (fetched.location !== undefined) {
      if (redirects >= maxRedirects) return { ok: false, reason: `too many redirects (more than ${maxRedirects})` };
      try {
        url = new URL(fetched.location, url);
      } catch {
        return { ok: false, reason: "the page redirects to an invalid address" };
      }
      continue;
    }
    if (!fetched.body) return { ok: false, reason: `the server answered ${fetched.status}` };
    const file = pageFile({ url, contentType: fetched.contentType, body: fetched.body, fetchedAt: (options.now ?? (() => new Date()))() });
    if ("reason" in file) return { ok: false, reason: file.reason };
    return { ok: true, file, url: url.href };
  }
}
