import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "../../tests/support/temp-index";
import { chunkIdFor, documentIdFor, versionFor } from "../ingest";
import { retrieve } from "./retrieve";
import { chunkArrowTable, packSearchFields, searchByAddress, Store, takeChunks, unpackSearchFields, vectorIndexNeedsBuild, type ChunkRow, type RankedRow } from "./store";

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

  it("reads the full-text hits' stored vectors when asked, the same on both paths", async () => {
    for (const question of questions) {
      const [vector] = await index.embedder.embed([question]);
      const plain = await index.store.search({ vector, text: question, limit: 22 });
      expect(plain.text.every((hit) => hit.vector === undefined)).toBe(true);

      const direct = await index.store.search({ vector, text: question, limit: 22, textVectors: true });
      const taken = await byAddress.search({ vector, text: question, limit: 22, textVectors: true });
      expect(taken).toEqual(direct);
      // Only the full-text hits carry one: the vector hits' score already is their cosine.
      expect(direct.vector.every((hit) => hit.vector === undefined)).toBe(true);
      expect(direct.text.length).toBeGreaterThan(0);
      const nearest = new Map(direct.vector.map((hit) => [hit.id, hit.rawScore]));
      let compared = 0;
      for (const hit of direct.text) {
        expect(hit.vector).toHaveLength(index.embedder.dimensions);
        if (!nearest.has(hit.id)) continue;
        // A hit in both lists: the cosine of its stored vector is the vector search's score.
        let dot = 0;
        for (let d = 0; d < vector.length; d++) dot += hit.vector![d] * vector[d];
        expect(dot).toBeCloseTo(nearest.get(hit.id)!, 4);
        compared += 1;
      }
      expect(compared).toBeGreaterThan(0);
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

describe("Store.prepare on an index from before the terms and pages columns", () => {
  it("adds the columns empty, and retrieval over those rows ranks exactly as with stored terms", async () => {
    const old = await createTempIndex();
    try {
      const question = "What did Tokayev discuss in Dushanbe about water and energy?";
      const before = await retrieve({ query: question, k: 8 }, old);
      const chunks = await lancedb.connect(old.lancedbUri).then((connection) => connection.openTable("chunks"));
      await chunks.dropColumns(["terms", "pages"]);

      const reopened = await Store.open(old.lancedbUri);
      await reopened.prepare(old.embedder.dimensions, { reset: false });
      const migrated = await reopened.chunksOf((await reopened.listDocuments()).map((document) => document.id));
      expect(migrated.length).toBeGreaterThan(0);
      expect(migrated.every((chunk) => chunk.terms === "" && chunk.pages === "")).toBe(true);

      const after = await retrieve({ query: question, k: 8 }, { store: reopened, embedder: old.embedder });
      expect(after.passages.map((passage) => [passage.chunkId, passage.score])).toEqual(before.passages.map((passage) => [passage.chunkId, passage.score]));
      reopened.close();
    } finally {
      await old.cleanup();
    }
  });
});

describe("Store.search on an index from before search_fields", () => {
  it("reads rows by address the same with the column missing, added empty, or filled for some rows only", async () => {
    const old = await createTempIndex();
    try {
      const [vector] = await old.embedder.embed([questions[0]]);
      const search = { vector, text: questions[0], limit: 22, textVectors: true };
      const expected = await old.store.search(search);
      expect(expected.text.length).toBeGreaterThan(0);
      const connection = await lancedb.connect(old.lancedbUri);
      const chunks = await connection.openTable("chunks");
      await chunks.dropColumns(["search_fields"]);
      // A server that opened the index before any ingest added the column.
      const reader = await Store.open(old.lancedbUri, { addressSearchFrom: 0 });
      expect(await reader.search(search)).toEqual(expected);
      reader.close();

      const migrated = await Store.open(old.lancedbUri, { addressSearchFrom: 0 });
      await migrated.prepare(old.embedder.dimensions, { reset: false });
      // Half the rows packed again, as while an ingest rewrites documents.
      const [first] = await migrated.listDocuments();
      await chunks.checkoutLatest();
      const rows = (await chunks.query().where(`document_id = '${first.id}'`).toArray()) as ChunkRow[];
      for (const row of rows) await chunks.update({ where: `id = '${row.id}'`, values: { search_fields: packSearchFields(row) } });
      const packed = (await chunks.query().select(["search_fields"]).toArray()).filter((row) => row.search_fields !== "");
      expect(packed.length).toBe(rows.length);
      // The rewritten rows moved in the full-text index (their BM25 scores change): compare with
      // the rows read by the searches themselves, on the same table.
      expect(await migrated.search(search)).toEqual(await old.store.search(search));
      migrated.close();
      connection.close();
    } finally {
      await old.cleanup();
    }
  });
});

describe("packSearchFields", () => {
  it("round-trips every field, terms with their sentence lines, and reads '' as not packed", () => {
    const row = { id: "abc-0007", document_id: "abc", version: "v9", ordinal: 7, start: 120, end: 980, pages: "3@120 4@700", terms: "usa tariff\n\nwar peac" };
    expect(unpackSearchFields(packSearchFields(row))).toEqual(row);
    expect(unpackSearchFields("")).toBeUndefined();
  });
});

describe("chunkArrowTable", () => {
  it("writes rows that read back field for field, in a table whose columns are in another order", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "caravan-arrow-"));
    try {
      const rows: ChunkRow[] = [0, 1, 2].map((ordinal) => ({
        id: `doc-${ordinal}`,
        document_id: "doc",
        version: "v1",
        ordinal,
        text: `Passage ${ordinal} with “quotes” and é`,
        search_text: `Title\nPassage ${ordinal}`,
        start: ordinal * 100,
        end: ordinal * 100 + 42,
        source: "a/b.md",
        title: "Title",
        date: "2024-01-02",
        outlet: "",
        vector: Float32Array.from({ length: 4 }, (_, d) => ordinal + d / 8),
        terms: "passag quot",
        pages: ordinal === 2 ? "3-4" : "",
      }));
      // The order of an index that gained `terms` and `pages` after `vector`, with `ordinal` moved too.
      const order = ["id", "ordinal", "document_id", "version", "text", "search_text", "start", "end", "source", "title", "date", "outlet", "vector", "terms", "pages", "search_fields"];
      const written = chunkArrowTable(rows, order);
      expect(written.schema.fields.map((field) => field.name)).toEqual(order);
      const connection = await lancedb.connect(root);
      const table = await connection.createEmptyTable("chunks", written.schema);
      await table.add(written);
      const read = (await table.query().toArray()) as Record<string, unknown>[];
      expect(read).toHaveLength(3);
      read.forEach((row, index) => {
        const { vector, ...rest } = rows[index];
        expect({ ...row, vector: undefined }).toEqual({ ...rest, vector: undefined, search_fields: packSearchFields(rows[index]) });
        expect(Array.from(row.vector as Iterable<number>)).toEqual(Array.from(vector));
      });
      connection.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("vectorIndexNeedsBuild", () => {
  it.each([
    { rows: 49_999, kind: undefined, built: null, expected: false },
    { rows: 50_000, kind: undefined, built: null, expected: true },
    { rows: 60_000, kind: "IvfPq", built: null, expected: true },
    { rows: 60_000, kind: "IvfFlat", built: null, expected: true },
    { rows: 200_000, kind: "IvfFlat", built: { rows: 50_000, partitions: 224 }, expected: false },
    { rows: 200_001, kind: "IvfFlat", built: { rows: 50_000, partitions: 224 }, expected: true },
  ])("$rows rows, index $kind built over $built.rows: $expected", ({ expected, ...options }) => {
    expect(vectorIndexNeedsBuild(options)).toBe(expected);
  });
});

describe("the vector index", () => {
  const dimensions = 16;
  const documents = 1_000;
  const chunksPerDocument = 50;

  /** Unit vectors from a seeded generator: reproducible, and spread like real embeddings are not, which is harder for IVF. */
  function vectors(count: number, seed: number): Float32Array[] {
    let state = seed;
    const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * 2 - 1;
    return Array.from({ length: count }, () => {
      const vector = Float32Array.from({ length: dimensions }, next);
      const norm = Math.hypot(...vector);
      return vector.map((value) => value / norm);
    });
  }

  it("is built as IVF_FLAT once the table reaches the threshold, replaces an older IVF_PQ, and keeps recall against an exact scan", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "caravan-vector-index-"));
    const store = await Store.open(path.join(root, "lancedb"));
    try {
      await store.prepare(dimensions, { reset: false });
      const rows = vectors(documents * chunksPerDocument, 7);
      await store.upsertDocuments(
        Array.from({ length: documents }, (_, document) => ({
          id: `d${document}`, source: `d${document}.txt`, title: "", date: "", outlet: "", author: "", url: "", text: "", content_hash: `d${document}`, version: "v1", chars: 0, chunk_count: chunksPerDocument, display_title: "",
        })),
      );
      await store.addChunks(
        rows.map((vector, row) => ({
          id: `c${row}`, document_id: `d${Math.floor(row / chunksPerDocument)}`, version: "v1", ordinal: row % chunksPerDocument, text: `chunk ${row}`, search_text: `chunk ${row}`, start: 0, end: 1, source: "", title: "", date: "", outlet: "", vector, terms: "", pages: "",
        })),
      );
      const table = await lancedb.connect(path.join(root, "lancedb"), { readConsistencyInterval: 0 }).then((connection) => connection.openTable("chunks"));
      await table.createIndex("vector", { config: lancedb.Index.ivfPq({ distanceType: "cosine", numPartitions: 4, numSubVectors: 4 }) });

      expect((await store.refreshIndices()).vector).toBe("created");
      const [index] = (await table.listIndices()).filter((candidate) => candidate.columns.includes("vector"));
      expect(index.indexType).toBe("IvfFlat");
      expect((await store.refreshIndices()).vector).toBe("updated");

      let found = 0;
      for (const query of vectors(20, 99)) {
        const exact = rows
          .map((vector, row) => ({ row, score: vector.reduce((sum, value, dimension) => sum + value * query[dimension], 0) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 10)
          .map(({ row }) => `c${row}`);
        const hits = (await store.search({ vector: query, limit: 10 })).vector.map((hit) => hit.id);
        found += exact.filter((id) => hits.includes(id)).length;
      }
      expect(found / 200).toBeGreaterThanOrEqual(0.9);
    } finally {
      store.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("takeChunks", () => {
  it("reads a result again by id when compaction has moved its row address", async () => {
    const moved = await createTempIndex();
    try {
      const table = await lancedb.connect(moved.lancedbUri, { readConsistencyInterval: 0 }).then((connection) => connection.openTable("chunks"));
      const before = (await table.query().select(["id"]).withRowId().toArray()) as RankedRow[];
      const expected = new Map((await moved.store.chunksOf((await moved.store.listDocuments()).map((document) => document.id))).map((chunk) => [chunk.id, chunk.text]));
      // Delete the first quarter of the rows and compact: every later row gets a new address.
      const gone = before.slice(0, Math.ceil(before.length / 4)).map((row) => row.id);
      await table.delete(`id IN (${gone.map((id) => `'${id}'`).join(", ")})`);
      await table.optimize({ cleanupOlderThan: new Date() });
      const after = (await table.query().select(["id"]).withRowId().toArray()) as RankedRow[];
      const survivors = before.filter((row) => !gone.includes(row.id));
      expect(survivors.some((row) => after.find((now) => now.id === row.id)?._rowid !== row._rowid)).toBe(true);

      const stale = [...survivors, { id: survivors[0].id, _rowid: 10n ** 12n }];
      const locate = await takeChunks({ table, ranked: stale, documents: await moved.store.documentRows() });
      for (const row of stale) {
        expect(locate(row)?.id).toBe(row.id);
        expect(locate(row)?.text).toBe(expected.get(row.id));
      }
      expect(locate({ id: gone[0], _rowid: before[0]._rowid })).toBeUndefined();
    } finally {
      await moved.cleanup();
    }
  });
});

describe("searchByAddress", () => {
  it("reads the ids with the rows, and gives up when a commit lands between the searches and the take", async () => {
    const moved = await createTempIndex();
    try {
      const table = await lancedb.connect(moved.lancedbUri, { readConsistencyInterval: 0 }).then((connection) => connection.openTable("chunks"));
      const [vector] = await moved.embedder.embed(["Tokayev visit to Tajikistan"]);
      const search = { vector, text: "Tokayev Tajikistan", limit: 10 };
      const texts = new Map((await moved.store.chunksOf((await moved.store.listDocuments()).map((document) => document.id))).map((chunk) => [chunk.id, chunk.text]));

      const found = await searchByAddress({ table, search, probes: 20, withVectors: false });
      expect(found?.vectorRows).toHaveLength(10);
      expect(found?.textRows.length).toBeGreaterThan(0);
      for (const row of [...found!.vectorRows, ...found!.textRows]) {
        expect(texts.has(row.id)).toBe(true);
        expect(found!.locate(row)?.text).toBe(texts.get(row.id));
      }

      // Deleting the first quarter of the rows and compacting gives every later row a new address:
      // the addresses the searches returned may now hold other chunks.
      const compact = async () => {
        const ids = ((await table.query().select(["id"]).toArray()) as { id: string }[]).map((row) => row.id);
        await table.delete(`id IN (${ids.slice(0, Math.ceil(ids.length / 4)).map((id) => `'${id}'`).join(", ")})`);
        await table.optimize({ cleanupOlderThan: new Date() });
      };
      expect(await searchByAddress({ table, search, probes: 20, withVectors: false, beforeTake: compact })).toBeUndefined();
    } finally {
      await moved.cleanup();
    }
  });
});
