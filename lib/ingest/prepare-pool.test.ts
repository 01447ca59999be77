// Ingest with worker threads: the same index as ingest in one thread, and a file past its time
// budget skipped (its indexed version kept) while the other files go on in a fresh worker. Real
// worker threads (TypeScript through tsx), real LanceDB in a temp folder, the real embedder.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEmbedder } from "../embeddings";
import { Store } from "../search/store";
import { loadConfig } from "../server/config";
import type { Embedder } from "../types";
import { repositoryRoot, seedCorpusDir } from "../../tests/support/temp-index";
import { documentIdFor, ingestCorpus } from "./";
import { workerThreads } from "./prepare-pool";

let root: string;
let embedder: Embedder;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "caravan-workers-"));
  const config = loadConfig({ CACHE_DIR: path.join(repositoryRoot, ".cache") }, repositoryRoot);
  embedder = await getEmbedder(config);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every stored chunk and document, in a stable order, vectors as plain arrays. */
async function contents(lancedbUri: string) {
  const store = await Store.open(lancedbUri);
  try {
    const documents = await store.listDocuments();
    const chunks = await store.chunksOf(documents.map((document) => document.id));
    const texts = await store.documentTexts(documents.map((document) => document.id));
    const connection = await lancedb.connect(lancedbUri);
    const rows = (await (await connection.openTable("chunks")).query().select(["id", "vector"]).toArray()) as { id: string; vector: Iterable<number> }[];
    connection.close();
    const vectors = new Map(rows.map((row) => [row.id, Array.from(row.vector)]));
    return {
      documents: documents.map((document) => ({ ...document, text: texts.get(document.id) })),
      chunks: chunks.sort((a, b) => (a.id < b.id ? -1 : 1)).map((chunk) => ({ ...chunk, vector: vectors.get(chunk.id) })),
    };
  } finally {
    store.close();
  }
}

describe("ingest with worker threads", () => {
  it("writes the same documents, chunks, terms and vectors as ingest in one thread", async () => {
    const inThread = path.join(root, "in-thread");
    const inWorkers = path.join(root, "in-workers");
    const one = await ingestCorpus({ corpusDir: seedCorpusDir, lancedbUri: inThread, embedder });
    const two = await ingestCorpus({ corpusDir: seedCorpusDir, lancedbUri: inWorkers, embedder, workers: workerThreads({ count: 2 }) });
    expect(two).toMatchObject({ added: one.added, chunksWritten: one.chunksWritten, chunks: one.chunks, skipped: [] });
    expect(one.added).toBe(5);
    const expected = await contents(inThread);
    expect(expected.chunks.length).toBeGreaterThan(20);
    expect(expected.chunks.every((chunk) => chunk.vector?.length === embedder.dimensions)).toBe(true);
    // Texts, offsets, ids, terms and vectors (to the last bit), document rows and their texts.
    expect(await contents(inWorkers)).toEqual(expected);
  });

  it("skips a file past its time budget, keeps its indexed version, and goes on with the next file in a fresh worker", async () => {
    const corpusDir = path.join(root, "budget-corpus");
    const lancedbUri = path.join(root, "budget-index");
    await cp(seedCorpusDir, corpusDir, { recursive: true });
    const slow = "000_c89aac63a27f4af5.txt";
    const first = await ingestCorpus({ corpusDir, lancedbUri, embedder });
    const before = (await contents(lancedbUri)).chunks.filter((chunk) => chunk.document_id === documentIdFor(slow));
    expect(before.length).toBeGreaterThan(0);

    // Ordinary prose, but ~6 MB of it: seconds of sentence splitting against a budget of 0.2 s.
    const sentence = "The caravan reached Otrar before the first snow, and the traders unloaded silk, tea and salt. ";
    await writeFile(path.join(corpusDir, slow), sentence.repeat(64_000));
    // A new file after the slow one: it is read by the worker that replaces the terminated one.
    await writeFile(path.join(corpusDir, "zz-after.txt"), `${sentence}The market square filled with buyers from Samarkand and Bukhara by noon.\n`);

    const second = await ingestCorpus({ corpusDir, lancedbUri, embedder, workers: workerThreads({ count: 1, fileBudgetMs: 200 }) });
    expect(second.skipped).toEqual([{ source: slow, reason: "took longer than 0.2 s to read; kept the indexed version" }]);
    expect(second).toMatchObject({ added: 1, updated: 0, removed: 0, unchanged: first.added - 1, documents: first.added + 1 });
    const after = await contents(lancedbUri);
    expect(after.chunks.filter((chunk) => chunk.document_id === documentIdFor(slow))).toEqual(before);
    expect(after.documents.map((document) => document.source)).toContain("zz-after.txt");
  });
});
