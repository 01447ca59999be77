import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "../../tests/support/temp-index";
import { isBoilerplate } from "../evaluation/metrics";
import { treatsAspect } from "../text/aspects";
import { normalizeWhitespace } from "../text/terms";
import type { Passage } from "../types";
import { createChatDependencies } from "./chat-dependencies";
import { gatherPassages, type ChatDependencies } from "./chat-stream";
import { renumberByFirstCitation, splitAnswerSentences } from "./citations";
import { articleHeading, composeExtractiveAnswer } from "./extractive";
import { startingPointWeights, type PointWeightSet } from "./point-ranking";
import { pointWeights } from "./point-weights";
import { articleSentences, briefingPassages, documentNameMatch, isBoilerplateSentence, namedDocuments, pointFeatureVector, readArticle, summarizeArticle, summarizeCollection, summarizeTopic, textSections, topicTerms, withoutHeading, withoutTerms, type PointRanking, type PointTrace } from "./summary";
import { bagOfWordsEmbedder, makePassage } from "./test-support";

const bullets = (text: string) => text.split("\n").filter((line) => line.startsWith("- "));

describe("what is never a point", () => {
  it("knows site text, mastheads and bylines from content", () => {
    for (const line of [
      "Kazakh International News Agency - Located at the center of Eurasia, Kazakhstan has become a focal point of global strategic attention.",
      "Located at the heart of the old town, the office is open daily.",
      "Leave a comment below and tell us what you think about the summit.",
      "The writer is an International Relations Expert from Islamabad, Pakistan.",
      "Your email address will not be published, and required fields are marked.",
      "Original: www.toutiao.com/article/1849731950056455/",
      "By Jane Doe, Staff Reporter",
    ]) {
      expect(isBoilerplateSentence(line), line).toBe(true);
    }
    expect(isBoilerplateSentence("Harbour Daily — The council approved the new harbour plan on Monday.", "Harbour Daily")).toBe(true);
    for (const line of [
      "By enhancing cooperation on security fronts, both nations safeguard their national interests.",
      "The council approved the new harbour plan on Monday after a two-year review.",
    ]) {
      expect(isBoilerplateSentence(line), line).toBe(false);
    }
  });

  it("never makes a boilerplate line a point, nor a headline or rhetorical framing", async () => {
    const text = [
      "Harbour Council Approves Plan",
      "Coast News Agency - Located at the mouth of the river, Port Elm has argued about its harbour plan for a decade, and the council has now approved it.",
      "The council approved the harbour plan on Monday by seven votes to two, after a two-year review of the dredging costs.",
      "Dredging will cost $40 million, paid by the port authority and the regional government in equal shares.",
      "The timing and symbolic context of this decision add a further layer of significance.",
      "Work on the northern quay starts in March 2025 and should finish by the end of 2026.",
      "Fishermen from Port Elm and Saltby opposed the plan, saying the dredging would harm the oyster beds.",
      "The port authority promised a study of the oyster beds before any dredging begins.",
      "Both sides appear poised to deepen a complex and evolving relationship within a broader landscape.",
      "The mayor, Ana Ruiz, said the plan would bring 300 jobs to the town.",
      "Leave a comment below and tell us what you think about the harbour plan.",
      "The writer is a freelance journalist based in Port Elm.",
    ].join("\n\n");
    const passages: Passage[] = [makePassage({ documentId: "harbour", title: "Harbour Council Approves Plan", outlet: "Coast News Agency", text })];
    const result = await summarizeArticle({
      question: "Summarize the article about the harbour plan",
      topic: "the article about the harbour plan",
      scope: { kind: "document", documentId: "harbour" },
      documentId: "harbour",
      passages,
      embedder: bagOfWordsEmbedder,
      heading: () => "Harbour Council Approves Plan",
      label: () => "Harbour Council Approves Plan",
    });
    const cited = result.text.split("\n").filter((line) => /\[\d+\]$/.test(line));
    expect(cited.length).toBeGreaterThanOrEqual(5);
    for (const line of cited) {
      const sentence = line.replace(/^- /, "").replace(/\s*\[\d+\]$/, "");
      expect(isBoilerplateSentence(sentence, "Coast News Agency"), line).toBe(false);
      expect(isBoilerplate(line), line).toBe(false);
      expect(line).not.toMatch(/symbolic context|appear poised/);
    }
    const points = bullets(result.text);
    expect(points.length).toBeGreaterThanOrEqual(4);
    expect(points.length).toBeLessThanOrEqual(8);
  });
});

describe("the gist line", () => {
  it("is not a sentence that opens by answering the one before ('However, …', 'Second, …')", () => {
    const text = [
      "The town council met on Monday to vote on the harbour plan.",
      "However, the council approved the harbour plan, the dredging of the harbour and the new harbour quay by seven votes to two.",
      "The harbour plan had been argued over for a decade.",
      "Dredging the harbour will cost $40 million, shared by the port and the region.",
      "Fishermen said the harbour dredging would harm the oyster beds.",
      "Work on the harbour quay starts in March.",
    ].join(" ");
    const passages = [makePassage({ documentId: "harbour", title: "Harbour vote", text })];
    const sentences = articleSentences([{ passage: passages[0], n: 1 }]);
    const reading = readArticle({ documentId: "harbour", sentences, passages, detailed: 50 });
    expect(reading.gist?.text).toBeDefined();
    expect(reading.gist!.text).not.toMatch(/^However/);
  });
});

describe("keyness", () => {
  /** A long message of `filler` sentences that keeps returning to specie payments, with one line on the harvest. */
  function reading(filler: number) {
    const lines = Array.from({ length: filler }, (_, index) => `The government of the country reported item ${index + 1} to the people.`);
    lines.splice(10, 0, "A return to specie payments is the first requisite of prosperity.", "Specie payments were suspended during the war.", "The harvest was large.");
    lines.push("Congress should fix a date for specie payments.");
    const passages = [makePassage({ documentId: "message", title: "Annual message", text: lines.join(" ") })];
    const sentences = articleSentences([{ passage: passages[0], n: 1 }]);
    // "government", "country", "people" are common words; "specie" is not.
    const common = new Set(["govern", "government", "country", "peopl", "report", "item"]);
    const read = readArticle({ documentId: "message", sentences, passages, detailed: 400, rarity: (term) => (common.has(term) ? 0.05 : 1) });
    const of = (opening: string) => read.keyness![sentences.findIndex((sentence) => sentence.text.startsWith(opening))];
    return { of };
  }

  it("marks what a long article keeps returning to, uncommon words counting more than common ones", () => {
    const { of } = reading(200);
    expect(of("A return to specie payments")).toBeGreaterThan(of("The harvest was large"));
    expect(of("A return to specie payments")).toBeGreaterThan(of("The government of the country reported item 1 "));
  });

  it("counts for less in a short article, which is all on its subject", () => {
    expect(reading(20).of("A return to specie payments")).toBeLessThan(reading(200).of("A return to specie payments"));
  });
});

describe("learned point ranking", () => {
  const text = [
    "Harbour Council Approves Plan",
    "The council approved the harbour plan on Monday by seven votes to two, after a two-year review of the dredging costs.",
    "Dredging will cost $40 million, paid by the port authority and the regional government in equal shares.",
    "Work on the northern quay starts in March 2025 and should finish by the end of 2026.",
    "Fishermen from Port Elm and Saltby opposed the plan, saying the dredging would harm the oyster beds. They asked for a \"living harbour\" study first.",
    "The port authority promised a study of the oyster beds before any dredging begins.",
    "The mayor, Ana Ruiz, said the plan would bring 300 jobs, new moorings, ferry piers and a fish market to the town.",
    "The regional government will also upgrade the coastal road between Port Elm and Saltby.",
    "Critics on the council said the costs could rise and asked for yearly reports on the work.",
  ].join("\n\n");
  const passages: Passage[] = [makePassage({ documentId: "harbour", title: "Harbour Council Approves Plan", text })];
  const summarizeWith = async (ranking: PointRanking) =>
    summarizeArticle({
      question: "Summarize the article about the harbour plan",
      topic: "the article about the harbour plan",
      scope: { kind: "document", documentId: "harbour" },
      documentId: "harbour",
      passages,
      embedder: bagOfWordsEmbedder,
      heading: () => "Harbour Council Approves Plan",
      label: () => "Harbour Council Approves Plan",
      ranking,
    });
  const citedSentences = (result: string) => result.split("\n").filter((line) => /\[\d+\]$/.test(line)).map((line) => line.replace(/^- /, "").replace(/\s*\[\d+\]$/, ""));

  it("describes each candidate by what it holds and where it stands", async () => {
    let trace: PointTrace | undefined;
    await summarizeWith({ trace: (seen) => (trace = seen) });
    expect(trace?.context).toBe("article");
    const candidates = trace!.lists[0].candidates;
    const find = (start: string) => candidates.find((candidate) => candidate.text.startsWith(start))!.features;
    expect(find("Dredging will cost").number).toBe(1);
    expect(find("The port authority promised").number).toBe(0);
    expect(find("The mayor, Ana Ruiz").list).toBe(1);
    expect(find("They asked for").quoted).toBe(1);
    expect(find("They asked for").anaphoric).toBe(1);
    // "They asked…" continues its paragraph; "Fishermen…" opens it.
    expect(find("They asked for").paragraphOpening).toBe(0);
    expect(find("Fishermen from Port Elm").paragraphOpening).toBe(1);
    expect(find("The council approved").lead).toBeGreaterThan(find("Critics on the council").lead);
  });

  it("quotes exactly what the trainer's selection picks, under the learned weights or any others", async () => {
    let trace: PointTrace | undefined;
    const learned = await summarizeWith({ trace: (seen) => (trace = seen) });
    expect(citedSentences(learned.text)).toEqual(trace!.select(pointWeights).map((sentence) => sentence.text));
    // Weights that favour numbers alone put the numbered sentences among the points.
    const numbers = { ...startingPointWeights, article: Object.fromEntries(Object.keys(startingPointWeights.article).map((name) => [name, name === "number" ? 1 : 0])) } as PointWeightSet;
    const other = await summarizeWith({ weights: numbers });
    expect(citedSentences(other.text)).toEqual(trace!.select(numbers).map((sentence) => sentence.text));
    for (const start of ["Dredging will cost", "Work on the northern quay", "The mayor, Ana Ruiz"]) expect(other.text).toContain(start);
  });
});

describe("articles a request names by title", () => {
  const titles = ["George W. Bush, 2001", "George W. Bush, 2002", "George Bush, 1990", "John F. Kennedy, 1961", "John F. Kennedy, 1962", "Lyndon B. Johnson, 1964", "Andrew Johnson, 1867", "Jimmy Carter, 1980", "Barack Obama, 2010"].map((title, index) => ({ id: `d${index}`, title }));

  it("finds the one article a request names, or the several", () => {
    expect(namedDocuments("What was the substance of George W. Bush's 2002 State of the Union?", titles).documentIds).toEqual(["d1"]);
    const several = namedDocuments("What did Kennedy (1961), Johnson (1964), Carter (1980) and Obama (2010) say about nuclear weapons and arms control?", titles);
    expect(several.documentIds).toEqual(["d3", "d5", "d7", "d8"]);
    // The words that picked the articles are no part of what the request asks about them.
    expect(withoutTerms("What did Kennedy (1961), Johnson (1964), Carter (1980) and Obama (2010) say about nuclear weapons?", several.terms)).toBe("What did and say about nuclear weapons?");
  });

  it("names each of several speeches by one president's name and year, or by his initials, not his other speeches", () => {
    const speeches = ["Herbert Hoover, 1930", "Herbert Hoover, 1931", "Franklin D. Roosevelt, 1934", "Franklin D. Roosevelt, 1935", "Franklin D. Roosevelt, 1941", "Woodrow Wilson, 1917"].map((title, index) => ({ id: `p${index}`, title }));
    expect(namedDocuments("How did Hoover in 1930 and Franklin Roosevelt in 1934 differ on the Depression?", speeches).documentIds).toEqual(["p0", "p2"]);
    const initials = namedDocuments("Compare how Wilson in 1917 and FDR in 1941 framed the war.", speeches);
    expect(initials.documentIds).toEqual(["p4", "p5"]);
    // The initials named the article: they are no part of what the request asks about it.
    expect(withoutTerms("Compare how Wilson in 1917 and FDR in 1941 framed the war.", initials.terms)).toBe("Compare how in and in framed the war.");
  });

  it("takes a year in an event's name for no speech, and a nickname before a picked name for part of it", () => {
    const speeches = ["Martin Van Buren, 1837", "Martin Van Buren, 1839", "Theodore Roosevelt, 1905", "Abraham Lincoln, 1864"].map((title, index) => ({ id: `v${index}`, title }));
    // "The Panic of 1837" is an event: only the 1839 message is named.
    expect(namedDocuments("For a talk on the Panic of 1837: what did Martin Van Buren's 1839 message say about the banks?", speeches).documentIds).toEqual(["v1"]);
    expect(namedDocuments("What did Martin Van Buren's 1837 message say about the banks?", speeches).documentIds).toEqual(["v0"]);
    // "Teddy" goes with "Roosevelt's": it is no topic word the speeches must hold.
    const named = namedDocuments("What do Lincoln's 1864 and Teddy Roosevelt's 1905 messages say about banks?", speeches);
    expect(named.documentIds).toEqual(["v2", "v3"]);
    expect(withoutTerms("What do Lincoln's 1864 and Teddy Roosevelt's 1905 messages say about banks?", named.terms)).toBe("What do and messages say about banks?");
    // A month before a picked year is no name.
    expect(withoutTerms("What did he cover in his December 1905 message?", ["1905"])).toBe("What did he cover in his December message?");
  });

  it("reads a year by its last two digits after the name it goes with, and only that name's speech", () => {
    const speeches = ["George Washington, 1796", "Grover Cleveland, 1887", "Grover Cleveland, 1896", "Theodore Roosevelt, 1905", "Theodore Roosevelt, 1903", "George W. Bush, 2003"].map((title, index) => ({ id: `y${index}`, title }));
    // '96 goes with Washington, not with Cleveland's 1896; '03 with Bush, not with Roosevelt's 1903.
    const named = namedDocuments("The messages I picked: Washington '96, Cleveland '87, TR '05 and Bush '03. How do the main concerns shift?", speeches);
    expect(named.documentIds).toEqual(["y0", "y1", "y3", "y5"]);
    // "in" may stand between the name and its year.
    expect(namedDocuments("Compare what Cleveland in '96 and Bush in '03 said about money.", speeches).documentIds).toEqual(["y2", "y5"]);
  });

  it("does not take a topic for a title", () => {
    const seed = ["Xi Meets Tokayev: Boosting Ties", "Central Asia's Changing Trajectory"].map((title, index) => ({ id: `s${index}`, title }));
    expect(namedDocuments("How do the articles describe great-power rivalry and its effect on Central Asia?", seed).documentIds).toEqual([]);
    expect(namedDocuments("What came out of Xi Jinping's talks with the Kazakh president?", seed).documentIds).toEqual([]);
  });
});

describe("a topic's terms", () => {
  it("leaves out the words that say when, not what about", () => {
    expect(topicTerms("how 19th-century presidents spoke of Indian policy over the decades")).toEqual(["president", "indian", "policy"]);
    expect(topicTerms("the 1st and 2nd reading of the tariff")).toEqual(["reading", "tariff"].map((word) => topicTerms(word)[0]));
    // How alike two stances are, and "over the years", frame the request; the tariff is what it is about.
    expect(topicTerms("Did Cleveland and Coolidge see tariffs the same way over the years?")).toEqual(["cleveland", "coolidg", "tariff"]);
    expect(topicTerms("were Hoover and Roosevelt on the same page about relief, or did they disagree?")).toEqual(["hoover", "roosevelt", "relief"]);
  });
});

describe("bounded briefings", () => {
  const collection = (documents: number, chunks: number) =>
    Array.from({ length: documents }, (_, document) =>
      Array.from({ length: chunks }, (_, ordinal) =>
        makePassage({
          documentId: `d${document}`,
          chunkId: `d${document}-${ordinal}`,
          ordinal,
          start: ordinal * 100,
          end: ordinal * 100 + 60,
          title: "",
          text: `Speech ${document} part ${ordinal} says that the tariff on ${ordinal % 3 === 0 ? "wool" : "iron"} should fall.`,
        }),
      ),
    );

  it("reads every chunk of a small collection and a few central chunks of each article of a large one, keeping every full text", () => {
    const small = briefingPassages(collection(5, 5));
    expect(small.passages).toHaveLength(25);
    const large = briefingPassages(collection(233, 20));
    expect(large.passages.length).toBeLessThanOrEqual(233 * 2);
    expect(new Set(large.passages.map((passage) => passage.documentId)).size).toBe(233);
    expect(large.collection.fullTexts.size).toBe(233);
    expect(large.collection.fullTexts.get("d7")).toContain("Speech 7 part 19");
    expect(large.collection.vocabulary.get("d7")?.has("wool")).toBe(true);
    // Untitled articles are named by their opening words, as everywhere else.
    expect(large.collection.titles.get("d7")).toMatch(/^Untitled — Speech 7 part 0/);
  });
});

describe("summaries over the seed corpus", () => {
  let index: TempIndex;
  let dependencies: ChatDependencies;
  let documents: { id: string; title: string; source: string }[];

  beforeAll(async () => {
    index = await createTempIndex();
    dependencies = { ...(await createChatDependencies(index.config)), streamDelayMs: 0 };
    documents = await dependencies.listDocuments!();
  });

  afterAll(async () => {
    await index?.cleanup();
  });

  it("finds a topic the articles treat in other words, and none in a near-synonym of one word", async () => {
    const { topicEvidence } = await import("./summary");
    const { stemVectorsFor } = await import("../search/retrieve");
    const stems = await stemVectorsFor(index.embedder);
    const passages = [
      makePassage({ documentId: "a", text: "Kazakhstan has become a key player in the region. In an increasingly polarised world, Kazakhstan is a bridge between East and West." }),
      makePassage({ documentId: "b", text: "Water resource management remains a contentious issue and a source of disputes between neighbours." }),
    ];
    // "football" sits at cosine 0.63 from "player", "cup" at 0.53 from "world": no sentence here is about the World Cup.
    expect(topicEvidence("the football world cup", passages, stems)).toBeLessThan(0.4);
    expect(topicEvidence("water disputes", passages, stems)).toBeGreaterThanOrEqual(0.4);
  });

  async function summarize(question: string) {
    const gathered = await gatherPassages({ query: question, mode: "summarize", dependencies });
    const composed = await composeExtractiveAnswer({
      question,
      mode: "summarize",
      passages: gathered.passages,
      embedder: index.embedder,
      scope: gathered.scope,
      collection: gathered.collection,
      titles: gathered.collection?.titles,
    });
    const { text, order } = renumberByFirstCitation(composed.text);
    return { ...gathered, text, cited: order.map((n) => gathered.passages[n - 1]) };
  }

  it("summarises each seed article from that article only: a gist, then 5-8 points in article order, each quoted and cited", async () => {
    for (const document of documents) {
      const passages = await dependencies.documentPassages!(document.id);
      const composed = await composeExtractiveAnswer({
        question: "Summarize the article",
        mode: "summarize",
        passages,
        embedder: index.embedder,
        scope: { kind: "document", documentId: document.id },
      });
      const { text, order } = renumberByFirstCitation(composed.text);
      const cited = order.map((n) => passages[n - 1]);
      expect(new Set(cited.map((passage) => passage.documentId)), document.source).toEqual(new Set([document.id]));
      const points = bullets(text);
      expect(points.length, document.source).toBeGreaterThanOrEqual(5);
      expect(points.length, document.source).toBeLessThanOrEqual(8);
      // The gist leads: one cited line before the points.
      const lines = text.split("\n").filter((line) => line.trim());
      expect(lines[0]).toMatch(/^### /);
      expect(lines[1]).toMatch(/\[\d+\]$/);
      expect(lines[1].startsWith("- ")).toBe(false);
      const full = normalizeWhitespace((await index.store.getDocument(document.id))!.text);
      const positions = points.map((point) => {
        const sentence = splitAnswerSentences(point)[0].claim;
        const at = full.indexOf(normalizeWhitespace(sentence));
        expect(at, `${document.source}: not verbatim: ${sentence}`).toBeGreaterThanOrEqual(0);
        return at;
      });
      expect(positions, document.source).toEqual([...positions].sort((a, b) => a - b));
      for (const point of points) expect(isBoilerplate(point), point).toBe(false);
    }
  });

  it("says what the Xi–Tokayev article reports, not how it frames it", async () => {
    const result = await summarize("Summarize the article about Xi meeting Tokayev");
    expect(result.scope?.kind).toBe("document");
    expect(new Set(result.cited.map((passage) => passage.source))).toEqual(new Set(["001_716145b03c7f7e3b.txt"]));
    // What the issue found missing: the Belt and Road trade, the green agricultural imports, true
    // multilateralism and the SCO, the security cooperation, the summit in Astana, BRICS.
    const substance = [/Belt and Road/, /green agricultural goods/, /customs facilitation/, /true multilateralism/, /Shanghai Cooperation Organization/, /terrorism|security cooperation/i, /high-tech cooperation/, /BRICS/, /Astana/];
    expect(substance.filter((phrase) => phrase.test(result.text)).length).toBeGreaterThanOrEqual(4);
    expect(result.text).not.toContain("The timing and symbolic context");
  });

  it("summarises a topic from the articles that treat it and leaves the others out", async () => {
    const result = await summarize("What do the articles say about water?");
    expect(result.scope?.kind).toBe("topic");
    const cited = new Set(result.cited.map((passage) => passage.documentId));
    expect(cited.size).toBeGreaterThanOrEqual(2);
    for (const documentId of cited) expect((await index.store.getDocument(documentId))!.text.toLowerCase()).toContain("water");
    // One section per article, each with its own heading.
    expect(result.text.match(/^### /gm)?.length).toBe(cited.size);
  });

  it("reads a topic's articles whole, so sentences retrieval did not rank can be its points, and gives a model only the ranked passages", async () => {
    const question = "What do the articles say about transport corridors?";
    const gathered = await gatherPassages({ query: question, mode: "summarize", dependencies });
    expect(gathered.scope?.kind).toBe("topic");
    const read = [...new Set(gathered.passages.map((passage) => passage.documentId))];
    const whole = (await Promise.all(read.map((documentId) => index.store.chunksOf([documentId])))).flat();
    expect(gathered.passages).toHaveLength(whole.length);
    const ranked = gathered.forModel ?? [];
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.length).toBeLessThan(whole.length);
    let trace: PointTrace | undefined;
    const composed = await composeExtractiveAnswer({ question, mode: "summarize", passages: gathered.passages, embedder: index.embedder, scope: gathered.scope, ranking: { trace: (seen) => (trace = seen) } });
    const unranked = gathered.passages.slice(ranked.length);
    const onlyUnranked = (text: string) => unranked.some((passage) => passage.text.includes(text)) && !ranked.some((passage) => passage.text.includes(text));
    expect(trace?.context).toBe("topic");
    expect(trace!.lists.some((list) => list.candidates.some((candidate) => onlyUnranked(candidate.text)))).toBe(true);
    // Only the articles that treat the topic get a section, one each, and no bullet is site text.
    const sections = composed.text.match(/^### /gm)?.length ?? 0;
    expect(sections).toBeGreaterThanOrEqual(2);
    expect(sections).toBe(Math.min(6, trace!.lists.length));
    for (const line of composed.text.split("\n").filter((entry) => entry.startsWith("- "))) expect(isBoilerplate(line), line).toBe(false);
  });

  it("briefs the whole collection: names every article, threads it through, and says only true 'only in one article' claims", async () => {
    const gathered = await gatherPassages({ query: "Summarize the whole collection", mode: "summarize", dependencies });
    expect(gathered.scope?.kind).toBe("all");
    expect(gathered.collection?.fullTexts.size).toBe(documents.length);
    const heading = (documentId: string) => articleHeading(documentId, gathered.passages, gathered.collection?.titles);
    const result = await summarizeCollection({
      question: "Summarize the whole collection",
      topic: "",
      scope: { kind: "all" },
      passages: gathered.passages,
      embedder: index.embedder,
      collection: gathered.collection,
      heading,
      label: heading,
    });
    for (const document of documents) expect(result.text, document.source).toContain(`### ${heading(document.id)}`);
    expect(result.text).not.toMatch(/News Agency - Located at/);
    expect(result.text).toContain("**Common threads**");
    for (const thread of result.threads ?? []) expect(new Set(thread.documentIds).size).toBeGreaterThanOrEqual(2);

    expect(result.only?.length).toBeGreaterThan(0);
    const fullTexts = new Map<string, string>();
    for (const document of documents) fullTexts.set(document.id, (await index.store.getDocument(document.id))!.text);
    for (const claim of result.only ?? []) {
      expect(treatsAspect(fullTexts.get(claim.documentId)!, claim.terms), claim.aspect).toBe(true);
      for (const other of documents.filter((document) => document.id !== claim.documentId)) {
        expect(treatsAspect(fullTexts.get(other.id)!, claim.terms), `${claim.aspect} is also in ${other.source}`).toBe(false);
      }
      expect(result.text).toContain(claim.aspect);
    }
  });

  it("cites every article in the chat stream's briefing, each line quoting its passage", async () => {
    const result = await summarize("Summarize everything");
    expect(new Set(result.cited.map((passage) => passage.documentId)).size).toBe(documents.length);
    for (const line of result.text.split("\n").filter((entry) => /\[\d+\]$/.test(entry))) {
      // "- *Article*. Sentence [n]" or "- *Article*, on X. Sentence [n]": the sentence is quoted verbatim, and checked as itself.
      const quote = line.replace(/^- \*[^*]+\*(?:, on [^.]+)?\. /, "").replace(/\s*\[\d+\]$/, "");
      const checked = splitAnswerSentences(line).find((sentence) => sentence.numbers.length > 0)!;
      expect(normalizeWhitespace(checked.claim)).toBe(normalizeWhitespace(quote));
      const n = Number(/\[(\d+)\]$/.exec(line)![1]);
      expect(normalizeWhitespace(result.cited[n - 1].text), line).toContain(normalizeWhitespace(quote));
    }
  });
});

describe("a topic summary", () => {
  /** A topic summary of `passages`, each article headed by its title. */
  const topicSummary = (options: { question: string; topic: string; passages: Passage[]; required?: string[] }) =>
    summarizeTopic({
      question: options.question,
      topic: options.topic,
      scope: { kind: "topic", required: options.required },
      passages: options.passages,
      embedder: bagOfWordsEmbedder,
      heading: (documentId) => options.passages.find((passage) => passage.documentId === documentId)?.title ?? documentId,
      label: () => "",
    });

  it("takes a sentence about the topic's country that names it only in the sentence before", async () => {
    const text = [
      "Port Elm signed a fishing agreement with Norway in March after two years of talks.",
      "Their cooperation is compared to a long marriage of convenience between two trading ports.",
      "The harbour council also approved a new dredging plan for the northern quay.",
      "Dredging will cost $40 million, paid by the port authority and the regional government.",
    ].join(" ");
    const passages: Passage[] = [makePassage({ documentId: "elm", title: "Port Elm", text })];
    const result = await topicSummary({ question: "What does the article say about Norway and its cooperation with Port Elm?", topic: "Norway and its cooperation with Port Elm", passages });
    expect(result.text).toContain("Their cooperation is compared to a long marriage");
    expect(result.text).not.toContain("Dredging will cost");
  });

  it("names an article by the words of a request written in lower case, when most of them are in it", () => {
    const article = [makePassage({ documentId: "h", title: "Hamedia: At the Intersection of China, Russia, and the U.S.", text: "Kazakhstan balances Beijing and Moscow through multi-directional diplomacy." })];
    expect(documentNameMatch("can u sum up the hamedia piece on kazakhstan juggling beijing and moscow", article)).toBeGreaterThanOrEqual(0.6);
    expect(documentNameMatch("summarize the article about the mars landing", article)).toBe(0);
  });

  it("reads the articles that come nearest a long topic when none holds as much of it as a short one needs", async () => {
    const passages: Passage[] = [
      makePassage({ documentId: "a", title: "A", text: "Kazakhstan keeps a foreign policy of balance between the large powers. Wheat exports rose in spring. The capital hosted a forum." }),
    ];
    const result = await topicSummary({
      question: "How do these articles describe Kazakhstan's balancing-act foreign policy under its long-serving president and his ministers since independence?",
      topic: "Kazakhstan's balancing-act foreign policy under its long-serving president and his ministers since independence",
      passages,
    });
    expect(result.text).toContain("foreign policy of balance");
    expect(result.text).not.toContain("Wheat exports");
  });

  it("gives an article the request names a section even when it never uses the topic's words", async () => {
    const passages: Passage[] = [
      makePassage({ documentId: "1951", title: "Truman, 1951", text: "The Cold War shapes our budget. We must rearm quickly against the Soviet threat. The Cold War demands allies in Europe." }),
      makePassage({ documentId: "1960", title: "Eisenhower, 1960", text: "Our defense rests on deterrent missiles and strong allies. The farm surplus keeps growing each year. Highways link the states." }),
    ];
    const summarize = (required?: string[]) => topicSummary({ question: "What did Truman (1951) and Eisenhower (1960) say about the Cold War?", topic: "the Cold War", passages, required });
    expect((await summarize()).text).not.toContain("Eisenhower, 1960");
    const named = (await summarize(["1951", "1960"])).text;
    expect(named).toContain("### Eisenhower, 1960");
    expect(named).toContain("### Truman, 1951");
  });
});

/** Reads one article made of `text` and gives the point features of its candidate sentence that opens with `opening`. */
function pointFeaturesOf(options: { documentId: string; title: string; text: string; detailed: number }) {
  const passages = [makePassage({ documentId: options.documentId, title: options.title, text: options.text })];
  const sentences = articleSentences([{ passage: passages[0], n: 1 }]);
  const reading = readArticle({ documentId: options.documentId, sentences, passages, detailed: options.detailed });
  return (opening: string) => {
    const candidate = reading.candidates.find((entry) => entry.text.startsWith(opening));
    expect(candidate, opening).toBeDefined();
    return pointFeatureVector(candidate!, reading);
  };
}

describe("point features", () => {
  it("marks a commentary opening and a paragraph's closing sentence, and neither on a sentence that reports", async () => {
    const text = [
      "The harbour council approved a dredging plan for the northern quay on Monday. Dredging will cost $40 million, paid by the port authority. The work starts in March and ends in October.",
      "Altogether, the plan marks a turning point for the port and its many partners. The ferry line to Southport will add two boats in May.",
    ].join("\n\n");
    const features = pointFeaturesOf({ documentId: "quay", title: "Quay", text, detailed: 10 });
    expect(features("Altogether").commentary).toBe(1);
    expect(features("The harbour council").commentary).toBe(0);
    // The third sentence of a three-sentence paragraph closes it; the first opens it, and a two-sentence paragraph's last is not counted.
    expect(features("The work starts").paragraphClosing).toBe(1);
    expect(features("The harbour council").paragraphClosing).toBe(0);
    expect(features("The ferry line").paragraphClosing).toBe(0);
  });
});

describe("a speech's points", () => {
  it("marks a proposal or commitment, a marked main point, an amount with its unit and an overlong sentence, and none of them on a report", () => {
    const text = [
      "The revenues of the past year reached $310 million, a gain of 12 percent over the year before. I believe firmly that there can be no revival of business until we return to a specie basis.",
      "The legal-tender clause should be repealed. I earnestly recommend the organization of a court of claims. Let this be the year we end the old system. The first requisite of recovery is a sound currency.",
      "The commission met in Geneva on October 3, 1873, and its members, after long and patient hearings of every claim that the governments had brought before it in the course of the year, with the papers, the witnesses and the arguments of counsel for both sides, gave their award in the following spring.",
    ].join("\n\n");
    const features = pointFeaturesOf({ documentId: "speech", title: "Speech", text, detailed: 20 });
    for (const opening of ["I believe firmly", "I earnestly recommend", "Let this be the year"]) expect(features(opening).recommendation, opening).toBe(1);
    expect(features("The legal-tender clause").recommendation).toBe(0);
    expect(features("The legal-tender clause").obligation).toBe(1);
    expect(features("The first requisite").emphasis).toBe(1);
    expect(features("The revenues of the past year").amount).toBe(1);
    // A date is a number but no amount.
    const report = features("The commission met in Geneva");
    expect(report.number).toBe(1);
    expect([report.amount, report.recommendation, report.obligation, report.emphasis]).toEqual([0, 0, 0, 0]);
    expect(report.long).toBeGreaterThan(0);
    expect(features("The first requisite").long).toBe(0);
  });
});

describe("a long text's sections", () => {
  // A speech on one line (no paragraph breaks) that moves through topics, each with its own words.
  const topics = [
    ["currency", "specie", "banks", "notes", "gold", "redemption", "treasury", "coin"],
    ["ships", "navy", "harbors", "sailors", "cruisers", "shipyards", "fleet", "docks"],
    ["schools", "teachers", "pupils", "colleges", "literacy", "textbooks", "classrooms", "learning"],
    ["railroads", "freight", "rates", "shippers", "tracks", "locomotives", "carriers", "tariffs"],
    ["forests", "rivers", "timber", "irrigation", "lands", "reservoirs", "settlers", "drought"],
  ];
  const speech = (perTopic: number) =>
    topics
      .flatMap((words, topic) =>
        Array.from({ length: perTopic }, (_, index) => `The ${words[index % 8]} and the ${words[(index + 3) % 8]} need the ${words[(index + 5) % 8]} of topic ${topic} in sentence ${index}.`),
      )
      .join(" ");

  it("finds the turns between topics, whatever their number", () => {
    const passage = makePassage({ documentId: "speech", text: speech(12) });
    const sections = textSections(articleSentences([{ passage, n: 1 }]), { count: 5 });
    expect(sections).toHaveLength(60);
    // Every topic's twelve sentences are one section, in text order.
    expect(sections).toEqual(topics.flatMap((_, topic) => new Array<number>(12).fill(topic)));
    expect(textSections(articleSentences([{ passage, n: 1 }]), { count: 1 })).toEqual(new Array<number>(60).fill(0));
  });

  it("spreads a long speech's points over its topics", async () => {
    const passage = makePassage({ documentId: "speech", text: speech(16) });
    const result = await summarizeArticle({
      question: "Summarize the speech",
      topic: "",
      scope: { kind: "document", documentId: "speech" },
      documentId: "speech",
      passages: [passage],
      embedder: bagOfWordsEmbedder,
      heading: () => "Speech",
      label: () => "Speech",
    });
    const points = result.text.split("\n").filter((line) => line.startsWith("- "));
    expect(points.length).toBeGreaterThanOrEqual(5);
    for (const [topic] of topics.entries()) expect(points.some((line) => line.includes(`of topic ${topic} `)), `topic ${topic}`).toBe(true);
  });

  it("gives each of a few long texts in a briefing its key points after its gist, from more than one of its topics", async () => {
    const passages = ["first", "second"].map((documentId) => makePassage({ documentId, chunkId: `${documentId}-0000`, source: `${documentId}.txt`, title: documentId, text: speech(14) }));
    const result = await summarizeCollection({
      question: "Summarize both speeches",
      topic: "",
      scope: { kind: "all" },
      passages,
      embedder: bagOfWordsEmbedder,
      heading: (documentId) => documentId,
      label: (documentId) => documentId,
    });
    for (const documentId of ["first", "second"]) {
      const section = result.text.split(`### ${documentId}\n\n`)[1].split(/\n\n(?:###|\*\*)/)[0];
      const points = section.split("\n").filter((line) => line.startsWith("- "));
      expect(points.length, documentId).toBeGreaterThanOrEqual(2);
      expect(new Set(points.map((line) => line.match(/of topic (\d)/)?.[1])).size, documentId).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("withoutHeading", () => {
  it("drops a section heading run into the sentence after it, and nothing else", () => {
    expect(withoutHeading("I. FOREIGN AFFAIRS American freedom is threatened so long as the conspiracy exists.")).toBe("American freedom is threatened so long as the conspiracy exists.");
    expect(withoutHeading("ATOMIC ENERGY PROPOSAL As we maintain our military strength, we shall be in a better position.")).toBe("As we maintain our military strength, we shall be in a better position.");
    expect(withoutHeading("NATO Allies agreed to raise their spending over the coming decade.")).toBe("NATO Allies agreed to raise their spending over the coming decade.");
    expect(withoutHeading("I am proud to report that the state of the Union is strong today.")).toBe("I am proud to report that the state of the Union is strong today.");
  });
});

describe("articleHeading", () => {
  it("names the outlet and date once, never repeating what the title already says", () => {
    const passage = (title: string, outlet: string, date: string) => ({ chunkId: "d:0", documentId: "d", source: "d.txt", title, date, outlet, ordinal: 0, text: "Text.", start: 0, end: 5, score: 1 });
    expect(articleHeading("d", [passage("Harry S. Truman, 1951", "", "1951")])).toBe("Harry S. Truman, 1951");
    expect(articleHeading("d", [passage("Xi Meets Tokayev", "Daily News", "2024-08-20")])).toBe("Xi Meets Tokayev — Daily News, 2024-08-20");
  });
});
