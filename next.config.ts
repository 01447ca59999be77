import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import { securityHeaders } from "./lib/server/security-headers";

export default function nextConfig(phase: string): NextConfig {
  const development = phase === PHASE_DEVELOPMENT_SERVER;
  return {
    // LanceDB is a native addon, and the wink packages load large model files: Next must load
    // them from node_modules at run time, not bundle them.
    serverExternalPackages: ["@lancedb/lancedb", "wink-nlp", "wink-eng-lite-web-model"],
    poweredByHeader: false,
    reactStrictMode: true,
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders({ development }) }];
    },
  };
}
