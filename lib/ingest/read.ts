import "server-only";
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Article, SkippedFile } from "@/lib/types";
import { cleanArticle, type ArticleFormat } from "./clean";

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
};

export function formatOf(source: string): ArticleFormat | undefined {
  return formatByExtension[path.extname(source).toLowerCase()];
}

/** Article files under `corpusDir`, recursively: relative, forward slashes, sorted; dotfiles skipped. */
export async function listCorpusFiles(corpusDir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(path.join(corpusDir, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && formatOf(entry.name)) found.push(child);
    }
  }
  await walk("");
  // Plain code-unit order: the same on every machine and locale.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const accented = text.match(/[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e]/g)?.length ?? 0;
  // French or German text has well under a fifth of its letters accented; mis-read Cyrillic has most.
  return letters > 0 && accented / letters <= 0.2 ? text : undefined;
}

/** Reads, checks and cleans one file; anything unusable comes back as a skip with a one-line reason. */
export async function loadArticle(options: {
  corpusDir: string;
  source: string;
}): Promise<{ ok: true; article: Article } | { ok: false; skipped: SkippedFile }> {
  const { corpusDir, source } = options;
  const skip = (reason: string) => ({ ok: false as const, skipped: { source, reason } });

  const format = formatOf(source);
  if (!format) return skip("unsupported file type (use .txt, .md, .markdown, .html or .htm)");
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
    const code = (error as NodeJS.ErrnoException).code;
    return skip(`unreadable (${code ?? (error as Error).message})`);
  }

  if (bytes.length === 0) return skip("empty file");
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
  if (raw.trim() === "") return skip("empty file (whitespace only)");

  const cleaned = cleanArticle({ raw, format });
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
