// The benchmark's measurements that need a process of their own: a fresh process gives clean
// cold-load times and memory figures (its peak RSS is its own), and keeps one system's caches
// and garbage from colouring another's numbers. Each task reads its arguments from a JSON
// file and prints one result line; scripts/lib/bench-process.ts runs them.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import * as lancedb from "@lancedb/lancedb";
import { create, insertMultiple, search, type AnyOrama } from "@orama/orama";
import { createLocalEmbedder } from "../../lib/embeddings/local-embedder";
import { defaultWordVectorSource } from "../../lib/embeddings/word-vector-cache";
import { ingestCorpus } from "../../lib/ingest";
import { workerThreads } from "../../lib/ingest/prepare-pool";
import { getConfig } from "../../lib/server/config";
import { fullTextQuery, retrieve, type RetrievalStrategy } from "../../lib/search/retrieve";
import { Store, vectorIndexProbes } from "../../lib/search/store";
import { readTexts, readVectors, type DatasetFiles } from "./bench-dataset";

export const resultMarker = "@@BENCH_RESULT@@";

const megabytes = (bytes: number) => bytes / 2 ** 20;
const rssMegabytes = () => megabytes(process.memoryUsage().rss);
const peakRssMegabytes = () => process.resourceUsage().maxRSS / 1024;

export interface BenchQuery {
  text: string;
  vector: number[];
}

// --- embedder -----------------------------------------------------------------------------------

export interface LoadResult {
  milliseconds: number;
  rssDeltaMB: number;
  rssMB: number;
  peakRssMB: number;
}

/** The local embedder from its binary cache, as the app loads it: read, index, SIF tables, one embed. */
async function embedderCacheLoad(args: { cacheDir: string }): Promise<LoadResult> {
  const before = rssMegabytes();
  const started = performance.now();
  const embedder = await createLocalEmbedder({ cacheDir: args.cacheDir });
  await embedder.embed(["warm up"]);
  const milliseconds = performance.now() - started;
  return { milliseconds, rssDeltaMB: rssMegabytes() - before, rssMB: rssMegabytes(), peakRssMB: peakRssMegabytes() };
}

/** What loading would cost without the cache: reading and JSON.parse of the package's word vectors. */
async function embedderJsonParse(): Promise<LoadResult & { words: number }> {
  const before = rssMegabytes();
  const started = performance.now();
  const parsed = JSON.parse(readFileSync(defaultWordVectorSource(), "utf8")) as { size?: number; vocabulary?: unknown };
  const milliseconds = performance.now() - started;
  return { milliseconds, rssDeltaMB: rssMegabytes() - before, rssMB: rssMegabytes(), peakRssMB: peakRssMegabytes(), words: Number(parsed.size ?? 0) };
}

async function embedderThroughput(args: { cacheDir: string; sentences: string[]; repetitions: number }): Promise<{ sentencesPerSecond: number[]; averageChars: number }> {
  const embedder = await createLocalEmbedder({ cacheDir: args.cacheDir });
  await embedder.embed(args.sentences.slice(0, 500));
  const rates: number[] = [];
  for (let repetition = 0; repetition < args.repetitions; repetition++) {
    const started = performance.now();
    for (let offset = 0; offset < args.sentences.length; offset += 256) await embedder.embed(args.sentences.slice(offset, offset + 256));
    rates.push(args.sentences.length / ((performance.now() - started) / 1000));
  }
  const averageChars = args.sentences.reduce((sum, sentence) => sum + sentence.length, 0) / Math.max(1, args.sentences.length);
  return { sentencesPerSecond: rates, averageChars };
}

// --- ingest -------------------------------------------------------------------------------------

async function ingest(args: { corpusDir: string; lancedbUri: string; cacheDir: string }) {
  const embedder = await createLocalEmbedder({ cacheDir: args.cacheDir });
  const started = performance.now();
  // As `npm run ingest` runs it: worker threads as INGEST_WORKERS says (default one per core, at most four; 0: none).
  const { ingestWorkers, ingestFileBudgetMs } = getConfig();
  const workers = ingestWorkers === 0 ? undefined : workerThreads({ count: ingestWorkers, fileBudgetMs: ingestFileBudgetMs });
  const summary = await ingestCorpus({ corpusDir: args.corpusDir, lancedbUri: args.lancedbUri, embedder, workers });
  return { seconds: (performance.now() - started) / 1000, summary, peakRssMB: peakRssMegabytes() };
}

// --- LanceDB through Caravan's retrieve() -------------------------------------------------------

const strategies: RetrievalStrategy[] = ["vector", "fulltext", "hybrid"];

interface LanceArgs {
  lancedbUri: string;
  queriesFile: string;
  cacheDir: string;
  repetitions: number;
  /** Repetitions without a vector index: exact search at 1M rows is slow, and one pass tells. */
  flatRepetitions: number;
  /** Queries used without a vector index (the first n); undefined = all. */
  flatQueries?: number;
  k: number;
}

export interface PhaseResult {
  /** Milliseconds per retrieve() call, per strategy (all repetitions of all queries). */
  latencies: Record<string, number[]>;
  /** LanceDB alone, no fusion: top-k vector search and full-text search, ms per call. */
  engineLatencies: Record<string, number[]>;
  /** Top-10 chunk ids of the hybrid retriever per query (k = 10). */
  hybridIds: string[][];
  /** Top-10 chunk ids of the vector search the app runs (Store.vectorSearch) per query. */
  vectorIds: string[][];
  /** How many queries this phase measured. */
  queries: number;
  rssMB: number;
}

async function measurePhase(options: {
  store: Store;
  table: lancedb.Table;
  queries: BenchQuery[];
  args: LanceArgs;
  repetitions: number;
  embedder: Awaited<ReturnType<typeof createLocalEmbedder>>;
  /** Vector index partitions probed per query, as Store.search does (ignored without an index). */
  probes: number;
}): Promise<PhaseResult> {
  const { store, queries, embedder, table } = options;
  const args = { ...options.args, repetitions: options.repetitions };
  const dependencies = { store, embedder };
  const latencies: Record<string, number[]> = {};
  for (const strategy of strategies) {
    for (const query of queries.slice(0, 5)) await retrieve({ query: query.text, k: args.k, strategy }, dependencies);
    latencies[strategy] = [];
    for (let repetition = 0; repetition < args.repetitions; repetition++) {
      for (const query of queries) {
        const started = performance.now();
        await retrieve({ query: query.text, k: args.k, strategy }, dependencies);
        latencies[strategy].push(performance.now() - started);
      }
    }
  }
  const engineLatencies: Record<string, number[]> = { "lancedb vector": [], "lancedb fulltext": [] };
  for (let repetition = 0; repetition < args.repetitions; repetition++) {
    for (const query of queries) {
      let started = performance.now();
      await table.vectorSearch(Float32Array.from(query.vector)).distanceType("cosine").select(["id", "_distance"]).limit(args.k).nprobes(options.probes).toArray(); // as Store.search
      engineLatencies["lancedb vector"].push(performance.now() - started);
      started = performance.now();
      await table.query().fullTextSearch(fullTextQuery(query.text), { columns: "search_text" }).select(["id", "_score"]).limit(args.k).toArray();
      engineLatencies["lancedb fulltext"].push(performance.now() - started);
    }
  }
  const hybridIds: string[][] = [];
  const vectorIds: string[][] = [];
  for (const query of queries) {
    hybridIds.push((await retrieve({ query: query.text, k: 10, strategy: "hybrid" }, dependencies)).passages.map((passage) => passage.chunkId));
    vectorIds.push((await store.vectorSearch({ vector: Float32Array.from(query.vector), limit: 10 })).map((hit) => hit.id));
  }
  return { latencies, engineLatencies, hybridIds, vectorIds, queries: queries.length, rssMB: rssMegabytes() };
}

async function lance(args: LanceArgs) {
  const queries = JSON.parse(await readFile(args.queriesFile, "utf8")) as BenchQuery[];
  const embedder = await createLocalEmbedder({ cacheDir: args.cacheDir });
  const baseline = rssMegabytes();
  const store = await Store.open(args.lancedbUri);
  const connection = await lancedb.connect(args.lancedbUri);
  try {
    const table = await connection.openTable("chunks");
    const rows = await table.countRows();
    if ((await table.listIndices()).some((index) => index.columns.includes("vector"))) await table.dropIndex("vector_idx");
    const flat = await measurePhase({ store, table, queries: queries.slice(0, args.flatQueries ?? queries.length), args, embedder, repetitions: args.flatRepetitions, probes: 1 });
    // The index the app builds (lib/search/store.ts), whatever the row count.
    const started = performance.now();
    const built = await store.buildVectorIndex();
    if (!built) throw new Error("the vector index could not be built");
    // The engine-only queries use this handle: it must see the index the store just built.
    await table.checkoutLatest();
    const indexSeconds = (performance.now() - started) / 1000;
    const indexed = await measurePhase({ store, table, queries, args, embedder, repetitions: args.repetitions, probes: vectorIndexProbes(built.partitions) });
    return { rows, flat, indexed, indexSeconds, index: { label: `IVF_FLAT ${built.partitions}`, partitions: built.partitions }, baselineRssMB: baseline, peakRssMB: peakRssMegabytes() };
  } finally {
    connection.close();
    store.close();
  }
}

// --- peers --------------------------------------------------------------------------------------

/** Indices of the k largest dot products: the exact answer for unit vectors, by a plain scan. */
export function bruteForceTopK(vectors: Float32Array, dimensions: number, query: Float32Array, k: number): number[] {
  const rows = vectors.length / dimensions;
  const bestScores: number[] = [];
  const bestRows: number[] = [];
  for (let row = 0; row < rows; row++) {
    const offset = row * dimensions;
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += vectors[offset + d] * query[d];
    if (bestScores.length === k && dot <= bestScores[k - 1]) continue;
    let at = bestScores.length;
    while (at > 0 && bestScores[at - 1] < dot) at--;
    bestScores.splice(at, 0, dot);
    bestRows.splice(at, 0, row);
    if (bestScores.length > k) {
      bestScores.pop();
      bestRows.pop();
    }
  }
  return bestRows;
}

async function bruteForce(args: { dataset: DatasetFiles; queriesFile: string; repetitions: number; k: number }) {
  const queries = JSON.parse(await readFile(args.queriesFile, "utf8")) as BenchQuery[];
  const before = rssMegabytes();
  const started = performance.now();
  const vectors = await readVectors(args.dataset);
  const loadSeconds = (performance.now() - started) / 1000;
  const queryVectors = queries.map((query) => Float32Array.from(query.vector));
  for (const query of queryVectors) bruteForceTopK(vectors, args.dataset.dimensions, query, args.k);
  const latencies: number[] = [];
  for (let repetition = 0; repetition < args.repetitions; repetition++) {
    for (const query of queryVectors) {
      const mark = performance.now();
      bruteForceTopK(vectors, args.dataset.dimensions, query, args.k);
      latencies.push(performance.now() - mark);
    }
  }
  const exactRows = queryVectors.map((query) => bruteForceTopK(vectors, args.dataset.dimensions, query, 10));
  return { loadSeconds, latencies, exactRows, bytes: vectors.byteLength, rssDeltaMB: rssMegabytes() - before, peakRssMB: peakRssMegabytes() };
}

async function orama(args: { dataset: DatasetFiles; queriesFile: string; repetitions: number; k: number; budgetSeconds: number }) {
  const queries = JSON.parse(await readFile(args.queriesFile, "utf8")) as BenchQuery[];
  const texts = await readTexts(args.dataset);
  const vectors = await readVectors(args.dataset);
  const { dimensions } = args.dataset;
  global.gc?.();
  const before = rssMegabytes();
  const heapBefore = megabytes(process.memoryUsage().heapUsed);
  const started = performance.now();
  const db: AnyOrama = create({ schema: { text: "string", embedding: `vector[${dimensions}]` } as const });
  const batch = 5_000;
  for (let offset = 0; offset < texts.length; offset += batch) {
    const documents = texts.slice(offset, offset + batch).map((text, index) => {
      const row = offset + index;
      return { id: String(row), text, embedding: Array.from(vectors.subarray(row * dimensions, (row + 1) * dimensions)) };
    });
    await insertMultiple(db, documents, batch);
  }
  const buildSeconds = (performance.now() - started) / 1000;
  global.gc?.();
  const rssDeltaMB = rssMegabytes() - before;
  const heapDeltaMB = megabytes(process.memoryUsage().heapUsed) - heapBefore;
  // Similarity -1 turns off Orama's default 0.8 cut-off, so vector search returns a full top-k.
  // Orama gets the same full-text query LanceDB gets (content words, no stopwords): its default
  // tokenizer keeps stopwords, and "which ... the ..." would match nearly every row.
  const run = (mode: string, query: BenchQuery, limit: number) => {
    const vector = { value: query.vector, property: "embedding" };
    const term = fullTextQuery(query.text);
    if (mode === "fulltext") return search(db, { term, properties: ["text"], limit });
    if (mode === "vector") return search(db, { mode: "vector", vector, similarity: -1, limit });
    return search(db, { mode: "hybrid", term, vector, similarity: -1, limit });
  };
  const latencies: Record<string, number[]> = {};
  // Each mode gets a time budget: one pass over every query always, repetitions while time remains.
  const perMode = args.budgetSeconds * 1000;
  for (const mode of ["vector", "fulltext", "hybrid"]) {
    for (const query of queries.slice(0, 3)) await run(mode, query, args.k);
    latencies[mode] = [];
    const started = performance.now();
    for (let repetition = 0; repetition < args.repetitions; repetition++) {
      if (repetition > 0 && performance.now() - started > perMode) break;
      for (const query of queries) {
        const mark = performance.now();
        await run(mode, query, args.k);
        latencies[mode].push(performance.now() - mark);
      }
    }
  }
  const vectorRows: number[][] = [];
  for (const query of queries) vectorRows.push((await run("vector", query, 10)).hits.map((hit) => Number(hit.id)));
  return { buildSeconds, rssDeltaMB, heapDeltaMB, latencies, vectorRows, peakRssMB: peakRssMegabytes() };
}

// --- dispatch -----------------------------------------------------------------------------------

const tasks: Record<string, (args: never) => Promise<unknown>> = {
  "embedder-cache-load": embedderCacheLoad,
  "embedder-json-parse": embedderJsonParse,
  "embedder-throughput": embedderThroughput,
  ingest,
  lance,
  "brute-force": bruteForce,
  orama,
};

export async function runChildTask(task: string, argsFile: string): Promise<void> {
  const run = tasks[task];
  if (!run) throw new Error(`unknown benchmark task "${task}"`);
  const args = JSON.parse(await readFile(argsFile, "utf8")) as never;
  const result = await run(args);
  // Exit once the line is out: a native addon's threads must not keep a finished child alive.
  process.stdout.write(`\n${resultMarker}${JSON.stringify(result)}\n`, () => process.exit(0));
}
