// The edges of HTTP that the app's routes never get to see, answered the way the routes answer:
// an address with a malformed %-escape (Next fails to decode the [id] and answers a bare 500), and
// methods a web Request cannot even hold (TRACE, TRACK, CONNECT: Next fails to build the request,
// answers 500 and logs a stack trace). Pure: proxy.ts and instrumentation.ts apply it.
import { errorCodes, type ErrorBody } from "./errors";
import { securityHeaders } from "./security-headers";

/** True when a path segment holds a %-escape that does not decode (a lone "%", "%zz", "%ff"). */
export function hasMalformedEscape(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

/** Methods the fetch standard forbids in a Request: no route handler can ever receive them. */
export const unrepresentableMethods: ReadonlySet<string> = new Set(["CONNECT", "TRACE", "TRACK"]);

/** The methods an API address answers, for the Allow header (OPTIONS is answered by Next itself). */
export function allowedMethods(pathname: string): string {
  if (pathname === "/api/chat") return "POST";
  if (pathname === "/api/documents" || pathname.startsWith("/api/documents/")) return "GET, HEAD";
  return "GET, HEAD, POST";
}

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/** Every header a page or route gets from next.config.ts, as one plain object. */
export function edgeHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  for (const header of securityHeaders({ development: process.env.NODE_ENV === "development" })) headers[header.key] = header.value;
  return { ...headers, ...extra };
}

export interface EdgeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function json(status: number, body: ErrorBody, extra: Record<string, string> = {}): EdgeAnswer {
  return { status, headers: edgeHeaders({ "content-type": "application/json", ...extra }), body: JSON.stringify(body) };
}

/** 405 with the methods the address does take: in the JSON every API error uses, plain text for a page. */
export function methodNotAllowedAnswer(method: string, pathname: string): EdgeAnswer {
  const message = `${errorCodes.method_not_allowed.message.replace(/\.$/, "")} (${method.replace(/[^A-Z]/gi, "").slice(0, 16)}).`;
  if (isApiPath(pathname)) return json(405, { error: { code: "method_not_allowed", message } }, { allow: allowedMethods(pathname) });
  return { status: 405, headers: edgeHeaders({ "content-type": "text/plain; charset=utf-8", allow: "GET, HEAD" }), body: `${message}\n` };
}

/** 429 for a page or document request past the per-client limit: JSON on the API, plain text for a page. */
export function rateLimitedAnswer(pathname: string, retryAfterSeconds: number): EdgeAnswer {
  const extra = { "retry-after": String(Math.max(1, retryAfterSeconds)) };
  const message = errorCodes.rate_limited.message;
  if (isApiPath(pathname)) return json(429, { error: { code: "rate_limited", message } }, extra);
  return { status: 429, headers: edgeHeaders({ "content-type": "text/plain; charset=utf-8", ...extra }), body: `${message}\n` };
}

const malformedMessage = "The address holds a malformed %-escape.";

/** 400 for an API address that does not decode. */
export function malformedApiAnswer(): EdgeAnswer {
  return json(400, { error: { code: "bad_request", message: malformedMessage } });
}

/** 400 for a page address that does not decode: a plain page in the app's words, with a way back. */
export function malformedPageAnswer(): EdgeAnswer {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad address · Caravan</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1c1917}a{color:#115e59}@media (prefers-color-scheme:dark){body{background:#0c0a09;color:#f5f5f4}a{color:#5eead4}}</style>
</head><body><main><h1>This address is not valid</h1>
<p>${malformedMessage} Check the link, or open the article from the <a href="/documents">library</a>.</p>
<p><a href="/">Back to the chat</a></p></main></body></html>
`;
  return { status: 400, headers: edgeHeaders({ "content-type": "text/html; charset=utf-8" }), body };
}
