import "server-only";
import { randomUUID } from "node:crypto";
import { link, mkdir, rm, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { formatOf, loadArticle, maxFileBytes } from "./read";

// Changes a person makes to the library from the web page. Each one is a change to the corpus
// folder, which stays the source of truth (so `npm run ingest` agrees with the page); the index
// follows by an ordinary incremental ingest (library-jobs.ts). A file is checked before it lands:
// it is written to a staging folder inside the corpus (a dot-folder, which ingest never reads),
// read there exactly as ingest reads it, and moved in only when ingest would index it. So a bad
// upload says why at once and never sits in the folder being skipped on every run.

/** What became of one file of a change. */
export interface ChangeResult {
  /** The name the person gave (a file name, a title, a URL). */
  name: string;
  ok: boolean;
  /** The file in the corpus folder, relative (when it was written). */
  source?: string;
  /** Why it was not added: the same one-line reasons ingest gives. */
  reason?: string;
}

const stagingFolder = ".caravan-incoming";
/** Long enough for any real title; file systems cap a name at 255 bytes. */
const maxNameLength = 120;

const supported = ".txt, .md, .markdown, .html, .htm, .docx or .pdf";

/**
 * A safe corpus file name from a name a browser sent: the last path segment only, no characters
 * that are special in a path or a shell, no leading dot (ingest would skip it), a supported
 * extension, at most ~120 characters. Undefined when nothing usable is left.
 */
export function safeFileName(given: string): { name: string } | { reason: string } {
  const base = given.normalize("NFC").split(/[\\/]/).pop() ?? "";
  const extension = path.extname(base).toLowerCase();
  if (!formatOf(base)) return { reason: `unsupported file type (use ${supported})` };
  let stem = base
    .slice(0, base.length - extension.length)
    .replace(/[\u0000-\u001f\u007f<>:"|?*]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s-]+/, "");
  if (stem.length > maxNameLength) stem = stem.slice(0, maxNameLength).trim();
  if (stem === "") return { reason: "the file name has no usable characters" };
  return { name: `${stem}${extension}` };
}

/** A file name for pasted text, from its title: "Water deal signed" -> "Water deal signed.md". */
export function pastedFileName(title: string): string {
  const cleaned = safeFileName(`${title.replace(/[\\/.]+/g, " ")}.md`);
  return "name" in cleaned ? cleaned.name : `Pasted text ${new Date().toISOString().slice(0, 10)}.md`;
}

/** Pasted text as a Markdown file whose front matter carries its title (and, for imports, where it came from). */
export function markdownWithFrontMatter(fields: Record<string, string>, body: string): string {
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim() !== ""));
  return `---\n${stringify(present, { lineWidth: 0 })}---\n\n${body.replace(/\r\n?/g, "\n").trim()}\n`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function insideCorpus(corpusDir: string, source: string): string | undefined {
  const root = path.resolve(corpusDir);
  const file = path.resolve(root, source);
  const relative = path.relative(root, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? undefined : file;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Checks one file as ingest would and, when ingest would index it, puts it in the corpus folder.
 * `knownHashes` maps the content hash of every indexed document to its source: the same bytes
 * under a new name are refused as ingest would skip them ("duplicate of …").
 */
export async function addFile(options: {
  corpusDir: string;
  name: string;
  bytes: Uint8Array;
  knownHashes: Map<string, string>;
  /** Largest file accepted, in bytes (at most ingest's own limit). */
  maxBytes?: number;
}): Promise<ChangeResult> {
  const { corpusDir, bytes } = options;
  const fail = (reason: string): ChangeResult => ({ name: options.name, ok: false, reason });
  const safe = safeFileName(options.name);
  if ("reason" in safe) return fail(safe.reason);
  const limit = Math.min(options.maxBytes ?? maxFileBytes, maxFileBytes);
  if (bytes.length > limit) return fail(`too large (${megabytes(bytes.length)}; the limit is ${megabytes(limit)})`);
  if (bytes.length === 0) return fail("empty file");
  const target = insideCorpus(corpusDir, safe.name);
  if (!target) return fail("outside the corpus folder");
  if (await exists(target)) return fail(`a file named "${safe.name}" is already in the library (delete it first to replace it)`);

  const staging = path.join(corpusDir, stagingFolder, randomUUID());
  try {
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, safe.name), bytes);
    // Read in the staging folder under its final name, so its metadata (from the name) is what ingest will find.
    const loaded = await loadArticle({ corpusDir: staging, source: safe.name });
    if (!loaded.ok) return fail(loaded.skipped.reason);
    const duplicateOf = options.knownHashes.get(loaded.article.contentHash);
    if (duplicateOf) return fail(`duplicate of ${duplicateOf}`);
    try {
      // link, unlike rename, fails when the name was taken meanwhile: nothing is overwritten.
      await link(path.join(staging, safe.name), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return fail(`a file named "${safe.name}" is already in the library (delete it first to replace it)`);
      throw error;
    }
    options.knownHashes.set(loaded.article.contentHash, safe.name);
    return { name: options.name, ok: true, source: safe.name };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Removes a document's file from the corpus folder; a file already gone is fine (the ingest drops its rows). */
export async function removeFile(options: { corpusDir: string; source: string }): Promise<void> {
  const file = insideCorpus(options.corpusDir, options.source);
  if (!file) throw new Error("outside the corpus folder");
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
