// Page numbers of paged documents (PDF), carried from the page to the citation. Pure and
// client-safe: ingest marks pages, the store keeps each chunk's pages, the UI reads them back.

/** Where a page begins in an article's clean text. Sorted by `start`; the first entry starts at 0. */
export interface PageStart {
  page: number;
  start: number;
}

// A page break travels through cleaning as one character from Unicode's Supplementary Private Use
// Area-A (plane 15): no cleaning step touches it, and no real text uses it (any found in a PDF's
// text are removed first). The page number is the code point's offset, so a mark lost to cleaning
// costs that one page boundary, not the numbering of every later page.
const markBase = 0xf0000;
const markLimit = 0xffffd;
const markPattern = /[\u{f0000}-\u{ffffd}]/gu;

/** The mark that says "page `page` starts here". */
export function pageMark(page: number): string {
  return String.fromCodePoint(Math.min(markBase + page, markLimit));
}

/** Text with any plane-15 private-use characters removed, so only our own marks remain. */
export function withoutPageMarks(text: string): string {
  return text.replace(markPattern, "");
}

/**
 * Removes the page marks from a text and says where each page begins in what is left. `firstPage`
 * is the page the text opens on (a PDF whose first pages are blank starts later).
 */
export function extractPageMarks(text: string, firstPage: number): { text: string; pages: PageStart[] } {
  const pages: PageStart[] = [{ page: firstPage, start: 0 }];
  let out = "";
  let last = 0;
  markPattern.lastIndex = 0;
  for (let match = markPattern.exec(text); match !== null; match = markPattern.exec(text)) {
    out += text.slice(last, match.index);
    last = match.index + match[0].length;
    const page = match[0].codePointAt(0)! - markBase;
    const start = out.length;
    // Two marks at one place (an empty page between): the later page wins.
    if (pages.at(-1)!.start === start) pages[pages.length - 1] = { page, start };
    else pages.push({ page, start });
  }
  out += text.slice(last);
  return { text: out, pages };
}

/**
 * A chunk's pages as stored with it: "page@offset" entries separated by spaces, the first one the
 * page the chunk opens on (at its start), then every page that begins inside it. "" when the
 * article has no pages.
 */
export function encodeChunkPages(pages: readonly PageStart[] | undefined, start: number, end: number): string {
  if (!pages || pages.length === 0) return "";
  let first = pages[0];
  const inside: PageStart[] = [];
  for (const entry of pages) {
    if (entry.start <= start) first = entry;
    else if (entry.start < end) inside.push(entry);
  }
  return [{ page: first.page, start }, ...inside].map((entry) => `${entry.page}@${entry.start}`).join(" ");
}

/** The page an offset inside a chunk falls on, from the chunk's stored pages; undefined when unpaged. */
export function pageAt(encoded: string | undefined, offset: number): number | undefined {
  if (!encoded) return undefined;
  let page: number | undefined;
  for (const entry of encoded.split(" ")) {
    const [number, start] = entry.split("@").map(Number);
    if (!Number.isFinite(number) || !Number.isFinite(start)) continue;
    if (page === undefined || start <= offset) page = number;
    else break;
  }
  return page;
}
