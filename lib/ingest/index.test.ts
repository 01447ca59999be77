import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "../../tests/support/temp-index";
import { buildPagedPdf, landmarkSentence } from "../../scripts/lib/pdf-fixture";
import { pageAt } from "../text/pages";
import { encodeSentenceTerms } from "../text/terms";
import { chunkIdFor, documentIdFor, ingestCorpus, IngestLockedError, versionFor } from "./";
import { retrieve } from "../search/retrieve";
import { Store } from "../search/store";

let index: TempIndex;

async function snapshot(store: Store) {
  const documents = await store.listDocuments();
  const chunks = await store.chunksOf(documents.map((document) => document.id));
  return { documents, chunkIds: chunks.map((chunk) => chunk.id).sort(), rows: await store.countChunks() };
}

function ingestAgain() {
  return ingestCorpus({ corpusDir: index.corpusDir, lancedbUri: index.lancedbUri, embedder: index.embedder });
}

beforeAll(async () => {
  index = await createTempIndex();
});

afterAll(async () => {
  await index?.cleanup();
});

describe("ingest", () => {
  it("indexes every seed article with stable, path-derived ids", async () => {
    expect(index.summary).toMatchObject({ added: 5, updated: 0, removed: 0, skipped: [] });
    const documents = await index.store.listDocuments();
    expect(documents.map((document) => document.source)).toEqual([
      "000_c89aac63a27f4af5.txt",
      "001_716145b03c7f7e3b.txt",
      "002_86002aed7b40479d.txt",
      "003_ffec0f4112d3ede8.txt",
      "004_fa6b3102ab4728c5.txt",
    ]);
    for (const document of documents) {
      expect(document.id).toBe(documentIdFor(document.source));
      expect(document.chunkCount).toBeGreaterThan(0);
    }
  });

  it("stores chunks whose offsets slice the stored clean text exactly", async () => {
    for (const summary of await index.store.listDocuments()) {
      const document = await index.store.getDocument(summary.id);
      const chunks = await index.store.chunksOf([summary.id]);
      expect(chunks.map((chunk) => chunk.id)).toEqual(chunks.map((chunk) => chunkIdFor(summary.id, chunk.ordinal)));
      for (const chunk of chunks) expect(document!.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
  });

  it("stores each chunk's content terms per sentence, as retrieval would compute them from its text", async () => {
    const chunks = await index.store.chunksOf((await index.store.listDocuments()).map((document) => document.id));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.terms).not.toBe("");
      expect(chunk.terms).toBe(encodeSentenceTerms(chunk.text));
    }
  });

  it("changes nothing when run twice", async () => {
    const before = await snapshot(index.store);
    const summary = await ingestAgain();
    expect(summary).toMatchObject({ added: 0, updated: 0, unchanged: 5, removed: 0, chunksWritten: 0 });
    expect(await snapshot(index.store)).toEqual(before);
  });

  it("re-embeds only the edited document", async () => {
    const before = await index.store.listDocuments();
    const file = path.join(index.corpusDir, "003_ffec0f4112d3ede8.txt");
    await writeFile(file, `${await readFile(file, "utf8")}\nA closing paragraph added by the test about grain corridors.\n`);
    const summary = await ingestAgain();
    const edited = (await index.store.listDocuments()).find((document) => document.source.startsWith("003"))!;
    expect(summary).toMatchObject({ added: 0, updated: 1, unchanged: 4 });
    expect(summary.chunksWritten).toBe(edited.chunkCount);
    const stored = await index.store.getDocument(edited.id);
    expect(stored!.text).toContain("grain corridors");
    // Old chunks of the edited document are gone, the others untouched.
    expect(await index.store.countChunks()).toBe((await index.store.listDocuments()).reduce((sum, document) => sum + document.chunkCount, 0));
    const untouched = before.filter((document) => !document.source.startsWith("003"));
    expect((await index.store.listDocuments()).filter((document) => !document.source.startsWith("003"))).toEqual(untouched);
  });

  it("removes a deleted document and its chunks", async () => {
    await rm(path.join(index.corpusDir, "004_fa6b3102ab4728c5.txt"));
    const summary = await ingestAgain();
    expect(summary.removed).toBe(1);
    const gone = documentIdFor("004_fa6b3102ab4728c5.txt");
    expect(await index.store.getDocument(gone)).toBeNull();
    expect(await index.store.countChunks()).toBe(summary.chunks);
    const { passages } = await retrieve({ query: "Astana International Forum middle powers", k: 8 }, index);
    expect(passages.every((passage) => passage.documentId !== gone)).toBe(true);
  });

  it("skips binary, empty and duplicate files with a reason and ingests the rest", async () => {
    await writeFile(path.join(index.corpusDir, "binary.txt"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x00, 0x10]));
    await writeFile(path.join(index.corpusDir, "empty.md"), "   \n\n");
    await writeFile(path.join(index.corpusDir, "copy-of-000.txt"), await readFile(path.join(index.corpusDir, "000_c89aac63a27f4af5.txt")));
    const summary = await ingestAgain();
    const reasons = Object.fromEntries(summary.skipped.map((skipped) => [skipped.source, skipped.reason]));
    expect(Object.keys(reasons).sort()).toEqual(["binary.txt", "copy-of-000.txt", "empty.md"]);
    expect(reasons["copy-of-000.txt"]).toMatch(/duplicate/);
    expect(reasons["binary.txt"]).toMatch(/binary/i);
    expect(reasons["empty.md"]).toMatch(/empty/i);
    expect(summary.documents).toBe(4);
  });

  it("keeps half-written chunks of a crashed run invisible, and the next run leaves no duplicates", async () => {
    const documentId = documentIdFor("000_c89aac63a27f4af5.txt");
    const [hit] = await index.store.chunksOf([documentId]);
    const existing: Partial<typeof hit> = { ...hit };
    delete existing.rawScore;
    // What a crash between writing chunks and committing the document row leaves behind.
    const orphanVersion = versionFor("not-committed", index.embedder.id);
    const [vector] = await index.embedder.embed(["Tokayev visit Tajikistan"]);
    await index.store.addChunks([
      { ...(existing as Omit<typeof hit, "rawScore">), id: chunkIdFor(documentId, 0), version: orphanVersion, text: "ORPHAN Tokayev visit Tajikistan", search_text: "ORPHAN Tokayev visit Tajikistan", vector },
      { ...(existing as Omit<typeof hit, "rawScore">), id: chunkIdFor("ffffffffffffffff", 0), document_id: "ffffffffffffffff", version: orphanVersion, text: "ORPHAN two", search_text: "ORPHAN two", vector },
    ]);
    const { passages } = await retrieve({ query: "ORPHAN Tokayev visit Tajikistan", k: 20 }, index);
    expect(passages.some((passage) => passage.text.includes("ORPHAN"))).toBe(false);

    await writeFile(path.join(index.corpusDir, "000_c89aac63a27f4af5.txt"), `${await readFile(path.join(index.corpusDir, "000_c89aac63a27f4af5.txt"), "utf8")}\nEdited.\n`);
    const summary = await ingestAgain();
    expect(summary.updated).toBe(1);
    expect(await index.store.countChunks()).toBe(summary.chunks);
    const ids = (await index.store.chunksOf((await index.store.listDocuments()).map((document) => document.id))).map((chunk) => chunk.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe("lock", () => {
    let holder: ChildProcess;
    afterAll(() => holder?.kill());

    async function writeLockRow(values: Record<string, string | number>) {
      const table = await lancedb.connect(index.lancedbUri).then((connection) => connection.openTable("ingest_lock"));
      await table.update({ where: "key = 'ingest'", values });
    }

    it("refuses a second ingest while another live process holds the lock, and takes over once it is gone", async () => {
      holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
      await writeLockRow({ owner: "holder", host: os.hostname(), pid: holder.pid!, expires_at: Date.now() + 60_000 });
      await expect(ingestAgain()).rejects.toBeInstanceOf(IngestLockedError);
      holder.kill();
      await new Promise((resolve) => holder.once("exit", resolve));
      // The holder died without releasing: its lock is stale on this host at once, lease or not.
      await expect(ingestAgain()).resolves.toMatchObject({ added: 0, updated: 0, removed: 0 });
    });
  });

  it("repairs duplicate chunks left in the index (two ingests of old ran together), keeping one of each", async () => {
    const documents = await index.store.listDocuments();
    const [document] = documents;
    const chunks = await index.store.chunksOf([document.id]);
    const table = await lancedb.connect(index.lancedbUri).then((connection) => connection.openTable("chunks"));
    const rows = await table.query().where(`document_id = '${document.id}'`).toArray();
    await table.add(rows.map((row) => ({ ...row, vector: Array.from(row.vector as Iterable<number>) })));
    expect(await index.store.countChunks()).toBe((await snapshot(index.store)).documents.reduce((total, each) => total + each.chunkCount, 0) + chunks.length);

    const summary = await ingestAgain();
    expect(summary.integrity).toMatchObject({ duplicatesRemoved: chunks.length, leftoversRemoved: 0, incomplete: [] });
    const after = await snapshot(index.store);
    expect(after.rows).toBe(summary.chunks);
    expect(new Set(after.chunkIds).size).toBe(after.chunkIds.length);
    expect((await index.store.chunksOf([document.id])).map((chunk) => chunk.text)).toEqual(chunks.map((chunk) => chunk.text));
    // The next run finds nothing to repair.
    expect((await ingestAgain()).integrity).toMatchObject({ duplicatesRemoved: 0, stored: summary.chunks, expected: summary.chunks });
  });

  it("refuses to search an index built by another embedder, saying to re-run ingest", async () => {
    const other = { id: "test:other-embedder", dimensions: index.embedder.dimensions, embed: index.embedder.embed.bind(index.embedder) };
    const store = await Store.open(index.lancedbUri);
    try {
      await expect(retrieve({ query: "Tokayev" }, { store, embedder: other })).rejects.toThrow(/npm run ingest/);
    } finally {
      store.close();
    }
  });
});

describe("metadata from file names and folders", () => {
  let named: TempIndex;
  let source: string;
  const speech = "Mr. Speaker, Members of the Congress: the state of the Union is strong, and the harvest was plentiful this year.";
  const body = "Leaders of five Central Asian states met in Astana this week, and grain corridors topped the agenda.";

  beforeAll(async () => {
    source = await mkdtemp(path.join(os.tmpdir(), "caravan-named-"));
    await mkdir(path.join(source, "reuters/2024"), { recursive: true });
    await writeFile(path.join(source, "1863-abraham-lincoln.txt"), speech);
    await writeFile(path.join(source, "reuters/2024/summit-story.md"), `# Summit Opens In Astana\n\n${body}`);
    named = await createTempIndex({ corpusDir: source });
  });
  afterAll(async () => {
    await named?.cleanup();
    await rm(source, { recursive: true, force: true });
  });

  it("stores title, author, date and outlet read from the path; the text's own title wins", async () => {
    const documents = await named.store.listDocuments();
    const lincoln = await named.store.getDocument(documentIdFor("1863-abraham-lincoln.txt"));
    expect(lincoln).toMatchObject({ title: "Abraham Lincoln, 1863", author: "Abraham Lincoln", date: "1863", outlet: "" });
    const story = await named.store.getDocument(documentIdFor("reuters/2024/summit-story.md"));
    expect(story).toMatchObject({ title: "Summit Opens In Astana", outlet: "Reuters", date: "2024" });
    expect(documents).toHaveLength(2);
  });

  it("only the article's own title rides along in the passages' search text", async () => {
    const lincoln = await named.store.search({ text: "lincoln", limit: 10 });
    expect(lincoln.text).toHaveLength(0);
    const summit = await named.store.search({ text: "summit", limit: 10 });
    expect(summit.text.map((hit) => hit.source)).toEqual(["reuters/2024/summit-story.md"]);
  });
});

describe("a PDF's pages", () => {
  it("are stored with each chunk and reach a retrieved passage: its sentence's page is the page it was printed on", async () => {
    const paged = await createTempIndex({ corpusDir: await mkdtemp(path.join(os.tmpdir(), "caravan-pdf-corpus-")) });
    try {
      await writeFile(path.join(paged.corpusDir, "ledger.pdf"), await buildPagedPdf({ pages: 12 }));
      const summary = await ingestCorpus({ corpusDir: paged.corpusDir, lancedbUri: paged.lancedbUri, embedder: paged.embedder });
      expect(summary).toMatchObject({ added: 1, skipped: [] });
      const [document] = await paged.store.listDocuments();
      const chunks = await paged.store.chunksOf([document.id]);
      expect(chunks.every((chunk) => /^\d+@\d+( \d+@\d+)*$/.test(chunk.pages))).toBe(true);
      const text = (await paged.store.getDocument(document.id))!.text;
      for (const page of [1, 7, 12]) {
        const sentence = landmarkSentence(page);
        const offset = text.indexOf(sentence);
        const chunk = chunks.find((candidate) => candidate.start <= offset && offset + sentence.length <= candidate.end)!;
        expect(pageAt(chunk.pages, offset)).toBe(page);
      }
      const { passages } = await retrieve({ query: "Which stage of the route did the Balasagun tower mark?", k: 3 }, { store: paged.store, embedder: paged.embedder });
      const top = passages[0];
      expect(top.pages).toBeTruthy();
      expect(pageAt(top.pages, top.start + top.text.indexOf("Balasagun tower"))).toBe(9);
    } finally {
      await paged.cleanup();
    }
  });
});
