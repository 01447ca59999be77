// Sentence-aligned chunks with exact character offsets. Pure and deterministic: the same text
// always gives the same chunks, so chunk ids stay stable across re-ingests.
import { splitSentences } from "@/lib/text/nlp";
import type { ChunkSpan } from "@/lib/types";

export interface ChunkOptions {
  /** A chunk stops growing once it has this many words (at a paragraph end when one is near). */
  targetWords?: number;
  /** No chunk grows past this, except a single sentence that is longer on its own. */
  maxWords?: number;
  /** Sentences repeated at the start of the next chunk, so a fact cut at a border is whole in one. */
  overlapSentences?: number;
}

interface Unit {
  start: number;
  end: number;
  words: number;
  /** The unit opens a paragraph: the preferred place to end the chunk before it. */
  opensParagraph: boolean;
}

const wordPattern = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;

export function countWords(text: string): number {
  return text.match(wordPattern)?.length ?? 0;
}

/**
 * A sentence over twice the maximum (a list flattened into one "sentence") is cut into pieces of at
 * most `maxWords` words, at the last clause mark (, ; : or a dash) past half a piece when there is
 * one, else at a word boundary. Shorter long sentences stay whole: a cut would lose their sense.
 */
function splitLongSentence(options: { text: string; start: number; end: number; maxWords: number }): Unit[] {
  const { text, start, end, maxWords } = options;
  const words = [...text.slice(start, end).matchAll(wordPattern)].map((match) => ({
    start: start + match.index,
    end: start + match.index + match[0].length,
  }));
  const pieces: Unit[] = [];
  let first = 0;
  while (first < words.length) {
    let last = Math.min(words.length - 1, first + maxWords - 1);
    if (last < words.length - 1) {
      for (let candidate = last; candidate > first + Math.floor(maxWords / 2); candidate -= 1) {
        const after = text.slice(words[candidate].end, words[candidate + 1].start);
        if (/[,;:—–]/.test(after)) {
          last = candidate;
          break;
        }
      }
    }
    const pieceStart = first === 0 ? start : words[first].start;
    // The piece takes the punctuation after its last word, up to the next word.
    const pieceEnd = last === words.length - 1 ? end : text.slice(words[last].end, words[last + 1].start).trimEnd().length + words[last].end;
    pieces.push({ start: pieceStart, end: pieceEnd, words: last - first + 1, opensParagraph: false });
    first = last + 1;
  }
  return pieces;
}

/**
 * A unit weighs its words, or one word per `charsPerWord` characters when that is more: a run of
 * characters without spaces (a pasted blob, a long URL) is one "word" but must not make a chunk
 * thousands of characters long. Real sentences average ~6 characters a word, so this never weighs them.
 */
const charsPerWord = 20;

function weight(words: number, chars: number): number {
  return Math.max(words, Math.floor(chars / charsPerWord));
}

function buildUnits(text: string, maxWords: number): Unit[] {
  const units: Unit[] = [];
  let previousEnd = 0;
  for (const sentence of splitSentences(text)) {
    const opensParagraph = units.length === 0 || /\n\s*\n/.test(text.slice(previousEnd, sentence.start));
    previousEnd = sentence.end;
    const words = countWords(sentence.text);
    if (words > 2 * maxWords) {
      const pieces = splitLongSentence({ text, start: sentence.start, end: sentence.end, maxWords });
      pieces[0].opensParagraph = opensParagraph;
      // One push per piece: spreading thousands of pieces into one call would overflow the stack.
      for (const piece of pieces) units.push({ ...piece, words: weight(piece.words, piece.end - piece.start) });
    } else {
      units.push({ start: sentence.start, end: sentence.end, words: weight(words, sentence.end - sentence.start), opensParagraph });
    }
  }
  return units;
}

/**
 * Words from each unit to the end of its paragraph and to the end of the text, summed once from the
 * back: asking again for every unit would take time quadratic in the number of units.
 */
function remainingWords(units: Unit[]): { toParagraphEnd: Float64Array; toTextEnd: Float64Array } {
  const toTextEnd = new Float64Array(units.length + 1);
  const toParagraphEnd = new Float64Array(units.length + 1);
  for (let i = units.length - 1; i >= 0; i -= 1) {
    toTextEnd[i] = toTextEnd[i + 1] + units[i].words;
    // A paragraph runs from a unit to the next unit that opens one.
    const nextOpens = i + 1 < units.length && units[i + 1].opensParagraph;
    toParagraphEnd[i] = units[i].words + (nextOpens ? 0 : toParagraphEnd[i + 1]);
  }
  return { toParagraphEnd, toTextEnd };
}

/**
 * Splits clean text into chunks of whole sentences: each grows to about `targetWords`, never past
 * `maxWords`; it prefers to end where a paragraph ends, finishes a paragraph (or the text) when the
 * rest fits under the maximum, and the next chunk repeats its last `overlapSentences` sentences.
 * Every chunk satisfies `text.slice(start, end) === chunk.text`.
 */
export function chunkText(text: string, options: ChunkOptions = {}): ChunkSpan[] {
  const maxWords = Math.max(1, options.maxWords ?? 250);
  const targetWords = Math.min(maxWords, Math.max(1, options.targetWords ?? 180));
  const overlap = Math.max(0, options.overlapSentences ?? 1);
  const units = buildUnits(text, maxWords);
  const { toParagraphEnd, toTextEnd } = remainingWords(units);
  const chunks: ChunkSpan[] = [];

  let first = 0;
  while (first < units.length) {
    let words = units[first].words;
    let next = first + 1;
    while (next < units.length) {
      const unit = units[next];
      if (words + unit.words > maxWords) break;
      if (unit.opensParagraph) {
        // A clean paragraph border: stop here if the chunk is big enough and the next paragraph
        // will not fit whole, unless the whole rest of the text fits.
        if (words + toTextEnd[next] <= maxWords) {
          words += unit.words;
          next += 1;
          continue;
        }
        if (words >= targetWords) break;
        if (words >= 0.75 * targetWords && words + toParagraphEnd[next] > maxWords) break;
      } else if (words >= targetWords && words + toParagraphEnd[next] > maxWords) {
        break;
      }
      words += unit.words;
      next += 1;
    }
    const start = units[first].start;
    const end = units[next - 1].end;
    chunks.push({ ordinal: chunks.length, text: text.slice(start, end), start, end });
    if (next >= units.length) break;

    // Step back for the overlap, but always move forward, and never repeat a sentence into a
    // chunk that would then have no room for anything new.
    let following = Math.max(first + 1, next - overlap);
    const repeated = units.slice(following, next).reduce((sum, unit) => sum + unit.words, 0);
    if (repeated + units[next].words > maxWords) following = next;
    first = following;
  }
  return chunks;
}
