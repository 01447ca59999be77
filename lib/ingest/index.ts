import "server-only";
import { createHash } from "node:crypto";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { encodeChunkPages } from "../text/pages";
import { encodeSentenceTerms } from "../text/terms";
import { chunkText } from "./chunking";
import { describeError, loadArticle, scanCorpus, type LoadedArticle } from "./corpus";
import { sqlList, sqlString, Store, type ChunkRow, type DocumentRow } from "../search/store";
import type { ChunkSpan, Embedder, SkippedFile } from "../types";

// Bump when cleaning or chunking changes what a file turns into: every document is then
// re-processed even though its bytes did not change. clean-2: metadata from file names and
// folders, outlet prefixes split off titles on evidence, descriptions dropped from the author;
// title-own: only the article's own title rides along in the indexed passages.
// pages-1: PDF passages keep their page numbers; HTML read by Readability.
export const pipelineVersion = "clean-2/chunk-1/terms-1/title-own/pages-1";

export interface IngestProgress {
  phase: "scan" | "embed" | "index" | "done";
  done: number;
  total: number;
  source?: string;
}

export interface IngestSummary {
  added: number;
  updated: number;
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
}

export interface IngestOptions {
  corpusDir: string;
  lancedbUri: string;
  embedder: Embedder;
  onProgress?: (progress: IngestProgress) => void;
  /** How many documents share one commit; small enough to bound memory, large enough to keep LanceDB's version count low. */
  documentsPerCommit?: number;
}

/** What a document's chunks were made from: its bytes, the pipeline and the embedder. */
export function versionFor(contentHash: string, embedderId: string): string {
  return createHash("sha256").update(`${contentHash}\n${pipelineVersion}\n${embedderId}`).digest("hex").slice(0, 24);
}

/** Stable ids: a document is its path in the corpus; a chunk is its document plus its position. */
export function documentIdFor(source: string): string {
  return createHash("sha256").update(source).digest("hex").slice(0, 16);
}

export function chunkIdFor(documentId: string, ordinal: number): string {
  return `${documentId}-${String(ordinal).padStart(4, "0")}`;
}

const embedBatchSize = 256;
const chunksPerWrite = 2_000;
/** Text (in characters) that closes a commit batch early; LanceDB needs several times this in memory to write it. */
const charsPerCommit = 4_000_000;

function isLocalUri(uri: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}

/**
 * One ingest at a time per index: a lock file created with O_EXCL. A lock whose process is
 * gone is stale and taken over, so a killed ingest never blocks the next one.
 */
async function acquireLock(uri: string): Promise<() => Promise<void>> {
  if (!isLocalUri(uri)) return async () => {};
  await mkdir(uri, { recursive: true });
  const lockPath = path.join(uri, ".ingest.lock");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
      if (owner && owner !== process.pid && processAlive(owner)) {
        throw new IngestLockedError(`Another ingest (process ${owner}) is writing this index; wait for it to finish.`);
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new IngestLockedError("Could not take the ingest lock; is another ingest starting right now?");
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class IngestLockedError extends Error {
  override name = "IngestLockedError";
}

interface PendingBatch {
  documents: DocumentRow[];
  chunks: ChunkRow[];
}

/** Reads the corpus and brings the index in line with it: adds, replaces and removes documents. */
export async function ingestCorpus(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const report = options.onProgress ?? (() => {});
  const releaseLock = await acquireLock(options.lancedbUri);
  const store = await Store.open(options.lancedbUri);
  try {
    return await runIngest({ ...options, store, report, started });
  } finally {
    store.close();
    await releaseLock();
  }
}

async function runIngest(
  options: IngestOptions & { store: Store; report: (progress: IngestProgress) => void; started: number },
): Promise<IngestSummary> {
  const { store, embedder, report } = options;
  const meta = await store.readMeta();
  // Vectors from another embedder (or another vector size) are incomparable: start over.
  const rebuild = meta !== null && (meta.embedderId !== embedder.id || meta.dimensions !== embedder.dimensions);
  await store.prepare(embedder.dimensions, { reset: rebuild });

  const committed = new Map((await store.documentVersions()).map((version) => [version.source, version]));
  await sweepOrphans(store, [...committed.values()].map((version) => version.id));

  const { files: sources, unreadableFolders } = await scanCorpus(options.corpusDir);
  const summary: IngestSummary = {
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    skipped: [],
    chunksWritten: 0,
    chunks: 0,
    documents: 0,
    seconds: 0,
    rebuilt: rebuild,
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
  const pending: PendingBatch = { documents: [], chunks: [] };
  const perCommit = options.documentsPerCommit ?? 25;

  for (const [index, source] of sources.entries()) {
    report({ phase: "scan", done: index, total: sources.length, source });
    const loaded = await loadArticle({ corpusDir: options.corpusDir, source });
    if (!loaded.ok) {
      skipFile(loaded.skipped, loaded.transient);
      continue;
    }
    const article = loaded.article;
    const duplicateOf = seenHashes.get(article.contentHash);
    if (duplicateOf) {
      summary.skipped.push({ source, reason: `duplicate of ${duplicateOf}` });
      continue;
    }
    seenHashes.set(article.contentHash, source);

    const previous = committed.get(source);
    const version = versionFor(article.contentHash, embedder.id);
    if (previous && previous.version === version) {
      summary.unchanged += 1;
      continue;
    }
    // Splitting is the last step that depends on the file alone: a failure there skips the file.
    let passages: PreparedSpan[];
    try {
      passages = preparePassages(article.text);
    } catch (error) {
      skipFile({ source, reason: `could not be split into passages (${describeError(error)})` }, true);
      continue;
    }
    if (previous) summary.updated += 1;
    else summary.added += 1;

    await stageArticle({ store, embedder, article, passages, version, pending, report, summary });
    // Count and size both close a batch: a commit writes every pending document's full text at
    // once, so a few very long articles must not pile up in one write.
    const pendingChars = pending.documents.reduce((total, document) => total + document.chars, 0);
    if (pending.documents.length >= perCommit || pendingChars >= charsPerCommit) await commitBatch(store, pending);
  }
  await commitBatch(store, pending);

  // Documents whose files are gone, or that are now skipped (bad, duplicate): the row goes first, so
  // their chunks become invisible at once, then the chunks. Kept documents stay.
  const present = new Set([...seenHashes.values(), ...kept]);
  const removedIds = [...committed.values()].filter((version) => !present.has(version.source)).map((version) => version.id);
  if (removedIds.length > 0) {
    await store.deleteDocuments(removedIds);
    await store.deleteChunks(`document_id IN ${sqlList(removedIds)}`);
    summary.removed = removedIds.length;
  }

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

/** Chunks left by a run that died before committing a document that no longer exists. */
async function sweepOrphans(store: Store, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0) await store.deleteChunks("true");
  else await store.deleteChunks(`document_id NOT IN ${sqlList(documentIds)}`);
}

interface PreparedSpan extends ChunkSpan {
  terms: string;
}

/** Chunks with their sentence terms: everything about a document that needs no embedder or store. */
function preparePassages(text: string): PreparedSpan[] {
  return chunkText(text).map((span) => ({ ...span, terms: encodeSentenceTerms(span.text) }));
}

async function stageArticle(options: {
  store: Store;
  embedder: Embedder;
  article: LoadedArticle;
  passages: PreparedSpan[];
  version: string;
  pending: PendingBatch;
  report: (progress: IngestProgress) => void;
  summary: IngestSummary;
}): Promise<void> {
  const { article, version, pending, store } = options;
  const documentId = documentIdFor(article.source);
  // Leftovers of this very version from a run that crashed before its commit would duplicate it.
  await store.deleteChunks(`document_id = ${sqlString(documentId)} AND version = ${sqlString(version)}`);

  const spans = options.passages;
  const ownTitle = article.ownTitle;
  for (let offset = 0; offset < spans.length; offset += embedBatchSize) {
    const slice = spans.slice(offset, offset + embedBatchSize);
    // The article's own title rides along in the embedded text: a passage deep in an article still
    // carries its topic. A title made from the file name does not (yet): it names a speaker and a
    // year as often as a topic, and how metadata is searched is the search side's decision.
    const vectors = await options.embedder.embed(slice.map((span) => (ownTitle ? `${ownTitle}. ${span.text}` : span.text)));
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
  pending.documents.push({
    id: documentId,
    source: article.source,
    title: article.title,
    date: article.date,
    outlet: article.outlet,
    author: article.author,
    url: article.url,
    text: article.text,
    content_hash: article.contentHash,
    version,
    chars: article.text.length,
    chunk_count: spans.length,
  });
}

async function commitBatch(store: Store, pending: PendingBatch): Promise<void> {
  await store.addChunks(pending.chunks);
  pending.chunks = [];
  if (pending.documents.length === 0) return;
  await store.upsertDocuments(pending.documents);
  const stale = pending.documents
    .map((document) => `(document_id = ${sqlString(document.id)} AND version != ${sqlString(document.version)})`)
    .join(" OR ");
  await store.deleteChunks(stale);
  pending.documents = [];
}
