import "server-only";
import { extractEntities } from "../text/nlp";
import type { AnswerMode } from "../types";

// Starter questions built from whatever the corpus holds: its titles and the names that recur in
// it. Templates are generic; nothing here knows what the articles are about.

export interface Suggestion {
  text: string;
  mode: AnswerMode;
}

export interface SuggestionSource {
  id: string;
  title: string;
  text: string;
}

interface NameStats {
  text: string;
  count: number;
  documents: Set<string>;
}

/** Names (not dates or numbers) across documents, with how often and in how many they occur. */
function nameStats(documents: SuggestionSource[]): NameStats[] {
  const stats = new Map<string, NameStats>();
  for (const document of documents) {
    for (const entity of extractEntities(document.text, 40)) {
      if (entity.type !== "NAME") continue;
      const key = entity.text.toLowerCase();
      const known = stats.get(key) ?? { text: entity.text, count: 0, documents: new Set<string>() };
      known.count += entity.count;
      known.documents.add(document.id);
      stats.set(key, known);
    }
  }
  return [...stats.values()];
}

function shortTitle(title: string, maxWords = 12): string | undefined {
  const clean = title.replace(/\s+/g, " ").trim();
  if (!clean) return undefined;
  return clean.split(" ").length <= maxWords ? clean : undefined;
}

/**
 * Names worth asking about: not a coordination of two known names ("X and Y"), not an
 * inflected variant of a shorter known name ("Central Asian" beside "Central Asia").
 */
function askableNames(names: NameStats[]): NameStats[] {
  const known = new Set(names.map((name) => name.text.toLowerCase()));
  return names.filter((name) => {
    const lower = name.text.toLowerCase();
    const parts = lower.split(/\s+and\s+/);
    if (parts.length > 1 && parts.every((part) => known.has(part))) return false;
    for (let cut = 1; cut <= 2; cut += 1) {
      const stem = lower.slice(0, -cut);
      if (stem.length >= 3 && known.has(stem)) return false;
    }
    return true;
  });
}

const multiWord = (name: NameStats) => Number(/\s/.test(name.text.trim()));

/**
 * Up to `limit` suggestions: a comparison on the name most articles share, a question about a
 * name one article dwells on, which articles mention a name some (not all) of them share, and a
 * summary of an article with a usable title.
 */
export function buildSuggestions(documents: SuggestionSource[], limit = 4): Suggestion[] {
  if (documents.length === 0) return [];
  const names = askableNames(nameStats(documents));
  const used = new Set<string>();
  const suggestions: Suggestion[] = [];
  const take = (text: string, mode: AnswerMode, name?: NameStats) => {
    if (suggestions.length >= limit) return;
    suggestions.push({ text, mode });
    if (name) used.add(name.text.toLowerCase());
  };
  const unused = (name: NameStats) => !used.has(name.text.toLowerCase());

  // Compare: the name spread over the most articles (only worth it when two or more share it).
  const shared = names.filter((name) => name.documents.size >= 2).sort((a, b) => b.documents.size - a.documents.size || b.count - a.count);
  if (documents.length >= 2 && shared[0]) take(`Compare how the articles describe ${shared[0].text}.`, "compare", shared[0]);

  // Ask: a name one article keeps returning to (specific, so the answer has substance).
  const focused = names
    .filter((name) => unused(name) && name.documents.size === 1 && name.count >= 2)
    .sort((a, b) => multiWord(b) - multiWord(a) || b.count - a.count)[0];
  if (focused) take(`What do the articles say about ${focused.text}?`, "ask", focused);

  // Ask: a name several articles share but not all, so "which" has an informative answer.
  const partial = names
    .filter((name) => unused(name) && name.documents.size >= 2 && name.documents.size < documents.length)
    .sort((a, b) => multiWord(b) - multiWord(a) || a.documents.size - b.documents.size || b.count - a.count)[0];
  if (partial) take(`Which articles mention ${partial.text}?`, "ask", partial);

  // Summarize: the first article whose title is short enough to quote.
  const titled = documents.map((document) => shortTitle(document.title)).find((title) => title !== undefined);
  if (titled) take(`Summarize the article “${titled}”.`, "summarize");
  return suggestions;
}
