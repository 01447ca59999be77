// Markdown and HTML to plain text with paragraph breaks, plus the metadata each format carries.
// Pure string work (no fs): the reader hands bytes in, cleaning takes the text on from here.

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

const frontMatterPattern = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

// Front matter keys people actually use for each field, in order of preference.
const frontMatterKeys: Record<keyof FormatMetadata, string[]> = {
  title: ["title", "headline"],
  date: ["date", "published", "published_at", "publishdate", "pubdate", "created"],
  outlet: ["source", "outlet", "publisher", "site", "site_name", "publication"],
  author: ["author", "authors", "byline", "writer"],
  url: ["url", "link", "canonical", "canonical_url", "source_url", "original"],
};

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = trimmed.match(/^(["'])([\s\S]*)\1$/);
  if (!quoted) return trimmed.replace(/\s+#.*$/, "");
  return quoted[1] === '"' ? quoted[2].replace(/\\"/g, '"') : quoted[2].replace(/''/g, "'");
}

/**
 * Simple YAML front matter: `key: value` lines, inline `[a, b]` lists and `- item` lists.
 * Nested maps are ignored; nothing here needs them, and a full YAML parser is not a dependency.
 */
export function parseFrontMatter(markdown: string): { fields: Record<string, string>; body: string } {
  const match = markdown.match(frontMatterPattern);
  if (!match) return { fields: {}, body: markdown };
  const fields: Record<string, string> = {};
  let listKey: string | undefined;
  for (const line of match[1].split("\n")) {
    const item = line.match(/^\s+-\s+(.*)$/) ?? line.match(/^-\s+(.*)$/);
    if (item && listKey) {
      const value = unquote(item[1]);
      fields[listKey] = fields[listKey] ? `${fields[listKey]}, ${value}` : value;
      continue;
    }
    const pair = line.match(/^([A-Za-z_][\w-]*)\s*:\s*(.*)$/);
    if (!pair) {
      listKey = undefined;
      continue;
    }
    const key = pair[1].toLowerCase();
    const raw = pair[2].trim();
    listKey = raw === "" ? key : undefined;
    const inlineList = raw.match(/^\[(.*)\]$/);
    const value = inlineList
      ? inlineList[1].split(",").map(unquote).filter(Boolean).join(", ")
      : unquote(raw);
    if (value !== "") fields[key] = value;
  }
  return { fields, body: markdown.slice(match[0].length) };
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
  return (
    line
      // Images carry no text worth answering from; links keep their words, not their targets.
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
      .replace(/!\[[^\]]*\]\[[^\]]*\]/g, "")
      .replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, "$1")
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
      .replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/g, "$1")
      .replace(/`([^`]+)`/g, "$1")
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
      .replace(/(?<![\p{L}\p{N}*\\])\*(?=[^\s*])([^*]*?[^\s*\\])\*(?![\p{L}\p{N}*])/gu, "$1")
      .replace(/(?<![\p{L}\p{N}_\\])_(?=[^\s_])([^_]*?[^\s_\\])_(?![\p{L}\p{N}_])/gu, "$1")
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "$1")
      .replace(inlineHtmlTag, "")
      .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, "$1")
  );
}

/**
 * Light Markdown stripping: syntax goes, words stay verbatim. Headings and list items become
 * blocks of their own (blank lines around them) so they never merge into a neighbouring paragraph.
 */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, "").split("\n");
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
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push("");
      continue;
    }
    if (/^\s*\[[^\]]+\]:\s*\S+/.test(line)) continue;
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue;
    const heading = line.match(/^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/);
    if (heading) {
      out.push("", stripInlineMarkdown(heading[1]), "");
      continue;
    }
    let body = line.replace(/^\s{0,3}(>\s?)+/, "");
    const bullet = body.match(/^\s*[-*+]\s+(.*)$/);
    if (bullet) {
      out.push("", stripInlineMarkdown(bullet[1]));
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
// HTML

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

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    found[match[1].toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "").trim();
  }
  return found;
}

function htmlMetadata(html: string): FormatMetadata {
  const meta = new Map<string, string>();
  for (const match of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = attributes(match[0]);
    const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? "").toLowerCase();
    if (key && attrs.content && !meta.has(key)) meta.set(key, attrs.content);
  }
  const pick = (...keys: string[]) => keys.map((key) => meta.get(key)).find((value) => value) ?? "";
  const titleTag = html.match(/<title\b[^>]*>([\s\S]*?)<\/title\s*>/i)?.[1] ?? "";
  let canonical = "";
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(match[0]);
    if ((attrs.rel ?? "").toLowerCase().split(/\s+/).includes("canonical") && attrs.href) {
      canonical = attrs.href;
      break;
    }
  }
  const time = html.match(/<time\b[^>]*\bdatetime\s*=\s*["']([^"']+)["']/i)?.[1] ?? "";
  const author = pick("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author");
  return {
    title: pick("og:title", "twitter:title", "dc.title", "headline") || collapse(decodeEntities(stripTags(titleTag))),
    date:
      pick("article:published_time", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "datepublished") ||
      time,
    outlet: pick("og:site_name", "application-name", "publisher"),
    // An article:author that is a profile URL names no one.
    author: /^https?:\/\//i.test(author) ? "" : author,
    url: canonical || pick("og:url"),
  };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function stripTags(html: string): string {
  return html.replace(/<\/?[A-Za-z][^>]*>/g, "");
}

// Parts of a page that are never the article; dropped with everything inside them.
const droppedElements = [
  "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "nav", "header",
  "footer", "aside", "form", "button", "select", "textarea", "head", "figure", "menu", "dialog",
];
const blockElements =
  "address|article|blockquote|caption|dd|details|div|dl|dt|figcaption|h[1-6]|hr|li|main|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul";

const paragraphMark = "\ue000";
const lineMark = "\ue001";

function innerOf(html: string, tag: string): string | undefined {
  const match = html.match(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*)<\\/${tag}\\s*>`, "i"));
  return match && collapse(stripTags(match[1])) !== "" ? match[1] : undefined;
}

/** Visible article text of an HTML page, blocks separated by blank lines, plus its head metadata. */
export function htmlToText(html: string): { text: string; metadata: FormatMetadata } {
  const metadata = htmlMetadata(html);
  let body = html.replace(/[\ue000\ue001]/g, "").replace(/<!--[\s\S]*?-->/g, "").replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "");
  for (const tag of droppedElements) {
    body = body.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?<\\/${tag}\\s*>`, "gi"), paragraphMark);
    body = body.replace(new RegExp(`<${tag}\\b[^>]*\\/?>`, "gi"), paragraphMark);
  }
  // The <article> (else <main>, else <body>) is the story; the rest of the page is chrome.
  body = innerOf(body, "article") ?? innerOf(body, "main") ?? innerOf(body, "body") ?? body;
  body = body
    .replace(/<br\b[^>]*>/gi, lineMark)
    .replace(new RegExp(`<\\/?(?:${blockElements})\\b[^>]*>`, "gi"), paragraphMark)
    .replace(/<img\b[^>]*>/gi, "")
    .replace(/<\/?[A-Za-z][^>]*>/g, "")
    .replace(/<![^>]*>/g, "")
    .replace(/<\?[^>]*>/g, "");
  const text = decodeEntities(body)
    .replace(/[ \t\n\r\f]+/g, " ")
    .replace(new RegExp(`\\s*${lineMark}\\s*`, "g"), "\n")
    .replace(new RegExp(`\\s*(?:${paragraphMark}\\s*)+`, "g"), "\n\n")
    .trim();
  return { text, metadata };
}
