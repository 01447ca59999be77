import { NextResponse, type NextRequest } from "next/server";
import { hasMalformedEscape, isApiPath, malformedApiAnswer, malformedPageAnswer, type EdgeAnswer } from "./lib/server/http-edges";
import { contentSecurityPolicy, createNonce } from "./lib/server/security-headers";

// Two jobs before routing:
// - A document id with a malformed %-escape ("/documents/%", "/api/documents/%ff") fails Next's own
//   decoding of the [id] segment, which answers a bare 500 without the security headers. Answer 400
//   here, as the API and the pages answer any other bad request.
// - Every page gets its own script nonce. Next finds it in the request's Content-Security-Policy
//   while rendering and stamps it on each script it writes; the response carries the same policy
//   (replacing the static one next.config.ts sets, which allows no inline script).

function respond(answer: EdgeAnswer): Response {
  return new NextResponse(answer.body, { status: answer.status, headers: answer.headers });
}

function pageWithNonce(request: NextRequest): Response {
  const policy = contentSecurityPolicy({ development: process.env.NODE_ENV === "development", nonce: createNonce() });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  if (hasMalformedEscape(pathname)) return respond(isApiPath(pathname) ? malformedApiAnswer() : malformedPageAnswer());
  if (isApiPath(pathname)) return NextResponse.next();
  return pageWithNonce(request);
}

export const config = {
  matcher: [
    // API addresses with a dynamic segment decode one; the other API routes keep the static policy.
    "/api/documents/:path+",
    // Every page (and the 404 for an unknown address); static files and the app icon skip the proxy.
    "/((?!api/|_next/static/|_next/image|icon\\.svg$|favicon\\.ico$).*)",
  ],
};
