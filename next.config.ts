import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // LanceDB is a native addon, and the wink packages load large model files: Next must load
  // them from node_modules at run time, not bundle them.
  serverExternalPackages: ["@lancedb/lancedb", "wink-nlp", "wink-eng-lite-web-model"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders({ development: process.env.NODE_ENV === "development" }) }];
  },
};

export default nextConfig;
