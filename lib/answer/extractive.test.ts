import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsAnswer, createTempIndex, readSeedQuestions, type SeedQuestion, type TempIndex } from "../../tests/support/temp-index";
import type { ChatMessage } from "./chat-message";
import type { AnswerMode } from "../types";
import { createChatDependencies } from "./chat-dependencies";
import { checkCitations, renumberByFirstCitation, splitAnswerSentences } from "./citations";
import { createChatStream, gatherPassages, type ChatChunk, type ChatDependencies } from "./chat-stream";
import { asksOnlyOverview, comparisonStatements, composeExtractiveAnswer, detectSummaryScope, noAnswerText, topicOf } from "./extractive";
import { normalizeWhitespace } from "../text/terms";
import { collect } from "./test-support";
import { statementHolds } from "../evaluation/statements";
import type { PointTrace } from "./summary";
import { topicTerms } from "./summary";

let index: TempIndex;
let questions: SeedQuestion[];
let dependencies: ChatDependencies;

beforeAll(async () => {
  index = await createTempIndex();
  questions = await readSeedQuestions();
  // The same factory the route uses, pointed at the temp index.
  dependencies = { ...(await createChatDependencies(index.config)), streamDelayMs: 0 };
});

afterAll(async () => {
  await index?.cleanup();
});

async function answer(question: string, mode: AnswerMode) {
  const gathered = await gatherPassages({ query: question, mode, dependencies });
  const composed = await composeExtractiveAnswer({ question, mode, passages: gathered.passages, embedder: index.embedder, scope: gathered.scope });
  // As the chat stream does: only cited passages, renumbered in order of first citation.
  const { text, order } = renumberByFirstCitation(composed.text);
  return { ...gathered, text, cited: order.map((n) => gathered.passages[n - 1]) };
}

const offTopic = ["What is the boiling point of mercury?", "Who won the 2018 World Cup?", "What is the capital of France?", "How do I bake sourdough bread?"];

describe("extractive answers over the seed corpus", () => {
  it("answers the seed fact questions (answer-contains >= 0.9), quoting every cited sentence from its passage", async () => {
    const facts = questions.filter((question) => question.kind === "fact");
    const misses: string[] = [];
    let checked = 0;
    for (const question of facts) {
      const result = await answer(question.question, "ask");
      expect(result.text.startsWith(noAnswerText), question.id).toBe(false);
      if (!containsAnswer(result.text, question.answer_any)) misses.push(question.id);
      for (const sentence of splitAnswerSentences(result.text)) {
        expect(sentence.numbers.length, `${question.id}: uncited sentence "${sentence.claim}"`).toBeGreaterThan(0);
        for (const n of sentence.numbers) {
          expect(normalizeWhitespace(result.cited[n - 1].text), `${question.id} [${n}]`).toContain(normalizeWhitespace(sentence.claim));
        }
      }
      const checks = await checkCitations({ text: result.text, passages: result.cited, embedder: index.embedder });
      checked += checks.length;
      expect(checks.every((check) => check.support === "supported"), question.id).toBe(true);
    }
    const rate = (facts.length - misses.length) / facts.length;
    console.log(`extractive answer-contains on ${facts.length} seed facts: ${rate.toFixed(2)} (misses: ${misses.join(", ") || "none"}); ${checked} citations, all supported`);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });

  it("compares at least three articles on the seed compare questions, one section each, and closes with agreement and difference", async () => {
    for (const question of questions.filter((q) => q.kind === "compare")) {
      const result = await answer(question.question, "compare");
      const documents = new Set(result.cited.map((passage) => passage.documentId));
      expect(documents.size, question.id).toBeGreaterThanOrEqual(3);
      expect(result.text.match(/^### /gm)?.length).toBe(documents.size);
      expect(result.text).toMatch(/\*\*Where they agree and differ\*\*/);
    }
  });

  it("compares the articles a request describes from their whole texts, giving a model only the passages ranked on the question", async () => {
    const gathered = await gatherPassages({ query: "Compare what the Xi–Tokayev piece and the Astana summit piece say about trade and transport links with China.", mode: "compare", dependencies });
    const compared = [...new Set(gathered.passages.map((passage) => passage.documentId))];
    expect(compared).toHaveLength(2);
    const whole = (await Promise.all(compared.map((documentId) => index.store.chunksOf([documentId])))).flat();
    expect(gathered.passages).toHaveLength(whole.length);
    expect(gathered.forModel?.length).toBeLessThan(whole.length);
    let trace: PointTrace | undefined;
    const composed = await composeExtractiveAnswer({
      question: "Compare what the Xi–Tokayev piece and the Astana summit piece say about trade and transport links with China.",
      mode: "compare",
      passages: gathered.passages,
      embedder: index.embedder,
      scope: gathered.scope,
      ranking: { trace: (seen) => (trace = seen) },
    });
    expect(composed.text.match(/^### /gm)).toHaveLength(2);
    // Points may come from passages retrieval did not rank: each article's candidates include their sentences.
    const ranked = gathered.forModel ?? [];
    const unranked = gathered.passages.slice(ranked.length);
    expect(unranked.length).toBeGreaterThan(0);
    const onlyUnranked = (text: string) => unranked.some((passage) => passage.text.includes(text)) && !ranked.some((passage) => passage.text.includes(text));
    expect(trace?.lists).toHaveLength(2);
    const partlyRanked = trace!.lists.filter((list) => unranked.some((passage) => passage.documentId === list.documentId));
    expect(partlyRanked.length).toBeGreaterThan(0);
    for (const list of partlyRanked) expect(list.candidates.some((candidate) => onlyUnranked(candidate.text)), list.documentId).toBe(true);
    expect(composed.text.split("\n").filter((line) => line.startsWith("- ")).length).toBeGreaterThanOrEqual(6);
  });

  it("puts the compared articles in the order the request names them", async () => {
    const headings = async (question: string) => {
      const gathered = await gatherPassages({ query: question, mode: "compare", dependencies });
      const composed = await composeExtractiveAnswer({ question, mode: "compare", passages: gathered.passages, embedder: index.embedder, scope: gathered.scope });
      return [...composed.text.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    };
    const forward = await headings("Compare what the Xi–Tokayev piece and the Astana summit piece say about trade.");
    const backward = await headings("Compare what the Astana summit piece and the Xi–Tokayev piece say about trade.");
    expect(forward).toHaveLength(2);
    expect(forward[0]).toMatch(/Xi Meets Tokayev/);
    expect(backward).toEqual([...forward].reverse());
  });

  /** The aspects two articles, each with one picked sentence and both of full text `text`, are said to share. */
  const sharedAspects = (options: { text: string; first: string; second: string; question: string }) =>
    comparisonStatements({
      sections: [
        { documentId: "a", label: "A", picked: [{ text: options.first, n: 1 }] },
        { documentId: "b", label: "B", picked: [{ text: options.second, n: 2 }] },
      ],
      question: options.question,
      fullTexts: new Map([["a", options.text], ["b", options.text]]),
    })
      .filter((statement) => statement.kind === "all")
      .map((statement) => statement.aspect);

  it("states a shared aspect once, not once per form of its words ('Central Asia', 'Central Asian')", () => {
    const shared = sharedAspects({
      text: "Central Asia matters to every Central Asian state.",
      first: "The Central Asian states met in Central Asia.",
      second: "Central Asia gained a Central Asian forum.",
      question: "What do they say?",
    });
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatch(/^Central Asia/);
  });

  it("says two articles share a phrase or a quoted term, never one common name the whole folder shares", () => {
    const shared = sharedAspects({
      text: "Kazakhstan joined the Belt and Road Initiative to reach new markets.",
      first: "Kazakhstan backs the Belt and Road Initiative.",
      second: "Kazakhstan gains from the Belt and Road Initiative.",
      question: "How do they see China?",
    });
    expect(shared.some((aspect) => /Belt and Road/.test(aspect))).toBe(true);
    expect(shared).not.toContain("Kazakhstan");
  });

  it("makes no false 'all' or 'only' statement on the seed corpus: each is re-checked against every compared article's full text", async () => {
    const requests = [
      ...questions.filter((q) => q.kind === "compare").map((q) => q.question),
      "How do the articles differ on how Kazakhstan balances Russia and China?",
      "Compare the names the articles give to Kazakhstan's foreign policy strategy.",
      "Compare what the articles say about transport corridors.",
      "How do the articles see the role of the United States in Central Asia?",
      "Which articles are upbeat and which flag obstacles for Kazakhstan's regional diplomacy?",
    ];
    let made = 0;
    for (const question of requests) {
      const messages: ChatMessage[] = [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }];
      const chunks: ChatChunk[] = await collect(createChatStream({ messages, mode: "compare", dependencies }));
      const comparison = chunks.flatMap((chunk) => (chunk.type === "data-comparison" ? [chunk.data] : [])).at(-1);
      for (const statement of comparison?.statements ?? []) {
        const texts = new Map<string, string>();
        for (const documentId of statement.comparedIds) texts.set(documentId, (await index.store.getDocument(documentId))?.text ?? "");
        expect(statementHolds(statement, texts), `${question}: ${statement.text}`).toBe(true);
        made += 1;
      }
    }
    // The check must have something to check.
    expect(made).toBeGreaterThan(0);
  });

  it("compares the articles' tone on the topic the request names, and still declines a topic they do not treat", async () => {
    const stream = async (question: string) => {
      const messages: ChatMessage[] = [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }];
      const chunks: ChatChunk[] = await collect(createChatStream({ messages, mode: "compare", dependencies }));
      return {
        abstained: chunks.find((chunk) => chunk.type === "finish")?.messageMetadata?.abstained === true,
        sources: new Set(chunks.flatMap((chunk) => (chunk.type === "data-passage" ? [chunk.data.documentId] : []))),
      };
    };
    // No article says "upbeat" or "obstacles": the request is about Kazakhstan's regional diplomacy, in their tone.
    const tone = await stream("Which articles are upbeat and which flag obstacles for Kazakhstan's regional diplomacy?");
    expect(tone.abstained).toBe(false);
    expect(tone.sources.size).toBeGreaterThanOrEqual(3);
    expect((await stream("Which articles are upbeat about the football world cup?")).abstained).toBe(true);
  });

  it("does not decline a request for the picture the articles paint together: its framing words are no topic", async () => {
    const summarize = async (question: string, mode: "summarize" | "compare" = "summarize") => {
      const messages: ChatMessage[] = [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }];
      const chunks: ChatChunk[] = await collect(createChatStream({ messages, mode, dependencies }));
      return chunks.find((chunk) => chunk.type === "finish")?.messageMetadata?.abstained === true;
    };
    expect(await summarize("Taken together, what picture of Kazakhstan's foreign policy do these articles paint?")).toBe(false);
    expect(await summarize("What's the big picture across all these articles about Kazakhstan's place in the world?")).toBe(false);
    expect(await summarize("Pull together the key dates and figures from across these articles.")).toBe(false);
    expect(await summarize("How do the different articles portray Tokayev himself?", "compare")).toBe(false);
    // A topic the articles do not treat is still declined, however it is framed.
    expect(await summarize("Taken together, what picture of the football world cup do these articles paint?")).toBe(true);
  });

  it("summarises the one article a request points at, and every article when asked for all", async () => {
    const forum = questions.find((q) => q.kind === "summary" && /Astana International Forum/.test(q.question))!;
    const one = await answer(forum.question, "summarize");
    expect(one.scope?.kind).toBe("document");
    expect(new Set(one.cited.map((passage) => passage.source))).toEqual(new Set(forum.gold_docs));
    expect(containsAnswer(one.text, forum.answer_any)).toBe(true);
    const points = one.text.split("\n").filter((line) => line.startsWith("- "));
    expect(points.length).toBeGreaterThanOrEqual(4);
    expect(points.length).toBeLessThanOrEqual(10);

    const all = await answer("Summarize all the articles.", "summarize");
    expect(all.scope?.kind).toBe("all");
    expect(new Set(all.cited.map((passage) => passage.documentId)).size).toBe(index.summary.documents);
    expect(all.text.match(/^### /gm)?.length).toBe(index.summary.documents);
  });

  it("declines off-topic questions in the stream's metadata, offering the closest passages as not an answer", async () => {
    for (const question of offTopic) {
      const messages: ChatMessage[] = [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }];
      const chunks: ChatChunk[] = await collect(createChatStream({ messages, mode: "ask", dependencies }));
      const text = chunks.flatMap((chunk) => (chunk.type === "text-delta" ? [chunk.delta] : [])).join("");
      const finish = chunks.find((chunk) => chunk.type === "finish");
      expect(finish?.messageMetadata?.abstained, question).toBe(true);
      expect(text.startsWith(noAnswerText), question).toBe(true);
      // Whatever is offered is marked as not an answer, and every offered sentence is cited.
      const offered = text.slice(noAnswerText.length).trim();
      if (offered) {
        expect(offered).toMatch(/^The closest passages, which do not answer it:/);
        for (const line of offered.split("\n").filter((line) => line.startsWith("- "))) expect(line).toMatch(/\[\d+\]$/);
      }
    }
  });
});

describe("question analysis", () => {
  it("tells a request for all articles from one for a single article or a topic", () => {
    expect(detectSummaryScope("Summarize the corpus", [])).toEqual({ kind: "all" });
    expect(detectSummaryScope("Give me an overview of every article", [])).toEqual({ kind: "all" });
    expect(detectSummaryScope("Summarize what the articles say about water", [])).toEqual({ kind: "topic" });
    // The folder as the place to look, with a topic of three words or more: a topic.
    expect(detectSummaryScope("How did early presidents in this collection report on the national debt?", [])).toEqual({ kind: "topic" });
    expect(detectSummaryScope("What is in this collection?", [])).toEqual({ kind: "all" });
    expect(detectSummaryScope("Across all the pieces in the folder, what overall picture emerges of Kazakhstan's foreign policy?", [])).toEqual({ kind: "all" });
  });

  it("leaves the reader's purpose out of a request's topic, not what the reader says they need", () => {
    expect(topicOf("How did Jackson and Lincoln handle Native American tribes, going by those messages? I need it for a unit on federal Indian policy.")).toBe("How did Jackson and Lincoln handle Native American tribes?");
    expect(topicOf("For my briefing: compare how Jackson and Cleveland approached the tariff.")).toBe("how Jackson and Cleveland approached the tariff.");
    // A purpose that says what the piece is on keeps that: it is what "it" asks about.
    expect(topicOf("For an anniversary piece on federal Indian policy: what did Jefferson and Tyler tell Congress about it?")).toBe("federal Indian policy: what did Jefferson and Tyler tell Congress about it?");
    expect(topicOf("Settling a bet: what did Tyler say about Texas?")).toBe("what did Tyler say about Texas?");
    expect(topicOf("Quiz question on Monroe's 1817 message: what did he say about the navy?")).toBe("Monroe's 1817 message: what did he say about the navy?");
    // A preface with none of the reader's own words is the request's: "tyler 1844: …".
    expect(topicOf("tyler 1844: what did he say about Texas?")).toBe("tyler 1844: what did he say about Texas?");
    expect(topicOf("Summarize the articles. I need the Tajik angle.")).toContain("Tajik angle");
    // A purpose or a hurry before a comma or a dash; not one that names the topic ("the 1812 war").
    expect(topicOf("For a genealogy project, what do the messages say about relations with Native American tribes?")).toBe("what do the messages say about relations with Native American tribes?");
    expect(topicOf("I'm on deadline - quick rundown of the article on the Astana summit")).not.toMatch(/deadline/);
    expect(topicOf("I'm teaching the 1812 war - give me an overview of Madison's messages")).toMatch(/1812 war/);
    expect(topicOf("Can you boil down the article on Xi's talks with Tokayev for my civics class?")).not.toMatch(/civics|class/);
    // What the reader does says who asks, not what about.
    expect(topicOf("What does Tokayev himself say or do across all these articles? I read about him every morning and want the full picture.")).toBe("What does Tokayev himself say or do across all these articles?");
  });

  it("leaves the speakers and the span of time out of a topic across speeches", () => {
    expect(topicTerms(topicOf("What have presidents said about Hawaii across these annual messages?"))).toEqual(["hawaii"]);
    expect(topicTerms(topicOf("How did presidents in the 1840s-1870s describe friction with Mexico?"))).not.toContain("president");
    expect(topicTerms(topicOf("What do these messages say about the national debt over time?"))).toEqual(["national", "debt"]);
    // Presidents as the topic stay: "the presidents who attended" is what is asked about.
    expect(topicTerms(topicOf("What do the articles say about the presidents who attended the summit?"))).toContain("president");
  });

  it("tells a request for an overview of named speeches from one about a topic in them", () => {
    expect(asksOnlyOverview("Big picture across the twelve messages I picked: '96, '29 and '64. How do the main concerns shift over time?")).toBe(true);
    expect(asksOnlyOverview("Big picture across the messages I picked: how does their view of the tariff shift over time?")).toBe(false);
    // How the reader counts and dates the picked speeches is no topic either.
    expect(asksOnlyOverview("Can you summarize the five pre-1900 messages on my list?")).toBe(true);
  });

  it("reads 'across all of them, X' as the topic X in a collection too large to brief article by article", () => {
    const request = "Across all these messages, how have presidents described the Post Office's finances over the years?";
    expect(detectSummaryScope(request, [], { documents: 5 })).toEqual({ kind: "all" });
    expect(detectSummaryScope(request, [], { documents: 233 })).toEqual({ kind: "topic" });
    // Asking for the collection's shape is still the collection, however large.
    expect(detectSummaryScope("Across all these messages, what are the main themes over the years?", [], { documents: 233 })).toEqual({ kind: "all" });
  });
});
