// Linear-time stand-ins for the Markdown regexes that backtracked quadratically on hostile input
// (160 KB of "[", runs of spaces); HTML is read by Readability on linkedom now. Each function
// returns exactly what the regex named above it returned (markup-scan.test.ts checks them against
// those regexes on random strings); only the time differs. Pure string work.
import { isWhitespace } from "../text/runs";

// ---------------------------------------------------------------------------------------------
// Building blocks

/** `(from) => first index >= from where predicate holds, or -1`; repeated look-ups over one stretch cost nothing. */
function nextWhere(text: string, predicate: (code: number) => boolean): (from: number) => number {
  // Known: nothing matches in [cachedFrom, cachedAt), and cachedAt matches (or is -1: nothing to the end).
  let cachedFrom = Number.POSITIVE_INFINITY;
  let cachedAt = -1;
  return (from) => {
    if (from >= cachedFrom && (cachedAt === -1 || from <= cachedAt)) return cachedAt;
    let index = from;
    while (index < text.length && !predicate(text.charCodeAt(index))) index += 1;
    cachedFrom = from;
    cachedAt = index < text.length ? index : -1;
    return cachedAt;
  };
}

function nextChar(text: string, char: string): (from: number) => number {
  const code = char.charCodeAt(0);
  return nextWhere(text, (candidate) => candidate === code);
}

interface Replacement {
  end: number;
  replacement: string;
}

/**
 * A global replace driven by code: `find(from)` gives the next position a match could start at,
 * `match(at)` the match there (or undefined to try the next position), as String#replace would.
 */
function scanReplace(text: string, find: (from: number) => number, match: (at: number) => Replacement | undefined): string {
  const parts: string[] = [];
  let position = 0;
  let from = 0;
  for (;;) {
    const at = find(from);
    if (at === -1) break;
    const found = match(at);
    if (!found) {
      from = at + 1;
      continue;
    }
    parts.push(text.slice(position, at), found.replacement);
    position = from = found.end;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(position));
  return parts.join("");
}

function literal(text: string, needle: string): (from: number) => number {
  return (from) => text.indexOf(needle, from);
}

const lineTerminator = /[\n\r\u2028\u2029]/;

// ---------------------------------------------------------------------------------------------
// Delimited blocks

/** `text.replace(/OPEN[\s\S]*?CLOSE/g, replacement)` for literal OPEN and CLOSE (comments, CDATA). */
export function replaceDelimited(text: string, open: string, close: string, replacement = ""): string {
  const parts: string[] = [];
  let position = 0;
  for (;;) {
    const start = text.indexOf(open, position);
    if (start === -1) break;
    const end = text.indexOf(close, start + open.length);
    // No CLOSE after this OPEN means none after any later OPEN either.
    if (end === -1) break;
    parts.push(text.slice(position, start), replacement);
    position = end + close.length;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(position));
  return parts.join("");
}

// ---------------------------------------------------------------------------------------------
// Markdown inline

/** `line.replace(/!\[[^\]]*\]\([^)]*\)/g, "")`: inline images. */
export function removeImages(line: string): string {
  if (!line.includes("![")) return line;
  const bracket = nextChar(line, "]");
  const paren = nextChar(line, ")");
  return scanReplace(line, literal(line, "!["), (at) => {
    const close = bracket(at + 2);
    if (close === -1 || line[close + 1] !== "(") return undefined;
    const end = paren(close + 2);
    return end === -1 ? undefined : { end: end + 1, replacement: "" };
  });
}

/** `line.replace(/!\[[^\]]*\]\[[^\]]*\]/g, "")`: reference images. */
export function removeReferenceImages(line: string): string {
  if (!line.includes("![")) return line;
  const bracket = nextChar(line, "]");
  return scanReplace(line, literal(line, "!["), (at) => {
    const close = bracket(at + 2);
    if (close === -1 || line[close + 1] !== "[") return undefined;
    const end = bracket(close + 2);
    return end === -1 ? undefined : { end: end + 1, replacement: "" };
  });
}

/**
 * Where a link destination that starts at each position ends: the index of its closing ")", or -1.
 * The destination is `(?:[^()]|\([^)]*\))*\)`: plain characters and one level of (parentheses),
 * which leaves no choice to backtrack into, so one pass from the right answers for every start.
 */
function destinationEnds(line: string): Int32Array {
  const ends = new Int32Array(line.length + 1);
  ends[line.length] = -1;
  let nextClose = -1;
  for (let index = line.length - 1; index >= 0; index -= 1) {
    const code = line.charCodeAt(index);
    if (code === 0x29) {
      ends[index] = index;
      nextClose = index;
    } else if (code === 0x28) {
      ends[index] = nextClose === -1 ? -1 : ends[nextClose + 1];
    } else {
      ends[index] = ends[index + 1];
    }
  }
  return ends;
}

/** `line.replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, "$1")`: inline links keep their words. */
export function unwrapLinks(line: string): string {
  if (!line.includes("](")) return line;
  const bracket = nextChar(line, "]");
  let ends: Int32Array | undefined;
  return scanReplace(line, literal(line, "["), (at) => {
    const close = bracket(at + 1);
    if (close === -1 || close === at + 1 || line[close + 1] !== "(") return undefined;
    ends ??= destinationEnds(line);
    const end = ends[close + 2];
    return end === -1 ? undefined : { end: end + 1, replacement: line.slice(at + 1, close) };
  });
}

/** `line.replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")`: reference links keep their words. */
export function unwrapReferenceLinks(line: string): string {
  if (!line.includes("][")) return line;
  const bracket = nextChar(line, "]");
  return scanReplace(line, literal(line, "["), (at) => {
    const close = bracket(at + 1);
    if (close === -1 || close === at + 1 || line[close + 1] !== "[") return undefined;
    const end = bracket(close + 2);
    return end === -1 ? undefined : { end: end + 1, replacement: line.slice(at + 1, close) };
  });
}

/** `line.replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/g, "$1")`: autolinks. */
export function unwrapAutolinks(line: string): string {
  if (!line.includes("<")) return line;
  const stop = nextWhere(line, (code) => code === 0x3e || isWhitespace(code));
  return scanReplace(line, literal(line, "<"), (at) => {
    const scheme = line.startsWith("http://", at + 1) ? 7 : line.startsWith("https://", at + 1) ? 8 : line.startsWith("mailto:", at + 1) ? 7 : 0;
    if (scheme === 0) return undefined;
    const from = at + 1 + scheme;
    const end = stop(from);
    if (end === -1 || end === from || line.charCodeAt(end) !== 0x3e) return undefined;
    return { end: end + 1, replacement: line.slice(at + 1, end) };
  });
}

/** Positions k where `delimiter` starts and the character before it is not whitespace: where a span can close. */
function closers(line: string, delimiter: string): number[] {
  const found: number[] = [];
  for (let index = line.indexOf(delimiter, 1); index !== -1; index = line.indexOf(delimiter, index + 1)) {
    if (!isWhitespace(line.charCodeAt(index - 1))) found.push(index);
  }
  return found;
}

function firstAtLeast(sorted: number[], value: number): number | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return sorted[low];
}

/**
 * `line.replace(/(D1|D2)(?=\S)([\s\S]*?\S)\1/g, "$2")` for two-character delimiters (** and __, or
 * ~~): a span opens on a delimiter before a non-space and closes at the first delimiter after a
 * non-space. The closing positions are listed once instead of being searched for from every opener.
 */
export function unwrapSpans(line: string, delimiters: string[]): string {
  const present = delimiters.filter((delimiter) => line.includes(delimiter));
  if (present.length === 0) return line;
  const closing = new Map(present.map((delimiter) => [delimiter, closers(line, delimiter)]));
  // Each delimiter's next position, searched for again only once the scan has passed it.
  const next = present.map((delimiter) => ({ delimiter, from: Number.POSITIVE_INFINITY, at: -1 }));
  const find = (from: number) => {
    let best = -1;
    for (const entry of next) {
      const known = from >= entry.from && (entry.at === -1 || from <= entry.at);
      if (!known) {
        entry.from = from;
        entry.at = line.indexOf(entry.delimiter, from);
      }
      if (entry.at !== -1 && (best === -1 || entry.at < best)) best = entry.at;
    }
    return best;
  };
  return scanReplace(line, find, (at) => {
    // The regex tries its delimiters in order at each position.
    const delimiter = present.find((candidate) => line.startsWith(candidate, at));
    if (!delimiter || at + 2 >= line.length || isWhitespace(line.charCodeAt(at + 2))) return undefined;
    const close = firstAtLeast(closing.get(delimiter)!, at + 3);
    return close === undefined ? undefined : { end: close + 2, replacement: line.slice(at + 2, close) };
  });
}

// ---------------------------------------------------------------------------------------------
// Markdown blocks

/** `line.match(/^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/)?.[1]`: an ATX heading's text, closing #s dropped. */
export function headingText(line: string): string | undefined {
  const prefix = /^\s{0,3}#{1,6}\s+/.exec(line);
  if (!prefix) return undefined;
  let text = line.slice(prefix[0].length).trimEnd();
  let hashes = text.length;
  while (hashes > 0 && text.charCodeAt(hashes - 1) === 0x23) hashes -= 1;
  if (hashes > 0 && hashes < text.length && isWhitespace(text.charCodeAt(hashes - 1))) {
    let start = hashes - 1;
    while (start > 0 && isWhitespace(text.charCodeAt(start - 1))) start -= 1;
    text = text.slice(0, start);
  }
  // `.` stops at line terminators: a heading text holding one does not match at all.
  return lineTerminator.test(text) ? undefined : text;
}

/** `/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)`: a thematic break (---, * * *, ___). */
export function isThematicBreak(line: string): boolean {
  let index = 0;
  while (index < 3 && index < line.length && isWhitespace(line.charCodeAt(index))) index += 1;
  const marker = line[index];
  if (marker !== "-" && marker !== "*" && marker !== "_") return false;
  let count = 0;
  for (; index < line.length; index += 1) {
    if (line[index] === marker) count += 1;
    else if (!isWhitespace(line.charCodeAt(index))) return false;
  }
  return count >= 3;
}

/** `/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)`: a table's header separator row. */
export function isTableSeparator(line: string): boolean {
  let body = line.trim();
  if (body.startsWith("|")) body = body.slice(1);
  if (body.endsWith("|")) body = body.slice(0, -1);
  return body.split("|").every((cell) => /^\s*:?-{3,}:?\s*$/.test(cell));
}

/** `line.replace(/^\s{0,3}(>\s?)+/, "")`: blockquote markers off. */
export function stripQuoteMarkers(line: string): string {
  let index = 0;
  while (index < 3 && index < line.length && isWhitespace(line.charCodeAt(index))) index += 1;
  if (line[index] !== ">") return line;
  while (line[index] === ">") {
    index += 1;
    if (index < line.length && isWhitespace(line.charCodeAt(index))) index += 1;
  }
  return line.slice(index);
}

/**
 * `line.match(/^\s*[MARKERS]\s+(.*)$/)?.[1]`: a list item's text. The text starts after all the
 * whitespace that follows the marker, and may not hold a line terminator (`.` stops there).
 */
export function listItemText(line: string, markers: string): string | undefined {
  let index = 0;
  while (index < line.length && isWhitespace(line.charCodeAt(index))) index += 1;
  if (index >= line.length || !markers.includes(line[index])) return undefined;
  index += 1;
  if (index >= line.length || !isWhitespace(line.charCodeAt(index))) return undefined;
  while (index < line.length && isWhitespace(line.charCodeAt(index))) index += 1;
  const text = line.slice(index);
  return lineTerminator.test(text) ? undefined : text;
}

// ---------------------------------------------------------------------------------------------
// Front matter

/**
 * `markdown.match(/^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/)`: the YAML block and how
 * many characters it takes, the closing line included.
 */
export function frontMatterBlock(markdown: string): { inner: string; length: number } | undefined {
  const open = /^---[ \t]*\n/.exec(markdown);
  if (!open) return undefined;
  const from = open[0].length;
  for (let newline = markdown.indexOf("\n", from); newline !== -1; newline = markdown.indexOf("\n", newline + 1)) {
    if (!markdown.startsWith("---", newline + 1) && !markdown.startsWith("...", newline + 1)) continue;
    let end = newline + 4;
    while (end < markdown.length && (markdown[end] === " " || markdown[end] === "\t")) end += 1;
    if (end === markdown.length) return { inner: markdown.slice(from, newline), length: end };
    if (markdown[end] === "\n") return { inner: markdown.slice(from, newline), length: end + 1 };
  }
  return undefined;
}
