// Split a clean article into paragraphs (on blank lines) with their offsets, and cut the
// highlighted span out of each paragraph it touches. Offsets are into the article's clean text.

export interface Segment {
  text: string;
  highlighted: boolean;
}

export interface Paragraph {
  start: number;
  segments: Segment[];
}

export interface Span {
  start: number;
  end: number;
}

/** A span from the query string, or undefined when it is absent, malformed or out of range. */
export function parseSpan(start: string | undefined, end: string | undefined, length: number): Span | undefined {
  if (start === undefined || end === undefined || !/^\d+$/.test(start) || !/^\d+$/.test(end)) return undefined;
  const from = Math.min(Number(start), length);
  const to = Math.min(Number(end), length);
  return to > from ? { start: from, end: to } : undefined;
}

export function paragraphsWithHighlight(text: string, span: Span | undefined): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const separator = /\n\s*\n/g;
  let cursor = 0;
  const push = (from: number, to: number) => {
    // Trim the paragraph's edges without losing track of where it starts.
    while (from < to && /\s/.test(text[from])) from += 1;
    while (to > from && /\s/.test(text[to - 1])) to -= 1;
    if (to <= from) return;
    const segments: Segment[] = [];
    if (span && span.start < to && span.end > from) {
      const markFrom = Math.max(from, span.start);
      const markTo = Math.min(to, span.end);
      if (markFrom > from) segments.push({ text: text.slice(from, markFrom), highlighted: false });
      segments.push({ text: text.slice(markFrom, markTo), highlighted: true });
      if (to > markTo) segments.push({ text: text.slice(markTo, to), highlighted: false });
    } else {
      segments.push({ text: text.slice(from, to), highlighted: false });
    }
    paragraphs.push({ start: from, segments });
  };
  for (const match of text.matchAll(separator)) {
    push(cursor, match.index);
    cursor = match.index + match[0].length;
  }
  push(cursor, text.length);
  return paragraphs;
}

/**
 * A long article in parts of about `partChars` characters, each ending at a paragraph break (or,
 * in a text without one near, at a line break or space), so the reader renders one part at a time.
 */
export function readerParts(text: string, partChars: number): Span[] {
  const parts: Span[] = [];
  let start = 0;
  while (text.length - start > partChars) {
    const limit = start + partChars;
    const window = text.slice(start + Math.floor(partChars / 2), limit);
    const cutAt = (pattern: string) => {
      const found = window.lastIndexOf(pattern);
      return found === -1 ? -1 : start + Math.floor(partChars / 2) + found + pattern.length;
    };
    const cut = [cutAt("\n\n"), cutAt("\n"), cutAt(" ")].find((position) => position > start) ?? limit;
    parts.push({ start, end: cut });
    start = cut;
  }
  parts.push({ start, end: text.length });
  return parts;
}

/** The index of the part that holds an offset. */
export function partOf(parts: Span[], offset: number): number {
  const index = parts.findIndex((part) => offset < part.end);
  return index === -1 ? parts.length - 1 : index;
}
