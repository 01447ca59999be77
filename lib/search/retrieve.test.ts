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

  it("finds the article that names the country when the question names its capital", async () => {
    // The visit article says "Tajikistan" and never "Dushanbe"; the summit article says "Dushanbe".
    const { passages } = await retrieve({ query: "On what date was the Kazakh leader scheduled to travel to Dushanbe?", k: 8 }, index);
    expect(passages.some((passage) => passage.text.includes("visit to Tajikistan on August 22"))).toBe(true);
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

describe("metadata a question names", () => {
  let speeches: TempIndex;
  let undated: TempIndex;
  const folders: string[] = [];

  beforeAll(async () => {
    // File names carry the speaker and the year, as the State of the Union corpus does. Nixon's
    // speech says "Kennedy" and "moon" more often than Kennedy's own.
    const dated = await mkdtemp(path.join(os.tmpdir(), "caravan-metadata-"));
    const texts: Record<string, string> = {
      "1962-john-f-kennedy.txt":
        "We choose to go to the moon in this decade. Our space program will carry men to the moon and bring them back safely, and the budget for space exploration will grow this year.\n",
      "1970-richard-nixon.txt":
        "President Kennedy set the goal of the moon landing, and Kennedy's moon program reached the moon last summer. We honour Kennedy's vision of the moon while we turn to clean air and water at home.\n",
      "1905-theodore-roosevelt.txt":
        "The great corporations and trusts must be supervised by the nation. Combinations of capital that restrain trade shall answer to the law, and railroads shall charge fair rates.\n",
      "1941-franklin-d-roosevelt.txt":
        "We look forward to a world founded upon four essential freedoms: freedom of speech, freedom of worship, freedom from want and freedom from fear. Trusts and monopolies must not profit from defense orders.\n",
      "1950-harry-s-truman.txt":
        "Roosevelt fought the trusts, and Roosevelt fought monopolies; we carry on the work of Roosevelt against the trusts of our own day and against monopoly prices.\n",
      "1867-andrew-johnson.txt": "I propose that the Southern States be restored to the Union without delay, and that the currency be returned to a sound footing.\n",
      "1964-lyndon-b-johnson.txt": "I propose an unconditional war on poverty in America, and a tax cut that lowers the withholding rate for every family.\n",
    };
    for (const [name, text] of Object.entries(texts)) await writeFile(path.join(dated, name), text);
    // No dates anywhere: a year is only a word of the question.
    const plain = await mkdtemp(path.join(os.tmpdir(), "caravan-undated-"));
    await writeFile(path.join(plain, "harvest-report.txt"), "The harvest of 1990 was the largest the valley had seen, and grain prices fell through the autumn.\n");
    await writeFile(path.join(plain, "harvest-review.txt"), "The harvest of 1985 was poor after a dry summer, and grain prices rose through the autumn.\n");
    folders.push(dated, plain);
    speeches = await createTempIndex({ corpusDir: dated });
    undated = await createTempIndex({ corpusDir: plain });
  });

  afterAll(async () => {
    await speeches?.cleanup();
    await undated?.cleanup();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  const sources = (result: { passages: { source: string }[] }) => [...new Set(result.passages.map((passage) => passage.source))];

  it("ranks the named author's passages first, not passages that mention the name", async () => {
    const result = await retrieve({ query: "What did Kennedy say about the moon?", k: 4 }, speeches);
    expect(result.applied).toMatchObject({ authors: ["John F. Kennedy"], named: ["Kennedy"] });
    // Named by a name that is no place: what Kennedy said is asked for, so his documents are the speaker's.
    expect(result.applied?.speakerDocuments?.length).toBeGreaterThan(0);
    expect(result.passages[0]?.source).toBe("1962-john-f-kennedy.txt");
    // Named as the topic, the name stays a word: Nixon's speech, which repeats it, comes first.
    const topic = await retrieve({ query: "What was said about Kennedy and the moon?", k: 4 }, speeches);
    expect(topic.applied).toBeUndefined();
    expect(topic.passages[0]?.source).toBe("1970-richard-nixon.txt");
  });

  it("keeps both authors a shared surname may mean, and a given name picks one", async () => {
    const both = await retrieve({ query: "What did Roosevelt say about the trusts?", k: 4 }, speeches);
    expect(both.applied?.authors).toEqual(["Theodore Roosevelt", "Franklin D. Roosevelt"]);
    expect(sources(both).slice(0, 2).sort()).toEqual(["1905-theodore-roosevelt.txt", "1941-franklin-d-roosevelt.txt"]);
    const franklin = await retrieve({ query: "What did Franklin Roosevelt say about the trusts?", k: 4 }, speeches);
    expect(franklin.applied?.authors).toEqual(["Franklin D. Roosevelt"]);
    expect(franklin.passages[0]?.source).toBe("1941-franklin-d-roosevelt.txt");
    const johnson = await retrieve({ query: "What did Johnson propose?", k: 4 }, speeches);
    expect(johnson.applied?.authors).toEqual(["Andrew Johnson", "Lyndon B. Johnson"]);
    expect(sources(johnson).slice(0, 2).sort()).toEqual(["1867-andrew-johnson.txt", "1964-lyndon-b-johnson.txt"]);
  });

  it("filters by a year or a decade", async () => {
    const year = await retrieve({ query: "What was said about the moon in 1970?", k: 8 }, speeches);
    expect(year.applied).toEqual({ from: "1970", to: "1970", named: ["1970"] });
    expect(sources(year)).toEqual(["1970-richard-nixon.txt"]);
    const decade = await retrieve({ query: "What did presidents propose in the 1960s?", k: 8 }, speeches);
    expect(decade.applied).toMatchObject({ from: "1960", to: "1969" });
    expect(sources(decade)).toContain("1964-lyndon-b-johnson.txt");
    expect(sources(decade).every((source) => source.startsWith("196"))).toBe(true);
    const since = await retrieve({ query: "What was said about monopolies since 1941?", k: 8 }, speeches);
    expect(since.applied).toMatchObject({ from: "1941" });
    expect(sources(since).every((source) => source >= "1941")).toBe(true);
  });

  it("goes to the one document an author and a year name", async () => {
    const result = await retrieve({ query: "What did Roosevelt say in 1941 about the trusts?", k: 8 }, speeches);
    expect(result.applied).toMatchObject({ authors: ["Franklin D. Roosevelt"], from: "1941", to: "1941", named: ["Roosevelt", "1941"] });
    expect(sources(result)).toEqual(["1941-franklin-d-roosevelt.txt"]);
  });

  it("keeps a year as a word when no document is dated in it", async () => {
    const outside = await retrieve({ query: "What did Kennedy say about the moon in 1990?", k: 4 }, speeches);
    expect(outside.applied).toMatchObject({ authors: ["John F. Kennedy"], named: ["Kennedy"] });
    const result = await retrieve({ query: "How big was the harvest in 1990?", k: 4 }, undated);
    expect(result.applied).toBeUndefined();
    // The year is matched as a word: the report that names 1990 comes first.
    expect(result.passages[0]?.source).toBe("harvest-report.txt");
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

