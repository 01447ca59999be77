// Readers name articles by what they are about, not by title: "compare the Xi–Tokayev piece
// with the Astana summit piece", "summarize the Tajikistan op-ed". Each such description is
// searched on its own; the article its best passages come from is the one meant, when the
// search points at one article clearly.
import type { RetrievalResult, RetrieveOptions } from "../search/retrieve";
import { contentTerms } from "../text/terms";
import type { RetrievalFilters } from "../types";

const kinds = "piece|article|op-?ed|report|story|analysis|editorial|column|commentary|interview|essay|speech|address|message|feature|item|one";

/**
 * "the Xi–Tokayev piece", "the piece on the Astana summit", "the article about Tajikistan": the
 * words that describe one article. At most a few words on either side, so "the articles" or
 * "compare what the pieces say" (plural, no description) yield nothing.
 */
export function articleDescriptions(request: string): string[] {
  const found: { at: number; description: string }[] = [];
  // A description's words never run across "and"/"the": "the op-ed on the Tajikistan visit and the Hamedia piece" describes two.
  const word = `(?!(?:and|or|the|with|versus|vs)\\b)[\\p{L}\\p{N}'’–-]+`;
  const before = new RegExp(`\\bthe\\s+((?:${word}\\s+){0,4}?${word})\\s+(?:${kinds})\\b(?!s)`, "giu");
  for (const match of request.matchAll(before)) found.push({ at: match.index, description: match[1] });
  const after = new RegExp(`\\b(?:${kinds})\\s+(?:on|about|covering|concerning|from|by)\\s+((?:the\\s+)?[\\p{L}\\p{N}'’–-]+(?:\\s+[\\p{L}\\p{N}'’–-]+){0,4}?)(?=\\s+(?:and|with|to|versus|vs\\.?|against|say|says|said|on|about|in)\\b|[?.,;:]|$)`, "giu");
  for (const match of request.matchAll(after)) found.push({ at: match.index, description: match[1].trim() });
  // In the order the request names them: the first described is the first compared.
  return found
    .sort((left, right) => left.at - right.at)
    .map((item) => item.description)
    .filter((description) => contentTerms(description).length > 0);
}

/**
 * The articles a request describes, in the order described, each once. A description counts
 * when its search's first passage and another of its top three come from one article (top
 * passages spread over three articles mean the description fits several).
 */
export async function describedDocuments(options: {
  request: string;
  filters?: RetrievalFilters;
  retrieve: (options: RetrieveOptions) => Promise<RetrievalResult>;
}): Promise<string[]> {
  const documentIds: string[] = [];
  for (const description of articleDescriptions(options.request).slice(0, 4)) {
    const { passages } = await options.retrieve({ query: description, k: 3, filters: options.filters, mode: "ask" });
    const first = passages[0];
    if (!first) continue;
    // "The Islamabad commentary": a word only one article has (its byline's city) names it, however few of its passages hold it.
    const terms = contentTerms(description);
    const holds = (passage: (typeof passages)[number]) => {
      const own = new Set(contentTerms(`${passage.title} ${passage.outlet} ${passage.text}`));
      return terms.every((term) => own.has(term));
    };
    const onlyOne = holds(first) && !passages.some((passage) => passage.documentId !== first.documentId && holds(passage));
    if (!onlyOne && passages.filter((passage) => passage.documentId === first.documentId).length < Math.min(2, passages.length)) continue;
    if (!documentIds.includes(first.documentId)) documentIds.push(first.documentId);
  }
  return documentIds;
}
