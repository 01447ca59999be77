import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { CaravanError } from "./errors";

// Whether a request comes from this machine. A route handler never sees the socket, and the
// X-Forwarded-For header Next fills in is kept when a client sends its own, so neither can tell.
// The HTTP server's "request" event can: this hook writes the socket's verdict into a header of its
// own, signed with a secret made at start-up, over whatever a client sent under that name. A
// request that carries a proxy's forwarding headers is "proxied": behind a reverse proxy every
// request arrives from loopback, so loopback alone proves nothing there.

export const peerHeader = "x-caravan-peer";

export type PeerKind = "loopback" | "remote" | "proxied" | "unknown";

const secretKey = Symbol.for("caravan.peerSecret");
const installedKey = Symbol.for("caravan.peerTag");

/** The process's secret: kept on globalThis, because the instrumentation hook and the routes are bundled apart. */
function processSecret(): string {
  const holder = globalThis as typeof globalThis & { [secretKey]?: string };
  holder[secretKey] ??= randomBytes(18).toString("base64url");
  return holder[secretKey];
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, "");
  return plain === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/** What the hook concludes from the socket's address and the headers the client sent. */
export function peerKindOf(options: { address: string | undefined; headers: http.IncomingHttpHeaders }): Exclude<PeerKind, "unknown"> {
  const { headers } = options;
  if (headers["x-forwarded-for"] !== undefined || headers.forwarded !== undefined || headers["x-real-ip"] !== undefined) return "proxied";
  return isLoopbackAddress(options.address) ? "loopback" : "remote";
}

/** The header value the hook writes: the verdict and the process secret. */
export function peerHeaderValue(kind: Exclude<PeerKind, "unknown">): string {
  return `${kind} ${processSecret()}`;
}

/** Wraps http.Server's "request" event once per process (Next's own server is one of them). */
export function installPeerTag(): void {
  const prototype = http.Server.prototype as http.Server & { [installedKey]?: boolean };
  if (prototype[installedKey]) return;
  const emit = prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  prototype.emit = function taggedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[peerHeader] = peerHeaderValue(peerKindOf({ address: request.socket.remoteAddress, headers: request.headers }));
    }
    return emit.call(this, event, ...args);
  } as typeof prototype.emit;
  prototype[installedKey] = true;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The hook's verdict on a request; "unknown" when the header is missing or not signed by this process. */
export function peerKind(headers: Headers): PeerKind {
  const [kind, secret] = (headers.get(peerHeader) ?? "").split(" ");
  if (!secret || !sameSecret(secret, processSecret())) return "unknown";
  return kind === "loopback" || kind === "remote" || kind === "proxied" ? kind : "unknown";
}

/** The admin token a request presents: `Authorization: Bearer <token>` or `X-Admin-Token`. */
export function presentedToken(headers: Headers): string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  return bearer ?? headers.get("x-admin-token")?.trim() ?? "";
}

/**
 * Whether a request may change the library: from this machine (loopback, not through a proxy), or
 * presenting the configured admin token. Without ADMIN_TOKEN nothing from elsewhere may.
 */
export function mayChangeLibrary(headers: Headers, adminToken: string | undefined): boolean {
  if (peerKind(headers) === "loopback") return true;
  const token = presentedToken(headers);
  return Boolean(adminToken) && token !== "" && sameSecret(token, adminToken!);
}

/** Throws 403 unless the request may change the library (see mayChangeLibrary). */
export function assertMayChangeLibrary(headers: Headers, adminToken: string | undefined): void {
  if (!mayChangeLibrary(headers, adminToken)) throw new CaravanError("forbidden");
}
