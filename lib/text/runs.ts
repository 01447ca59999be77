// Whitespace and very long runs without it. Pure, dependency-free: shared by ingest (markup
// scanning, chunking) and the sentence splitter, so hostile text costs linear time everywhere.

/** Exactly the characters a JavaScript regex's `\s` (and String#trim) matches. */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * A run of this many characters without whitespace is not a word: it is a pasted blob ("ab-ab-…",
 * a URL repeated, base64). The longest real tokens (URLs) stay well under it.
 */
export const longestRun = 500;
/** Text handed to the sentence model at once; a paragraph longer than this is read in parts. */
export const longestSegment = 1_000_000;

export interface TextSegment {
  start: number;
  end: number;
  /** A piece of an over-long run: a sentence of its own, never given to the sentence model. */
  verbatim: boolean;
}

// Where a piece of a long run may end: after sentence punctuation (CJK text has no spaces at all).
const pieceBreak = /[.!?;。！？；]/;

/** Ends a piece of a long run at or before `limit`, after punctuation when there is some in its second half. */
function pieceEnd(text: string, start: number, limit: number): number {
  for (let index = limit - 1; index > start + (limit - start) / 2; index -= 1) {
    if (pieceBreak.test(text[index])) return index + 1;
  }
  // Never split a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff && limit - 1 > start ? limit - 1 : limit;
}

/** Cuts an over-long segment at its last sentence-looking break (". A") before `limit`, else its last space. */
function segmentEnd(text: string, start: number, limit: number): number {
  let lastSpace = -1;
  for (let index = limit - 1; index > start; index -= 1) {
    if (!isWhitespace(text.charCodeAt(index))) continue;
    if (lastSpace === -1) lastSpace = index;
    if (/[.!?]/.test(text[index - 1] ?? "") && /\p{Lu}/u.test(text[index + 1] ?? "")) return index + 1;
    // Looking back further than this only shortens the segment for nothing.
    if (limit - index > 10_000 && lastSpace !== -1) break;
  }
  return lastSpace === -1 ? limit : lastSpace + 1;
}

/**
 * Splits `text[start, end)` into segments the sentence model can read in linear time: runs of more
 * than `longestRun` non-whitespace characters come out as verbatim pieces of at most that length,
 * and the text between them in segments of at most `longestSegment` characters. Segments are in
 * order and cover the range; text without long runs comes back as one segment.
 */
export function boundedSegments(text: string, start = 0, end = text.length, limits = { run: longestRun, segment: longestSegment }): TextSegment[] {
  const segments: TextSegment[] = [];
  const pushPlain = (from: number, to: number) => {
    while (to - from > limits.segment) {
      const cut = segmentEnd(text, from, from + limits.segment);
      segments.push({ start: from, end: cut, verbatim: false });
      from = cut;
    }
    if (to > from) segments.push({ start: from, end: to, verbatim: false });
  };
  let plainStart = start;
  let runStart = -1;
  for (let index = start; index <= end; index += 1) {
    const inRun = index < end && !isWhitespace(text.charCodeAt(index));
    if (inRun) {
      if (runStart === -1) runStart = index;
      continue;
    }
    if (runStart !== -1 && index - runStart > limits.run) {
      pushPlain(plainStart, runStart);
      for (let piece = runStart; piece < index; ) {
        const cut = index - piece > limits.run ? pieceEnd(text, piece, piece + limits.run) : index;
        segments.push({ start: piece, end: cut, verbatim: true });
        piece = cut;
      }
      plainStart = index;
    }
    runStart = -1;
  }
  pushPlain(plainStart, end);
  return segments;
}
