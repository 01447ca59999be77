// The one UI message type shared by the chat route and the client.
import type { UIMessage } from "ai";
import type { AnswerMode, RetrievalFilters } from "../types";

export interface ChatMetadata {
  /** "extractive" or the language model's id. */
  engine: string;
  engineKind: "extractive" | "llm";
  mode: AnswerMode;
  /** Set when the configured engine failed and another answered instead. */
  fallbackReason?: string;
  /** The engine declined: the articles do not answer the question (closest passages offered, not as an answer). */
  abstained?: boolean;
  /** The filters a declined question was searched under: the UI names them and offers to search everything. */
  filters?: RetrievalFilters;
  createdAt?: number;
}

/** A passage the answer may cite as [n]. Sent before the answer text streams. */
export interface PassageData {
  n: number;
  chunkId: string;
  documentId: string;
  source: string;
  title: string;
  date: string;
  outlet: string;
  text: string;
  start: number;
  end: number;
  /** A paged document's pages in this passage (lib/text/pages.ts); absent when unpaged. */
  pages?: string;
}

/** The check of one citation marker once the answer is complete. */
export interface CitationCheck {
  n: number;
  /** The sentence of the answer that carries the marker. */
  sentence: string;
  support: "supported" | "weak";
  /** 0..1: how much of the sentence the passage supports. */
  score: number;
  /** Offsets (into the document's clean text) of the passage sentence that best supports it. */
  quoteStart: number;
  quoteEnd: number;
  /**
   * Which marker of the answer this check is for: the k-th citation marker of the text, in text
   * order, is marker k (0-based; "[1][2]" is two markers, "[1, 2]" one marker with two checks).
   * Absent in answers stored before checks carried it.
   */
  marker?: number;
}

/**
 * One article's cell of a comparison: its cited sentence on the aspect. Empty when none of the
 * article's cited sentences holds it; whether the article discusses it elsewhere is what the
 * statements (checked against the whole article) say.
 */
export interface ComparisonCell {
  documentId: string;
  /** Passage number the sentence is cited as; absent when no cited sentence of the article holds the aspect. */
  n?: number;
  sentence?: string;
  /** Offsets of the sentence in the document's clean text. */
  start?: number;
  end?: number;
}

export interface ComparisonRow {
  /** The aspect, in words: "water", "trade and investment". */
  aspect: string;
  /** The stems that define the aspect: an article treats it when one sentence holds them all. */
  terms: string[];
  cells: ComparisonCell[];
}

/** "A and B both …", "only A …", "all … discuss": derived from the cells, checked against whole articles. */
export interface ComparisonStatement {
  kind: "all" | "both" | "only";
  aspect: string;
  terms: string[];
  /** The articles the statement says treat the aspect. */
  documentIds: string[];
  /** Every article the comparison covers: "only" and "all" are judged against these. */
  comparedIds: string[];
  text: string;
}

export interface ComparisonData {
  documents: { documentId: string; title: string }[];
  rows: ComparisonRow[];
  statements: ComparisonStatement[];
}

export type ChatDataParts = {
  passage: PassageData;
  citations: { checks: CitationCheck[] };
  comparison: ComparisonData;
};

export type ChatMessage = UIMessage<ChatMetadata, ChatDataParts>;
