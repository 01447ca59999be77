// A compare answer as a comparison: one column per article (its section of the answer text), and
// one row per aspect of the `data-comparison` part. Pure and client-safe; unit-tested in
// comparison.test.ts, rendered by comparison-view.tsx.
import type { ChatMessage, CitationCheck, ComparisonData, PassageData } from "@/lib/answer/chat-message";
import { citedNumbers, compareFirstMarkers, readerHref, type CompareLayout } from "./message-parts";

/** The comparison part of a message, when the engine sent one (the language model sends none). */
export function messageComparison(message: ChatMessage): ComparisonData | undefined {
  let comparison: ComparisonData | undefined;
  for (const part of message.parts) {
    if (part.type === "data-comparison") comparison = part.data;
  }
  return comparison;
}

export interface ComparisonColumn {
  /** The section's `###` heading, as markdown (it may carry markers). */
  heading: string;
  /** The heading split into the article's title and what follows it (" — Outlet"), when the title is known. */
  title?: string;
  subtitle?: string;
  body: string;
  /** Where the heading's and the body's chips start counting among the answer's markers. */
  firstMarker: { heading: number; body: number };
  documentId?: string;
}

/** One article's cell on an aspect: its cited sentence, or why there is none. */
export type AspectCell =
  | { kind: "cited"; n: number; sentence: string; start: number; end: number }
  /** None of its cited sentences treats the aspect, but a statement checked on its full text says it does. */
  | { kind: "elsewhere" }
  | { kind: "none" };

export interface AspectRow {
  aspect: string;
  /** The stems that define the aspect ("central", "asia"). */
  terms: string[];
  cells: AspectCell[];
}

export interface ComparisonView {
  intro: string;
  columns: ComparisonColumn[];
  rows: AspectRow[];
  closing: string;
  closingMarker: number;
}

/**
 * Which article a section speaks for: the article its citations point at, else the compared
 * article whose title opens its heading.
 */
function sectionDocument(
  section: { heading: string; body: string },
  passages: Map<number, PassageData>,
  comparison: ComparisonData | undefined,
): string | undefined {
  for (const n of citedNumbers(`${section.heading}\n${section.body}`)) {
    const documentId = passages.get(n)?.documentId;
    if (documentId) return documentId;
  }
  return comparison?.documents.find((document) => document.title && section.heading.startsWith(document.title))?.documentId;
}

/** "Title — Outlet" -> title and " — Outlet" when the heading starts with the article's title. */
function splitHeading(heading: string, title: string | undefined): { title?: string; subtitle?: string } {
  if (!title || !heading.startsWith(title)) return {};
  const rest = heading.slice(title.length).replace(/^\s*[—–-]\s*/, "").trim();
  // A rest with markers or markup is part of the heading proper: keep the heading whole.
  if (/[[\]*_`]/.test(rest)) return {};
  return { title, subtitle: rest || undefined };
}

export function comparisonView(layout: CompareLayout, passages: Map<number, PassageData>, comparison?: ComparisonData): ComparisonView {
  const markers = compareFirstMarkers(layout);
  const columns: ComparisonColumn[] = layout.sections.map((section, index) => {
    const documentId = sectionDocument(section, passages, comparison);
    const title = comparison?.documents.find((document) => document.documentId === documentId)?.title;
    return { heading: section.heading, body: section.body, firstMarker: markers.sections[index], documentId, ...splitHeading(section.heading, title) };
  });
  const rows: AspectRow[] = (comparison?.rows ?? []).map((row) => {
    // Articles a checked statement says treat this aspect (judged on their full texts).
    const treating = new Set(
      (comparison?.statements ?? []).filter((statement) => statement.aspect === row.aspect).flatMap((statement) => statement.documentIds),
    );
    return {
      aspect: row.aspect,
      terms: row.terms,
      cells: columns.map((column): AspectCell => {
        const cell = row.cells.find((candidate) => candidate.documentId === column.documentId);
        if (cell?.n !== undefined && cell.sentence && cell.start !== undefined && cell.end !== undefined && passages.has(cell.n)) {
          return { kind: "cited", n: cell.n, sentence: cell.sentence, start: cell.start, end: cell.end };
        }
        return column.documentId !== undefined && treating.has(column.documentId) ? { kind: "elsewhere" } : { kind: "none" };
      }),
    };
  });
  return { intro: layout.intro, columns, rows, closing: layout.closing, closingMarker: markers.closing };
}

/**
 * A sentence split where the aspect's words are (a word is the aspect's when it starts with one of
 * its stems of three letters or more), to set them apart: [text, isAspect] pieces, in order.
 */
export function aspectWords(sentence: string, terms: string[]): [string, boolean][] {
  const stems = terms.map((term) => term.toLowerCase()).filter((term) => term.length >= 3);
  const pieces: [string, boolean][] = [];
  for (const piece of sentence.split(/([\p{L}\p{N}]+)/u)) {
    if (piece === "") continue;
    const marked = stems.some((stem) => piece.toLowerCase().startsWith(stem));
    const last = pieces.at(-1);
    if (last && last[1] === marked) last[0] += piece;
    else pieces.push([piece, marked]);
  }
  return pieces;
}

/**
 * The part of a sentence around the aspect's words, at most `maxWords` words, "…" where it is cut:
 * an aspect row shows why the sentence sits there (the whole of it is in the article's section,
 * and its chip opens all of it). Short sentences, and sentences without the aspect's words, stay whole.
 */
export function aspectExcerpt(sentence: string, terms: string[], maxWords = 14): string {
  const words = [...sentence.matchAll(/\S+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length, text: match[0] }));
  if (words.length <= maxWords + 3) return sentence;
  const marked = words.map((word) => aspectWords(word.text, terms).some(([, isAspect]) => isAspect));
  const first = marked.indexOf(true);
  if (first < 0) return sentence;
  const last = Math.min(marked.lastIndexOf(true), first + maxWords - 1);
  // Centre the window on the aspect's words, within the sentence.
  const spare = maxWords - (last - first + 1);
  let from = Math.max(0, first - Math.floor(spare / 2));
  const to = Math.min(words.length - 1, from + maxWords - 1);
  from = Math.max(0, to - maxWords + 1);
  const text = sentence.slice(words[from].start, words[to].end);
  return `${from > 0 ? "…" : ""}${text}${to < words.length - 1 ? "…" : ""}`;
}

/** A sentence quoted by span: the chip of an aspect cell opens exactly this sentence. */
export interface QuotedSpan {
  start: number;
  end: number;
  sentence: string;
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The check a chip quoting `span` of passage `n` stands for: the answer's own check of that very
 * sentence when it has one, else (the sentence verbatim inside the passage) the quote itself, which
 * the passage supports by construction. Undefined when the span is not in the passage.
 */
export function checkForSpan(passage: PassageData, checks: CitationCheck[], span: QuotedSpan): CitationCheck | undefined {
  const own = checks.find((check) => check.n === passage.n && check.quoteStart === span.start && check.quoteEnd === span.end);
  if (own) return own;
  const from = span.start - passage.start;
  const to = span.end - passage.start;
  if (from < 0 || to > passage.text.length || to <= from) return undefined;
  if (squash(passage.text.slice(from, to)) !== squash(span.sentence)) return undefined;
  return { n: passage.n, sentence: span.sentence, support: "supported", score: 1, quoteStart: span.start, quoteEnd: span.end };
}

/** The reader link of a quoted span: that sentence highlighted, even when the passage does not hold it. */
export function spanHref(passage: PassageData, span: QuotedSpan, check: CitationCheck | undefined): string {
  if (check) return readerHref(passage, check);
  return span.end > span.start
    ? `/documents/${encodeURIComponent(passage.documentId)}?start=${span.start}&end=${span.end}#passage`
    : readerHref(passage);
}
