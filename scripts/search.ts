// npm run --silent search -- [--k 8] [--json] [--strategy hybrid|vector|fulltext|rrf] "question"
import { parseArgs } from "node:util";
import { getConfig, loadEnvironmentFiles } from "../lib/server/config";
import { retrieve, type RetrievalStrategy } from "../lib/search/retrieve";
import type { Passage } from "../lib/types";

function parseOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      k: { type: "string", default: "8" },
      json: { type: "boolean", default: false },
      strategy: { type: "string", default: "hybrid" },
    },
  });
  const query = positionals.join(" ").trim();
  const k = Number(values.k);
  if (!query) throw new Error('usage: npm run --silent search -- [--k 8] [--json] "question"');
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new Error("--k takes a whole number from 1 to 100");
  if (!["hybrid", "vector", "fulltext", "rrf"].includes(values.strategy)) throw new Error("--strategy is one of hybrid, vector, fulltext, rrf");
  return { query, k, json: values.json, strategy: values.strategy as RetrievalStrategy };
}

function toJson(passage: Passage) {
  return {
    documentId: passage.documentId,
    source: passage.source,
    title: passage.title,
    chunkId: passage.chunkId,
    text: passage.text,
    start: passage.start,
    end: passage.end,
    score: Number(passage.score.toFixed(4)),
  };
}

function printPassages(passages: Passage[]): void {
  passages.forEach((passage, index) => {
    const label = passage.title || passage.source;
    console.log(`${index + 1}. [${passage.score.toFixed(3)}] ${label} (${passage.source} ${passage.start}-${passage.end})`);
    console.log(`   ${passage.text.slice(0, 300).replace(/\s+/g, " ")}${passage.text.length > 300 ? "…" : ""}\n`);
  });
}

async function main(): Promise<void> {
  loadEnvironmentFiles();
  getConfig();
  const options = parseOptions();
  const result = await retrieve({ query: options.query, k: options.k, strategy: options.strategy });
  if (options.json) process.stdout.write(`${JSON.stringify(result.passages.map(toJson), null, 2)}\n`);
  else printPassages(result.passages);
}

main().catch((error: unknown) => {
  console.error(`search failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
