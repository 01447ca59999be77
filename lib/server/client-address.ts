// Who a request comes from, for the rate limits. The socket's peer address is the only thing a
// client cannot choose; X-Forwarded-For is read only when the peer is a proxy named in
// TRUSTED_PROXY, and then from the right, past every trusted proxy, to the first address one of
// them appended. Pure: the HTTP guard (method-guard.ts) applies it to every request.

/** The header the HTTP guard stamps on every request (any value the client sent is overwritten). */
export const clientHeader = "x-caravan-client";

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

export function parseTrustedProxies(value: string | undefined): Set<string> {
  return new Set((value ?? "").split(",").map(normaliseAddress).filter(Boolean));
}

export function resolveClientAddress(options: { peer: string | undefined; forwardedFor: string | string[] | undefined; trustedProxies: ReadonlySet<string> }): string {
  const peer = normaliseAddress(options.peer ?? "") || "unknown";
  if (!options.trustedProxies.has(peer)) return peer;
  const header = Array.isArray(options.forwardedFor) ? options.forwardedFor.join(",") : (options.forwardedFor ?? "");
  const hops = header.split(",").map(normaliseAddress).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    if (!options.trustedProxies.has(hops[index])) return hops[index];
  }
  return peer;
}

/** Paths every page load fetches many of (scripts, styles, images): never counted against a client. */
export function isAssetPath(pathname: string): boolean {
  return pathname.startsWith("/_next/") || /^\/[\w.-]+\.(?:svg|ico|png|txt|webmanifest)$/.test(pathname);
}
