// Word (.docx) and PDF files to plain text with paragraph breaks, plus the title and author they
// carry. Each format is read by a library made for it: mammoth for .docx, unpdf (pdf.js) for PDF's
// text layer. The text returned here goes through cleanArticle like any other, so every offset
// still points into the cleaned text.
// The three libraries load on the first Word or PDF file, not with the reader: most folders have
// none, and each ingest worker thread would otherwise pay ~200 ms and ~30 MB for them.
import { pageMark, withoutPageMarks } from "../text/pages";
import { decodeEntities, emptyMetadata, type FormatMetadata } from "./formats";

export type DocumentResult =
  /** `firstPage`: for a PDF, the page its text opens on; later pages are marked in the text (lib/text/pages.ts). */
  | { ok: true; text: string; metadata: FormatMetadata; firstPage?: number }
  | { ok: false; reason: string };

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, " ").trim().slice(0, 160);
}

/** A title that names the file or the template rather than the article ("Microsoft Word - draft.docx", "Untitled"). */
function usableTitle(title: string): string {
  const text = title.replace(/\s+/g, " ").trim();
  if (/^(untitled|document\d*|title)$/i.test(text)) return "";
  if (/^microsoft (word|powerpoint) - /i.test(text) || /\.(docx?|pdf|rtf|odt|txt|indd)$/i.test(text)) return "";
  return text;
}

// ---------------------------------------------------------------------------------------------
// .docx

function coreProperty(xml: string, tag: string): string {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  return match ? decodeEntities(match[1]).trim() : "";
}

/** Title and author from the package's core properties (docProps/core.xml), when present. */
async function docxProperties(bytes: Uint8Array): Promise<Pick<FormatMetadata, "title" | "author">> {
  try {
    const { default: JSZip } = await import("jszip");
    const zip = await JSZip.loadAsync(bytes);
    const xml = (await zip.file("docProps/core.xml")?.async("string")) ?? "";
    return { title: usableTitle(coreProperty(xml, "dc:title")), author: coreProperty(xml, "dc:creator") };
  } catch {
    return { title: "", author: "" };
  }
}

/** A .docx's raw text, one paragraph per block (mammoth separates paragraphs by a blank line). */
export async function docxToText(bytes: Uint8Array): Promise<DocumentResult> {
  const { default: mammoth } = await import("mammoth");
  let text: string;
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    text = result.value;
  } catch (error) {
    return { ok: false, reason: `corrupt or unreadable .docx (${oneLine(error)})` };
  }
  // A line break inside a paragraph (Shift+Enter) is a single newline, which cleaning joins like a soft wrap.
  const properties = await docxProperties(bytes);
  return { ok: true, text: text.replace(/\r\n?/g, "\n"), metadata: { ...emptyMetadata(), ...properties } };
}

// ---------------------------------------------------------------------------------------------
// PDF

interface PdfLine {
  text: string;
  /** Baseline height on the page (PDF units, growing upwards). */
  y: number;
  /** Font size of the line's first piece. */
  size: number;
}

interface PdfTextItem {
  str: string;
  transform: number[];
  height: number;
  hasEOL: boolean;
}

function isTextItem(item: unknown): item is PdfTextItem {
  return typeof item === "object" && item !== null && typeof (item as PdfTextItem).str === "string";
}

/** A page's text items as lines: a line ends at an end-of-line mark or where the baseline moves. */
export function pdfLines(items: unknown[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  const flush = () => {
    if (current && current.text.trim() !== "") lines.push({ ...current, text: current.text.replace(/\s+/g, " ").trim() });
    current = undefined;
  };
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const y = item.transform[5] ?? 0;
    const size = Math.abs(item.height) || Math.abs(item.transform[3] ?? 0) || 10;
    if (current && Math.abs(y - current.y) > Math.max(1, 0.5 * Math.min(size, current.size))) flush();
    if (item.str !== "") {
      if (!current) current = { text: "", y, size };
      current.text += item.str;
    }
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
}

/**
 * What joins a line to the next one in the same paragraph. A word broken by a hyphen at the line's end
 * ("hyph-" / "enated") is made whole again; a hyphen before a capital ("Sino-" / "American") stays,
 * without a space; anything else gets a space.
 */
function joinLines(previous: string, next: string): string {
  if (/\u00ad$/.test(previous)) return previous.slice(0, -1) + next;
  if (/\p{L}-$/u.test(previous)) return /^\p{Ll}/u.test(next) ? previous.slice(0, -1) + next : previous + next;
  return `${previous} ${next}`;
}

/**
 * Lines to paragraphs: a gap between baselines clearly wider than the page's usual line spacing (or a
 * jump upwards, to a new column) starts a new paragraph.
 */
export function pdfParagraphs(lines: PdfLine[]): string[] {
  const gaps = lines.slice(1).map((line, index) => lines[index].y - line.y).filter((gap) => gap > 0).sort((a, b) => a - b);
  const usual = gaps.length > 0 ? gaps[Math.floor((gaps.length - 1) / 2)] : 0;
  const paragraphs: string[] = [];
  let current = "";
  lines.forEach((line, index) => {
    if (index > 0) {
      const gap = lines[index - 1].y - line.y;
      const limit = usual > 0 ? Math.max(1.4 * usual, 1.1 * line.size) : 1.8 * line.size;
      if (gap <= 0 || gap > limit) {
        paragraphs.push(current);
        current = "";
      }
    }
    current = current === "" ? line.text : joinLines(current, line.text);
  });
  if (current !== "") paragraphs.push(current);
  return paragraphs;
}

function infoString(info: unknown, key: string): string {
  const value = (info as Record<string, unknown> | undefined)?.[key];
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
}

/** A page's running header or footer that is only its number ("3", "- 3 -", "Page 3", "Page 3 of 50"). */
const pageNumberLine = /^(?:page\s+)?[-–—\s]*\d{1,5}[-–—\s]*(?:of\s+\d{1,5})?$/i;

/**
 * Pages' paragraphs (without their page-number lines) as one text: a page break is a paragraph break, except where a word is hyphenated
 * across it ("neigh-" / "bours"), and every page after the first one with text opens with its page
 * mark, so the page of any sentence survives cleaning.
 */
export function joinPdfPages(pages: { number: number; paragraphs: string[] }[]): { text: string; firstPage: number } {
  let text = "";
  let firstPage = 0;
  for (const { number, paragraphs } of pages) {
    if (paragraphs.length === 0) continue;
    const body = paragraphs.join("\n\n");
    if (text === "") {
      text = body;
      firstPage = number;
    } else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(body)) {
      text = text.slice(0, -1) + pageMark(number) + body;
    } else {
      text = `${text}\n\n${pageMark(number)}${body}`;
    }
  }
  return { text, firstPage };
}

/** A PDF's text layer, page by page (see joinPdfPages). */
export async function pdfToText(bytes: Uint8Array): Promise<DocumentResult> {
  const { getDocumentProxy } = await import("unpdf");
  let pdf;
  try {
    // A copy: pdf.js may take over (detach) the buffer it is given, and the caller still hashes the bytes.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (error) {
    if ((error as Error | undefined)?.name === "PasswordException") return { ok: false, reason: "password-protected PDF" };
    return { ok: false, reason: `corrupt or unreadable PDF (${oneLine(error)})` };
  }
  try {
    const pages: { number: number; paragraphs: string[] }[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const lines = pdfLines(content.items);
      const body = lines.filter((line, index) => !((index === 0 || index === lines.length - 1) && pageNumberLine.test(line.text)));
      const paragraphs = pdfParagraphs(body).map(withoutPageMarks).filter((paragraph) => paragraph.trim() !== "");
      pages.push({ number, paragraphs });
      page.cleanup();
    }
    const { text, firstPage } = joinPdfPages(pages);
    if (text.trim() === "") return { ok: false, reason: "no text layer (scanned PDF?)" };
    let info: unknown;
    try {
      info = (await pdf.getMetadata()).info;
    } catch {
      info = undefined;
    }
    const metadata = { ...emptyMetadata(), title: usableTitle(infoString(info, "Title")), author: infoString(info, "Author") };
    return { ok: true, text, metadata, firstPage };
  } catch (error) {
    return { ok: false, reason: `corrupt or unreadable PDF (${oneLine(error)})` };
  } finally {
    await pdf.destroy();
  }
}
