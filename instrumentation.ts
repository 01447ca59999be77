// Runs once when the Next server starts (Node runtime only).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installMethodGuard } = await import("./lib/server/method-guard");
  const { getConfig } = await import("./lib/server/config");
  const { parseTrustedProxies } = await import("./lib/server/client-address");
  const config = getConfig();
  installMethodGuard({ trustedProxies: parseTrustedProxies(config.trustedProxies.join(",")), pagesPerMinute: config.pageRateLimitPerMinute });
  // Library changes are accepted from this machine only (or with ADMIN_TOKEN): the tag says which.
  const { installPeerTag } = await import("./lib/server/peer");
  installPeerTag();
}
