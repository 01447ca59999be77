import "server-only";
import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, makeData, RecordBatch, Schema, Struct, Table as ArrowTable, Utf8, vectorFromArray } from "apache-arrow";
import { CaravanError } from "../server/errors";
import { displayTitle } from "../text/display-title";
import type { DocumentSummary, StoredDocument } from "../types";

// LanceDB holds three tables: `documents` (one row per article), `chunks` (one row per
// passage, with its vector) and `meta` (which embedder and pipeline built the index).
//
// Visibility rule, which is what makes a crash harmless: a chunk is visible only while its
// (document_id, version) matches the document row. The version is the file's content hash
// combined with the pipeline and embedder that processed it. Ingest writes new chunks first, then
// flips the document row (one atomic LanceDB commit), then deletes the stale chunks. A crash
// at any point leaves either the old version or the new one visible, never both, never half.
//
// Column names are snake_case because LanceDB's SQL filters fold unquoted identifiers to
// lower case.

export const tableNames = { documents: "documents", chunks: "chunks", meta: "meta" } as const;

export interface IndexMeta {
  embedderId: string;
  dimensions: number;
  pipelineVersion: string;
  updatedAt: string;
}

export interface DocumentRow {
  id: string;
  source: string;
  title: string;
  date: string;
  outlet: string;
  author: string;
  url: string;
  text: string;
  content_hash: string;
  version: string;
  chars: number;
  chunk_count: number;
  /**
   * What the library shows, computed at ingest so a page never reads a full text: the title or
   * "Untitled — <first words>". '' in rows written before the column existed (see `prepare`).
   */
  display_title: string;
}

/** Per-document display fields: a document row whose stored ones differ is rewritten, not re-embedded. */
export type DisplayFields = Pick<DocumentRow, "display_title">;

export interface ChunkRow {
  id: string;
  document_id: string;
  version: string;
  ordinal: number;
  text: string;
  search_text: string;
  start: number;
  end: number;
  source: string;
  title: string;
  date: string;
  outlet: string;
  vector: Float32Array | number[];
  /** Content terms per scoring sentence (`encodeSentenceTerms`); '' in rows written before the column existed. */
  terms: string;
  /** A paged document's pages in this chunk (lib/text/pages.ts `encodeChunkPages`); '' when unpaged. */
  pages: string;
}

/**
 * What a chunk search returns: the row without its vector, plus the engine's raw score; the
 * stored vector only when the search asked for it (`textVectors`).
 */
export type ChunkHit = Omit<ChunkRow, "vector" | "search_text"> & { rawScore: number; vector?: Float32Array };

export interface DocumentVersion {
  id: string;
  source: string;
  version: string;
  chunkCount: number;
  display: DisplayFields;
}

const documentSchema = new Schema([
  new Field("id", new Utf8(), false),
  new Field("source", new Utf8(), false),
  new Field("title", new Utf8(), false),
  new Field("date", new Utf8(), false),
  new Field("outlet", new Utf8(), false),
  new Field("author", new Utf8(), false),
  new Field("url", new Utf8(), false),
  new Field("text", new Utf8(), false),
  new Field("content_hash", new Utf8(), false),
  new Field("version", new Utf8(), false),
  new Field("chars", new Int32(), false),
  new Field("chunk_count", new Int32(), false),
  new Field("display_title", new Utf8(), false),
]);

/**
 * Chunk rows as an Arrow table, columns in `order` (the stored table's: an index that gained columns
 * later has them last). Built column by column, the vectors as one Float32Array: handing LanceDB
 * plain objects made it copy each vector into a JS array of numbers and convert row by row, ~0.5 s
 * of ingest's thread for SOTU's 11k chunks.
 */
export function chunkArrowTable(rows: ChunkRow[], order: string[]): ArrowTable {
  const dimensions = rows[0]?.vector.length ?? 0;
  const fields = new Map(chunkSchema(dimensions).fields.map((field) => [field.name, field]));
  const schema = new Schema(order.map((name) => fields.get(name) ?? new Field(name, new Utf8(), false)));
  const column = (field: Field) => {
    const name = field.name as keyof ChunkRow;
    if (name === "vector") {
      const values = new Float32Array(rows.length * dimensions);
      rows.forEach((row, index) => values.set(row.vector, index * dimensions));
      const child = makeData({ type: new Float32(), length: values.length, nullCount: 0, data: values });
      return makeData({ type: field.type as FixedSizeList, length: rows.length, nullCount: 0, child });
    }
    if (field.name === "search_fields") return vectorFromArray(rows.map(packSearchFields), new Utf8()).data[0];
    if (name === "ordinal" || name === "start" || name === "end") {
      return makeData({ type: new Int32(), length: rows.length, nullCount: 0, data: Int32Array.from(rows, (row) => row[name]) });
    }
    return vectorFromArray(rows.map((row) => String(row[name])), new Utf8()).data[0];
  };
  const struct = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children: schema.fields.map(column) });
  return new ArrowTable([new RecordBatch(schema, struct)]);
}

/** Columns added to the documents table after it was first made, with what old rows get. */
const laterDocumentColumns = [{ name: "display_title", valueSql: "''" }];

/** Every document column but the text: what the library and retrieval read. */
const documentColumns = ["id", "source", "title", "date", "outlet", "author", "url", "content_hash", "version", "chars", "chunk_count", "display_title"];

function chunkSchema(dimensions: number): Schema {
  return new Schema([
    new Field("id", new Utf8(), false),
    new Field("document_id", new Utf8(), false),
    new Field("version", new Utf8(), false),
    new Field("ordinal", new Int32(), false),
    new Field("text", new Utf8(), false),
    // The title joins the passage text for full-text search, so "the article about X" finds X's passages.
    new Field("search_text", new Utf8(), false),
    new Field("start", new Int32(), false),
    new Field("end", new Int32(), false),
    new Field("source", new Utf8(), false),
    new Field("title", new Utf8(), false),
    new Field("date", new Utf8(), false),
    new Field("outlet", new Utf8(), false),
    new Field("vector", new FixedSizeList(dimensions, new Field("item", new Float32(), true)), false),
    // Last, where `addColumns` puts it in an index made before it existed: both orders stay equal.
    new Field("terms", new Utf8(), false),
    new Field("pages", new Utf8(), false),
    // What a search reads of a chunk besides its text and vector, in one string (see packSearchFields).
    new Field("search_fields", new Utf8(), false),
  ]);
}

/**
 * A chunk's id, document, version, ordinal, offsets, pages and terms in one tab-separated string,
 * the `search_fields` column. A large table's searches read their ~80 candidates' rows by address,
 * and LanceDB reads each string column of each row at random: ten columns cost ~15-18 ms per
 * question at 1M chunks, three (this, the text and the vector) a third of that. None of the fields
 * holds a tab; terms come last and are the rest of the string all the same. Exported for tests.
 */
export function packSearchFields(row: Pick<ChunkRow, "id" | "document_id" | "version" | "ordinal" | "start" | "end" | "pages" | "terms">): string {
  return [row.id, row.document_id, row.version, row.ordinal, row.start, row.end, row.pages, row.terms].join("\t");
}

/** The fields of `packSearchFields`; undefined for '' (a row written before the column existed). */
export function unpackSearchFields(packed: string): Omit<ChunkLocation, "text" | "vector"> | undefined {
  if (packed === "") return undefined;
  const [id, document_id, version, ordinal, start, end, pages, ...terms] = packed.split("\t");
  return { id, document_id, version, ordinal: Number(ordinal), start: Number(start), end: Number(end), pages: pages ?? "", terms: terms.join("\t") };
}

const metaSchema = new Schema([new Field("key", new Utf8(), false), new Field("value", new Utf8(), false)]);

const chunkColumns = ["id", "document_id", "version", "ordinal", "text", "start", "end", "source", "title", "date", "outlet", "terms", "pages"];

/** What a search reads per chunk; the document's own fields come from the document rows. */
const locationColumns = ["id", "document_id", "version", "ordinal", "text", "start", "end", "terms", "pages"];
type ChunkLocation = Pick<ChunkRow, "id" | "document_id" | "version" | "ordinal" | "text" | "start" | "end" | "terms" | "pages"> & { vector?: Float32Array };

/** A search result before its row is read: id, address and score (`_distance` or `_score`). */
export interface RankedRow {
  id: string;
  /** Present when the search was asked for row addresses (large tables). */
  _rowid?: bigint;
  _distance?: number;
  _score?: number;
}

/** A SQL string literal: LanceDB filters are DataFusion SQL, where quotes are doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlList(values: string[]): string {
  return `(${values.map(sqlString).join(", ")})`;
}

/**
 * From this many chunks the table gets an IVF_FLAT vector index. Measured (`npm run bench`, 100-d
 * vectors): at 11k chunks the exact scan takes ~4 ms and the index ~2 ms at recall@10 0.99, built
 * in 0.3 s; at 1M the index takes ~5 ms at recall 0.99, built in 10 s, where IVF_PQ (25
 * sub-vectors, refined) took ~9 ms at recall 0.98, built in 52 s. IVF_FLAT keeps exact vectors,
 * so no refine step: it costs a second copy of the vectors on disk (400 MB per million chunks).
 * Below 50k the exact scan: k-means starts at random, so two builds of one folder's index found
 * different near passages and gave 2 of 335 SOTU dev answers differently; exact, every rebuild
 * answers alike, for ~2 ms more (hybrid p50 at SOTU size 13.4 ms indexed, 11.7 ms exact, one run each).
 */
export const vectorIndexThreshold = 50_000;

/** From this many chunks searches return row addresses and one take reads the rows (see `search`). */
export const addressSearchThreshold = 50_000;

/** k-means partitions of the vector index: the usual square root of the row count. */
export function vectorIndexPartitions(rows: number): number {
  return Math.max(1, Math.round(Math.sqrt(rows)));
}

/**
 * Partitions to probe per query. Measured recall@10 against exact search: 20 of 107 partitions
 * gave 0.99, 40 of 316 0.98, 80 of 1,000 0.99 (40 of 1,000: 0.94); smaller indexes need a larger
 * share, and probing is cheap there (~2 ms).
 */
export function vectorIndexProbes(partitions: number): number {
  return Math.max(20, Math.ceil(2.5 * Math.sqrt(partitions)));
}

/**
 * Whether refreshing the indexes should (re)build the vector index: none yet at the threshold,
 * one of an older kind (IVF_PQ, before IVF_FLAT was measured faster), or a table grown past 4x the
 * rows its index was built over (twice the partitions it then had).
 */
export function vectorIndexNeedsBuild(options: { rows: number; kind: string | undefined; built: VectorIndexRecord | null }): boolean {
  if (options.rows < vectorIndexThreshold) return false;
  if (options.kind !== "IvfFlat" || !options.built) return true;
  return options.rows > 4 * options.built.rows;
}

/** What the vector index was built over, kept in the meta table: its partitions suit that size. */
export interface VectorIndexRecord {
  rows: number;
  partitions: number;
}

export interface StoreOptions {
  /** From this many chunks on, searches return row addresses and one take reads the rows (see `search`). */
  addressSearchFrom: number;
  /** Object-store settings (endpoint, region, credentials) for an s3://, gs:// or az:// URI. */
  storageOptions: Record<string, string>;
  /**
   * How long a kept table handle may go without checking for another process's writes, in
   * milliseconds; 0 checks on every read (a local folder's check is a cheap listing).
   */
  readConsistencyMs: number;
  /** LanceDB's cache sizes (index data; file metadata), when not its defaults of 6 GB and 1 GB. */
  cacheBytes?: { index: number; metadata: number };
}

export class Store {
  private documentCache?: { version: number; rows: Map<string, Omit<DocumentRow, "text">> };
  private sizeCache?: { documents: Map<string, Omit<DocumentRow, "text">>; rows: number; probes: number; packed: boolean };

  private constructor(
    readonly uri: string,
    private readonly connection: lancedb.Connection,
    private readonly options: StoreOptions,
  ) {}

  /** Opens (or creates) the database folder. Tables are opened on demand. */
  static async open(uri: string, options: Partial<StoreOptions> = {}): Promise<Store> {
    // On an object store every column read of every result is a ranged GET: searches that return
    // only ids and addresses, then one take, made 58 requests per SOTU question instead of 75
    // (`npm run bench -- --object-store`; on a real bucket each costs 10-30 ms, on the loopback
    // server the p50s were within noise of each other), so there they always do.
    const addressSearchFrom = /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? 0 : addressSearchThreshold;
    const settled: StoreOptions = { addressSearchFrom, storageOptions: {}, readConsistencyMs: 0, ...options };
    // Interval 0 (the default): kept table handles see another process's ingest on the next read.
    const session = settled.cacheBytes && new lancedb.Session(BigInt(settled.cacheBytes.index), BigInt(settled.cacheBytes.metadata));
    const connection = await lancedb.connect(uri, { readConsistencyInterval: settled.readConsistencyMs / 1000, storageOptions: settled.storageOptions, ...(session ? { session } : {}) });
    return new Store(uri, connection, settled);
  }

  close(): void {
    this.connection.close();
  }

  /**
   * Opens the table to know: an object store may list no tables while opening them works (listing
   * needs permissions and a layout that opening does not), so "not found" is the only answer for missing.
   */
  async tableExists(name: string): Promise<boolean> {
    try {
      await this.table(name);
      return true;
    } catch (error) {
      if (error instanceof CaravanError && error.code === "index_missing") return false;
      throw error;
    }
  }

  private readonly tables = new Map<string, Promise<lancedb.Table>>();
  /** The chunks table's column order, read once per store (see chunkArrowTable). */
  private chunkColumnOrder?: string[];

  /**
   * Table handles are opened once and kept: opening costs more than a search. The connection's
   * consistency interval keeps a kept handle up to date with other processes' writes.
   */
  private async table(name: string): Promise<lancedb.Table> {
    let table = this.tables.get(name);
    if (!table) {
      table = this.connection.openTable(name);
      this.tables.set(name, table);
    }
    try {
      return await table;
    } catch (error) {
      this.tables.delete(name);
      // Only a missing table is a missing index; a network or permission error is itself.
      if (isNotFound(error)) throw new CaravanError("index_missing", undefined, { cause: error });
      throw error;
    }
  }

  /**
   * Opens a small table, creating it with its first rows when missing. Two processes may create
   * it at once: the one whose commit loses opens the winner's table instead.
   */
  async ensureTable(name: string, options: { rows: Record<string, unknown>[]; schema: Schema }): Promise<lancedb.Table> {
    if (await this.tableExists(name)) return this.table(name);
    try {
      await this.connection.createTable(name, options.rows, { schema: options.schema });
    } catch (error) {
      if (!(await this.tableExists(name))) throw error;
    }
    return this.table(name);
  }

  async readMeta(): Promise<IndexMeta | null> {
    return this.readMetaEntry<IndexMeta>("index");
  }

  async writeMeta(meta: IndexMeta): Promise<void> {
    await this.writeMetaEntry("index", meta);
  }

  private async readMetaEntry<T>(key: string): Promise<T | null> {
    if (!(await this.tableExists(tableNames.meta))) return null;
    const rows = (await (await this.table(tableNames.meta)).query().toArray()) as { key: string; value: string }[];
    const entry = rows.find((row) => row.key === key);
    return entry ? (JSON.parse(entry.value) as T) : null;
  }

  private async writeMetaEntry(key: string, value: unknown): Promise<void> {
    const row = { key, value: JSON.stringify(value) };
    if (!(await this.tableExists(tableNames.meta))) {
      await this.connection.createTable(tableNames.meta, [row], { schema: metaSchema });
      return;
    }
    const table = await this.table(tableNames.meta);
    await table.mergeInsert("key").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([row]);
  }

  /** Creates empty tables for a given vector size; drops tables built for another size. */
  async prepare(dimensions: number, options: { reset: boolean }): Promise<void> {
    if (options.reset) {
      for (const name of [tableNames.chunks, tableNames.documents, tableNames.meta]) {
        if (await this.tableExists(name)) await this.connection.dropTable(name);
      }
      this.tables.clear();
      this.documentCache = undefined;
    }
    if (!(await this.tableExists(tableNames.documents))) {
      await this.connection.createEmptyTable(tableNames.documents, documentSchema);
    } else {
      // An index from before the display fields: added empty, and ingest fills them from the
      // files it reads anyway (no re-embedding). Until then the pages fall back to the title.
      const table = await this.table(tableNames.documents);
      const present = new Set((await table.schema()).fields.map((field) => field.name));
      const missing = laterDocumentColumns.filter((column) => !present.has(column.name));
      if (missing.length > 0) await table.addColumns(missing);
    }
    if (!(await this.tableExists(tableNames.chunks))) {
      await this.connection.createEmptyTable(tableNames.chunks, chunkSchema(dimensions));
    } else {
      // An index from before the terms column: add it empty (retrieval then tokenizes those rows'
      // text), and the new pipeline version re-processes every document with its terms filled.
      const table = await this.table(tableNames.chunks);
      // Likewise the pages column (page numbers of PDF passages).
      const fields = (await table.schema()).fields.map((field) => field.name);
      if (!fields.includes("terms")) await table.addColumns([{ name: "terms", valueSql: "''" }]);
      if (!fields.includes("pages")) await table.addColumns([{ name: "pages", valueSql: "''" }]);
      // And search_fields: empty rows are read column by column until their document is rewritten.
      if (!fields.includes("search_fields")) await table.addColumns([{ name: "search_fields", valueSql: "''" }]);
    }
    this.chunkColumnOrder = undefined;
  }

  /** Every committed document's id, source and content hash: what ingest compares against. */
  async documentVersions(): Promise<DocumentVersion[]> {
    const rows = await this.documentRows();
    return [...rows.values()].map((row) => ({
      id: row.id,
      source: row.source,
      version: row.version,
      chunkCount: Number(row.chunk_count),
      display: { display_title: row.display_title ?? "" },
    }));
  }

  /** Document rows without their text, cached per table version (readers call this on every search). */
  async documentRows(): Promise<Map<string, Omit<DocumentRow, "text">>> {
    const table = await this.table(tableNames.documents);
    const version = await table.version();
    if (this.documentCache?.version === version) return this.documentCache.rows;
    // A server reading an index made before the display columns existed (ingest adds them).
    const present = new Set((await table.schema()).fields.map((field) => field.name));
    const rows = (await table
      .query()
      .select(documentColumns.filter((column) => present.has(column)))
      .toArray()) as Omit<DocumentRow, "text">[];
    const map = new Map(rows.map((row) => [row.id, { ...row }]));
    this.documentCache = { version, rows: map };
    return map;
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    const rows = await this.documentRows();
    return [...rows.values()]
      .map(toSummary)
      .sort((a, b) => a.source.localeCompare(b.source));
  }

  async getDocument(id: string): Promise<(StoredDocument & { chunks: ChunkSummary[] }) | null> {
    const table = await this.table(tableNames.documents);
    const [row] = (await table.query().where(`id = ${sqlString(id)}`).limit(1).toArray()) as DocumentRow[];
    if (!row) return null;
    const chunkTable = await this.table(tableNames.chunks);
    const chunks = ((await chunkTable
      .query()
      .where(`document_id = ${sqlString(id)} AND version = ${sqlString(row.version)}`)
      .select(["id", "ordinal", "start", "end", "pages"])
      .toArray()) as ChunkSummary[])
      .map((chunk) => ({ id: chunk.id, ordinal: chunk.ordinal, start: chunk.start, end: chunk.end, pages: chunk.pages ?? "" }))
      .sort((a, b) => a.ordinal - b.ordinal);
    return {
      ...toSummary(row),
      text: row.text,
      contentHash: row.content_hash,
      chunks,
    };
  }

  /** Some documents' full texts by id, in one read (a page that needs a few texts, not every one). */
  async documentTexts(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const table = await this.table(tableNames.documents);
    const rows = (await table.query().where(`id IN ${sqlList(ids)}`).select(["id", "text"]).toArray()) as { id: string; text: string }[];
    return new Map(rows.map((row) => [row.id, row.text]));
  }

  async countChunks(): Promise<number> {
    return (await this.table(tableNames.chunks)).countRows();
  }

  /** Every stored chunk row's id, document, version and row address: what an integrity check counts. */
  async chunkCensus(): Promise<{ id: string; document_id: string; version: string; rowId: bigint }[]> {
    const rows = (await (await this.table(tableNames.chunks)).query().select(["id", "document_id", "version"]).withRowId().toArray()) as {
      id: string;
      document_id: string;
      version: string;
      _rowid: bigint;
    }[];
    return rows.map((row) => ({ id: row.id, document_id: row.document_id, version: row.version, rowId: row._rowid }));
  }

  /** Deletes chunk rows by address: the one way to drop one of two identical rows and keep the other. */
  async deleteChunkRows(rowIds: bigint[]): Promise<void> {
    const table = await this.table(tableNames.chunks);
    for (let offset = 0; offset < rowIds.length; offset += 10_000) {
      await table.delete(`_rowid IN (${rowIds.slice(offset, offset + 10_000).join(", ")})`);
    }
  }

  // --- writes (ingest only) -------------------------------------------------------------

  async addChunks(rows: ChunkRow[]): Promise<void> {
    if (rows.length === 0) return;
    const table = await this.table(tableNames.chunks);
    this.chunkColumnOrder ??= (await table.schema()).fields.map((field) => field.name);
    await table.add(chunkArrowTable(rows, this.chunkColumnOrder));
  }

  async deleteChunks(predicate: string): Promise<void> {
    await (await this.table(tableNames.chunks)).delete(predicate);
  }

  /** The commit point of a batch: one atomic write of the document rows. */
  async upsertDocuments(rows: DocumentRow[]): Promise<void> {
    if (rows.length === 0) return;
    const table = await this.table(tableNames.documents);
    await table
      .mergeInsert("id")
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows.map((row) => ({ ...row })));
  }

  async deleteDocuments(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await (await this.table(tableNames.documents)).delete(`id IN ${sqlList(ids)}`);
  }

  /**
   * Keeps the full-text index current (rows added after it was built are otherwise scanned
   * unindexed), builds the vector index once the table is large enough to need one, and
   * compacts the small fragments each batch leaves behind.
   */
  async refreshIndices(): Promise<{ fts: "created" | "updated" | "empty"; vector: "created" | "updated" | "none" }> {
    const table = await this.table(tableNames.chunks);
    const rows = await table.countRows();
    // An index built on an empty table stays empty, so wait for rows.
    if (rows === 0) return { fts: "empty", vector: "none" };
    const indices = await table.listIndices();
    const hasFts = indices.some((index) => index.columns.includes("search_text"));
    const hasVector = indices.some((index) => index.columns.includes("vector"));
    let fts: "created" | "updated" = "updated";

    if (!hasFts) {
      // Compaction first, then the index over the one compacted fragment: indexing first made the
      // compaction rewrite the new index as well (SOTU: 0.26 + 0.70 s against 0.70 + 0.50 s).
      await table.optimize();
      await table.createIndex("search_text", {
        config: lancedb.Index.fts({ withPosition: true, stem: true, removeStopWords: true, asciiFolding: true }),
      });
      fts = "created";
    }
    let vector: "created" | "updated" | "none" = hasVector ? "updated" : "none";
    const current = indices.find((index) => index.columns.includes("vector"));
    const built = await this.readMetaEntry<VectorIndexRecord>("vector_index");
    if (vectorIndexNeedsBuild({ rows, kind: current?.indexType, built })) {
      vector = (await this.buildVectorIndex()) !== null ? "created" : "none";
    } else if (current && current.indexType !== "IvfFlat") {
      // An older kind on a table now too small for an index: an exact scan is right and fast.
      await table.dropIndex(current.name);
      vector = "none";
    }
    // Just compacted and indexed whole: another optimize would find nothing to compact and only
    // re-read the new indexes (0.25-0.7 s at SOTU size, after the vector index build).
    if (fts !== "created") await table.optimize();
    await (await this.table(tableNames.documents)).optimize();
    return { fts, vector };
  }

  // --- reads (retrieval) ----------------------------------------------------------------

  /**
   * Builds the chunks' IVF_FLAT vector index (replacing any other); null when none could be
   * built. Many near-identical passages (boilerplate, repeated reports) leave k-means too few
   * distinct clusters, and LanceDB names how many it could form: then fewer partitions, or else no
   * index. An exact scan is slower but right, and a failed index must not fail a whole ingest.
   */
  async buildVectorIndex(): Promise<VectorIndexRecord | null> {
    const table = await this.table(tableNames.chunks);
    const rows = await table.countRows();
    const build = async (partitions: number) => {
      await table.createIndex("vector", { config: lancedb.Index.ivfFlat({ distanceType: "cosine", numPartitions: partitions }), replace: true });
      const record: VectorIndexRecord = { rows, partitions };
      await this.writeMetaEntry("vector_index", record);
      return record;
    };
    try {
      return await build(vectorIndexPartitions(rows));
    } catch (error) {
      const fewer = Number(String(error).match(/num_partitions to <= (\d+)/)?.[1]);
      if (!(fewer > 0)) return null;
      return build(fewer).catch(() => null);
    }
  }

  async vectorSearch(options: { vector: Float32Array; limit: number; where?: string }): Promise<ChunkHit[]> {
    return (await this.search({ vector: options.vector, limit: options.limit, where: options.where })).vector;
  }

  /**
   * Nearest chunks by vector and best chunks by full text, each list in rank order, visible
   * chunks only. The document's own fields (source, title, date, outlet) come from the cached
   * document rows, not from the chunks: they are the costliest columns to read at random. On a
   * large table the searches return only row addresses and scores, and one take reads the rows
   * of both lists (`searchByAddress`). Measured at 1M chunks: a search that reads every column
   * costs 23-26 ms, one that returns ids and scores 9-11 ms, the take 3-11 ms, and reading the ids
   * inside each search ~1.5 ms of it. On a small table the extra take costs more than it saves
   * (~3 ms at 11k chunks), so there the searches read the rows.
   * `textVectors` reads the full-text hits' stored vectors too (~0.4 ms at 11k chunks), so the
   * caller can compare them with the question's vector without a second search.
   */
  async search(options: SearchOptions): Promise<{ vector: ChunkHit[]; text: ChunkHit[] }> {
    const table = await this.table(tableNames.chunks);
    const size = await this.size();
    const late = size.rows >= this.options.addressSearchFrom;
    const withVectors = options.textVectors === true;
    const documents = await this.documentRows();
    const found =
      (late ? await searchByAddress({ table, search: options, probes: size.probes, withVectors, packed: size.packed }) : undefined) ??
      (await searchWithIds({ table, search: options, probes: size.probes, withVectors, late, documents }));
    const hits = (ranked: RankedRow[], score: (row: RankedRow) => number, keepVectors = false): ChunkHit[] =>
      ranked.flatMap((row) => {
        const chunk = found.locate(row);
        const document = chunk && documents.get(chunk.document_id);
        // Invisible: an uncommitted or superseded version (an ingest may be mid-write).
        if (!chunk || !document || document.version !== chunk.version) return [];
        const { vector, ...location } = chunk;
        return [
          {
            ...location,
            source: document.source,
            title: document.title,
            date: document.date,
            outlet: document.outlet,
            rawScore: score(row),
            ...(keepVectors && vector ? { vector } : {}),
          },
        ];
      });
    return {
      vector: hits(found.vectorRows, (row) => 1 - Number(row._distance)),
      text: hits(found.textRows, (row) => Number(row._score), withVectors),
    };
  }

  /**
   * The committed chunk count and the vector probes for the index, refreshed with the document
   * rows: asking the chunks table for its version costs ~0.4 ms per search, and a stale answer
   * here only picks the other of two correct ways to search.
   */
  private async size(): Promise<{ rows: number; probes: number; packed: boolean }> {
    const documents = await this.documentRows();
    if (this.sizeCache?.documents !== documents) {
      let rows = 0;
      for (const document of documents.values()) rows += Number(document.chunk_count);
      const built = await this.readMetaEntry<VectorIndexRecord>("vector_index");
      const chunks = await this.table(tableNames.chunks);
      // An index from before search_fields (until an ingest adds it) is read column by column.
      const packed = (await chunks.schema()).fields.some((field) => field.name === "search_fields");
      this.sizeCache = { documents, rows, probes: vectorIndexProbes(built?.partitions ?? vectorIndexPartitions(rows)), packed };
    }
    return this.sizeCache;
  }

  /** Every sentence-bearing chunk of some documents, in order: summaries read whole articles. */
  async chunksOf(documentIds: string[]): Promise<ChunkHit[]> {
    if (documentIds.length === 0) return [];
    const table = await this.table(tableNames.chunks);
    const rows = (await table
      .query()
      .where(`document_id IN ${sqlList(documentIds)}`)
      .select(chunkColumns)
      .toArray()) as Omit<ChunkRow, "vector" | "search_text">[];
    const documents = await this.documentRows();
    // The document's own fields from its row, as searches do: a renamed file keeps its chunks, whose copies are stale.
    return (await this.visible(rows.map((row) => ({ ...plainChunk(row), rawScore: 0 }))))
      .map((hit) => {
        const document = documents.get(hit.document_id)!;
        return { ...hit, source: document.source, title: document.title, date: document.date, outlet: document.outlet };
      })
      .sort((a, b) => a.ordinal - b.ordinal);
  }

  /** Drops chunks of uncommitted or superseded document versions (an ingest may be mid-write). */
  private async visible(hits: ChunkHit[]): Promise<ChunkHit[]> {
    const documents = await this.documentRows();
    return hits.filter((hit) => documents.get(hit.document_id)?.version === hit.version);
  }
}

/** LanceDB's error for a table that does not exist (its message: "Table 'x' was not found"). */
function isNotFound(error: unknown): boolean {
  return /not found/i.test(String(error instanceof Error ? error.message : error));
}

export interface ChunkSummary {
  id: string;
  ordinal: number;
  start: number;
  end: number;
  /** See ChunkRow.pages. */
  pages: string;
}

/** A document row as the library lists it (Arrow proxies copied into a plain object). */
function toSummary(row: Omit<DocumentRow, "text">): DocumentSummary {
  return {
    id: row.id,
    source: row.source,
    title: row.title,
    displayTitle: row.display_title || displayTitle(row.title),
    date: row.date,
    outlet: row.outlet,
    author: row.author,
    url: row.url,
    chars: row.chars,
    chunkCount: row.chunk_count,
  };
}

export interface SearchOptions {
  vector?: Float32Array;
  text?: string | lancedb.FullTextQuery;
  limit: number;
  where?: string;
  /** The vector search's own filter, when it differs from the full-text search's (`where`). */
  vectorWhere?: string;
  textVectors?: boolean;
}

interface FoundRows {
  vectorRows: RankedRow[];
  textRows: RankedRow[];
  locate: (row: RankedRow) => ChunkLocation | undefined;
}

function vectorQuery(options: { table: lancedb.Table; search: SearchOptions; probes: number; columns: string[]; addresses: boolean }): Promise<RankedRow[]> {
  const { search } = options;
  if (!search.vector) return Promise.resolve([]);
  let query = options.table.vectorSearch(search.vector).distanceType("cosine").select([...options.columns, "_distance"]).limit(search.limit).nprobes(options.probes);
  if (options.addresses) query = query.withRowId();
  const where = search.vectorWhere ?? search.where;
  if (where) query = query.where(where);
  return query.toArray() as Promise<RankedRow[]>;
}

function textQuery(options: { table: lancedb.Table; search: SearchOptions; columns: string[]; addresses: boolean }): Promise<RankedRow[]> {
  const { search } = options;
  if (search.text === undefined) return Promise.resolve([]);
  let query = options.table.query().fullTextSearch(search.text, { columns: "search_text" }).select([...options.columns, "_score"]).limit(search.limit);
  if (options.addresses) query = query.withRowId();
  if (search.where) query = query.where(search.where);
  return query.toArray() as Promise<RankedRow[]>;
}

/**
 * Both searches return row addresses and scores only, and one take reads the rows, ids included:
 * asking each search for the ids made it read them at random itself (~1.5 ms of each search at
 * 1M chunks). Without the ids a moved address cannot be told from its row, so the table version
 * is read before the searches and after the take: unchanged, every address was read in the
 * version it came from. Undefined when a commit landed in between (or the take failed): the
 * caller then searches again with the ids (`searchWithIds`). Exported for tests.
 */
export async function searchByAddress(options: {
  table: lancedb.Table;
  search: SearchOptions;
  probes: number;
  withVectors: boolean;
  /** The table has the search_fields column (see packSearchFields). */
  packed?: boolean;
  /** Runs between the searches and the take (tests: a commit landing there). */
  beforeTake?: () => Promise<void>;
}): Promise<FoundRows | undefined> {
  const { table, search } = options;
  const version = await table.version();
  const [vectorRows, textRows] = await Promise.all([
    vectorQuery({ table, search, probes: options.probes, columns: [], addresses: true }),
    textQuery({ table, search, columns: [], addresses: true }),
  ]);
  await options.beforeTake?.();
  const addresses = [...new Set([...vectorRows, ...textRows].map((row) => row._rowid as bigint))];
  let rows: Map<bigint, ChunkLocation>;
  try {
    rows = await takeByAddress({ table, addresses, withVectors: options.withVectors, packed: options.packed ?? false });
  } catch {
    return undefined;
  }
  if ((await table.version()) !== version) return undefined;
  const named = (ranked: RankedRow[]) => ranked.map((row) => ({ ...row, id: rows.get(row._rowid as bigint)?.id ?? "" }));
  return { vectorRows: named(vectorRows), textRows: named(textRows), locate: (row) => (row._rowid === undefined ? undefined : rows.get(row._rowid)) };
}

/**
 * The searches return chunk ids: with every row's columns on a small table; on a large one with
 * row addresses too, for one take that checks each address still holds its chunk (`takeChunks`).
 */
async function searchWithIds(options: {
  table: lancedb.Table;
  search: SearchOptions;
  probes: number;
  withVectors: boolean;
  late: boolean;
  documents: Map<string, Pick<DocumentRow, "version">>;
}): Promise<FoundRows> {
  const { table, search, late, withVectors } = options;
  const columns = late ? ["id"] : locationColumns;
  const [vectorRows, textRows] = await Promise.all([
    vectorQuery({ table, search, probes: options.probes, columns, addresses: late }),
    textQuery({ table, search, columns: [...columns, ...(withVectors && !late ? ["vector"] : [])], addresses: late }),
  ]);
  const locate = late
    ? await takeChunks({ table, ranked: [...vectorRows, ...textRows], documents: options.documents, withVectors })
    : (row: RankedRow) => plainLocation(row as RankedRow & ChunkLocation);
  return { vectorRows, textRows, locate };
}

/**
 * The chunk-level fields of some row addresses, read column by column from the Arrow batches (a
 * row proxy per result reads each field through Arrow's visitors, ~1.5 ms per search at 80 rows):
 * from search_fields, the text and the vector when the table has search_fields, else (and for rows
 * written before it, whose search_fields is '') from the separate columns.
 */
async function takeByAddress(options: { table: lancedb.Table; addresses: bigint[]; withVectors: boolean; packed: boolean }): Promise<Map<bigint, ChunkLocation>> {
  const rows = new Map<bigint, ChunkLocation>();
  if (options.addresses.length === 0) return rows;
  const vectorColumn = options.withVectors ? ["vector"] : [];
  const unpacked: bigint[] = [];
  if (options.packed) {
    const taken = await options.table.takeRowIds(options.addresses).select(["search_fields", "text", ...vectorColumn]).withRowId().toArrow();
    for (const batch of taken.batches) {
      const column = (name: string) => (batch.getChild(name)?.toArray() ?? []) as ArrayLike<unknown>;
      const address = column("_rowid") as ArrayLike<bigint>;
      const [packed, text] = ["search_fields", "text"].map(column);
      const vectors = options.withVectors ? batch.getChild("vector") : null;
      for (let index = 0; index < batch.numRows; index++) {
        const fields = unpackSearchFields(String(packed[index] ?? ""));
        if (!fields) {
          unpacked.push(address[index]);
          continue;
        }
        const vector = vectors?.get(index) as { toArray(): ArrayLike<number> } | null | undefined;
        rows.set(address[index], { ...(vector ? { vector: Float32Array.from(vector.toArray()) } : {}), ...fields, text: String(text[index]) });
      }
    }
    if (unpacked.length === 0) return rows;
  }
  const columns = [...locationColumns, ...vectorColumn];
  const taken = await options.table.takeRowIds(options.packed ? unpacked : options.addresses).select(columns).withRowId().toArrow();
  for (const batch of taken.batches) {
    const column = (name: string) => (batch.getChild(name)?.toArray() ?? []) as ArrayLike<unknown>;
    const address = column("_rowid") as ArrayLike<bigint>;
    const [id, documentId, version, ordinal, text, start, end, terms, pages] = ["id", "document_id", "version", "ordinal", "text", "start", "end", "terms", "pages"].map(column);
    const vectors = options.withVectors ? batch.getChild("vector") : null;
    for (let index = 0; index < batch.numRows; index++) {
      const vector = vectors?.get(index) as { toArray(): ArrayLike<number> } | null | undefined;
      rows.set(address[index], {
        ...(vector ? { vector: Float32Array.from(vector.toArray()) } : {}),
        id: String(id[index]),
        document_id: String(documentId[index]),
        version: String(version[index]),
        ordinal: Number(ordinal[index]),
        text: String(text[index]),
        start: Number(start[index]),
        end: Number(end[index]),
        terms: String(terms[index] ?? ""),
        pages: String(pages[index] ?? ""),
      });
    }
  }
  return rows;
}

/** Arrow rows come back as proxies; copy the fields we use into a plain object. */
/**
 * Reads the chunk-level columns of search results by their row addresses, and gives each result
 * its row. An address can move when a concurrent ingest compacts the table between the search
 * and the take: a result whose address now holds another chunk (or none) is read again by id.
 * Exported for tests.
 */
export async function takeChunks(options: {
  table: lancedb.Table;
  ranked: RankedRow[];
  documents: Map<string, Pick<DocumentRow, "version">>;
  /** Read each chunk's stored vector too. */
  withVectors?: boolean;
}): Promise<(row: RankedRow) => ChunkLocation | undefined> {
  const { table, ranked, documents } = options;
  const columns = options.withVectors ? [...locationColumns, "vector"] : locationColumns;
  const addresses = [...new Set(ranked.flatMap((row) => (row._rowid === undefined ? [] : [row._rowid])))];
  let taken: (ChunkLocation & { _rowid: bigint })[] = [];
  try {
    taken = (await table.takeRowIds(addresses).select(columns).withRowId().toArray()) as (ChunkLocation & { _rowid: bigint })[];
  } catch {
    // Addresses past the end of a compacted table: everything is read by id below.
  }
  const byAddress = new Map(taken.map((row) => [row._rowid, plainLocation(row)]));
  const at = (row: RankedRow) => (row._rowid === undefined ? undefined : byAddress.get(row._rowid));
  const moved = [...new Set(ranked.filter((row) => at(row)?.id !== row.id).map((row) => row.id))];
  const byId = new Map<string, ChunkLocation>();
  if (moved.length > 0) {
    const reread = (await table.query().where(`id IN ${sqlList(moved)}`).select(columns).toArray()) as ChunkLocation[];
    // While an ingest runs, two versions of a chunk share its id: keep the visible one.
    for (const row of reread) {
      if (!byId.has(row.id) || documents.get(row.document_id)?.version === row.version) byId.set(row.id, plainLocation(row));
    }
  }
  return (row) => {
    const found = at(row);
    return found?.id === row.id ? found : byId.get(row.id);
  };
}

function plainLocation(row: ChunkLocation): ChunkLocation {
  const vector = row.vector ? plainVector(row.vector) : undefined;
  return {
    ...(vector ? { vector } : {}),
    id: row.id,
    document_id: row.document_id,
    version: row.version,
    ordinal: Number(row.ordinal),
    text: row.text,
    start: Number(row.start),
    end: Number(row.end),
    terms: row.terms ?? "",
    pages: row.pages ?? "",
  };
}

/**
 * A stored vector as a Float32Array of its own. Arrow hands back a vector view whose iterator
 * visits each element through a getter: copying through it cost ~1 ms per search at 80 hits.
 */
function plainVector(vector: Float32Array | { toArray(): ArrayLike<number> } | Iterable<number>): Float32Array {
  if (vector instanceof Float32Array) return vector.slice();
  if (typeof (vector as { toArray?: unknown }).toArray === "function") return Float32Array.from((vector as { toArray(): ArrayLike<number> }).toArray());
  return Float32Array.from(vector as Iterable<number>);
}

function plainChunk(row: Omit<ChunkRow, "vector" | "search_text">): Omit<ChunkRow, "vector" | "search_text"> {
  return { ...plainLocation(row), source: row.source, title: row.title, date: row.date, outlet: row.outlet };
}
