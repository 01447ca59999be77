import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsAnswer, createTempIndex, readSeedQuestions, type SeedQuestion, type TempIndex } from "../../tests/support/temp-index";
import { documentIdFor } from "../ingest";
import { filterSql, fullTextQuery, interleaveByDocument, retrieve, type RetrievalStrategy } from "./retrieve";

let index: TempIndex;
let questions: SeedQuestion[];

beforeAll(async () => {
  index = await createTempIndex();
  questions = await readSeedQuestions();
});

afterAll(async () => {
  await index?.cleanup();
});

async function measure(strategy: RetrievalStrategy) {
  let firstIsGold = 0;
  let answerInTopThree = 0;
  const misses: string[] = [];
  for (const question of questions) {
    const { passages } = await retrieve({ query: question.question, k: 8, strategy }, index);
    const gold = question.gold_docs.includes(passages[0]?.source ?? "");
    const answered = containsAnswer(passages.slice(0, 3).map((passage) => passage.text).join("\n"), question.answer_any);
    if (gold) firstIsGold += 1;
    if (answered) answerInTopThree += 1;
    if (!gold || !answered) misses.push(`${question.id}${gold ? "" : " doc@1"}${answered ? "" : " ans@3"}`);
  }
  return { strategy, doc1: firstIsGold / questions.length, ans3: answerInTopThree / questions.length, misses };
}

describe("retrieval quality on the seed questions", () => {
  it("hybrid reaches doc@1 and ans@3 of 0.96 and is at least as good as either part alone", async () => {
    const results = [];
    for (const strategy of ["fulltext", "vector", "rrf", "hybrid"] as const) results.push(await measure(strategy));
    console.log(
      ["strategy   doc@1  ans@3  misses", ...results.map((r) => `${r.strategy.padEnd(9)}  ${r.doc1.toFixed(2)}   ${r.ans3.toFixed(2)}   ${r.misses.join(", ")}`)].join("\n"),
    );
    const byName = Object.fromEntries(results.map((result) => [result.strategy, result]));
    expect(byName.hybrid.doc1).toBeGreaterThanOrEqual(0.96);
    expect(byName.hybrid.ans3).toBeGreaterThanOrEqual(0.96);
    for (const part of [byName.fulltext, byName.vector]) {
      expect(byName.hybrid.doc1).toBeGreaterThanOrEqual(part.doc1);
      expect(byName.hybrid.ans3).toBeGreaterThanOrEqual(part.ans3);
    }
  });
});

describe("retrieve", () => {
  it("restricts results to the chosen documents and outlets", async () => {
    const only = documentIdFor("001_716145b03c7f7e3b.txt");
    const { passages } = await retrieve({ query: "Tokayev regional cooperation", k: 8, filters: { documentIds: [only] } }, index);
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.every((passage) => passage.documentId === only)).toBe(true);

    const byOutlet = await retrieve({ query: "Kazakhstan diplomacy", filters: { outlets: ["Kazakh International News Agency"] } }, index);
    expect(byOutlet.passages.length).toBeGreaterThan(0);
    expect(byOutlet.passages.every((passage) => passage.outlet === "Kazakh International News Agency")).toBe(true);
  });

  it("excludes undated documents when a date range is set", async () => {
    const { passages } = await retrieve({ query: "Kazakhstan", k: 10, filters: { from: "2024-01-01", to: "2024-12-31" } }, index);
    expect(passages.length).toBeGreaterThan(0);
    for (const passage of passages) expect(passage.date >= "2024-01-01" && passage.date <= "2024-12-31").toBe(true);
  });

  it("does not let one article take every slot when several are relevant", async () => {
    const { passages } = await retrieve({ query: "Kazakhstan foreign policy in Central Asia", k: 8 }, index);
    expect(new Set(passages.map((passage) => passage.documentId)).size).toBeGreaterThanOrEqual(3);
    const quota = await retrieve({ query: "Kazakhstan foreign policy in Central Asia", k: 5, perDocumentQuota: 1 }, index);
    expect(new Set(quota.passages.map((passage) => passage.documentId)).size).toBe(quota.passages.length);
  });

  it("covers several articles in compare mode", async () => {
    const { passages } = await retrieve({ query: "Compare how the articles describe China's role in Central Asia.", k: 8, mode: "compare" }, index);
    expect(new Set(passages.map((passage) => passage.documentId)).size).toBeGreaterThanOrEqual(3);
  });

  it("rates an off-topic question far less relevant than an on-topic one", async () => {
    const onTopic = await retrieve({ query: "How much has trade between Central Asian countries grown since 2018?" }, index);
    const offTopic = await retrieve({ query: "What is the boiling point of mercury?" }, index);
    expect(onTopic.relevance).toBeGreaterThan(offTopic.relevance + 0.2);
  });

  it("builds safe filters and full-text queries from untrusted input", () => {
    expect(filterSql({ outlets: ["O'Reilly"] })).toBe("outlet IN ('O''Reilly')");
    expect(filterSql({})).toBeUndefined();
    expect(fullTextQuery('What\'s "North-South"? (corridor) OR 1=1')).toBe("North South corridor 1 1");
  });
});

describe("soft term coverage", () => {
  let small: TempIndex;
  let corpus: string;

  beforeAll(async () => {
    // Two reports share the question's one exact word ("report"); only one of them says what
    // the question asks, in other words (missiles for rockets, sea for ocean).
    corpus = await mkdtemp(path.join(os.tmpdir(), "caravan-paraphrase-"));
    await writeFile(
      path.join(corpus, "navy.txt"),
      "Navy exercise\n\nAccording to a report from the coast, the navy fired two missiles over the sea during the morning exercise, and officers judged the test a success.\n",
    );
    await writeFile(
      path.join(corpus, "harbour.txt"),
      "Harbour fees\n\nAccording to a report from the harbour, the board will raise berth fees next year, and shipping firms were told about the change in advance.\n",
    );
    await writeFile(
      path.join(corpus, "orchard.txt"),
      "Orchard news\n\nApple growers in the valley expect a large harvest this autumn after a wet spring, and prices at the market have held steady.\n",
    );
    small = await createTempIndex({ corpusDir: corpus });
  });

  afterAll(async () => {
    await small?.cleanup();
    await rm(corpus, { recursive: true, force: true });
  });

  it("ranks the passage that says the same thing in other words above one that only shares a word", async () => {
    const query = "Which report says rockets were launched over the ocean?";
    const margin = async (wordVectors?: null) => {
      const { passages } = await retrieve({ query, k: 3 }, { store: small.store, embedder: small.embedder, wordVectors });
      const score = (source: string) => passages.find((passage) => passage.source === source)?.score ?? 0;
      expect(passages[0]?.source).toBe("navy.txt");
      return score("navy.txt") - score("harbour.txt");
    };
    const lexicalOnly = await margin(null);
    const withSoftCoverage = await margin();
    expect(withSoftCoverage).toBeGreaterThan(lexicalOnly);
  });
});

describe("other names of a country", () => {
  let small: TempIndex;
  let corpus: string;

  beforeAll(async () => {
    // Two reports alike but for the country, each named by its people ("Tajik", "Uzbek"); the
    // questions name the countries, which the word vectors put close to each other (~0.83).
    corpus = await mkdtemp(path.join(os.tmpdir(), "caravan-places-"));
    const report = (people: string) => `River works\n\n${people} engineers built a dam on the river this spring, and the turbines will run before the winter.\n`;
    await writeFile(path.join(corpus, "tajik.txt"), report("Tajik"));
    await writeFile(path.join(corpus, "uzbek.txt"), report("Uzbek"));
    await writeFile(
      path.join(corpus, "orchard.txt"),
      "Orchard news\n\nApple growers in the valley expect a large harvest this autumn after a wet spring, and prices at the market have held steady.\n",
    );
    small = await createTempIndex({ corpusDir: corpus });
  });

  afterAll(async () => {
    await small?.cleanup();
    await rm(corpus, { recursive: true, force: true });
  });

  it.each([
    ["Tajikistan", "tajik.txt", "uzbek.txt"],
    ["Uzbekistan", "uzbek.txt", "tajik.txt"],
  ])("counts the report naming %s's people as naming it, and the neighbour's not at all", async (country, named, neighbour) => {
    const query = `Which report says ${country} built a dam on the river?`;
    const { passages } = await retrieve({ query, k: 3 }, small);
    const score = (source: string) => passages.find((passage) => passage.source === source)?.score ?? 0;
    expect(passages[0]?.source).toBe(named);
    expect(score(named) - score(neighbour)).toBeGreaterThan(0.1);
    // Full-text search alone cannot tell the two reports apart.
    const { passages: lexical } = await retrieve({ query, k: 3, strategy: "fulltext" }, small);
    expect(lexical.find((passage) => passage.source === named)?.score).toBeCloseTo(lexical.find((passage) => passage.source === neighbour)?.score ?? 0, 6);
  });
});

describe("interleaveByDocument", () => {
  const item = (document: string, score: number) => ({ document, score });
  const order = (items: ReturnType<typeof item>[]) =>
    interleaveByDocument(
      items,
      (entry) => entry.document,
      (entry) => entry.score,
    ).map((entry) => `${entry.document}${entry.score}`);

  it("lets a close second document's best passage come before the first one's further passages", () => {
    expect(order([item("a", 1), item("a", 0.95), item("a", 0.9), item("b", 0.85), item("c", 0.5)])).toEqual(["a1", "a0.95", "b0.85", "a0.9", "c0.5"]);
  });

  it("keeps a far better document's passages first, and one document's passages in their order", () => {
    expect(order([item("b", 0.3), item("a", 1), item("a", 0.95)])).toEqual(["a1", "a0.95", "b0.3"]);
    expect(order([item("a", 0.2), item("a", 0.9), item("a", 0.5)])).toEqual(["a0.9", "a0.5", "a0.2"]);
  });
});

