import "server-only";
import { CaravanError } from "@/lib/server/errors";
import { documentOpenings, listDocuments } from "@/lib/search/library";
import { buildSuggestions, type Suggestion } from "@/lib/answer/suggestions";
import type { LibraryDocument } from "./library-types";

// What the pages need from the index, with "no index yet" turned into a sentence instead of a crash.

export interface LibraryState {
  documents: LibraryDocument[];
  /** Set when the index cannot be read or holds nothing: shown instead of the list. */
  problem?: string;
}

const emptyProblem = "No articles are indexed yet. Add some above, or put articles in the corpus folder and run `npm run ingest`.";

export async function loadLibrary(): Promise<LibraryState> {
  let documents;
  try {
    // Display titles are stored at ingest: listing reads no article text, at any corpus size.
    documents = await listDocuments();
  } catch (error) {
    if (error instanceof CaravanError) return { documents: [], problem: error.message };
    throw error;
  }
  if (documents.length === 0) return { documents: [], problem: emptyProblem };
  return { documents };
}

/** Starter questions read the names in at most this many articles, spread over the library. */
export const suggestionSample = 24;
/** …and in at most this much of each one's opening. */
export const suggestionChars = 20_000;

export interface LibraryPage extends LibraryState {
  /** Documents in the whole library (the page shows a slice of them). */
  total: number;
  page: number;
  pageCount: number;
}

/** One page of the library, in source order; display titles are stored at ingest, so no text is read. */
export async function loadLibraryPage(options: { page: number; pageSize: number }): Promise<LibraryPage> {
  let summaries;
  try {
    summaries = await listDocuments();
  } catch (error) {
    if (error instanceof CaravanError) return { documents: [], problem: error.message, total: 0, page: 1, pageCount: 1 };
    throw error;
  }
  if (summaries.length === 0) return { documents: [], problem: emptyProblem, total: 0, page: 1, pageCount: 1 };
  const pageCount = Math.max(1, Math.ceil(summaries.length / options.pageSize));
  const page = Math.min(Math.max(1, Math.floor(options.page) || 1), pageCount);
  const slice = summaries.slice((page - 1) * options.pageSize, page * options.pageSize);
  return { documents: slice, total: summaries.length, page, pageCount };
}

let cachedSuggestions: { key: string; suggestions: Suggestion[] } | undefined;

/** Every `count`-th item or so: `count` items spread evenly over the list, the first among them. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, index) => items[Math.floor((index * items.length) / count)]);
}

/**
 * Starter questions from a bounded sample of the articles (entity extraction reads text), kept per
 * index state: the first view after an ingest costs the same at 5 articles or 5,000.
 */
export async function loadSuggestions(documents: LibraryDocument[]): Promise<Suggestion[]> {
  const key = documents.map((document) => `${document.id}:${document.chars}`).join("|");
  if (cachedSuggestions?.key === key) return cachedSuggestions.suggestions;
  const sample = spread(documents, suggestionSample);
  const texts = await documentOpenings(sample.map((document) => document.id), suggestionChars);
  const suggestions = buildSuggestions(sample.map((document) => ({ id: document.id, title: document.title, text: texts.get(document.id) ?? "" })));
  cachedSuggestions = { key, suggestions };
  return suggestions;
}
