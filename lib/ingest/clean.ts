// The core of ingest: raw article text in, clean paragraphs and metadata out. Pure (no fs), so
// it is tested on strings; every offset in the system points into the text this returns.
import {
  emptyMetadata,
  frontMatterMetadata,
  markdownToText,
  parseFrontMatter,
  type FormatMetadata,
} from "./formats";
import { metadataFromPath } from "./file-name";
import { htmlToText } from "./html";
import { authorFromNote, outletFromDateline, parseDate, parseHeader, parseTrailer, splitOutletPrefix, titleCaseRatio } from "./metadata";
import { personInAuthorField } from "./person-names";
import { extractPageMarks, withoutPageMarks, type PageStart } from "../text/pages";

/** `docx` and `pdf` arrive as text already (documents.ts), with the metadata their files carry. */
export type ArticleFormat = "txt" | "md" | "html" | "docx" | "pdf";

export interface CleanedArticle {
  text: string;
  title: string;
  /**
   * The title the article itself carries (its title line, front matter, HTML meta); "" when
   * `title` came from the file name. Only this one rides along in the indexed passages, so a
   * name-made title ("Abraham Lincoln, 1863") changes what is shown, not what is found.
   */
  ownTitle: string;
  date: string;
  outlet: string;
  author: string;
  url: string;
  /** Where each page begins in `text`, for paged formats (PDF); absent otherwise. */
  pages?: PageStart[];
}

// ---------------------------------------------------------------------------------------------
// Characters

const oddSpaces = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const invisible = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Curly quotes to ASCII, odd spaces to spaces, runs of spaces collapsed, lines trimmed. A curly
 * quote glued to a word ("projection of“soft power”") gets its space back first, because only
 * the curly form still says which side of the quotation the word stands on.
 */
export function normaliseCharacters(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(invisible, "")
    .replace(controls, "")
    .replace(/([\p{L}\p{N},;:])([“„«])/gu, "$1 $2")
    .replace(/([”»])([\p{L}\p{N}])/gu, "$1 $2")
    .replace(/([\p{L}\p{N},;:])‘/gu, "$1 ‘")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(oddSpaces, " ")
    .replace(/ {2,}/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

const endsSentence = /[.!?…]["')\]]*$/;
const startsAfresh = /^[\p{Lu}\p{N}"'(\[]/u;

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Length in code points (`[...line].length`), without building an array of a 30 MB line's characters. */
function length(line: string): number {
  let count = line.length;
  for (let index = 0; index < line.length - 1; index += 1) {
    const code = line.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = line.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        index += 1;
      }
    }
  }
  return count;
}

/**
 * Hard-wrapped text has most lines near one width (under ~100 characters) and most lines ending
 * mid-sentence. Text with one paragraph per line has widths all over the place and lines that end
 * on punctuation, so it is never merged into one blob.
 */
export function detectHardWrap(lines: string[]): { hardWrapped: boolean; width: number } {
  const nonEmpty = lines.filter((line) => line !== "");
  if (nonEmpty.length < 4) return { hardWrapped: false, width: 0 };
  const lengths = nonEmpty.map(length);
  const width = percentile(lengths, 0.9);
  if (width < 25 || width > 110) return { hardWrapped: false, width };
  const nearWidth = lengths.filter((value) => value >= 0.6 * width).length / lengths.length;
  const midSentence = nonEmpty.filter((line) => !endsSentence.test(line)).length / nonEmpty.length;
  return { hardWrapped: nearWidth >= 0.6 && midSentence >= 0.4, width };
}

/**
 * What goes between a paragraph and its next wrapped line, from the paragraph's last few characters
 * (`tail`): a line broken after a hyphen or dash glued to a word continues the same word group.
 * Reading the whole paragraph at every line instead was quadratic.
 */
function wrapJoiner(tail: string): string {
  return /\p{L}[-—–]$/u.test(tail) ? "" : " ";
}

/** The last four code units of `text + added`, enough for two code points. */
function tailAfter(tail: string, added: string): string {
  return added.length >= 4 ? added.slice(-4) : (tail + added).slice(-4);
}

/**
 * Rebuilds paragraphs. Blank lines always separate. In hard-wrapped text a line also ends its
 * paragraph when it ends a sentence well short of the wrap width (the writer pressed return), or
 * when it is a short title-case line between paragraphs (a subheading).
 */
export function rebuildParagraphs(options: { lines: string[]; mode: "lines" | "blocks" | "wrapped"; width?: number }): string[] {
  const { lines, mode } = options;
  const width = options.width ?? 0;
  const paragraphs: string[] = [];
  let current = "";
  let tail = "";
  const flush = () => {
    if (current !== "") paragraphs.push(current);
    current = "";
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line === "") {
      flush();
      continue;
    }
    if (mode === "lines") {
      paragraphs.push(line);
      continue;
    }
    const next = lines[i + 1];
    const nextStartsAfresh = next !== undefined && next !== "" && startsAfresh.test(next);
    if (mode === "wrapped" && current === "" && nextStartsAfresh && length(line) < 0.5 * width && !endsSentence.test(line) && !/[,;:]$/.test(line) && titleCaseRatio(line) >= 0.6) {
      paragraphs.push(line);
      continue;
    }
    if (current === "") {
      current = line;
      tail = line.slice(-4);
    } else {
      const joiner = wrapJoiner(tail);
      current = current + joiner + line;
      tail = tailAfter(tailAfter(tail, joiner), line);
    }
    if (mode === "wrapped" && nextStartsAfresh && endsSentence.test(line) && length(line) < 0.8 * width) flush();
  }
  flush();
  return paragraphs;
}

// ---------------------------------------------------------------------------------------------
// The whole article

function extract(raw: string, format: ArticleFormat, given?: FormatMetadata): { body: string; metadata: FormatMetadata } {
  const text = raw.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  if (format === "md") {
    const { fields, body } = parseFrontMatter(text);
    return { body: markdownToText(body), metadata: frontMatterMetadata(fields) };
  }
  if (format === "html") {
    const { text: body, metadata } = htmlToText(text);
    return { body, metadata };
  }
  return { body: text, metadata: given ?? emptyMetadata() };
}

function tidyField(value: string): string {
  return normaliseCharacters(value).replace(/\s+/g, " ").trim();
}

/**
 * Longest metadata kept, in characters. A title rides along in every passage's search text and in
 * every answer that names the article: a 390 KB front-matter "title" made each comparison stream
 * 1.9 MB. Real titles, bylines and outlet names fit easily.
 */
export const fieldLimits = { title: 300, author: 200, outlet: 120, url: 2_048 } as const;

/** A field cut to `max` characters at a word boundary, with an ellipsis when cut. */
export function capField(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Cleans one article: format syntax out, characters normalised, header and trailer furniture
 * read into metadata and removed, paragraphs rebuilt and joined by blank lines. Metadata comes
 * from the format (front matter, <meta>) first, then from the text's own hints, and last from the
 * file's name and folders (`source`, relative to the corpus: `1863-abraham-lincoln.txt` gives
 * author and year); what none of them says stays "".
 */
export function cleanArticle(options: {
  raw: string;
  format: ArticleFormat;
  source?: string;
  metadata?: FormatMetadata;
  /** A paged text (PDF): the page it opens on; later pages are marked in `raw` (lib/text/pages.ts). */
  firstPage?: number;
}): CleanedArticle {
  const { body, metadata } = extract(options.raw, options.format, options.metadata);
  const known = {
    title: tidyField(metadata.title),
    date: parseDate(metadata.date) || (metadata.date.match(/^\d{4}-\d{2}-\d{2}/)?.[0] ?? ""),
    outlet: tidyField(metadata.outlet),
    author: tidyField(metadata.author),
    url: metadata.url.trim(),
  };
  const lines = normaliseCharacters(body).split("\n");

  const firstLine = lines.findIndex((line) => line !== "");
  const { hardWrapped, width } =
    options.format === "txt" ? detectHardWrap(lines.slice(firstLine + 1)) : { hardWrapped: false, width: 0 };
  const header = parseHeader({ lines, knownTitle: known.title, hardWrapped });
  const trailer = parseTrailer(header.lines);
  // Word and PDF text comes in blocks: a blank line between paragraphs, a line break inside one is a soft one.
  const mode =
    options.format === "html" ? "lines" : options.format === "txt" ? (hardWrapped ? "wrapped" : "lines") : "blocks";
  const paragraphs = rebuildParagraphs({ lines: trailer.lines, mode, width });
  // Page marks leave the text here, after every step that reads lines, so offsets count without them.
  const paged = options.firstPage === undefined ? undefined : extractPageMarks(paragraphs.join("\n\n"), options.firstPage);
  const text = paged ? paged.text : paragraphs.join("\n\n");

  // Author notes and datelines stay in the text (they answer questions); they are only read.
  const note = paragraphs.slice(-2).map((paragraph) => authorFromNote(withoutPageMarks(paragraph))).find(Boolean) ?? "";
  const url = known.url || trailer.url;
  const fromText = {
    title: known.title || header.title,
    date: known.date || header.date,
    outlet: known.outlet || outletFromDateline(withoutPageMarks(paragraphs[0] ?? "")) || trailer.outlet,
    // "International Relations Expert from Islamabad, Pakistan" describes the writer without naming anyone.
    author: personInAuthorField(known.author || header.author || note),
  };
  // "Reuters: …" loses its prefix only when the article shows Reuters is its outlet.
  const prefixed = splitOutletPrefix({ title: fromText.title, outlet: fromText.outlet, url, text });
  const fromPath = options.source ? metadataFromPath(options.source) : { title: "", date: "", author: "", outlet: "" };
  return {
    text,
    title: capField(prefixed.title || fromPath.title, fieldLimits.title),
    ownTitle: capField(prefixed.title, fieldLimits.title),
    date: fromText.date || fromPath.date,
    outlet: capField(prefixed.outlet || fromPath.outlet, fieldLimits.outlet),
    author: capField(fromText.author || fromPath.author, fieldLimits.author),
    // A URL cut short would point somewhere else: one too long is dropped.
    url: url.length <= fieldLimits.url ? url : "",
    ...(paged ? { pages: paged.pages } : {}),
  };
}
