import http from "node:http";
import { methodNotAllowedAnswer, unrepresentableMethods, type EdgeAnswer } from "./http-edges";

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

/** Wraps http.Server's "request" event once per process (Next's own server is one of them). */
export function installMethodGuard(): void {
  const prototype = http.Server.prototype as http.Server & { [installed]?: boolean };
  if (prototype[installed]) return;
  const emit = prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  prototype.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      const answer = unrepresentableAnswer(request.method, request.url);
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
