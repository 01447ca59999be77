// Measures the local embedder: cache load time and memory, nearestWords latency and
// sentence throughput. `--json` also times JSON.parse of the source package for comparison
// (run it alone: it needs ~1.2 GB). Targets live here, not in unit tests.
// Usage: npx tsx --conditions=react-server scripts/embedding-benchmark.ts [--json]
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { getConfig } from "../lib/server/config";
import { createSifEmbedder } from "../lib/embeddings/local-embedder";
import {
  WORD_VECTOR_CACHE_FILE,
  defaultWordVectorSource,
  readWordVectorCache,
  type WordVectorTable,
} from "../lib/embeddings/word-vector-cache";
import { WordVectors, loadWordVectors } from "../lib/embeddings/word-vectors";

const megabytes = (bytes: number) => Math.round(bytes / 2 ** 20);
const rss = () => process.memoryUsage().rss;
const config = getConfig();

if (process.argv.includes("--json")) {
  const before = rss();
  const started = performance.now();
  const parsed = JSON.parse(readFileSync(defaultWordVectorSource(), "utf8")) as { size: number };
  const milliseconds = performance.now() - started;
  console.log(`JSON.parse of the source: ${Math.round(milliseconds)} ms, +${megabytes(rss() - before)} MB RSS (${parsed.size} words)`);
  process.exit(0);
}

const cacheFile = path.join(config.cacheDir, WORD_VECTOR_CACHE_FILE);
const rssBefore = rss();
let mark = performance.now();
let table: WordVectorTable;
try {
  table = readWordVectorCache(cacheFile);
} catch {
  await loadWordVectors({ cacheDir: config.cacheDir });
  console.log("Built the cache; run again to measure loading it in a fresh process.");
  process.exit(0);
}
const readMs = performance.now() - mark;
mark = performance.now();
const vectors = new WordVectors(table);
const vocabularyMs = performance.now() - mark;
mark = performance.now();
const embedder = createSifEmbedder(vectors);
const embedderMs = performance.now() - mark;
const rssAfter = rss();
console.log(
  `Load: read+verify ${readMs.toFixed(0)} ms, vocabulary index ${vocabularyMs.toFixed(0)} ms, ` +
    `SIF weights+common direction ${embedderMs.toFixed(0)} ms; total ${(readMs + vocabularyMs + embedderMs).toFixed(0)} ms, ` +
    `+${megabytes(rssAfter - rssBefore)} MB RSS (${vectors.size} words x ${vectors.dimensions}, file ${megabytes(statSync(cacheFile).size)} MB)`,
);

const probes = ["china", "president", "election", "oil", "diplomacy", "water", "bank", "tajikistan"];
for (const word of probes) vectors.nearestWords(word, 10); // warm-up
mark = performance.now();
const rounds = 5;
for (let round = 0; round < rounds; round++) for (const word of probes) vectors.nearestWords(word, 10);
console.log(`nearestWords(word, 10): ${((performance.now() - mark) / (rounds * probes.length)).toFixed(1)} ms per call`);
console.log(`  china -> ${vectors.nearestWords("china", 8).map((near) => near.word).join(", ")}`);

const sentences = readdirSync(config.corpusDir)
  .filter((name) => !name.startsWith("."))
  .flatMap((name) => readFileSync(path.join(config.corpusDir, name), "utf8").split(/(?<=[.!?])\s+/))
  .filter((sentence) => sentence.trim().length > 0);
const batch = Array.from({ length: 20_000 }, (_, index) => sentences[index % sentences.length]);
await embedder.embed(batch.slice(0, 1000)); // warm-up
mark = performance.now();
await embedder.embed(batch);
const seconds = (performance.now() - mark) / 1000;
const averageChars = Math.round(batch.reduce((sum, sentence) => sum + sentence.length, 0) / batch.length);
console.log(`Throughput: ${Math.round(batch.length / seconds)} sentences/s (${batch.length} corpus sentences, ${averageChars} chars on average)`);
console.log(`Peak RSS of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
