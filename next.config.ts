import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // LanceDB is a native addon: Next must load it from node_modules at run time, not bundle it.
  serverExternalPackages: ["@lancedb/lancedb", "wink-nlp", "wink-eng-lite-web-model"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
