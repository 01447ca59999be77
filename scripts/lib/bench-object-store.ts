// `npm run bench -- --object-store`: hybrid retrieval at SOTU size with the index on an S3-compatible
// server on loopback (tests/support/s3-server.ts), against the same index in a local folder.
// For each LanceDB setting: cold (a new connection: its first and second question) and warm
// (p50/p95 over the SOTU questions, and S3 requests per question). Loopback has no network
// latency, so the request counts are what carry over to a real bucket: each request there costs
// ~10-30 ms in the same region.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ingestCorpus } from "../../lib/ingest";
import { median, percentile } from "../../lib/evaluation/metrics";
import { retrieve } from "../../lib/search/retrieve";
import { addressSearchThreshold, Store, type StoreOptions } from "../../lib/search/store";
import type { Embedder } from "../../lib/types";
import { startS3Server } from "../../tests/support/s3-server";
import { markdownTable } from "./bench-report";

interface Setting {
  label: string;
  where: "s3" | "folder";
  options: Partial<StoreOptions>;
}

export interface ObjectStoreRow {
  setting: string;
  coldFirstMs: number;
  coldSecondMs: number;
  warmP50Ms: number;
  warmP95Ms: number;
  /** S3 requests per warm question (0 for the folder). */
  requestsPerQuestion: number;
}

export interface ObjectStoreReport {
  chunks: number;
  ingestSeconds: { s3: number; folder: number };
  rows: ObjectStoreRow[];
}

const defaultCaches = { index: 6 * 2 ** 30, metadata: 2 ** 30 };

async function timeQuestion(store: Store, embedder: Embedder, question: string): Promise<number> {
  const started = performance.now();
  await retrieve({ query: question, k: 8 }, { store, embedder });
  return performance.now() - started;
}

export async function benchObjectStore(options: {
  corpusDir: string;
  embedder: Embedder;
  questions: string[];
  log: (message: string) => void;
  coldSamples?: number;
}): Promise<ObjectStoreReport> {
  const s3 = await startS3Server();
  const workDir = await mkdtemp(path.join(os.tmpdir(), "caravan-bench-s3-"));
  const uris = { s3: `s3://${s3.bucket}/bench/index`, folder: path.join(workDir, "index") };
  try {
    const ingestSeconds = { s3: 0, folder: 0 };
    let chunks = 0;
    for (const where of ["s3", "folder"] as const) {
      options.log(`object store: ingest SOTU into ${uris[where]}`);
      const summary = await ingestCorpus({ corpusDir: options.corpusDir, lancedbUri: uris[where], storageOptions: where === "s3" ? s3.storageOptions : {}, embedder: options.embedder });
      ingestSeconds[where] = summary.seconds;
      chunks = summary.chunks;
    }
    const settings: Setting[] = [
      { label: "folder, consistency 0 (every read checks)", where: "folder", options: { readConsistencyMs: 0 } },
      { label: "s3, consistency 0 (every read checks)", where: "s3", options: { readConsistencyMs: 0 } },
      { label: "s3, consistency 1 s (the default)", where: "s3", options: { readConsistencyMs: 1_000 } },
      { label: "s3, consistency 1 s, rows read by the searches", where: "s3", options: { readConsistencyMs: 1_000, addressSearchFrom: addressSearchThreshold } },
      { label: "s3, consistency 5 s", where: "s3", options: { readConsistencyMs: 5_000 } },
      { label: "s3, consistency 1 s, 1 MB caches", where: "s3", options: { readConsistencyMs: 1_000, cacheBytes: { index: 2 ** 20, metadata: 2 ** 20 } } },
    ];
    const rows: ObjectStoreRow[] = [];
    for (const setting of settings) {
      options.log(`object store: ${setting.label}`);
      const open = () =>
        Store.open(uris[setting.where], { storageOptions: setting.where === "s3" ? s3.storageOptions : {}, cacheBytes: defaultCaches, ...setting.options });
      const first: number[] = [];
      const second: number[] = [];
      for (let sample = 0; sample < (options.coldSamples ?? 5); sample += 1) {
        const store = await open();
        const question = options.questions[sample % options.questions.length];
        first.push(await timeQuestion(store, options.embedder, question));
        second.push(await timeQuestion(store, options.embedder, options.questions[(sample + 1) % options.questions.length]));
        store.close();
      }
      const store = await open();
      for (const question of options.questions) await timeQuestion(store, options.embedder, question);
      const before = Object.values(s3.requests).reduce((total, count) => total + count, 0);
      const warm: number[] = [];
      for (let pass = 0; pass < 2; pass += 1) for (const question of options.questions) warm.push(await timeQuestion(store, options.embedder, question));
      const requests = Object.values(s3.requests).reduce((total, count) => total + count, 0) - before;
      store.close();
      rows.push({
        setting: setting.label,
        coldFirstMs: median(first),
        coldSecondMs: median(second),
        warmP50Ms: median(warm),
        warmP95Ms: percentile(warm, 95),
        requestsPerQuestion: setting.where === "s3" ? requests / warm.length : 0,
      });
    }
    return { chunks, ingestSeconds, rows };
  } finally {
    await s3.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

export function renderObjectStore(report: ObjectStoreReport): string {
  const fixed = (value: number) => value.toFixed(1);
  return [
    `## Hybrid retrieval with the index on S3 (loopback s3rver), SOTU: ${report.chunks.toLocaleString("en")} chunks`,
    "",
    `Ingest: ${report.ingestSeconds.s3.toFixed(1)} s to s3, ${report.ingestSeconds.folder.toFixed(1)} s to a folder. Cold = a new connection (median of its first / second question); warm = p50 / p95 over two passes of the questions after one warm-up pass. Times include embedding the question.`,
    "",
    markdownTable(
      ["setting", "cold 1st (ms)", "cold 2nd (ms)", "warm p50 (ms)", "warm p95 (ms)", "S3 requests / question"],
      report.rows.map((row) => [row.setting, fixed(row.coldFirstMs), fixed(row.coldSecondMs), fixed(row.warmP50Ms), fixed(row.warmP95Ms), row.requestsPerQuestion.toFixed(1)]),
    ),
  ].join("\n");
}
