import { NextResponse, type NextRequest } from "next/server";
import { hasMalformedEscape, isApiPath, malformedApiAnswer, malformedPageAnswer, type EdgeAnswer } from "./lib/server/http-edges";

// A document id with a malformed %-escape ("/documents/%", "/api/documents/%ff") fails Next's own
// decoding of the [id] segment, which answers a bare 500 without the security headers. Answer 400
// here, before routing, as the API and the pages answer any other bad request.

function respond(answer: EdgeAnswer): Response {
  return new NextResponse(answer.body, { status: answer.status, headers: answer.headers });
}

export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  if (hasMalformedEscape(pathname)) return respond(isApiPath(pathname) ? malformedApiAnswer() : malformedPageAnswer());
  return NextResponse.next();
}

export const config = {
  // Only addresses with a dynamic segment decode one; everything else (and static files) skips the proxy.
  matcher: ["/documents/:path+", "/api/documents/:path+"],
};
