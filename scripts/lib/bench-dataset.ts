// Benchmark data: synthetic chunk tables of any size made from State of the Union sentences,
// embedded with the real embedder and written as a real Caravan index (documents, chunks, meta),
// so `retrieve()` runs on them unchanged. The same rows also go to flat files (vectors as one
// Float32 array, texts as JSON lines) that the peer systems (Orama, a brute-force scan) load.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, makeData, RecordBatch, Schema, Struct, Table, Utf8, vectorFromArray } from "apache-arrow";
import { encodeSentenceTerms } from "../../lib/text/terms";
import { pipelineVersion } from "../../lib/ingest";
import { packSearchFields, Store, type DocumentRow } from "../../lib/search/store";
import type { Embedder } from "../../lib/types";

/** Same full-text index settings as lib/search/store.ts, so latencies compare with the app's own index. */
export const ftsIndexConfig = () => lancedb.Index.fts({ withPosition: true, stem: true, removeStopWords: true, asciiFolding: true });

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same dataset. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every sentence of the corpus (a plain punctuation split: speed matters more than finesse here). */
export async function collectSentences(corpusDir: string): Promise<string[]> {
  const names = (await readdir(corpusDir)).filter((name) => name.endsWith(".txt")).sort();
  const sentences: string[] = [];
  for (const name of names) {
    const text = await readFile(path.join(corpusDir, name), "utf8");
    for (const sentence of text.split(/(?<=[.!?])\s+/)) {
      const trimmed = sentence.trim();
      if (trimmed.length >= 20) sentences.push(trimmed);
    }
  }
  return sentences;
}

export interface DatasetFiles {
  /** LanceDB folder with documents, chunks (FTS index, no vector index yet) and meta. */
  lancedbUri: string;
  /** rows x dimensions Float32, row-major, in chunk order. */
  vectorsFile: string;
  /** One JSON string per line: the chunk text, in chunk order. */
  textsFile: string;
  rows: number;
  dimensions: number;
  /** Chunk id of row i is `idPrefix + i` padded, see syntheticChunkId. */
  ids: "synthetic" | "stored";
  idsFile?: string;
}

export function syntheticChunkId(row: number): string {
  return `s${String(row).padStart(8, "0")}`;
}

const chunksPerDocument = 50;
const batchRows = 10_000;
/** Bump when the generated data changes (sentences per chunk, ids, schema): cached datasets are rebuilt. */
const generatorVersion = "g5";

/** The chunks table's columns in lib/search/store.ts's schema order; LanceDB rejects a batch that differs. */
function chunkBatchSchema(dimensions: number): Schema {
  const integers = new Set(["ordinal", "start", "end"]);
  const names = ["id", "document_id", "version", "ordinal", "text", "search_text", "start", "end", "source", "title", "date", "outlet"];
  return new Schema([
    ...names.map((name) => new Field(name, integers.has(name) ? new Int32() : new Utf8(), false)),
    new Field("vector", new FixedSizeList(dimensions, new Field("item", new Float32(), true)), false),
    new Field("terms", new Utf8(), false),
    new Field("pages", new Utf8(), false),
    new Field("search_fields", new Utf8(), false),
  ]);
}

/**
 * One Arrow batch straight from typed arrays: Store.addChunks converts row objects (fine for
 * ingest, 2-3x slower for a million synthetic rows).
 */
function chunkBatch(options: { schema: Schema; texts: string[]; firstRow: number; vectors: Float32Array }): Table {
  const { schema, texts, firstRow } = options;
  const count = texts.length;
  const rowsOf = <T>(value: (row: number, index: number) => T) => texts.map((_, index) => value(firstRow + index, index));
  const documentOf = (row: number) => String(Math.floor(row / chunksPerDocument)).padStart(7, "0");
  const strings = (values: string[]) => vectorFromArray(values, new Utf8()).data[0];
  const integers = (values: number[]) => makeData({ type: new Int32(), length: count, data: Int32Array.from(values) });
  const vectorType = schema.fields.find((field) => field.name === "vector")?.type as FixedSizeList<Float32>;
  // Offsets as in a real document (each chunk starts where the previous one ended, plus a
  // paragraph break): a constant column reads at random several times slower in Lance.
  const starts: number[] = [];
  texts.forEach((text, index) => {
    const row = firstRow + index;
    starts.push(row % chunksPerDocument === 0 ? 0 : starts[index - 1] + texts[index - 1].length + 2);
  });
  const terms = texts.map(encodeSentenceTerms);
  const columns = [
    strings(rowsOf((row) => syntheticChunkId(row))),
    strings(rowsOf((row) => `d${documentOf(row)}`)),
    strings(rowsOf((row) => syntheticVersion(documentOf(row)))),
    integers(rowsOf((row) => row % chunksPerDocument)),
    strings(texts),
    strings(texts),
    integers(starts),
    integers(texts.map((text, index) => starts[index] + text.length)),
    strings(rowsOf((row) => `synthetic/${documentOf(row)}.txt`)),
    strings(rowsOf(() => "")),
    strings(rowsOf(() => "")),
    strings(rowsOf(() => "")),
    makeData({ type: vectorType, length: count, nullCount: 0, child: makeData({ type: new Float32(), length: options.vectors.length, data: options.vectors }) }),
    strings(terms),
    // Unpaged text (page numbers are for PDF passages).
    strings(rowsOf(() => "")),
    strings(
      texts.map((text, index) => {
        const row = firstRow + index;
        const [start, end] = [starts[index], starts[index] + text.length];
        return packSearchFields({ id: syntheticChunkId(row), document_id: `d${documentOf(row)}`, version: syntheticVersion(documentOf(row)), ordinal: row % chunksPerDocument, start, end, pages: "", terms: terms[index] });
      }),
    ),
  ];
  return new Table(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: count, nullCount: 0, children: columns })));
}

/** One version per document, as ingest writes (a hash of its content and pipeline). */
function syntheticVersion(document: string): string {
  return createHash("sha256").update(`${document}\n${pipelineVersion}`).digest("hex").slice(0, 24);
}

export interface SyntheticDataset extends DatasetFiles {
  seconds: { embed: number; write: number; fts: number; total: number };
  /** Taken from the cache of an earlier run (its build times are that run's). */
  reused: boolean;
  createdAt: string;
}

/**
 * A synthetic dataset of `rows` chunks under `cacheRoot`, built once and reused by later runs
 * (the same seed, generator and embedder give the same data; `fresh` rebuilds it).
 */
export async function syntheticDataset(options: {
  cacheRoot: string;
  rows: number;
  sentences: string[];
  embedder: Embedder;
  fresh: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<SyntheticDataset> {
  const seed = 20_240_822;
  const key = `synthetic-${options.rows}-${generatorVersion}-${seed}-${options.embedder.id.replace(/[^\w.-]+/g, "_")}`;
  const directory = path.join(options.cacheRoot, key);
  const manifest = path.join(directory, "dataset.json");
  if (!options.fresh) {
    const cached = await readFile(manifest, "utf8").then((text) => JSON.parse(text) as SyntheticDataset).catch(() => undefined);
    if (cached && cached.rows === options.rows) return { ...cached, reused: true };
  }
  await rm(directory, { recursive: true, force: true });
  const built = await buildSyntheticDataset({ directory, rows: options.rows, sentences: options.sentences, embedder: options.embedder, seed, onProgress: options.onProgress });
  const dataset: SyntheticDataset = { ...built, reused: false, createdAt: new Date().toISOString() };
  // Written last: a run killed mid-build leaves no manifest, so the next run starts over.
  await writeFile(manifest, JSON.stringify(dataset));
  return dataset;
}

/**
 * Builds a synthetic index of `rows` chunks, each 3 to 6 random corpus sentences (~1,000
 * characters, like the SOTU index's ~940-character chunks). Documents group 50 chunks each, so
 * the visibility check and document metadata behave as in a real index. Embedding the next batch
 * overlaps LanceDB's write of the previous one.
 */
export async function buildSyntheticDataset(options: {
  directory: string;
  rows: number;
  sentences: string[];
  embedder: Embedder;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<DatasetFiles & { seconds: { embed: number; write: number; fts: number; total: number } }> {
  const { directory, rows, sentences, embedder } = options;
  const { dimensions } = embedder;
  const started = performance.now();
  await mkdir(directory, { recursive: true });
  const lancedbUri = path.join(directory, "lancedb");
  const vectorsFile = path.join(directory, "vectors.f32");
  const textsFile = path.join(directory, "texts.jsonl");
  const store = await Store.open(lancedbUri);
  await store.prepare(dimensions, { reset: true });
  const connection = await lancedb.connect(lancedbUri);
  const chunks = await connection.openTable("chunks");
  const schema = chunkBatchSchema(dimensions);
  const random = seededRandom(options.seed);
  const vectorsOut = await open(vectorsFile, "w");
  const textsOut = createWriteStream(textsFile);
  let embedSeconds = 0;
  let writeSeconds = 0;
  let pending: Promise<void> = Promise.resolve();
  try {
    for (let offset = 0; offset < rows; offset += batchRows) {
      const count = Math.min(batchRows, rows - offset);
      const texts = Array.from({ length: count }, () => {
        const length = 3 + Math.floor(random() * 4);
        return Array.from({ length }, () => sentences[Math.floor(random() * sentences.length)]).join(" ");
      });
      let mark = performance.now();
      const vectors = await embedder.embed(texts);
      embedSeconds += (performance.now() - mark) / 1000;
      mark = performance.now();
      const packed = new Float32Array(count * dimensions);
      vectors.forEach((vector, index) => packed.set(vector, index * dimensions));
      await pending;
      pending = chunks.add(chunkBatch({ schema, texts, firstRow: offset, vectors: packed })).then(() => undefined);
      await vectorsOut.write(new Uint8Array(packed.buffer));
      textsOut.write(`${texts.map((text) => JSON.stringify(text)).join("\n")}\n`);
      writeSeconds += (performance.now() - mark) / 1000;
      options.onProgress?.(offset + count, rows);
    }
    const mark = performance.now();
    await pending;
    const documents: DocumentRow[] = [];
    for (let document = 0; document * chunksPerDocument < rows; document++) {
      const name = String(document).padStart(7, "0");
      documents.push({
        id: `d${name}`,
        source: `synthetic/${name}.txt`,
        title: "",
        date: "",
        outlet: "",
        author: "",
        url: "",
        text: "",
        content_hash: `d${name}`,
        version: syntheticVersion(name),
        chars: 0,
        chunk_count: Math.min(chunksPerDocument, rows - document * chunksPerDocument),
        display_title: `Synthetic ${name}`,
      });
    }
    await store.upsertDocuments(documents);
    await store.writeMeta({ embedderId: embedder.id, dimensions, pipelineVersion, updatedAt: new Date().toISOString() });
    writeSeconds += (performance.now() - mark) / 1000;
  } finally {
    await pending.catch(() => undefined);
    await vectorsOut.close();
    await new Promise((resolve) => textsOut.end(resolve));
    connection.close();
    store.close();
  }
  const mark = performance.now();
  await createFullTextIndex(lancedbUri);
  const ftsSeconds = (performance.now() - mark) / 1000;
  return {
    lancedbUri,
    vectorsFile,
    textsFile,
    rows,
    dimensions,
    ids: "synthetic",
    seconds: { embed: embedSeconds, write: writeSeconds, fts: ftsSeconds, total: (performance.now() - started) / 1000 },
  };
}

/** Compacts the many small fragments batch writes leave, then builds the full-text index on the whole table. */
export async function createFullTextIndex(lancedbUri: string): Promise<void> {
  const connection = await lancedb.connect(lancedbUri);
  try {
    const table = await connection.openTable("chunks");
    await table.optimize();
    await table.createIndex("search_text", { config: ftsIndexConfig(), replace: true });
  } finally {
    connection.close();
  }
}

/**
 * The flat files for an index made by ingest (the SOTU corpus): every visible chunk's vector and
 * text, plus the ids, since those are not synthetic.
 */
export async function exportStoredDataset(options: { lancedbUri: string; directory: string }): Promise<DatasetFiles> {
  await mkdir(options.directory, { recursive: true });
  const connection = await lancedb.connect(options.lancedbUri);
  try {
    const table = await connection.openTable("chunks");
    const rows = (await table.query().select(["id", "text", "vector"]).toArray()) as { id: string; text: string; vector: { toArray(): Float32Array } | Float32Array }[];
    const dimensions = rows.length ? toFloat32(rows[0].vector).length : 0;
    const packed = new Float32Array(rows.length * dimensions);
    rows.forEach((row, index) => packed.set(toFloat32(row.vector), index * dimensions));
    const vectorsFile = path.join(options.directory, "vectors.f32");
    const textsFile = path.join(options.directory, "texts.jsonl");
    const idsFile = path.join(options.directory, "ids.json");
    await writeFile(vectorsFile, new Uint8Array(packed.buffer));
    await writeFile(textsFile, `${rows.map((row) => JSON.stringify(String(row.text))).join("\n")}\n`);
    await writeFile(idsFile, JSON.stringify(rows.map((row) => String(row.id))));
    return { lancedbUri: options.lancedbUri, vectorsFile, textsFile, rows: rows.length, dimensions, ids: "stored", idsFile };
  } finally {
    connection.close();
  }
}

function toFloat32(vector: { toArray(): Float32Array } | Float32Array | number[]): Float32Array {
  if (vector instanceof Float32Array) return vector;
  if (Array.isArray(vector)) return Float32Array.from(vector);
  return Float32Array.from(vector.toArray());
}

/** Row ids of a dataset, in row order. */
export async function datasetIds(dataset: DatasetFiles): Promise<string[]> {
  if (dataset.ids === "stored" && dataset.idsFile) return JSON.parse(await readFile(dataset.idsFile, "utf8")) as string[];
  return Array.from({ length: dataset.rows }, (_, row) => syntheticChunkId(row));
}

/** Reads the flat vector file back as one Float32Array. */
export async function readVectors(dataset: Pick<DatasetFiles, "vectorsFile">): Promise<Float32Array> {
  const bytes = await readFile(dataset.vectorsFile);
  // A small file may come from Node's shared pool at an offset that is not a multiple of 4.
  if (bytes.byteOffset % 4 !== 0) return new Float32Array(new Uint8Array(bytes).buffer);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** Line by line: a million chunks' texts is more than one JavaScript string may hold. */
export async function readTexts(dataset: Pick<DatasetFiles, "textsFile">): Promise<string[]> {
  const texts: string[] = [];
  const lines = createInterface({ input: createReadStream(dataset.textsFile, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) if (line) texts.push(JSON.parse(line) as string);
  return texts;
}
