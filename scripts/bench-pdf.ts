// npm run bench:pdf [-- --pages 50 --runs 3]: how long a paged PDF takes to ingest. Generates a
// text-layer PDF (scripts/lib/pdf-fixture.ts), then times reading it alone (pdf.js text layer,
// lines, pages, cleaning) and a whole ingest into a fresh temp index (read, chunk, embed, write).
// The target is under 10 s for 50 pages. A measurement, not a test: figures depend on the machine.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../lib/server/config";
import { getEmbedder } from "../lib/embeddings";
import { ingestCorpus } from "../lib/ingest";
import { loadArticle } from "../lib/ingest/corpus";
import { buildPagedPdf } from "./lib/pdf-fixture";
import { repositoryRoot } from "../tests/support/temp-index";

const usage = "npm run bench:pdf [-- --pages 50 --runs 3]\n  Times reading and ingesting a generated PDF of --pages pages, --runs times each (median printed).";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function timeRead(corpusDir: string): Promise<{ ms: number; chars: number; pages: number }> {
  const started = performance.now();
  const result = await loadArticle({ corpusDir, source: "ledger.pdf" });
  if (!result.ok) throw new Error(`the generated PDF was skipped: ${result.skipped.reason}`);
  return { ms: performance.now() - started, chars: result.article.text.length, pages: result.article.pages?.length ?? 0 };
}

async function timeIngest(options: { root: string; corpusDir: string; run: number }): Promise<{ ms: number; chunks: number }> {
  const lancedbUri = path.join(options.root, `lancedb-${options.run}`);
  const config = loadConfig({ CACHE_DIR: path.join(repositoryRoot, ".cache") }, repositoryRoot);
  const embedder = await getEmbedder(config);
  const started = performance.now();
  const summary = await ingestCorpus({ corpusDir: options.corpusDir, lancedbUri, embedder });
  return { ms: performance.now() - started, chunks: summary.chunks };
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(usage);
    return;
  }
  const pages = option("pages", 50);
  const runs = option("runs", 3);
  const root = await mkdtemp(path.join(os.tmpdir(), "caravan-bench-pdf-"));
  try {
    const corpusDir = path.join(root, "corpus");
    const bytes = await buildPagedPdf({ pages });
    await mkdir(corpusDir, { recursive: true });
    await writeFile(path.join(corpusDir, "ledger.pdf"), bytes);
    console.log(`PDF: ${pages} pages, ${(bytes.length / 1024).toFixed(0)} KB`);
    // The embedder's first load (word vectors) is not the PDF's cost: warm it before timing.
    await getEmbedder(loadConfig({ CACHE_DIR: path.join(repositoryRoot, ".cache") }, repositoryRoot));
    const reads = [];
    const ingests = [];
    for (let run = 0; run < runs; run += 1) {
      reads.push(await timeRead(corpusDir));
      ingests.push(await timeIngest({ root, corpusDir, run }));
      console.log(`  run ${run + 1}/${runs}: read ${reads.at(-1)!.ms.toFixed(0)} ms, ingest ${ingests.at(-1)!.ms.toFixed(0)} ms`);
    }
    const ingestMs = median(ingests.map((result) => result.ms));
    console.log(`read (text layer + cleaning): median ${median(reads.map((result) => result.ms)).toFixed(0)} ms; ${reads[0].chars} characters on ${reads[0].pages} pages`);
    console.log(`ingest (read, chunk, embed, write): median ${ingestMs.toFixed(0)} ms; ${ingests[0].chunks} chunks`);
    console.log(`target: under 10 s for 50 pages: ${pages === 50 ? (ingestMs < 10_000 ? "met" : "MISSED") : "(run with --pages 50)"}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
