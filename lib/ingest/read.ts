import "server-only";
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Article, SkippedFile } from "@/lib/types";
import { cleanArticle, type ArticleFormat } from "./clean";
import { docxToText, pdfToText } from "./documents";

/** Files above this are skipped: nothing in a folder of articles is legitimately this big. */
export const maxFileBytes = 50 * 1024 * 1024;
/** Cleaned text shorter than this has nothing to answer from (a stub, a bare link, a form). */
export const minArticleChars = 40;

const formatByExtension: Record<string, ArticleFormat> = {
  ".txt": "txt",
  ".md": "md",
  ".markdown": "md",
  ".html": "html",
  ".htm": "html",
  ".docx": "docx",
  ".pdf": "pdf",
};

export function formatOf(source: string): ArticleFormat | undefined {
  return formatByExtension[path.extname(source).toLowerCase()];
}

/** One line saying why something failed: the error code when there is one ("EACCES"), else its name and message. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) return code;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, " ").trim().slice(0, 160);
}

export interface CorpusScan {
  /** Article files: relative, forward slashes, sorted. */
  files: string[];
  /** Folders that could not be listed (relative, forward slashes), with the reason. */
  unreadableFolders: SkippedFile[];
}

/**
 * Article files under `corpusDir`, recursively; dotfiles skipped. A subfolder that cannot be listed
 * (EACCES, ENAMETOOLONG, ELOOP, ...) is reported and the walk goes on; only the corpus folder itself
 * failing stops it, since then there is nothing to ingest from.
 */
export async function scanCorpus(corpusDir: string): Promise<CorpusScan> {
  const files: string[] = [];
  const unreadableFolders: SkippedFile[] = [];
  async function walk(relative: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(corpusDir, relative), { withFileTypes: true });
    } catch (error) {
      if (relative === "") throw error;
      unreadableFolders.push({ source: relative, reason: `unreadable folder (${describeError(error)})` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && formatOf(entry.name)) files.push(child);
    }
  }
  await walk("");
  // Plain code-unit order: the same on every machine and locale.
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  files.sort(order);
  unreadableFolders.sort((a, b) => order(a.source, b.source));
  return { files, unreadableFolders };
}

/** Article files under `corpusDir`, recursively: relative, forward slashes, sorted; dotfiles and unreadable folders skipped. */
export async function listCorpusFiles(corpusDir: string): Promise<string[]> {
  return (await scanCorpus(corpusDir)).files;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why these bytes are not text we can read, or undefined when they are. */
function binaryReason(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return "UTF-16 encoded; save it as UTF-8";
  }
  const sample = bytes.subarray(0, 64 * 1024);
  if (sample.includes(0)) return "binary file (contains NUL bytes)";
  let controlBytes = 0;
  for (const byte of sample) {
    // Tab, newline, form feed and carriage return are ordinary in text; other C0 bytes are not.
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
      controlBytes += 1;
    }
  }
  const ratio = sample.length === 0 ? 0 : controlBytes / sample.length;
  return ratio > 0.05 ? `binary file (${Math.round(ratio * 100)}% control characters)` : undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const windows1252 = new TextDecoder("windows-1252");

/**
 * Text that is not UTF-8 is read as Windows-1252 (a superset of Latin-1): that is how older
 * Western articles were saved (Word's curly quotes are its 0x93/0x94), and skipping them would
 * lose the article. UTF-8 is always tried first; its decoder rejects legacy bytes reliably.
 * Another legacy encoding (Cyrillic, Greek, Shift-JIS...) read this way turns into a soup of
 * accented letters or undefined C1 codes: such text is skipped with a reason instead.
 */
function decodeLegacy(bytes: Uint8Array): string | undefined {
  const text = windows1252.decode(bytes);
  // The five bytes Windows-1252 leaves undefined decode to C1 controls: not Western text.
  if (/[\u0080-\u009f]/.test(text)) return undefined;
  // Counted, not collected: a 50 MB file would otherwise make an array of 50 million strings.
  const letters = count(text, /\p{L}/gu);
  const accented = count(text, /[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e]/g);
  // French or German text has well under a fifth of its letters accented; mis-read Cyrillic has most.
  return letters > 0 && accented / letters <= 0.2 ? text : undefined;
}

function count(text: string, pattern: RegExp): number {
  let total = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) total += 1;
  return total;
}

/** An article as ingest reads it: the shared fields plus the title the text itself carries (see CleanedArticle). */
export type LoadedArticle = Article & { ownTitle: string };

export type LoadResult =
  | { ok: true; article: LoadedArticle }
  /**
   * `transient`: the file could not be read or processed, or is empty (a save in progress), so its
   * content is unknown rather than bad: an already indexed version must stay.
   */
  | { ok: false; skipped: SkippedFile; transient: boolean };

/**
 * Reads, checks and cleans one file; anything unusable comes back as a skip with a one-line reason.
 * It never throws: an error while reading or cleaning (a RangeError on a pathological file) is a skip too.
 */
export async function loadArticle(options: { corpusDir: string; source: string }): Promise<LoadResult> {
  try {
    return await readArticle(options);
  } catch (error) {
    return { ok: false, skipped: { source: options.source, reason: `could not be processed (${describeError(error)})` }, transient: true };
  }
}

async function readArticle(options: { corpusDir: string; source: string }): Promise<LoadResult> {
  const { corpusDir, source } = options;
  const skip = (reason: string, transient = false) => ({ ok: false as const, skipped: { source, reason }, transient });

  const format = formatOf(source);
  if (!format) return skip("unsupported file type (use .txt, .md, .markdown, .html, .htm, .docx or .pdf)");
  const root = path.resolve(corpusDir);
  const file = path.resolve(root, source);
  if (path.relative(root, file).startsWith("..") || path.isAbsolute(path.relative(root, file))) {
    return skip("outside the corpus folder");
  }

  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (!info.isFile()) return skip("not a regular file");
    if (info.size > maxFileBytes) return skip(`too large (${megabytes(info.size)}; the limit is ${megabytes(maxFileBytes)})`);
    bytes = await readFile(file);
  } catch (error) {
    return skip(`unreadable (${describeError(error)})`, true);
  }

  if (bytes.length === 0) return skip("empty file", true);
  if (format === "docx" || format === "pdf") {
    const document = format === "docx" ? await docxToText(bytes) : await pdfToText(bytes);
    // A Word or PDF file that fails to open may be caught mid-save: its indexed version stays.
    if (!document.ok) return skip(document.reason, true);
    return finish(cleanArticle({ raw: document.text, format, source, metadata: document.metadata, firstPage: document.firstPage }));
  }
  const binary = binaryReason(bytes);
  if (binary) return skip(binary);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let raw: string;
  try {
    raw = utf8.decode(hasBom ? bytes.subarray(3) : bytes);
  } catch {
    const legacy = hasBom ? undefined : decodeLegacy(bytes);
    if (legacy === undefined) return skip("not valid UTF-8, nor Western (Windows-1252/Latin-1) text; save it as UTF-8");
    raw = legacy;
  }
  if (raw.trim() === "") return skip("empty file (whitespace only)", true);

  return finish(cleanArticle({ raw, format, source }));

  function finish(cleaned: ReturnType<typeof cleanArticle>): LoadResult {
    if (cleaned.text.length < minArticleChars) {
      return skip(`too short after cleaning (${cleaned.text.length} characters; at least ${minArticleChars} needed)`);
    }
    return {
      ok: true,
      article: {
        source,
        ...cleaned,
        contentHash: createHash("sha256").update(bytes).digest("hex"),
      },
    };
  }
}
