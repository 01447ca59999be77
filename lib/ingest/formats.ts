// Markdown to plain text with paragraph breaks, plus the metadata each format carries.
// Pure string work (no fs): the reader hands bytes in, cleaning takes the text on from here.
// Every step takes time linear in its input: the patterns that could backtrack quadratically on
// hostile files ("[" x 160k, long runs of spaces) are scanned in code (markup-scan.ts).
import { parseDocument } from "yaml";
import {
  frontMatterBlock,
  headingText,
  isTableSeparator,
  isThematicBreak,
  listItemText,
  removeImages,
  removeReferenceImages,
  replaceDelimited,
  stripQuoteMarkers,
  unwrapAutolinks,
  unwrapLinks,
  unwrapReferenceLinks,
  unwrapSpans,
} from "./markup-scan";

export interface FormatMetadata {
  title: string;
  date: string;
  outlet: string;
  author: string;
  url: string;
}

export function emptyMetadata(): FormatMetadata {
  return { title: "", date: "", outlet: "", author: "", url: "" };
}

// ---------------------------------------------------------------------------------------------
// Markdown

// Front matter keys people actually use for each field, in order of preference.
const frontMatterKeys: Record<keyof FormatMetadata, string[]> = {
  title: ["title", "headline"],
  date: ["date", "published", "published_at", "publishdate", "pubdate", "created"],
  outlet: ["source", "outlet", "publisher", "site", "site_name", "publication"],
  author: ["author", "authors", "byline", "writer"],
  url: ["url", "link", "canonical", "canonical_url", "source_url", "original"],
};

/** A front matter value as text: scalars as written, lists joined by ", ", `{ name: ... }` by its name. */
function fieldText(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(fieldText).filter(Boolean).join(", ");
  if (typeof value === "object" && value !== null) return fieldText((value as Record<string, unknown>).name);
  return "";
}

/**
 * YAML front matter, read by the `yaml` package; keys lowercased, values as text (see fieldText).
 * Front matter that is not valid YAML, or not a map of keys, is not front matter: the block stays in
 * the body and is read as text, so nothing written is lost and nothing throws.
 */
export function parseFrontMatter(markdown: string): { fields: Record<string, string>; body: string } {
  const block = frontMatterBlock(markdown);
  if (!block) return { fields: {}, body: markdown };
  let data: unknown;
  try {
    // uniqueKeys off: a repeated key keeps its last value, as hand-written front matter expects.
    const document = parseDocument(block.inner, { uniqueKeys: false, prettyErrors: false });
    if (document.errors.length > 0) return { fields: {}, body: markdown };
    data = document.toJS({ maxAliasCount: 50 });
  } catch {
    return { fields: {}, body: markdown };
  }
  const body = markdown.slice(block.length);
  if (data === null || data === undefined) return { fields: {}, body };
  if (typeof data !== "object" || Array.isArray(data)) return { fields: {}, body: markdown };
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const text = fieldText(value);
    if (text !== "") fields[key.toLowerCase()] = text;
  }
  return { fields, body };
}

export function frontMatterMetadata(fields: Record<string, string>): FormatMetadata {
  const metadata = emptyMetadata();
  for (const field of Object.keys(frontMatterKeys) as (keyof FormatMetadata)[]) {
    const key = frontMatterKeys[field].find((candidate) => fields[candidate]);
    if (key) metadata[field] = fields[key];
  }
  return metadata;
}

const inlineHtmlTag = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;

function stripInlineMarkdown(line: string): string {
  // Images carry no text worth answering from; links keep their words, not their targets.
  let text = removeImages(line);
  text = removeReferenceImages(text);
  text = unwrapLinks(text);
  text = unwrapReferenceLinks(text);
  text = unwrapAutolinks(text);
  text = text.replace(/`([^`]+)`/g, "$1");
  text = unwrapSpans(text, ["**", "__"]);
  text = text
    .replace(/(?<![\p{L}\p{N}*\\])\*(?=[^\s*])([^*]*?[^\s*\\])\*(?![\p{L}\p{N}*])/gu, "$1")
    .replace(/(?<![\p{L}\p{N}_\\])_(?=[^\s_])([^_]*?[^\s_\\])_(?![\p{L}\p{N}_])/gu, "$1");
  text = unwrapSpans(text, ["~~"]);
  return text.replace(inlineHtmlTag, "").replace(/\\([\\`*_{}[\]()#+\-.!>])/g, "$1");
}

/**
 * Light Markdown stripping: syntax goes, words stay verbatim. Headings and list items become
 * blocks of their own (blank lines around them) so they never merge into a neighbouring paragraph.
 */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  const lines = replaceDelimited(markdown, "<!--", "-->").split("\n");
  let inFence = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      out.push("");
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    const next = lines[i + 1] ?? "";
    if (line.trim() !== "" && /^\s{0,3}(=+|-+)\s*$/.test(next) && !/^\s*([-*+]|\d+[.)])\s/.test(line)) {
      out.push("", stripInlineMarkdown(line.trim()), "");
      i += 1;
      continue;
    }
    if (isThematicBreak(line)) {
      out.push("");
      continue;
    }
    if (/^\s*\[[^\]]+\]:\s*\S+/.test(line)) continue;
    if (isTableSeparator(line)) continue;
    const heading = headingText(line);
    if (heading !== undefined) {
      out.push("", stripInlineMarkdown(heading), "");
      continue;
    }
    let body = stripQuoteMarkers(line);
    const bullet = listItemText(body, "-*+");
    if (bullet !== undefined) {
      out.push("", stripInlineMarkdown(bullet));
      continue;
    }
    if (/^\s*\d+[.)]\s+/.test(body)) {
      out.push("", stripInlineMarkdown(body.trim()));
      continue;
    }
    body = stripInlineMarkdown(body);
    out.push(body);
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Character references (the .docx properties carry them; HTML pages are read by html.ts)

const namedEntities: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ensp: "\u2002", emsp: "\u2003",
  thinsp: "\u2009", ndash: "\u2013", mdash: "\u2014", lsquo: "\u2018", rsquo: "\u2019",
  sbquo: "\u201a", ldquo: "\u201c", rdquo: "\u201d", bdquo: "\u201e", hellip: "\u2026",
  laquo: "\u00ab", raquo: "\u00bb", lsaquo: "\u2039", rsaquo: "\u203a", middot: "\u00b7",
  bull: "\u2022", copy: "\u00a9", reg: "\u00ae", trade: "\u2122", deg: "\u00b0", euro: "\u20ac",
  pound: "\u00a3", yen: "\u00a5", cent: "\u00a2", sect: "\u00a7", para: "\u00b6", times: "\u00d7",
  divide: "\u00f7", minus: "\u2212", prime: "\u2032", Prime: "\u2033", shy: "\u00ad",
  zwj: "\u200d", zwnj: "\u200c", iexcl: "\u00a1", iquest: "\u00bf", frac12: "\u00bd",
  frac14: "\u00bc", frac34: "\u00be", aacute: "\u00e1", Aacute: "\u00c1", eacute: "\u00e9",
  Eacute: "\u00c9", iacute: "\u00ed", oacute: "\u00f3", uacute: "\u00fa", ntilde: "\u00f1",
  Ntilde: "\u00d1", ouml: "\u00f6", Ouml: "\u00d6", uuml: "\u00fc", Uuml: "\u00dc", auml: "\u00e4",
  Auml: "\u00c4", ccedil: "\u00e7", Ccedil: "\u00c7", szlig: "\u00df", agrave: "\u00e0",
  egrave: "\u00e8", ecirc: "\u00ea", ocirc: "\u00f4",
};

/** Named (common ones) and numeric character references; unknown names are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : "\ufffd";
    }
    const named = namedEntities[body];
    // Without its semicolon only the legacy few decode, so "AT&T" and "&copyright" stay as written.
    if (named === undefined) return whole;
    if (!whole.endsWith(";") && !["amp", "lt", "gt", "quot", "nbsp"].includes(body)) return whole;
    return named;
  });
}
