import "server-only";
import { extractEntities } from "../text/nlp";
import type { Passage } from "../types";
import { articleSentences, readArticle } from "./summary";

// A source guide for the reader page: the article's gist (the sentence the summaries lead with),
// its key terms (the names it returns to most), and three questions it can answer, each about a
// name that one of its most central sentences holds, so the article itself answers them.

export interface SourceGuide {
  gist?: { text: string; start: number; end: number };
  terms: string[];
  questions: string[];
}

/** Past this many passages the guide reads the opening ones: a 20 MB report's guide must not cost seconds. */
const maxPassages = 120;

/** Names without variants of one another ("Central Asian" beside "Central Asia", "X and Y" beside both). */
function distinctNames(names: string[]): string[] {
  const kept: string[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (kept.some((other) => lower.includes(other.toLowerCase()) || other.toLowerCase().includes(lower))) continue;
    kept.push(name);
  }
  return kept;
}

/** A title short enough to quote in a question, else undefined (the question then says "the article"). */
function quotable(title: string): string | undefined {
  const clean = title.replace(/\s+/g, " ").trim();
  return clean && clean.split(" ").length <= 10 ? clean : undefined;
}

export function buildSourceGuide(options: { documentId: string; title: string; passages: Passage[] }): SourceGuide {
  const passages = options.passages.slice(0, maxPassages);
  if (passages.length === 0) return { terms: [], questions: [] };
  const sentences = articleSentences(passages.map((passage, index) => ({ passage, n: index + 1 })));
  const reading = readArticle({ documentId: options.documentId, sentences, passages, detailed: 60 });
  const text = passages.map((passage) => passage.text).join("\n\n");
  const names = distinctNames(extractEntities(text, 30).filter((entity) => entity.type === "NAME").map((entity) => entity.text));
  const title = quotable(options.title);
  const lowerTitle = options.title.toLowerCase();

  // The most central sentences, each contributing the most frequent name it holds that no earlier question used.
  const central = [...reading.candidates].sort((a, b) => b.score - a.score);
  const used = new Set<string>();
  const anchors: string[] = [];
  for (const sentence of central) {
    if (anchors.length >= 3) break;
    const name = names.find((candidate) => !used.has(candidate) && sentence.text.includes(candidate) && !lowerTitle.includes(candidate.toLowerCase()));
    if (!name) continue;
    used.add(name);
    anchors.push(name);
  }
  const about = title ? `"${title}"` : "the article";
  const phrasings = [(name: string) => `What does ${about} say about ${name}?`, (name: string) => `What role does ${name} play in ${about}?`, (name: string) => `How does ${about} describe ${name}?`];
  const questions = anchors.map((name, index) => phrasings[index](name));

  const gist = reading.gist && { text: reading.gist.text, start: reading.gist.position, end: reading.gist.position + reading.gist.text.length };
  return { gist, terms: names.slice(0, 8), questions };
}
