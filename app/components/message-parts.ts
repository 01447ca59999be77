// Pure helpers over ChatMessage parts: what a message cites, how to link it, how to copy it.
// Client-safe (types only from lib/), unit-tested in message-parts.test.ts.
import type { ChatMessage, CitationCheck, PassageData } from "@/lib/answer/chat-message";
import { byline, displayTitle, truncate } from "./format";

/** `[1]`, `[1, 2]`, `[1;2]`: the markers the engines put in answer text. */
export const citationPattern = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g;

/** The numbers inside one marker's brackets: "1, 2" -> [1, 2]. */
export function parseMarker(inner: string): number[] {
  return inner
    .split(/[,;]/)
    .map((value) => Number.parseInt(value.trim(), 10))
    .filter((value) => Number.isInteger(value) && value > 0);
}

/**
 * How many citation markers a text holds, each counted once ("[1][2]" is two, "[1, 2]" one), as
 * the server counts them to give each check its `marker`: renders of part of an answer start their
 * chip numbering after the markers of the parts before.
 */
export function countMarkers(text: string): number {
  return [...text.matchAll(citationPattern)].length;
}

/** Every number cited in a text, in order of first appearance, without repeats. */
export function citedNumbers(text: string): number[] {
  const seen = new Set<number>();
  for (const match of text.matchAll(citationPattern)) {
    for (const n of parseMarker(match[1])) seen.add(n);
  }
  return [...seen];
}

export function messageText(message: ChatMessage): string {
  return message.parts
    .filter((part): part is Extract<typeof part, { type: "text" }> => part.type === "text")
    .map((part) => part.text)
    .join("");
}

/** The passages a message may cite, by n. Later parts with the same n replace earlier ones. */
export function messagePassages(message: ChatMessage): Map<number, PassageData> {
  const passages = new Map<number, PassageData>();
  for (const part of message.parts) {
    if (part.type === "data-passage") passages.set(part.data.n, part.data);
  }
  return passages;
}

export function messageChecks(message: ChatMessage): CitationCheck[] {
  let checks: CitationCheck[] = [];
  for (const part of message.parts) {
    if (part.type === "data-citations") checks = part.data.checks;
  }
  return checks;
}

/** The reader URL for a passage: the supporting sentence when known, else the whole passage. */
export function readerHref(passage: PassageData, check?: CitationCheck): string {
  const quoteInside =
    check !== undefined && check.quoteEnd > check.quoteStart && check.quoteStart >= passage.start && check.quoteEnd <= passage.end;
  const start = quoteInside ? check.quoteStart : passage.start;
  const end = quoteInside ? check.quoteEnd : passage.end;
  return `/documents/${encodeURIComponent(passage.documentId)}?start=${start}&end=${end}#passage`;
}

/**
 * Letters only: in the rendered block a marker is the chip's bare number ("1"), in the check it
 * is "[1]"; dropping markup, punctuation and short numbers lets the two be compared.
 */
function normalise(text: string): string {
  return text
    .replace(citationPattern, " ")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/(?<!\S)\d{1,3}(?!\S)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The check a chip for passage `n` carries. A chip is the `marker`-th marker of the answer, and a
 * check names its marker: the check of this very marker, whose sentence is the one the chip
 * follows. Answers stored before checks named their marker fall back to the check whose sentence
 * appears in the chip's block of rendered text (the first of the passage's checks when unsure).
 */
export function checkFor(n: number, checks: CitationCheck[], blockText?: string, marker?: number): CitationCheck | undefined {
  const candidates = checks.filter((check) => check.n === n);
  if (marker !== undefined && checks.some((check) => check.marker !== undefined)) {
    return candidates.find((check) => check.marker === marker);
  }
  if (candidates.length <= 1 || !blockText) return candidates[0];
  const block = normalise(blockText);
  return candidates.find((check) => block.includes(normalise(check.sentence))) ?? candidates[0];
}

/** The check a source card stands for: the passage's first citation in the answer. */
export function firstCheckOf(n: number, checks: CitationCheck[]): CitationCheck | undefined {
  let first: CitationCheck | undefined;
  for (const check of checks) {
    if (check.n !== n) continue;
    if (!first || (check.marker ?? Infinity) < (first.marker ?? Infinity)) first = check;
  }
  return first;
}

/** The sentence a check quotes, from the passage text; empty when its offsets fall outside the passage. */
export function quotedSentence(passage: PassageData, check: CitationCheck | undefined): string {
  if (!check) return "";
  const start = check.quoteStart - passage.start;
  const end = check.quoteEnd - passage.start;
  return start >= 0 && end <= passage.text.length && end > start ? passage.text.slice(start, end) : "";
}

/** The passage text split around the supporting sentence, trimmed to a readable window. */
export function quoteWindow(
  passage: PassageData,
  check: CitationCheck | undefined,
  maxChars = 480,
): { before: string; quote: string; after: string } {
  const text = passage.text;
  let quoteStart = check ? check.quoteStart - passage.start : -1;
  let quoteEnd = check ? check.quoteEnd - passage.start : -1;
  if (quoteStart < 0 || quoteEnd > text.length || quoteEnd <= quoteStart) {
    return { before: truncate(text, maxChars), quote: "", after: "" };
  }
  // Keep the quote whole; spend what is left of the budget on context either side.
  const budget = Math.max(0, maxChars - (quoteEnd - quoteStart));
  const windowStart = Math.max(0, quoteStart - Math.floor(budget / 2));
  const windowEnd = Math.min(text.length, quoteEnd + Math.ceil(budget / 2));
  quoteStart = Math.max(quoteStart, windowStart);
  quoteEnd = Math.min(quoteEnd, windowEnd);
  const before = (windowStart > 0 ? "…" : "") + text.slice(windowStart, quoteStart);
  const after = text.slice(quoteEnd, windowEnd) + (windowEnd < text.length ? "…" : "");
  return { before, quote: text.slice(quoteStart, quoteEnd), after };
}

export interface CompareLayout {
  intro: string;
  sections: { heading: string; body: string }[];
  closing: string;
}

/**
 * A compare answer is one `### heading` section per article, then a closing line. The closing
 * line is whatever follows a thematic break after the last section or, failing that, the last
 * section's final paragraph when it reads as a conclusion: a bold lead-in, no citation, or
 * citations of more than one article (a section speaks for one article).
 */
export function splitCompare(markdown: string, passages: Map<number, PassageData>): CompareLayout {
  const lines = markdown.split("\n");
  const intro: string[] = [];
  const sections: { heading: string; lines: string[] }[] = [];
  let inFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = !inFence ? /^###\s+(.*)$/.exec(line) : null;
    if (heading) sections.push({ heading: heading[1].replace(/\s+#+\s*$/, "").trim(), lines: [] });
    else if (sections.length > 0) sections[sections.length - 1].lines.push(line);
    else intro.push(line);
  }
  let closing = "";
  const last = sections.at(-1);
  if (last) {
    const body = last.lines.join("\n");
    const rule = /\n\s*(?:---|\*\*\*|___)\s*\n/.exec(`\n${body}\n`);
    if (rule) {
      const cut = rule.index;
      closing = `\n${body}\n`.slice(cut + rule[0].length).trim();
      last.lines = `\n${body}\n`.slice(0, cut).split("\n");
    } else {
      const paragraphs = body.trim().split(/\n\s*\n/);
      if (paragraphs.length > 1) {
        const final = paragraphs[paragraphs.length - 1].trim();
        const numbers = citedNumbers(final);
        const documents = new Set(numbers.map((n) => passages.get(n)?.documentId).filter((id): id is string => id !== undefined));
        // A bold lead-in ("**Where they agree:** …"), no citations, or several articles' citations.
        const labelled = /^\*\*[^*\n]{2,80}:\*\*/.test(final) || /^\*\*[^*\n]{2,80}\*\*:/.test(final);
        if (labelled || numbers.length === 0 || documents.size > 1) {
          closing = final.trim();
          last.lines = paragraphs.slice(0, -1).join("\n\n").split("\n");
        }
      }
    }
  }
  return {
    intro: intro.join("\n").trim(),
    sections: sections.map((section) => ({ heading: section.heading, body: section.lines.join("\n").trim() })),
    closing,
  };
}

/**
 * Where each part of a compare layout starts counting its chips: the parts render one by one, in
 * text order, so each numbers on from the markers of the parts before it.
 */
export function compareFirstMarkers(layout: CompareLayout): { sections: { heading: number; body: number }[]; closing: number } {
  let next = countMarkers(layout.intro);
  const sections = layout.sections.map((section) => {
    const heading = next;
    const body = heading + countMarkers(section.heading);
    next = body + countMarkers(section.body);
    return { heading, body };
  });
  return { sections, closing: next };
}

/** The answer as plain text with its sources as numbered footnotes, for the clipboard. */
export function answerWithFootnotes(
  message: ChatMessage,
  titleOf: (passage: PassageData) => string = (passage) => displayTitle(passage.title),
): string {
  const text = messageText(message).trim();
  const passages = messagePassages(message);
  const footnotes = citedNumbers(text)
    .sort((a, b) => a - b)
    .map((n) => {
      const passage = passages.get(n);
      if (!passage) return undefined;
      const meta = byline({ outlet: passage.outlet, date: passage.date });
      const title = titleOf(passage);
      return `[${n}] ${title}${meta ? ` (${meta})` : ""}, ${passage.source}: “${truncate(passage.text, 240)}”`;
    })
    .filter((line): line is string => line !== undefined);
  return footnotes.length > 0 ? `${text}\n\nSources\n${footnotes.join("\n")}\n` : `${text}\n`;
}

/** Only what the server needs from history: the text. Passages and checks stay in the browser. */
export function slimForRequest(messages: ChatMessage[], keep = 12): ChatMessage[] {
  return messages.slice(-keep).map((message) => ({
    id: message.id,
    role: message.role,
    parts: message.parts.filter((part) => part.type === "text").map((part) => ({ type: "text" as const, text: (part as { text: string }).text })),
  }));
}
