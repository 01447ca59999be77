import "server-only";
import { getStore } from "../search/library";
import { getConfig } from "../server/config";
import { CaravanError } from "../server/errors";
import { addFile, markdownWithFrontMatter, pastedFileName, removeFile, type ChangeResult } from "./library-changes";
import { indexedHashes, startJob, type LibraryJob } from "./library-jobs";
import { importUrl } from "./url-import";

// The library changes the routes offer, each one a job (library-jobs.ts) over a corpus-folder change.

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export function startUpload(files: UploadedFile[]): LibraryJob {
  const config = getConfig();
  return startJob("upload", async (job) => {
    const knownHashes = await indexedHashes();
    const results: ChangeResult[] = [];
    for (const [index, file] of files.entries()) {
      job.step = `Checking ${index + 1} of ${files.length}: ${file.name}`;
      results.push(await addFile({ corpusDir: config.corpusDir, name: file.name, bytes: file.bytes, knownHashes, maxBytes: config.maxUploadBytes }));
    }
    return results;
  });
}

export function startPaste(options: { title: string; text: string }): LibraryJob {
  const config = getConfig();
  return startJob("text", async (job) => {
    job.step = "Checking the text";
    const name = pastedFileName(options.title);
    const bytes = new TextEncoder().encode(markdownWithFrontMatter({ title: options.title.trim() }, options.text));
    const result = await addFile({ corpusDir: config.corpusDir, name, bytes, knownHashes: await indexedHashes() });
    return [{ ...result, name: options.title }];
  });
}

export function startImport(url: string): LibraryJob {
  const config = getConfig();
  return startJob("url", async (job) => {
    job.step = `Fetching ${url}`;
    const fetched = await importUrl(url, { timeoutMs: config.urlImportTimeoutMs, maxBytes: config.urlImportMaxBytes, allow: config.urlImportAllow });
    if (!fetched.ok) return [{ name: url, ok: false, reason: fetched.reason }];
    job.step = "Checking the page";
    const result = await addFile({ corpusDir: config.corpusDir, name: fetched.file.name, bytes: fetched.file.bytes, knownHashes: await indexedHashes() });
    return [{ ...result, name: url }];
  });
}

/** Deletes a document's file; 404 when no document has this id. */
export async function startDelete(documentId: string): Promise<LibraryJob> {
  const config = getConfig();
  const store = await getStore();
  const row = (await store.tableExists("documents")) ? (await store.documentRows()).get(documentId) : undefined;
  if (!row) throw new CaravanError("not_found", "No document has this id.");
  return startJob("delete", async (job) => {
    job.step = `Removing ${row.source}`;
    await removeFile({ corpusDir: config.corpusDir, source: row.source });
    return [{ name: row.title || row.source, ok: true, source: row.source }];
  });
}
