// HTML pages to plain text with paragraph breaks, plus the metadata they carry. The page is parsed
// by linkedom (a DOM without a browser) and its article found by Mozilla's Readability, the
// library behind Firefox's reader view: main content, title, byline, site name and published time
// (meta tags and JSON-LD). The text returned here goes through cleanArticle like any other, so
// every offset still points into the cleaned text.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { emptyMetadata, type FormatMetadata } from "./formats";

/**
 * Past this many elements Readability is not run: its scoring passes grow faster than the page,
 * and a page this large is a dump or an attack rather than an article. The plain walk below (the
 * <article>, else <main>, else <body>) still reads it, in time linear in its size.
 */
const maxReadabilityElements = 20_000;

// Parts of a page that are never the article; dropped with everything inside them.
const droppedElements = new Set([
  "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "nav", "header",
  "footer", "aside", "form", "button", "select", "textarea", "head", "figure", "menu", "dialog", "math",
]);
const blockElements = new Set([
  "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "figcaption", "h1", "h2",
  "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
  "tfoot", "th", "thead", "tr", "ul", "body", "html",
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const elementNode = 1;
const textNode = 3;

/**
 * A node's visible text, blocks separated by blank lines and <br> kept as a line break. Iterative
 * (an explicit stack), so a page nested 100,000 elements deep cannot overflow the call stack.
 */
export function domText(root: DomNode): string {
  const blocks: string[] = [];
  let lines: string[] = [];
  let line = "";
  const endLine = () => {
    const text = line.replace(/[ \t\n\r\f]+/g, " ").trim();
    if (text !== "") lines.push(text);
    line = "";
  };
  const endBlock = () => {
    endLine();
    if (lines.length > 0) blocks.push(lines.join("\n"));
    lines = [];
  };
  // Entries are nodes to visit, or "end" markers that close a block element after its children.
  const stack: (DomNode | "end")[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === "end") {
      endBlock();
      continue;
    }
    if (node.nodeType === textNode) {
      line += node.textContent ?? "";
      continue;
    }
    if (node.nodeType !== elementNode && node !== root) continue;
    const name = node.nodeName.toLowerCase();
    if (droppedElements.has(name)) continue;
    if (name === "br") {
      endLine();
      continue;
    }
    const block = blockElements.has(name);
    if (block) {
      endBlock();
      stack.push("end");
    }
    for (let index = node.childNodes.length - 1; index >= 0; index -= 1) stack.push(node.childNodes[index]);
  }
  endBlock();
  return blocks.join("\n\n");
}

interface HeadFields {
  meta: Map<string, string>;
  canonical: string;
  time: string;
}

function headFields(document: Document): HeadFields {
  const meta = new Map<string, string>();
  for (const element of document.querySelectorAll("meta")) {
    const key = (element.getAttribute("property") ?? element.getAttribute("name") ?? element.getAttribute("itemprop") ?? "").toLowerCase().trim();
    const content = (element.getAttribute("content") ?? "").trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  let canonical = "";
  for (const link of document.querySelectorAll("link[rel]")) {
    if ((link.getAttribute("rel") ?? "").toLowerCase().split(/\s+/).includes("canonical") && link.getAttribute("href")) {
      canonical = link.getAttribute("href")!.trim();
      break;
    }
  }
  const time = document.querySelector("time[datetime]")?.getAttribute("datetime")?.trim() ?? "";
  return { meta, canonical, time };
}

const oneLine = (value: string | null | undefined) => (value ?? "").replace(/\s+/g, " ").trim();

/** A byline that is only a profile link, or "By" glued to the name, is made plain or dropped. */
function plainByline(byline: string): string {
  if (/^https?:\/\//i.test(byline)) return "";
  return byline.replace(/^by\s+/i, "").trim();
}

/** Visible article text of an HTML page, blocks separated by blank lines, plus its metadata. */
export function htmlToText(html: string): { text: string; metadata: FormatMetadata } {
  const { document } = parseHTML(html);
  const head = headFields(document);
  const pick = (...keys: string[]) => keys.map((key) => head.meta.get(key)).find((value) => value) ?? "";
  const fallbackRoot = (document.querySelector("article") ?? document.querySelector("main") ?? document.body ?? document.documentElement) as unknown as DomNode | null;

  let article: ReturnType<Readability<DomNode>["parse"]> = null;
  // Readability edits the DOM it reads: the fallback text is taken first.
  const fallbackText = fallbackRoot ? domText(fallbackRoot) : "";
  if (document.querySelectorAll("*").length <= maxReadabilityElements) {
    try {
      // Readability retries with looser rules (re-serialising the page each time) until its pick
      // holds `charThreshold` characters: a page whose whole text is shorter would take every retry
      // for nothing, so the bar is at most half of what the page holds.
      const charThreshold = Math.max(1, Math.min(500, Math.floor(fallbackText.length / 2)));
      article = new Readability<DomNode>(document as unknown as Document, { serializer: (node) => node as unknown as DomNode, charThreshold }).parse();
    } catch {
      article = null;
    }
  }
  const readable = article?.content ? domText(article.content) : "";
  // Readability can pick a teaser box on a page of short paragraphs; the whole article is then longer by far.
  const text = readable !== "" && readable.length >= 0.4 * fallbackText.length ? readable : fallbackText;

  const titleTag = oneLine(document.querySelector("title")?.textContent);
  const metadata: FormatMetadata = {
    ...emptyMetadata(),
    title: oneLine(pick("og:title", "twitter:title", "dc.title", "headline")) || oneLine(article?.title) || titleTag,
    date: oneLine(article?.publishedTime) || pick("date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "datepublished") || head.time,
    outlet: oneLine(article?.siteName) || pick("application-name", "publisher"),
    author: plainByline(oneLine(pick("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")) || oneLine(article?.byline)),
    // An imported page records where it came from (caravan:url), in case it names no canonical address.
    url: head.canonical || pick("og:url", "caravan:url"),
  };
  return { text, metadata };
}
