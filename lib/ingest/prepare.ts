import "server-only";
import { createHash } from "node:crypto";
import { encodeSentenceTerms } from "../text/terms";
import type { ChunkSpan, SkippedFile } from "../types";
import { chunkText } from "./chunking";
import { describeError, loadArticle, type LoadedArticle } from "./read";

// Everything ingest does to one file that needs neither the index nor the other files: read, clean,
// split into passages, their terms, and (with a local embedder) their vectors. The same function
// runs in ingest's own thread or in a worker thread (prepare-worker.ts); both give the same result.

// Bump when cleaning or chunking changes what a file turns into: every document is then
// re-processed even though its bytes did not change. clean-2: metadata from file names and
// folders, outlet prefixes split off titles on evidence, descriptions dropped from the author;
// title-own: only the article's own title rides along in the indexed passages. chunk-2: no sentence
// ends after a military title ("Lieut.", "Capt.", "Brig."…).
// pages-1: PDF passages keep their page numbers; HTML read by Readability. terms-2: "U.S." is
// "usa", British spellings meet American ones; terms-3: so is "United States"; terms-4: phrasal
// verbs ("set up") are their single verb ("establish"); terms-5: contractions ("they're") are
// stopwords; terms-6: "Native Americans" and "American Indians" are "Indians". search-fields-1: every chunk row carries
// the packed search_fields column, so a large index's searches read three columns, not ten.
export const pipelineVersion = "clean-2/chunk-2/terms-6/title-own/pages-1/search-fields-1";

/** What a document's chunks were made from: its bytes, the pipeline and the embedder. */
export function versionFor(contentHash: string, embedderId: string): string {
  return createHash("sha256").update(`${contentHash}\n${pipelineVersion}\n${embedderId}`).digest("hex").slice(0, 24);
}

export interface PreparedSpan extends ChunkSpan {
  terms: string;
}

/** Chunks with their sentence terms: everything about a document that needs no embedder or store. */
export function preparePassages(text: string): PreparedSpan[] {
  return chunkText(text).map((span) => ({ ...span, terms: encodeSentenceTerms(span.text) }));
}

/**
 * The text a passage is embedded as. The article's own title rides along: a passage deep in an
 * article still carries its topic. A title made from the file name does not (yet): it names a
 * speaker and a year as often as a topic, and how metadata is searched is the search side's decision.
 */
export function embeddingText(article: Pick<LoadedArticle, "ownTitle">, span: ChunkSpan): string {
  return article.ownTitle ? `${article.ownTitle}. ${span.text}` : span.text;
}

export interface PrepareRequest {
  corpusDir: string;
  source: string;
  embedderId: string;
  /** The version the index holds for this very path, if any: its chunks are reused, so no passages are made. */
  indexedVersion?: string;
}

export interface PrepareContext {
  /** Versions of indexed documents whose files are gone: a new path with one of them is a move, whose chunks are reused. */
  movedVersions: ReadonlySet<string>;
  /** Embeds passages where they are made (a local embedder in a worker); without it ingest embeds them. */
  embed?: (texts: string[]) => Float32Array[];
  /** Called once the file is read, cleaned and split: what is left (embedding) is not bounded by the file time budget. */
  onSplit?: () => void;
}

export type PreparedFile =
  | { ok: false; skipped: SkippedFile; transient: boolean }
  | {
      ok: true;
      contentHash: string;
      version: string;
      /** The file as read; absent only for a file ingest found unchanged by its hash alone. */
      article?: LoadedArticle;
      /** Absent when the index already holds this version's chunks (unchanged or moved). */
      passages?: PreparedSpan[];
      /** Why splitting failed: the file is then skipped, keeping any indexed version. */
      splitError?: string;
      /** One vector per passage, back to back, when `embed` was given. */
      vectors?: Float32Array;
    };

/** Reads one file and, when the index does not hold its version yet, makes its passages. Never throws. */
export async function prepareFile(request: PrepareRequest, context: PrepareContext): Promise<PreparedFile> {
  const loaded = await loadArticle({ corpusDir: request.corpusDir, source: request.source });
  if (!loaded.ok) return loaded;
  const { article } = loaded;
  const version = versionFor(article.contentHash, request.embedderId);
  const reused = request.indexedVersion === undefined ? context.movedVersions.has(version) : request.indexedVersion === version;
  const read = { ok: true as const, contentHash: article.contentHash, version, article };
  if (reused) return read;
  let passages: PreparedSpan[];
  try {
    passages = preparePassages(article.text);
  } catch (error) {
    return { ...read, splitError: describeError(error) };
  }
  context.onSplit?.();
  if (!context.embed) return { ...read, passages };
  const vectors = context.embed(passages.map((span) => embeddingText(article, span)));
  const dimensions = vectors[0]?.length ?? 0;
  const packed = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, index) => packed.set(vector, index * dimensions));
  return { ...read, passages, vectors: packed };
}
