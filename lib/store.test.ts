import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "../tests/support/temp-index";
import { chunkIdFor, documentIdFor, versionFor } from "./ingest";
import { retrieve } from "./retrieve";
import { Store } from "./store";

let index: TempIndex;
let byAddress: Store;

beforeAll(async () => {
  index = await createTempIndex();
  // The same index, searched the way a large table is: addresses first, then one take.
  byAddress = await Store.open(index.lancedbUri, { addressSearchFrom: 0 });
});

afterAll(async () => {
  byAddress?.close();
  await index?.cleanup();
});

const questions = ["Tokayev visit to Tajikistan", "water and energy cooperation in Central Asia", "Caspian transport corridor"];

describe("Store.search", () => {
  it("returns the same hits, in the same order with the same fields, whether rows are read by the search or taken by address", async () => {
    for (const question of questions) {
      const [vector] = await index.embedder.embed([question]);
      const direct = await index.store.search({ vector, text: question, limit: 10 });
      const taken = await byAddress.search({ vector, text: question, limit: 10 });
      expect(direct.text.length).toBeGreaterThan(0);
      expect(direct.vector.length).toBe(10);
      expect(taken).toEqual(direct);
    }
  });

  it("fills in each hit's document fields from its document row", async () => {
    const [vector] = await index.embedder.embed(["Tokayev"]);
    const documents = await index.store.documentRows();
    const { vector: hits } = await byAddress.search({ vector, limit: 22 });
    for (const hit of hits) {
      const document = documents.get(hit.document_id);
      expect({ source: hit.source, title: hit.title, date: hit.date, outlet: hit.outlet }).toEqual({
        source: document?.source,
        title: document?.title,
        date: document?.date,
        outlet: document?.outlet,
      });
    }
  });

  it("applies the filter and hides chunks of uncommitted versions on the address path too", async () => {
    const documentId = documentIdFor("000_c89aac63a27f4af5.txt");
    const [chunk] = await index.store.chunksOf([documentId]);
    const row: Partial<typeof chunk> = { ...chunk };
    delete row.rawScore;
    const [vector] = await index.embedder.embed(["ORPHAN Tokayev Tajikistan"]);
    const orphanVersion = versionFor("not-committed", index.embedder.id);
    await index.store.addChunks([{ ...(row as Omit<typeof chunk, "rawScore">), id: chunkIdFor(documentId, 999), version: orphanVersion, text: "ORPHAN Tokayev Tajikistan", search_text: "ORPHAN Tokayev Tajikistan", vector }]);

    const result = await byAddress.search({ vector, text: "ORPHAN Tokayev Tajikistan", limit: 30 });
    expect([...result.text, ...result.vector].some((hit) => hit.text.includes("ORPHAN"))).toBe(false);

    const filtered = await byAddress.search({ vector, text: "Tokayev", limit: 30, where: `document_id = '${documentId}'` });
    expect(filtered.text.length).toBeGreaterThan(0);
    expect([...filtered.text, ...filtered.vector].every((hit) => hit.document_id === documentId)).toBe(true);
  });
});

describe("Store.prepare on an index from before the terms column", () => {
  it("adds the column empty, and retrieval over those rows ranks exactly as with stored terms", async () => {
    const old = await createTempIndex();
    try {
      const question = "What did Tokayev discuss in Dushanbe about water and energy?";
      const before = await retrieve({ query: question, k: 8 }, old);
      const chunks = await (await import("@lancedb/lancedb")).connect(old.lancedbUri).then((connection) => connection.openTable("chunks"));
      await chunks.dropColumns(["terms"]);

      const reopened = await Store.open(old.lancedbUri);
      await reopened.prepare(old.embedder.dimensions, { reset: false });
      const migrated = await reopened.chunksOf((await reopened.listDocuments()).map((document) => document.id));
      expect(migrated.length).toBeGreaterThan(0);
      expect(migrated.every((chunk) => chunk.terms === "")).toBe(true);

      const after = await retrieve({ query: question, k: 8 }, { store: reopened, embedder: old.embedder });
      expect(after.passages.map((passage) => [passage.chunkId, passage.score])).toEqual(before.passages.map((passage) => [passage.chunkId, passage.score]));
      reopened.close();
    } finally {
      await old.cleanup();
    }
  });
});
