import "server-only";
import { createHash } from "node:crypto";
import type { LocalEmbedder } from "../embeddings/local-embedder";
import { encodeChunkPages } from "../text/pages";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describeError, maxFileBytes, scanCorpus, type LoadedArticle } from "./corpus";
import { embeddingText, pipelineVersion, prepareFile, preparePassages, versionFor, type PreparedFile, type PreparedSpan, type PrepareRequest } from "./prepare";
// Types only: the pool (node:worker_threads, a worker script run through tsx) stays out of the Next
// server's bundle, whose library jobs prepare files in their own thread; scripts pass `workerThreads`.
import type { IngestWorkers } from "./prepare-pool";
import { sqlList, sqlString, Store, type ChunkRow, type DisplayFields, type DocumentRow, type DocumentVersion } from "../search/store";
import { acquireIngestLock, IngestLockedError, type IngestLock } from "../search/ingest-lock";
import { checkChunkIntegrity, type IntegrityReport } from "./integrity";
import { displayFieldsFor } from "./display-fields";
import type { Embedder, SkippedFile } from "../types";

export { pipelineVersion, versionFor };

export interface IngestProgress {
  phase: "scan" | "embed" | "index" | "done";
  done: number;
  total: number;
  source?: string;
}

export interface IngestSummary {
  added: number;
  updated: number;
  /** Files found at a new path with unchanged content: they keep their id and chunks. */
  renamed: number;
  unchanged: number;
  removed: number;
  skipped: SkippedFile[];
  /** Chunks embedded and written in this run. */
  chunksWritten: number;
  /** Visible chunks in the index after the run. */
  chunks: number;
  documents: number;
  seconds: number;
  rebuilt: boolean;
  /** The end-of-run check: stored chunks against the documents' counts, and what it repaired. */
  integrity: IntegrityReport;
}

export interface IngestOptions {
  corpusDir: string;
  lancedbUri: string;
  /** Object-store settings for an s3:// (gs://, az://) index; see `lancedbStorageOptions` in the config. */
  storageOptions?: Record<string, string>;
  embedder: Embedder;
  onProgress?: (progress: IngestProgress) => void;
  /** How many documents share one commit; small enough to bound memory, large enough to keep LanceDB's version count low. */
  documentsPerCommit?: number;
  /** The ingest lock's lease (tests shorten it). */
  lockLeaseMs?: number;
  /**
   * Worker threads that read, clean, split and (with the local embedder) embed files while this
   * thread writes the index, each file within a time budget (`workerThreads` in prepare-pool.ts).
   * Without them (the default, and the Next server's library jobs) all of it runs in this thread.
   */
  workers?: IngestWorkers;
}

export { IngestLockedError };

/** Stable ids: a document is its path in the corpus; a chunk is its document plus its position. */
export function documentIdFor(source: string): string {
  return createHash("sha256").update(source).digest("hex").slice(0, 16);
}

export function chunkIdFor(documentId: string, ordinal: number): string {
  return `${documentId}-${String(ordinal).padStart(4, "0")}`;
}

const embedBatchSize = 256;
const chunksPerWrite = 2_000;
/** LanceDB cache sizes while ingesting: enough for the index builds' working set, not a whole history. */
const ingestCacheBytes = { index: 64 * 2 ** 20, metadata: 32 * 2 ** 20 };

/** Text (in characters) that closes a commit batch early; LanceDB needs several times this in memory to write it. */
const charsPerCommit = 4_000_000;

interface PendingBatch {
  documents: DocumentRow[];
  chunks: ChunkRow[];
  /** Ids among `documents` that replace an indexed version: only their old chunks need deleting. */
  replacing: Set<string>;
}

/** Reads the corpus and brings the index in line with it: adds, replaces and removes documents. */
export async function ingestCorpus(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const report = options.onProgress ?? (() => {});
  // Ingest reads each table version once: small caches keep a long run of commits from holding
  // every version's file metadata (LanceDB's defaults are 1 GB of metadata and 6 GB of index).
  const store = await Store.open(options.lancedbUri, { storageOptions: options.storageOptions, cacheBytes: ingestCacheBytes });
  try {
    const lock = await acquireIngestLock(store, { leaseMs: options.lockLeaseMs });
    try {
      return await runIngest({ ...options, store, lock, report, started });
    } finally {
      // A release that fails (the store unreachable) must not hide the run's own outcome: the lease expires by itself.
      await lock.release().catch(() => undefined);
    }
  } finally {
    store.close();
  }
}

async function runIngest(
  options: IngestOptions & { store: Store; lock: IngestLock; report: (progress: IngestProgress) => void; started: number },
): Promise<IngestSummary> {
  const { store, embedder, report, lock } = options;
  const meta = await store.readMeta();
  // Vectors from another embedder (or another vector size) are incomparable: start over.
  const rebuild = meta !== null && (meta.embedderId !== embedder.id || meta.dimensions !== embedder.dimensions);
  await store.prepare(embedder.dimensions, { reset: rebuild });

  const committed = new Map((await store.documentVersions()).map((version) => [version.source, version]));
  lock.assertHeld();
  await sweepOrphans(store, [...committed.values()]);

  const { files: sources, unreadableFolders } = await scanCorpus(options.corpusDir);
  // Indexed documents whose file is gone from its place, by version (content, pipeline, embedder):
  // a file with the same content at a new path is the same document moved, and keeps its id.
  const listed = new Set(sources);
  const movedFrom = new Map<string, DocumentVersion>();
  for (const version of committed.values()) {
    if (!listed.has(version.source) && !unreadableFolders.some((folder) => version.source.startsWith(`${folder.source}/`))) movedFrom.set(version.version, version);
  }
  const renamed = new Set<string>();
  const summary: IngestSummary = {
    added: 0,
    updated: 0,
    renamed: 0,
    unchanged: 0,
    removed: 0,
    skipped: [],
    chunksWritten: 0,
    chunks: 0,
    documents: 0,
    seconds: 0,
    rebuilt: rebuild,
    integrity: { expected: 0, stored: 0, duplicatesRemoved: 0, leftoversRemoved: 0, incomplete: [] },
  };
  const seenHashes = new Map<string, string>();
  // Indexed documents whose files could not be read this time (an unreadable folder, a file caught
  // empty mid-save, a read error): their content is unknown, not gone, so the indexed version stays.
  const kept = new Set<string>();
  for (const folder of unreadableFolders) {
    const inside = [...committed.keys()].filter((source) => source.startsWith(`${folder.source}/`));
    for (const source of inside) kept.add(source);
    const keptNote = inside.length === 0 ? "" : `; kept its ${inside.length} indexed document${inside.length === 1 ? "" : "s"}`;
    summary.skipped.push({ source: `${folder.source}/`, reason: `${folder.reason}${keptNote}` });
  }
  const skipFile = (skipped: SkippedFile, transient: boolean) => {
    if (transient && committed.has(skipped.source)) {
      kept.add(skipped.source);
      summary.skipped.push({ source: skipped.source, reason: `${skipped.reason}; kept the indexed version` });
    } else {
      summary.skipped.push(skipped);
    }
  };
  const pending: PendingBatch = { documents: [], chunks: [], replacing: new Set() };
  const perCommit = options.documentsPerCommit ?? 250;
  const unchangedBytes = await unchangedFiles({ corpusDir: options.corpusDir, sources, committed, embedderId: embedder.id });
  const toPrepare = sources.filter((source) => !unchangedBytes.has(source));
  const preparer = filePreparer({ ...options, movedVersions: new Set(movedFrom.keys()), files: toPrepare.length });
  try {
    const inFlight = new Map<string, Promise<PreparedFile>>();
    let dispatched = 0;
    // Files after the current one are prepared meanwhile (by the workers); results are taken in order.
    const dispatch = () => {
      while (dispatched < toPrepare.length && inFlight.size <= preparer.lookahead) {
        const source = toPrepare[dispatched++];
        inFlight.set(source, preparer.prepare({ corpusDir: options.corpusDir, source, embedderId: embedder.id, indexedVersion: committed.get(source)?.version }));
      }
    };

    for (const [index, source] of sources.entries()) {
      report({ phase: "scan", done: index, total: sources.length, source });
      let loaded: PreparedFile | undefined = unchangedBytes.get(source);
      if (!loaded) {
        dispatch();
        loaded = await inFlight.get(source)!;
        inFlight.delete(source);
      }
      if (!loaded.ok) {
        skipFile(loaded.skipped, loaded.transient);
        continue;
      }
      const duplicateOf = seenHashes.get(loaded.contentHash);
      if (duplicateOf) {
        summary.skipped.push({ source, reason: `duplicate of ${duplicateOf}` });
        continue;
      }
      seenHashes.set(loaded.contentHash, source);

      const previous = committed.get(source);
      const version = loaded.version;
      if (previous && previous.version === version) {
        summary.unchanged += 1;
        // A row from before display fields were stored: rewritten from the file just read (its
        // chunks stay), so the pages never read full texts to name it.
        if (loaded.article && previous.display.display_title === "") pending.documents.push(documentRow({ article: loaded.article, id: previous.id, version, chunkCount: previous.chunkCount }));
        if (pending.documents.length >= perCommit) await commitBatch(store, pending, lock);
        continue;
      }
      // Every file but an unchanged one was read in full.
      const article = loaded.article!;
      const moved = previous ? undefined : movedFrom.get(version);
      if (moved) {
        // Renamed or moved: the same id (old citation links still open it) and the same chunks; only
        // the document row changes (its path, and what the new name says).
        movedFrom.delete(version);
        renamed.add(moved.id);
        summary.renamed += 1;
        pending.documents.push(documentRow({ article, id: moved.id, version, chunkCount: moved.chunkCount }));
        if (pending.documents.length >= perCommit) await commitBatch(store, pending, lock);
        continue;
      }
      // Splitting is the last step that depends on the file alone: a failure there skips the file.
      if (loaded.splitError !== undefined) {
        skipFile({ source, reason: `could not be split into passages (${loaded.splitError})` }, true);
        continue;
      }
      let passages: PreparedSpan[];
      let vectors = loaded.vectors;
      try {
        // A new or changed file comes with its passages; should one ever come without (it was taken
        // for a move), they are made here rather than indexing it empty.
        if (!loaded.passages) vectors = undefined;
        passages = loaded.passages ?? preparePassages(article.text);
      } catch (error) {
        skipFile({ source, reason: `could not be split into passages (${describeError(error)})` }, true);
        continue;
      }
      if (previous) {
        summary.updated += 1;
        pending.replacing.add(previous.id);
      } else summary.added += 1;

      await stageArticle({ store, embedder, article, passages, vectors, version, pending, report, summary });
      // Count and size both close a batch: a commit writes every pending document's full text at
      // once, so a few very long articles must not pile up in one write.
      const pendingChars = pending.documents.reduce((total, document) => total + document.chars, 0);
      if (pending.documents.length >= perCommit || pendingChars >= charsPerCommit) await commitBatch(store, pending, lock);
    }
  } finally {
    await preparer.close();
  }
  await commitBatch(store, pending, lock);

  // Documents whose files are gone, or that are now skipped (bad, duplicate): the row goes first, so
  // their chunks become invisible at once, then the chunks. Kept documents stay.
  const present = new Set([...seenHashes.values(), ...kept]);
  const removedIds = [...committed.values()]
    .filter((version) => !present.has(version.source) && !renamed.has(version.id))
    .map((version) => version.id);
  if (removedIds.length > 0) {
    lock.assertHeld();
    await store.deleteDocuments(removedIds);
    await store.deleteChunks(`document_id IN ${sqlList(removedIds)}`);
    summary.removed = removedIds.length;
  }

  lock.assertHeld();
  summary.integrity = await checkChunkIntegrity(store);
  report({ phase: "index", done: 0, total: 1 });
  await store.refreshIndices();
  await store.writeMeta({
    embedderId: embedder.id,
    dimensions: embedder.dimensions,
    pipelineVersion,
    updatedAt: new Date().toISOString(),
  });
  const documents = await store.listDocuments();
  summary.documents = documents.length;
  summary.chunks = documents.reduce((total, document) => total + document.chunkCount, 0);
  summary.seconds = (performance.now() - options.started) / 1000;
  report({ phase: "done", done: sources.length, total: sources.length });
  return summary;
}

/**
 * Chunks left by a run that died before its commit: of a document that no longer exists, or of a
 * version no document has. One delete per run, instead of one per document staged (which cost a
 * scan and a table version each: 5,000 small files took minutes).
 */
async function sweepOrphans(store: Store, committed: DocumentVersion[]): Promise<void> {
  if (committed.length === 0) await store.deleteChunks("true");
  else {
    const ids = sqlList(committed.map((version) => version.id));
    const versions = sqlList(committed.map((version) => version.version));
    await store.deleteChunks(`document_id NOT IN ${ids} OR version NOT IN ${versions}`);
  }
}

/** A document row: the article's fields, its display fields, and where its chunks are. */
function documentRow(options: { article: LoadedArticle; id: string; version: string; chunkCount: number; display?: DisplayFields }): DocumentRow {
  const { article } = options;
  return {
    id: options.id,
    source: article.source,
    title: article.title,
    date: article.date,
    outlet: article.outlet,
    author: article.author,
    url: article.url,
    text: article.text,
    content_hash: article.contentHash,
    version: options.version,
    chars: article.text.length,
    chunk_count: options.chunkCount,
    ...(options.display ?? displayFieldsFor(article)),
  };
}

interface FilePreparer {
  prepare(request: PrepareRequest): Promise<PreparedFile>;
  /** How many files past the current one to have in preparation. */
  lookahead: number;
  close(): Promise<void>;
}

/**
 * Indexed files whose bytes have not changed (same path, same version) and whose row needs nothing
 * the file says: known by hashing alone, without reading, cleaning or a worker. Anything unusual
 * (unreadable, too large, not a file) is left to the full read, which gives the reason.
 */
async function unchangedFiles(options: {
  corpusDir: string;
  sources: string[];
  committed: Map<string, DocumentVersion>;
  embedderId: string;
}): Promise<Map<string, PreparedFile & { ok: true }>> {
  const unchanged = new Map<string, PreparedFile & { ok: true }>();
  for (const source of options.sources) {
    const previous = options.committed.get(source);
    if (!previous || previous.display.display_title === "") continue;
    const file = path.join(options.corpusDir, source);
    try {
      const info = await stat(file);
      if (!info.isFile() || info.size > maxFileBytes || info.size === 0) continue;
      const contentHash = createHash("sha256").update(await readFile(file)).digest("hex");
      const version = versionFor(contentHash, options.embedderId);
      if (version === previous.version) unchanged.set(source, { ok: true, contentHash, version });
    } catch {
      continue;
    }
  }
  return unchanged;
}

/** Files prepared by a pool of worker threads, or in this thread without workers. */
function filePreparer(options: IngestOptions & { movedVersions: Set<string>; files: number }): FilePreparer {
  const inThread = (request: PrepareRequest) => prepareFile(request, { movedVersions: options.movedVersions });
  // No more threads than files to prepare: one changed file is not worth starting four.
  const size = Math.min(options.workers?.count ?? 0, options.files);
  if (!options.workers || size <= 0) return { prepare: inThread, lookahead: 0, close: async () => undefined };
  const local = (options.embedder as Partial<LocalEmbedder>).threadSource;
  const pool = options.workers.start({
    size,
    setup: { embedderId: options.embedder.id, vectorBytes: local?.vectorBytes, movedVersions: [...options.movedVersions] },
    fallback: inThread,
  });
  // Two files per worker keep every worker busy while this thread writes the previous ones.
  return { prepare: (request) => pool.prepare(request), lookahead: 2 * size, close: () => pool.close() };
}

async function stageArticle(options: {
  store: Store;
  embedder: Embedder;
  article: LoadedArticle;
  passages: PreparedSpan[];
  /** The passages' vectors back to back, when a worker made them. */
  vectors?: Float32Array;
  version: string;
  pending: PendingBatch;
  report: (progress: IngestProgress) => void;
  summary: IngestSummary;
}): Promise<void> {
  const { article, version, pending, store } = options;
  const documentId = documentIdFor(article.source);
  // Leftovers of this very version, from a run that crashed before its commit, went in sweepOrphans.

  const spans = options.passages;
  const ownTitle = article.ownTitle;
  const dimensions = options.embedder.dimensions;
  for (let offset = 0; offset < spans.length; offset += embedBatchSize) {
    const slice = spans.slice(offset, offset + embedBatchSize);
    const made = options.vectors;
    const vectors = made
      ? slice.map((_, index) => made.subarray((offset + index) * dimensions, (offset + index + 1) * dimensions))
      : await options.embedder.embed(slice.map((span) => embeddingText(article, span)));
    slice.forEach((span, index) => {
      pending.chunks.push({
        id: chunkIdFor(documentId, span.ordinal),
        document_id: documentId,
        version,
        ordinal: span.ordinal,
        text: span.text,
        search_text: ownTitle ? `${ownTitle}\n${span.text}` : span.text,
        start: span.start,
        end: span.end,
        source: article.source,
        title: article.title,
        date: article.date,
        outlet: article.outlet,
        vector: vectors[index],
        terms: span.terms,
        pages: encodeChunkPages(article.pages, span.start, span.end),
      });
    });
    options.summary.chunksWritten += slice.length;
    if (spans.length > embedBatchSize) {
      options.report({ phase: "embed", done: Math.min(offset + embedBatchSize, spans.length), total: spans.length, source: article.source });
    }
    // Chunks may be written before their document commits: they stay invisible until then.
    if (pending.chunks.length >= chunksPerWrite) {
      await store.addChunks(pending.chunks);
      pending.chunks = [];
    }
  }
  pending.documents.push(documentRow({ article, id: documentId, version, chunkCount: spans.length }));
}

async function commitBatch(store: Store, pending: PendingBatch, lock: IngestLock): Promise<void> {
  await store.addChunks(pending.chunks);
  pending.chunks = [];
  if (pending.documents.length === 0) return;
  // A holder that lost its lease must not flip documents another ingest now owns.
  lock.assertHeld();
  await store.upsertDocuments(pending.documents);
  // New documents and rewritten rows have no superseded chunks: only replaced versions do.
  const stale = pending.documents
    .filter((document) => pending.replacing.has(document.id))
    .map((document) => `(document_id = ${sqlString(document.id)} AND version != ${sqlString(document.version)})`)
    .join(" OR ");
  if (stale) await store.deleteChunks(stale);
  pending.documents = [];
  pending.replacing.clear();
}
