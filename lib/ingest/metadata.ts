// Metadata hints in an article's own text: the header (date, byline, title line) and the trailer
// (source links, disclaimers, comment forms, "The writer is ..."). Pure string work.

const monthNames = [
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
];
const monthPattern =
  "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

/** The date forms a header uses; kept in one pattern so "is this line a date?" has one answer. */
export const datePattern = new RegExp(
  [
    "\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ][\\d:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?",
    "\\d{4}/\\d{1,2}/\\d{1,2}",
    "\\d{4}\\.\\d{1,2}\\.\\d{1,2}",
    "\\d{4}年\\d{1,2}月\\d{1,2}日",
    `${monthPattern}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}`,
    `\\d{1,2}(?:st|nd|rd|th)?\\s+${monthPattern},?\\s+\\d{4}`,
  ].join("|"),
  "i",
);

function monthNumber(name: string): number {
  const prefix = name.toLowerCase().replace(/\.$/, "").slice(0, 3);
  return monthNames.findIndex((month) => month.startsWith(prefix)) + 1;
}

function isoDate(year: number, month: number, day: number): string {
  if (year < 1000 || year > 2999 || month < 1 || month > 12 || day < 1) return "";
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return "";
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A date as ISO YYYY-MM-DD (or YYYY-MM / YYYY when that is all it says); "" when it is not one. */
export function parseDate(value: string): string {
  const text = value.trim();
  let match = text.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = text.match(/^(\d{4})年(\d{1,2})月(\d{1,2})日/);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = text.match(new RegExp(`^(${monthPattern})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})$`, "i"));
  if (match) return isoDate(Number(match[3]), monthNumber(match[1]), Number(match[2]));
  match = text.match(new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+(${monthPattern}),?\\s+(\\d{4})$`, "i"));
  if (match) return isoDate(Number(match[3]), monthNumber(match[2]), Number(match[1]));
  match = text.match(new RegExp(`^(${monthPattern}),?\\s+(\\d{4})$`, "i"));
  if (match) {
    const month = monthNumber(match[1]);
    return month ? `${match[2]}-${String(month).padStart(2, "0")}` : "";
  }
  match = text.match(/^(\d{4})-(\d{2})$/);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) return text;
  return /^\d{4}$/.test(text) ? text : "";
}

const dateLabel = "(?:date|dated|published(?:\\s+on)?|posted(?:\\s+on)?|updated(?:\\s+on)?|日期|发布时间|发布日期|发布于)";
const labelledDatePrefix = new RegExp(`^${dateLabel}\\s*[:：]?\\s*(${datePattern.source})\\s*(?:[|·•,;–—-]\\s*)?`, "i");
const wholeLineDate = new RegExp(`^(?:${dateLabel}\\s*[:：]?\\s*)?(${datePattern.source})\\.?$`, "i");
const isoDatePrefix = /^(\d{4}-\d{2}-\d{2})(?:\s*[|·•–—-]\s*|\s+)(?=\S)/;
const byline = /^[Bb]y\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|bin|al|and|&)){0,5})\s*(?:[|,·•–—-]\s*(.*))?$/u;

export interface HeaderResult {
  /** Lines left once the header lines are taken out (the first body line may have lost a prefix). */
  lines: string[];
  title: string;
  date: string;
  author: string;
}

const terminalPunctuation = /[.!?…]["')\]]*$/;

/** Share of the longer words that are capitalised: headlines are in title case, sentences are not. */
export function titleCaseRatio(line: string): number {
  const words = line.split(/\s+/).filter((word) => /^["'(]?\p{L}{4,}/u.test(word));
  if (words.length === 0) return 0;
  return words.filter((word) => /^["'(]?\p{Lu}/u.test(word)).length / words.length;
}

/**
 * A title line: short, not ending like a sentence, not holding a sentence break inside, and
 * followed by something that starts afresh. In hard-wrapped text a wrapped line can look the same,
 * so there it must also be in title case or stand alone before a blank line.
 */
export function looksLikeHeading(options: { line: string; next: string | undefined; blankAfter: boolean; hardWrapped: boolean }): boolean {
  const { line, next, blankAfter, hardWrapped } = options;
  if (line.length < 3 || line.length > 200 || line.split(/\s+/).length > 30) return false;
  if (/[.,;:!]["')\]]*$/.test(line)) return false;
  if (/^[\p{Ll}]/u.test(line)) return false;
  if (/\p{Ll}[.!?]["']?\s+\p{Lu}/u.test(line)) return false;
  if (next === undefined || !/^[\p{Lu}\p{N}"'(\[\p{Lo}]/u.test(next)) return false;
  if (line.endsWith("?") && titleCaseRatio(line) < 0.6) return false;
  if (hardWrapped && !blankAfter && titleCaseRatio(line) < 0.6) return false;
  return true;
}

function sameText(a: string, b: string): boolean {
  const simplify = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return simplify(a) !== "" && simplify(a) === simplify(b);
}

/**
 * Reads the header: date prefixes and date lines, a byline, and a title line, in any order, until
 * the first line that is none of them. Only the first ~400 characters are a header: dates in the
 * body ("On August 9, ...") describe events, not the article.
 */
export function parseHeader(options: { lines: string[]; knownTitle: string; hardWrapped: boolean }): HeaderResult {
  const { knownTitle, hardWrapped } = options;
  const lines = [...options.lines];
  const result: HeaderResult = { lines, title: "", date: "", author: "" };
  let titleDone = false;
  let consumed = 0;
  for (let i = 0; i < lines.length && consumed < 400; ) {
    let line = lines[i];
    if (line === "") {
      i += 1;
      continue;
    }
    const prefix = line.match(labelledDatePrefix) ?? (i === firstNonEmpty(lines) ? line.match(isoDatePrefix) : null);
    if (prefix && parseDate(prefix[1])) {
      result.date ||= parseDate(prefix[1]);
      line = line.slice(prefix[0].length).trim();
      lines[i] = line;
      if (line === "") continue;
    }
    const dateLine = line.match(wholeLineDate);
    if (dateLine && parseDate(dateLine[1])) {
      result.date ||= parseDate(dateLine[1]);
      consumed += removeLine(lines, i);
      continue;
    }
    const by = line.match(byline);
    // "By Tuesday, the forum had opened." is a sentence, not a byline: a byline is short and ends bare.
    if (by && line.length <= 100 && !terminalPunctuation.test(by[2] ?? "")) {
      result.author ||= by[1].trim();
      const rest = by[2] ?? "";
      const restDate = rest.match(datePattern);
      if (restDate) result.date ||= parseDate(restDate[0]);
      consumed += removeLine(lines, i);
      continue;
    }
    if (!titleDone) {
      titleDone = true;
      const nextIndex = nextNonEmpty(lines, i + 1);
      if (knownTitle && sameText(knownTitle, line)) {
        // The title printed again atop the body (an <h1>, a "# Title"): metadata already has it.
        result.title = knownTitle;
        consumed += removeLine(lines, i);
        continue;
      }
      if (
        !knownTitle &&
        looksLikeHeading({
          line,
          next: nextIndex === -1 ? undefined : lines[nextIndex],
          blankAfter: lines[i + 1] === "",
          hardWrapped,
        })
      ) {
        result.title = line;
        consumed += removeLine(lines, i);
        continue;
      }
    }
    break;
  }
  return result;
}

function firstNonEmpty(lines: string[]): number {
  return nextNonEmpty(lines, 0);
}

function nextNonEmpty(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i += 1) if (lines[i] !== "") return i;
  return -1;
}

function removeLine(lines: string[], index: number): number {
  const [removed] = lines.splice(index, 1);
  return removed.length + 1;
}

// ---------------------------------------------------------------------------------------------
// Trailer

const urlLike = /^(?:https?:\/\/\S+|www\.\S+|[\w-]+(?:\.[\w-]+)+\/\S*)$/i;
const linkTrailer = /^(?:original(?:\s+(?:link|article|url))?|source(?:\s+(?:link|url))?|link|read more|原文(?:链接|地址)?|来源|本文来源|文章来源)\s*[:：]\s*(\S+)$/i;
const sourceNameTrailer = /^(?:source|来源|本文来源)\s*[:：]\s*(\p{Lu}[^.!?:]{0,58})$/u;
const disclaimerTrailer = /^(?:statement|disclaimer|editor'?s note|声明|免责声明)\s*[:：]\s*.{0,300}$/i;
const shareTrailer =
  /^(?:share(?:\s+this)?(?:\s+(?:article|story|post|page))?(?:\s+on\s+\S+)?|subscribe\b.{0,60}|follow us\b.{0,60}|sign up\b.{0,60}newsletter.{0,40}|tags?\s*[:：].{0,150}|分享(?:到|至)?.{0,20}|关注我们.{0,20}|print|email|tweet|facebook|twitter|linkedin|whatsapp|telegram)\s*[:：]?$/i;
const commentMarker =
  /^(?:comments?|\d+\s+(?:comments?|responses?|replies)|leave a (?:reply|comment)(?:\s+cancel reply)?|post a comment|add a comment|join the (?:discussion|conversation)|cancel reply|评论|发表评论|发表回复|留言|回复|取消回复|\d+\s*条评论|コメント|コメントを残す|комментарии|оставить комментарий)\s*[:：]?$/iu;
const commentFormLine =
  /your email address will not be published|required fields are marked|save my name, email,? and website|您的邮箱地址不会被公开|您的电子邮箱地址不会被公开|必填项已用|在此浏览器中保存我的显示名称|^(?:name|email|e-mail|website|comment|post comment|submit|名称|显示名称|电子邮件|电子邮箱|邮箱|站点|网站|发表评论|提交)\s*\*?$|^Δ$/iu;

export interface TrailerResult {
  lines: string[];
  url: string;
  outlet: string;
}

/** Bare hosts ("www.example.com/a") get a scheme so the link works; the host and path stay as written. */
export function normaliseUrl(value: string): string {
  const trimmed = value.trim().replace(/[.,;]+$/, "");
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  return urlLike.test(trimmed) ? `https://${trimmed}` : "";
}

/**
 * Drops site furniture at the end of an article, line by line from the bottom: source links
 * (kept as the url), disclaimers, share prompts and comment forms. Only whole lines that match
 * known furniture go; the first line that is not furniture stops the walk, so content is safe.
 */
export function parseTrailer(inputLines: string[]): TrailerResult {
  const lines = [...inputLines];
  const result: TrailerResult = { lines, url: "", outlet: "" };
  for (;;) {
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    const last = lines[lines.length - 1];
    if (last === undefined) break;
    const link = last.match(linkTrailer);
    if (link && urlLike.test(link[1])) {
      result.url ||= normaliseUrl(link[1]);
      lines.pop();
      continue;
    }
    const sourceName = last.match(sourceNameTrailer);
    if (sourceName) {
      result.outlet ||= sourceName[1].trim();
      lines.pop();
      continue;
    }
    if (last.length <= 300 && (disclaimerTrailer.test(last) || shareTrailer.test(last) || commentMarker.test(last) || commentFormLine.test(last))) {
      lines.pop();
      continue;
    }
    break;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Hints inside paragraphs (kept in the text; only read)

const outletWords = "Agency|News|Press|Times|Post|Service|TV|Radio|Herald|Tribune|Gazette|Journal|Daily|Wire|Network";
const agencyDateline = new RegExp(
  `^((?:\\p{Lu}[\\p{L}.&'’]*)(?:\\s+(?:\\p{Lu}[\\p{L}.&'’]*|of|the|and|for|&)){0,6}?\\s+(?:${outletWords}))\\s+[-–—]\\s+\\S`,
  "u",
);
const cityDateline = /^\p{Lu}[\p{Lu} ,.'-]{1,40}\s*\(([^()]{2,40})\)\s*[-–—]\s+\S/u;

/** "Kazakh International News Agency - Located ..." or "ASTANA (Kazinform) — ..." names the outlet. */
export function outletFromDateline(paragraph: string): string {
  return paragraph.match(agencyDateline)?.[1] ?? paragraph.match(cityDateline)?.[1]?.trim() ?? "";
}

const writerNote =
  /^(?:the|this)\s+(?:writer|author|columnist|contributor)(?:\s+of\s+this\s+(?:article|piece|op-ed))?\s+is\s+(?:an?\s+|the\s+)?(.{3,200}?)\.?$/i;

/** "The writer is an International Relations Expert from Islamabad, Pakistan." describes the author. */
export function authorFromNote(paragraph: string): string {
  const match = paragraph.match(writerNote);
  return match ? match[1].trim() : "";
}

// ---------------------------------------------------------------------------------------------
// Outlet prefixes in titles

const titlePrefix = /^((?:\p{Lu}[\p{L}&'’.]*)(?:\s+(?:\p{Lu}[\p{L}&'’.]*|of|the|and|&)){0,3}):\s+(\S.{2,})$/u;

function nameKey(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * "Reuters: Kazakhstan hosts summit" reads "Kazakhstan hosts summit", outlet Reuters, but only
 * when the article itself shows the prefix is its outlet: the outlet read from the format or the
 * text (front matter, dateline, "Source:" line) is that name, the url's site is, or the opening
 * cites it as a dateline does ("ASTANA (Kazinform) — …"). Otherwise the prefix may as well be a
 * series, a column or a topic ("Analysis:", "Hamedia:"), and the title stays as written.
 */
export function splitOutletPrefix(options: { title: string; outlet: string; url: string; text: string }): { title: string; outlet: string } {
  const { title, outlet, url, text } = options;
  const match = title.match(titlePrefix);
  if (!match) return { title, outlet };
  const prefix = match[1];
  const key = nameKey(prefix);
  if (key.length < 2) return { title, outlet };
  let hostLabels: string[] = [];
  try {
    hostLabels = url ? new URL(url).hostname.toLowerCase().split(".") : [];
  } catch {
    hostLabels = [];
  }
  const opening = text.slice(0, 400);
  const evidence =
    (outlet !== "" && nameKey(outlet) === key) ||
    hostLabels.slice(0, -1).some((label) => label.replace(/-/g, "") === key) ||
    opening.includes(`(${prefix})`);
  return evidence ? { title: match[2].trim(), outlet: outlet || prefix } : { title, outlet };
}
