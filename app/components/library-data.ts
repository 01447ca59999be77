import "server-only";
import { CaravanError } from "@/lib/server/errors";
import { getDocument, listDocuments } from "@/lib/search/library";
import { buildSuggestions, type Suggestion } from "@/lib/answer/suggestions";
import { displayTitle } from "./format";
import type { LibraryDocument } from "./library-types";

// What the pages need from the index, with "no index yet" turned into a sentence instead of a crash.

export interface LibraryState {
  documents: LibraryDocument[];
  /** Set when the index cannot be read or holds nothing: shown instead of the list. */
  problem?: string;
}

const emptyProblem = "No articles are indexed yet. Add some above, or put articles in the corpus folder and run `npm run ingest`.";

export async function loadLibrary(): Promise<LibraryState> {
  let summaries;
  try {
    summaries = await listDocuments();
  } catch (error) {
    if (error instanceof CaravanError) return { documents: [], problem: error.message };
    throw error;
  }
  if (summaries.length === 0) return { documents: [], problem: emptyProblem };
  // Untitled articles are named by their first words, so their text is read (never a made-up title).
  const documents = await Promise.all(
    summaries.map(async (summary) => {
      if (summary.title.trim()) return { ...summary, displayTitle: summary.title.trim() };
      const full = await getDocument(summary.id);
      return { ...summary, displayTitle: displayTitle("", full?.text) };
    }),
  );
  return { documents };
}

export interface LibraryPage extends LibraryState {
  /** Documents in the whole library (the page shows a slice of them). */
  total: number;
  page: number;
  pageCount: number;
}

/**
 * One page of the library, in source order: only the page's untitled documents have their text read
 * for a display title, so a library of thousands renders as fast as one of fifty.
 */
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
  const documents = await Promise.all(
    slice.map(async (summary) => {
      if (summary.title.trim()) return { ...summary, displayTitle: summary.title.trim() };
      const full = await getDocument(summary.id);
      return { ...summary, displayTitle: displayTitle("", full?.text) };
    }),
  );
  return { documents, total: summaries.length, page, pageCount };
}

let cachedSuggestions: { key: string; suggestions: Suggestion[] } | undefined;

/** Starter questions; entity extraction reads every article, so the result is kept per index state. */
export async function loadSuggestions(documents: LibraryDocument[]): Promise<Suggestion[]> {
  const key = documents.map((document) => `${document.id}:${document.chars}`).join("|");
  if (cachedSuggestions?.key === key) return cachedSuggestions.suggestions;
  const sources = await Promise.all(
    documents.map(async (document) => ({ id: document.id, title: document.title, text: (await getDocument(document.id))?.text ?? "" })),
  );
  const suggestions = buildSuggestions(sources);
  cachedSuggestions = { key, suggestions };
  return suggestions;
}
