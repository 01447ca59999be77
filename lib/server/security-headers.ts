// Headers for every page and route. Pure: next.config.ts and proxy.ts apply them, tests check them.
//
// Two Content-Security-Policies. Pages get one per request from proxy.ts with a fresh nonce: Next
// reads the nonce from the request's policy while it renders and puts it on every script it emits
// (its bootstrap, the React flight data, the chunks), and 'strict-dynamic' lets those scripts load
// the chunks they import. Everything else (API routes, static files, the answers the HTTP edges
// write themselves) gets the static policy from next.config.ts, which allows no inline script at all.

export interface Header {
  key: string;
  value: string;
}

export interface PolicyOptions {
  development: boolean;
  /** The page's nonce; without one the policy allows scripts from this origin only, no inline ones. */
  nonce?: string;
}

function scriptSource(options: PolicyOptions): string {
  const sources = options.nonce ? ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'"] : ["'self'"];
  // Only the dev server needs eval: React rebuilds server error stacks in the browser with it.
  if (options.development) sources.push("'unsafe-eval'");
  return `script-src ${sources.join(" ")}`;
}

export function contentSecurityPolicy(options: PolicyOptions): string {
  return [
    "default-src 'self'",
    scriptSource(options),
    // Styles stay 'unsafe-inline': a nonce cannot cover a style="" attribute (React renders style
    // props as attributes, e.g. the citation popover's position), and a browser ignores
    // 'unsafe-inline' as soon as the list holds a nonce. Tailwind itself is one external stylesheet.
    // Inline style cannot run script; the script policy above is what stops injected code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: a fresh one for every page request, so an injected script cannot guess it. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

export function securityHeaders(options: PolicyOptions): Header[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), browsing-topics=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}
