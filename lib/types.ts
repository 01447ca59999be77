// Shared domain types. Pure types: safe to import from server and client code alike.

/** An article after reading and cleaning, before chunking. */
export interface Article {
  /** Path relative to the corpus folder, with forward slashes. */
  source: string;
  title: string;
  /** ISO date (YYYY-MM-DD, or YYYY-MM / YYYY when that is all the text says); "" when unknown. */
  date: string;
  outlet: string;
  author: string;
  url: string;
  /** The cleaned text; every offset in the system points into this string. */
  text: string;
  /** sha256 of the raw file bytes: unchanged files are skipped by it. */
  contentHash: string;
  /** Paged formats (PDF): where each page begins in `text`, sorted by offset. */
  pages?: { page: number; start: number }[];
}

/** A reason an input file was not ingested. */
export interface SkippedFile {
  source: string;
  reason: string;
}

/** A sentence-aligned slice of an article's clean text: text === article.text.slice(start, end). */
export interface ChunkSpan {
  ordinal: number;
  text: string;
  start: number;
  end: number;
}

/** A sentence with its character offsets into the string it was split from. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

export interface Embedder {
  /** Stable identifier recorded in the index, e.g. "local:wink-sg-100d:sif-v1" or "openai:text-embedding-3-small". */
  id: string;
  dimensions: number;
  /** One unit-length vector per input text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface DocumentSummary {
  id: string;
  source: string;
  title: string;
  /** The title to show: the article's own, or "Untitled — <first words>" (computed at ingest). */
  displayTitle: string;
  date: string;
  outlet: string;
  author: string;
  url: string;
  chars: number;
  chunkCount: number;
}

export interface StoredDocument extends DocumentSummary {
  text: string;
  contentHash: string;
}

export interface RetrievalFilters {
  documentIds?: string[];
  outlets?: string[];
  /** Inclusive ISO date bounds; documents without a date are excluded when either is set. */
  from?: string;
  to?: string;
}

/** A retrieved chunk, ready to quote and cite. */
export interface Passage {
  chunkId: string;
  documentId: string;
  source: string;
  title: string;
  date: string;
  outlet: string;
  ordinal: number;
  text: string;
  start: number;
  end: number;
  /** A paged document's pages in this passage, as stored (lib/text/pages.ts `pageAt` reads it). */
  pages?: string;
  /** Higher is better; comparable within one result list only. */
  score: number;
}

export type AnswerMode = "ask" | "summarize" | "compare";
