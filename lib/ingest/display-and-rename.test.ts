import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "../../tests/support/temp-index";
import { displayTitle } from "../text/display-title";
import { documentIdFor, ingestCorpus } from "./";

// Display fields stored at ingest (the library never reads full texts to name a document), and a
// renamed file keeping its id (old citation links keep working).

const untitled = "the caravan reached Otrar before the first snow, and the traders unloaded silk and salt in the square while the guards counted the camels.";
const titled = "# Grain Corridors Open\n\nFreight trains carried grain from Kostanay to the Caspian ports for the first time this autumn, officials said.";

let index: TempIndex;
let source: string;

function ingestAgain() {
  return ingestCorpus({ corpusDir: index.corpusDir, lancedbUri: index.lancedbUri, embedder: index.embedder });
}

beforeAll(async () => {
  source = await mkdtemp(path.join(os.tmpdir(), "caravan-display-"));
  await mkdir(path.join(source, "notes"));
  await writeFile(path.join(source, "notes", "a1b2c3d4e5f6a7b8.txt"), untitled);
  await writeFile(path.join(source, "grain.md"), titled);
  index = await createTempIndex({ corpusDir: source });
});

afterAll(async () => {
  await index?.cleanup();
  await rm(source, { recursive: true, force: true });
});

async function displayTitles(): Promise<Record<string, string>> {
  return Object.fromEntries((await index.store.listDocuments()).map((document) => [document.source, document.displayTitle]));
}

describe("display fields", () => {
  it("stores each document's display title at ingest: its own title, or its first words when it has none", async () => {
    expect(await displayTitles()).toEqual({
      "grain.md": "Grain Corridors Open",
      "notes/a1b2c3d4e5f6a7b8.txt": displayTitle("", untitled),
    });
    expect(displayTitle("", untitled)).toMatch(/^Untitled — the caravan reached Otrar/);
  });

  it("fills them in an index made before they were stored, without re-embedding anything", async () => {
    const connection = await lancedb.connect(index.lancedbUri);
    await (await connection.openTable("documents")).dropColumns(["display_title"]);
    connection.close();
    // A server reading the old index still lists every document, named by its title alone.
    const before = await index.store.listDocuments();
    expect(before.map((document) => document.displayTitle).sort()).toEqual(["Grain Corridors Open", "Untitled article"]);

    const summary = await ingestAgain();
    expect(summary).toMatchObject({ added: 0, updated: 0, unchanged: 2, chunksWritten: 0 });
    expect(Object.values(await displayTitles()).sort()).toEqual(["Grain Corridors Open", displayTitle("", untitled)]);
  });
});

describe("a renamed or moved file", () => {
  it("keeps its id and its chunks; only its path and what the path says change", async () => {
    const oldSource = "notes/a1b2c3d4e5f6a7b8.txt";
    const id = documentIdFor(oldSource);
    const chunksBefore = await index.store.chunksOf([id]);
    expect(chunksBefore.length).toBeGreaterThan(0);

    await mkdir(path.join(index.corpusDir, "2019"));
    await rename(path.join(index.corpusDir, oldSource), path.join(index.corpusDir, "2019", "otrar-notes.txt"));
    const summary = await ingestAgain();
    expect(summary).toMatchObject({ added: 0, updated: 0, renamed: 1, removed: 0, chunksWritten: 0 });

    const moved = await index.store.getDocument(id);
    // The year folder now dates it: what the new path says is read, under the old id.
    expect(moved).toMatchObject({ id, source: "2019/otrar-notes.txt", date: "2019" });
    const chunksAfter = await index.store.chunksOf([id]);
    expect(chunksAfter.map((chunk) => chunk.id)).toEqual(chunksBefore.map((chunk) => chunk.id));
    expect(chunksAfter.every((chunk) => chunk.source === "2019/otrar-notes.txt" && chunk.date === "2019")).toBe(true);
    expect(await index.store.countChunks()).toBe(summary.chunks);

    // Unchanged on the next run, under its new path.
    expect(await ingestAgain()).toMatchObject({ added: 0, renamed: 0, unchanged: 2, removed: 0 });
  });

  it("is a new document when its content changed too", async () => {
    await rename(path.join(index.corpusDir, "grain.md"), path.join(index.corpusDir, "grain-corridors.md"));
    await writeFile(path.join(index.corpusDir, "grain-corridors.md"), `${titled}\n\nA second paragraph the test added.\n`);
    const summary = await ingestAgain();
    expect(summary).toMatchObject({ added: 1, renamed: 0, removed: 1 });
    expect(await index.store.getDocument(documentIdFor("grain.md"))).toBeNull();
    expect(await index.store.getDocument(documentIdFor("grain-corridors.md"))).not.toBeNull();
  });
});
