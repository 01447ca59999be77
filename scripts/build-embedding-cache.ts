// Builds (or rebuilds) the local embedder's binary word-vector cache under CACHE_DIR.
// Usage: npx tsx --conditions=react-server scripts/build-embedding-cache.ts
import path from "node:path";
import { getConfig } from "../lib/server/config";
import { WORD_VECTOR_CACHE_FILE, buildWordVectorCache } from "../lib/embeddings/word-vector-cache";

const cacheFile = path.join(getConfig().cacheDir, WORD_VECTOR_CACHE_FILE);
const result = await buildWordVectorCache({ cacheFile });
const peakMegabytes = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(
  `Wrote ${result.file}: ${result.count} words x ${result.dimensions} dimensions, ` +
    `${(result.bytes / 1e6).toFixed(1)} MB in ${result.milliseconds} ms (peak RSS ${peakMegabytes} MB).`,
);
