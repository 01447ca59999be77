import http from "node:http";
import { clientHeader, isAssetPath, resolveClientAddress } from "./client-address";
import { methodNotAllowedAnswer, rateLimitedAnswer, unrepresentableMethods, type EdgeAnswer } from "./http-edges";
import { createRateLimiter, type RateLimiter } from "./rate-limit";

// TRACE, TRACK and CONNECT cannot be held by a web Request, so Next fails to build one for a route
// handler or the proxy: it answers 500 and logs a stack trace for every such request, and no proxy
// or route ever sees them. This guard answers them first, at the HTTP server, with a 405 (the API's
// usual JSON on /api/ addresses).

/** The answer for a request the routes cannot receive, or undefined to let Next handle it. */
export function unrepresentableAnswer(method: string | undefined, url: string | undefined): EdgeAnswer | undefined {
  const upper = (method ?? "").toUpperCase();
  if (!unrepresentableMethods.has(upper)) return undefined;
  return methodNotAllowedAnswer(upper, (url ?? "/").split(/[?#]/, 1)[0]);
}

const installed = Symbol.for("caravan.methodGuard");

export interface GuardOptions {
  /** Proxies whose X-Forwarded-For names the client (TRUSTED_PROXY); none by default. */
  trustedProxies?: ReadonlySet<string>;
  /** Page and document requests per client per minute; 0 or absent: no limit here. */
  pagesPerMinute?: number;
}

/**
 * Who sent a request (stamped as `clientHeader` for the routes, overwriting anything the client
 * sent), and the limit on pages and document routes. The chat route keeps its own, stricter limit.
 */
function guardRequest(request: http.IncomingMessage, options: { trustedProxies: ReadonlySet<string>; pages?: RateLimiter }): EdgeAnswer | undefined {
  const client = resolveClientAddress({ peer: request.socket.remoteAddress, forwardedFor: request.headers["x-forwarded-for"], trustedProxies: options.trustedProxies });
  request.headers[clientHeader] = client;
  const pathname = (request.url ?? "/").split(/[?#]/, 1)[0];
  if (!options.pages || pathname === "/api/chat" || isAssetPath(pathname)) return undefined;
  const decision = options.pages.take(client);
  return decision.allowed ? undefined : rateLimitedAnswer(pathname, decision.retryAfterSeconds);
}

/** Wraps http.Server's "request" event once per process (Next's own server is one of them). */
export function installMethodGuard(options: GuardOptions = {}): void {
  const prototype = http.Server.prototype as http.Server & { [installed]?: boolean };
  if (prototype[installed]) return;
  const emit = prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  const trustedProxies = options.trustedProxies ?? new Set<string>();
  const pages = options.pagesPerMinute ? createRateLimiter({ perMinute: options.pagesPerMinute }) : undefined;
  prototype.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      const answer = unrepresentableAnswer(request.method, request.url) ?? guardRequest(request, { trustedProxies, pages });
      if (answer) {
        response.writeHead(answer.status, answer.headers);
        response.end(answer.body);
        request.resume();
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as typeof prototype.emit;
  prototype[installed] = true;
}
