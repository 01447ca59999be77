// Citation markers in answer text: parse, clean, renumber, and check each cited sentence
// against the passage it points at. Pure: the embedder, when given, is passed in.
import type { CitationCheck } from "./chat-message";
import { splitSentences } from "../text/nlp";
import type { Embedder, Passage, SentenceSpan } from "../types";
import { contentTerms, cosine, coverage, normalizeForMatch } from "../text/terms";

/**
 * A cited sentence is "supported" when its score reaches this value. The score is the share of
 * the sentence's content words found in the passage (lexical), blended with the embedding
 * similarity to the best passage sentence when an embedder is given. Half the content words is
 * the line: a faithful paraphrase keeps most names, numbers and key nouns; a sentence about
 * something else keeps almost none of them.
 */
export const supportThreshold = 0.5;

// With the local embedder, unrelated sentences sit near cosine 0 and faithful paraphrases at
// 0.5-0.7, but same-topic claims the passage does not make ("Kazakhstan joined NATO") reach ~0.6
// too: so the vector only tops up the lexical evidence (30%), rescaled from a small floor.
const cosineFloor = 0.1;
const semanticWeight = 0.3;

// [1]  [1, 2]  [1-3]  [Passage 2]  [source 1; source 4]
const markerPattern =
  /\[\s*(?:(?:passage|source)s?\s*)?\d{1,4}(?:\s*(?:[,;]|[-–])\s*(?:(?:passage|source)s?\s*)?\d{1,4})*\s*\]/gi;

/**
 * Quoted passage text may itself contain "[1]" or "[99]" (footnotes, or an attack): copied into an
 * answer, the marker parsers would read it as a citation. Brackets become parentheses, which keeps
 * the text's length (offsets stay valid) and its meaning for a reader.
 */
export function neutralizeMarkers(text: string): string {
  return text.replace(markerPattern, (marker) => `(${marker.slice(1, -1)})`);
}

export interface CitationMarker {
  /** Cited passage numbers as written (1-based), ranges expanded. */
  numbers: number[];
  start: number;
  end: number;
}

function markerNumbers(marker: string): number[] {
  const numbers: number[] = [];
  for (const match of marker.matchAll(/(\d+)(?:\s*[-–]\s*(?:(?:passage|source)s?\s*)?(\d+))?/gi)) {
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    // A range is only a range when it is short and ascending; otherwise keep the two ends.
    if (last > first && last - first <= 10) for (let n = first; n <= last; n += 1) numbers.push(n);
    else numbers.push(first, ...(last !== first ? [last] : []));
  }
  return [...new Set(numbers)];
}

export function parseCitationMarkers(text: string): CitationMarker[] {
  return [...text.matchAll(markerPattern)].map((match) => ({
    numbers: markerNumbers(match[0]),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Cited numbers in order of first citation, each once. */
export function citedNumbers(text: string): number[] {
  return [...new Set(parseCitationMarkers(text).flatMap((marker) => marker.numbers))];
}

function formatMarker(numbers: number[]): string {
  return `[${numbers.join(", ")}]`;
}

/**
 * Rewrites every marker through `map` (old number -> new number, or undefined to drop it).
 * A marker left with no number disappears together with the space before it.
 */
export function rewriteMarkers(text: string, map: (n: number) => number | undefined): string {
  let result = "";
  let cursor = 0;
  for (const marker of parseCitationMarkers(text)) {
    const kept = [...new Set(marker.numbers.map(map).filter((n): n is number => n !== undefined))];
    let before = text.slice(cursor, marker.start);
    if (kept.length === 0) before = before.replace(/[ \t]+$/, "");
    result += before + (kept.length > 0 ? formatMarker(kept) : "");
    cursor = marker.end;
  }
  return result + text.slice(cursor);
}

/** Drops markers (or the numbers inside them) that point at no passage. */
export function removeInvalidMarkers(text: string, passageCount: number): string {
  return rewriteMarkers(text, (n) => (n >= 1 && n <= passageCount ? n : undefined));
}

/**
 * The same clean-up for streamed text: holds back a possibly unfinished "[..." until it closes,
 * so an out-of-range marker never reaches the client even when split across deltas.
 */
export function createMarkerFilter(passageCount: number): { push(delta: string): string; flush(): string } {
  let pending = "";
  const longestMarker = 40;
  return {
    push(delta) {
      pending += delta;
      const open = pending.lastIndexOf("[");
      const tail = open === -1 ? "" : pending.slice(open);
      const mayStillBeMarker = open !== -1 && !tail.includes("]") && tail.length <= longestMarker && !tail.includes("\n");
      const ready = mayStillBeMarker ? pending.slice(0, open) : pending;
      pending = mayStillBeMarker ? tail : "";
      // Trailing spaces wait too: a dropped marker takes the space before it.
      const trimmed = ready.replace(/[ \t]+$/, "");
      pending = ready.slice(trimmed.length) + pending;
      return removeInvalidMarkers(trimmed, passageCount);
    },
    flush() {
      const rest = removeInvalidMarkers(pending, passageCount);
      pending = "";
      return rest;
    },
  };
}

/** Renumbers citations to 1..m in order of first citation; returns the text and the old numbers in new order. */
export function renumberByFirstCitation(text: string): { text: string; order: number[] } {
  const order = citedNumbers(text);
  const position = new Map(order.map((n, index) => [n, index + 1]));
  return { text: rewriteMarkers(text, (n) => position.get(n)), order };
}

export interface AnswerSentence {
  /** The sentence as written, markers included. */
  text: string;
  /** The claim: markers and markdown decoration removed. */
  claim: string;
  numbers: number[];
  /** Offsets of `text` in the answer. */
  start: number;
  end: number;
}

const abbreviations = /(?:^|[\s(])(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|No|vs|etc|e\.g|i\.e|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)$/;
const trailingMarkers = new RegExp(`^(?:\\s*${markerPattern.source})*`, "i");

/**
 * Sentences of an answer. Unlike article text, answers carry markdown and put markers after the
 * full stop ("... in 2007. [2]"), so markers that follow a stop belong to the sentence before it.
 */
export function splitAnswerSentences(text: string): AnswerSentence[] {
  const sentences: AnswerSentence[] = [];
  let lineStart = 0;
  for (const line of text.split("\n")) {
    let start = 0;
    for (let index = 0; index < line.length; index += 1) {
      if (!".!?".includes(line[index])) continue;
      let end = index + 1;
      while (end < line.length && /[.!?"'”’)\]]/.test(line[end]) && !line.startsWith("[", end)) end += 1;
      const markers = trailingMarkers.exec(line.slice(end));
      end += markers ? markers[0].length : 0;
      const atLineEnd = line.slice(end).trim() === "";
      const nextStartsSentence = /^\s+["“(\[*_]*[\p{Lu}\d]/u.test(line.slice(end));
      if (!atLineEnd && !nextStartsSentence) continue;
      if (line[index] === "." && abbreviations.test(line.slice(start, index))) continue;
      pushSentence(sentences, line.slice(start, end), lineStart + start);
      start = end;
      index = end - 1;
    }
    pushSentence(sentences, line.slice(start), lineStart + start);
    lineStart += line.length + 1;
  }
  return sentences;
}

function pushSentence(sentences: AnswerSentence[], raw: string, offset: number): void {
  const text = raw.trim();
  if (text === "") return;
  const start = offset + (raw.length - raw.trimStart().length);
  const numbers = [...new Set(parseCitationMarkers(text).flatMap((marker) => marker.numbers))];
  const claim = text
    .replace(markerPattern, "")
    .replace(/^\s*(?:#{1,6}\s+|[-*+>]\s+|\d+[.)]\s+)/, "")
    .replace(/\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)/g, "")
    .replace(/\s+([.,;:!?])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  sentences.push({ text, claim, numbers, start, end: start + text.length });
}

export interface CheckCitationsOptions {
  /** The complete answer text, markers already pointing into `passages` (1-based). */
  text: string;
  passages: Passage[];
  embedder?: Embedder;
}

interface PassageSentence extends SentenceSpan {
  terms: Set<string>;
}

/**
 * One check per cited passage of each marker, in text order; each check names its marker (the
 * k-th marker of the text is marker k), so every chip can show the sentence it stands after.
 * A sentence citing one passage once gets one check, as before; one citing it in two markers
 * ("X [1] and Y [1].") gets one per marker. Numbers out of range are skipped, but their markers
 * still count.
 */
export async function checkCitations(options: CheckCitationsOptions): Promise<CitationCheck[]> {
  const { passages } = options;
  const markers = parseCitationMarkers(options.text);
  const pairs = splitAnswerSentences(options.text).flatMap((sentence) =>
    sentence.claim === ""
      ? []
      : markers.flatMap((marker, index) =>
          marker.start >= sentence.start && marker.start < sentence.end
            ? marker.numbers.filter((n) => n >= 1 && n <= passages.length).map((n) => ({ sentence, n, marker: index }))
            : [],
        ),
  );
  if (pairs.length === 0) return [];

  const sentencesOf = new Map<number, PassageSentence[]>();
  const passageSentences = (n: number): PassageSentence[] => {
    let found = sentencesOf.get(n);
    if (!found) {
      const spans = splitSentences(passages[n - 1].text);
      const list = spans.length > 0 ? spans : [{ text: passages[n - 1].text, start: 0, end: passages[n - 1].text.length }];
      found = list.map((span) => ({ ...span, terms: new Set(contentTerms(span.text)) }));
      sentencesOf.set(n, found);
    }
    return found;
  };

  const lexical = pairs.map(({ sentence, n, marker }) => {
    const passage = passages[n - 1];
    const claimTerms = contentTerms(sentence.claim);
    const candidates = passageSentences(n);
    let best = candidates[0];
    let bestScore = -1;
    for (const candidate of candidates) {
      const score = coverage(claimTerms, candidate.terms);
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    const verbatim = isVerbatim(sentence.claim, passage.text);
    // A quoted sentence is highlighted as itself: the passage sentence that holds the quote wins
    // over one that merely shares all its words (a longer sentence earlier in the passage).
    if (verbatim) best = candidates.find((candidate) => normalizeForMatch(candidate.text).includes(verbatimNeedle(sentence.claim))) ?? best;
    return {
      n,
      marker,
      sentence,
      best,
      verbatim,
      score: coverage(claimTerms, new Set(contentTerms(passage.text))),
    };
  });

  let semantic: number[] | undefined;
  if (options.embedder) {
    const vectors = await options.embedder.embed(lexical.flatMap((item) => [item.sentence.claim, item.best.text]));
    semantic = lexical.map((_, index) => {
      const similarity = cosine(vectors[2 * index], vectors[2 * index + 1]);
      return Math.max(0, Math.min(1, (similarity - cosineFloor) / (1 - cosineFloor)));
    });
  }

  return lexical.map((item, index) => {
    const blended = semantic ? (1 - semanticWeight) * item.score + semanticWeight * semantic[index] : item.score;
    // A quote is its own best evidence, whatever the word statistics say.
    const score = item.verbatim ? 1 : round(blended);
    const passage = passages[item.n - 1];
    return {
      n: item.n,
      sentence: item.sentence.claim,
      support: score >= supportThreshold ? "supported" : "weak",
      score,
      quoteStart: passage.start + item.best.start,
      quoteEnd: passage.start + item.best.end,
      marker: item.marker,
    } satisfies CitationCheck;
  });
}

function verbatimNeedle(claim: string): string {
  return normalizeForMatch(claim).replace(/[\s.!?,;:]+$/, "");
}

function isVerbatim(claim: string, passageText: string): boolean {
  const needle = verbatimNeedle(claim);
  return needle.length >= 12 && normalizeForMatch(passageText).includes(needle);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
