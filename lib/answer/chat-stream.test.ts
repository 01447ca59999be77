import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "../../tests/support/temp-index";
import type { ChatMessage } from "./chat-message";
import { loadConfig } from "../server/config";
import { passageFromHit, retrieve, type RetrieveOptions } from "../search/retrieve";
import { createChatStream, filteredNoAnswerText, type ChatChunk, type ChatDependencies } from "./chat-stream";
import { noAnswerText } from "./extractive";
import { buildStandaloneQuery, conversationTurns, looksLikeFollowUp, rewriteFollowUp } from "./query";
import { collect } from "./test-support";

let index: TempIndex;
let queries: RetrieveOptions[];
let dependencies: ChatDependencies;

beforeAll(async () => {
  index = await createTempIndex();
  dependencies = {
    config: index.config,
    embedder: index.embedder,
    retrieve: (options) => {
      queries.push(options);
      return retrieve(options, index);
    },
    listDocuments: () => index.store.listDocuments(),
    documentPassages: async (documentId) => (await index.store.chunksOf([documentId])).map((hit) => passageFromHit(hit, 0)),
    streamDelayMs: 0,
  };
});

afterAll(async () => {
  await index?.cleanup();
});

function user(text: string): ChatMessage {
  return { id: `u-${text.length}`, role: "user", parts: [{ type: "text", text }] };
}

function assistant(text: string): ChatMessage {
  return { id: `a-${text.length}`, role: "assistant", parts: [{ type: "text", text }] };
}

function textOf(chunks: ChatChunk[]): string {
  return chunks.flatMap((chunk) => (chunk.type === "text-delta" ? [chunk.delta] : [])).join("");
}

describe("createChatStream (extractive)", () => {
  it("reveals even a long answer in at most 40 pieces (a ready answer is not dripped out)", async () => {
    const chunks: ChatChunk[] = await collect(createChatStream({ messages: [user("Summarize all the articles.")], mode: "summarize", dependencies }));
    const deltas = chunks.filter((chunk) => chunk.type === "text-delta");
    expect(textOf(chunks).split(/\s+/).length).toBeGreaterThan(200);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.length).toBeLessThanOrEqual(40);
  });

  it("follows the protocol: start, cited passages, text, citation checks, finish", async () => {
    queries = [];
    const chunks: ChatChunk[] = await collect(createChatStream({ messages: [user("What trade turnover target do Kazakhstan and Tajikistan share?")], mode: "ask", dependencies }));
    const types = chunks.map((chunk) => chunk.type);
    expect(types[0]).toBe("start");
    expect(chunks[0]).toMatchObject({ messageMetadata: { engine: "extractive", engineKind: "extractive", mode: "ask" } });
    const firstText = types.indexOf("text-start");
    const passages = chunks.filter((chunk) => chunk.type === "data-passage").map((chunk) => chunk.data);
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.map((passage) => passage.n)).toEqual(passages.map((_, i) => i + 1));
    expect(types.lastIndexOf("data-passage")).toBeLessThan(firstText);
    expect(types.filter((type) => type === "source-document")).toHaveLength(passages.length);
    // Streamed in small groups, like a model would.
    expect(types.filter((type) => type === "text-delta").length).toBeGreaterThan(3);
    expect(types.slice(-3)).toEqual(["text-end", "data-citations", "finish"]);

    const text = textOf(chunks);
    expect(text).toContain("$2 billion");
    const cited = new Set([...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])));
    // Every passage sent is cited, and every citation has its passage.
    expect([...cited].sort()).toEqual(passages.map((passage) => passage.n));
    const checks = chunks.find((chunk) => chunk.type === "data-citations")!.data.checks;
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) {
      const passage = passages[check.n - 1];
      expect(check.support).toBe("supported");
      expect(check.quoteStart).toBeGreaterThanOrEqual(passage.start);
      expect(check.quoteEnd).toBeLessThanOrEqual(passage.end);
    }
  });

  it("heads compare sections of untitled articles with their opening words, never a file name", async () => {
    const chunks: ChatChunk[] = await collect(
      createChatStream({ messages: [user("Compare the names the articles give to Kazakhstan's foreign policy strategy.")], mode: "compare", dependencies }),
    );
    const headings = [...textOf(chunks).matchAll(/^#{2,4} (.+)$/gm)].map((match) => match[1]);
    expect(headings.length).toBeGreaterThanOrEqual(3);
    expect(headings.some((heading) => heading.includes("Untitled — "))).toBe(true);
    for (const heading of headings) expect(heading).not.toMatch(/\.txt\b/);
  });

  it("retrieves for the standalone question in a follow-up", async () => {
    queries = [];
    const messages = [
      user("When was Tokayev's visit to Tajikistan?"),
      assistant("President Tokayev's visit to Tajikistan was scheduled for August 22, 2024 [1]."),
      user("What about Uzbekistan?"),
    ];
    const chunks: ChatChunk[] = await collect(createChatStream({ messages, mode: "ask", dependencies }));
    expect(queries[0].query).toMatch(/Uzbekistan/);
    expect(queries[0].query).toMatch(/Tokayev/);
    expect(queries[0].query).toMatch(/visit/);
    expect(queries[0].query).not.toMatch(/Tajikistan/);
    expect(textOf(chunks)).toMatch(/Uzbekistan/);
  });

  it("asks a follow-up of the article the previous answer quoted first, and answers from it", async () => {
    const documents = await index.store.listDocuments();
    const quoted = documents.find((document) => document.source.startsWith("000_"))!;
    queries = [];
    const messages = [
      user("When is Tokayev due in Dushanbe?"),
      assistant("As President Tokayev gears up for his pivotal visit to Tajikistan on **August 22, 2024**, the eyes of Central Asia and beyond are focused on what promises to be a defining moment in the region's complex power dynamics. [1]"),
      user("and what trade figure are the two of them aiming for?"),
    ];
    const chunks: ChatChunk[] = await collect(createChatStream({ messages, mode: "ask", dependencies }));
    expect(queries.some((query) => query.filters?.documentIds?.length === 1 && query.filters.documentIds[0] === quoted.id)).toBe(true);
    expect(textOf(chunks)).toContain("$2");
    const cited = chunks.flatMap((chunk) => (chunk.type === "data-passage" ? [chunk.data.documentId] : []));
    expect(new Set(cited)).toEqual(new Set([quoted.id]));
  });

  it("does not hold a follow-up to the article of a declined answer", async () => {
    queries = [];
    const messages = [user("What is Kazakhstan's population?"), assistant(`${noAnswerText}\n\nThe closest passages, which do not answer it:\n\n- As President Tokayev gears up for his pivotal visit to Tajikistan on August 22, 2024, the eyes of Central Asia and beyond are focused on what promises to be a defining moment in the region's complex power dynamics. [1]`), user("and what about its trade target?")];
    await collect(createChatStream({ messages, mode: "ask", dependencies }));
    expect(queries.some((query) => query.filters?.documentIds !== undefined)).toBe(false);
  });

  it("asks the model for the standalone question when one is configured", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: async () => ({
        content: [{ type: "text", text: "When did President Tokayev meet the president of Uzbekistan?" }],
        finishReason: { unified: "stop", raw: undefined },
        usage: { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: 1, reasoning: undefined } },
        warnings: [],
      }),
    });
    const result = await buildStandaloneQuery({
      turns: [
        { role: "user", text: "When was Tokayev's visit to Tajikistan?" },
        { role: "assistant", text: "On August 22, 2024 [1]." },
        { role: "user", text: "And Uzbekistan?" },
      ],
      model,
    });
    expect(result).toEqual({ query: "When did President Tokayev meet the president of Uzbekistan?", how: "model" });
    const prompt = JSON.stringify(model.doGenerateCalls[0].prompt);
    expect(prompt).toContain("Tajikistan");
    expect(prompt).toContain("And Uzbekistan?");
  });

  it("declines under filters by saying so and returning the filters; without filters, the plain decline", async () => {
    const question = "What trade turnover target do Kazakhstan and Tajikistan share?";
    const finishOf = (chunks: ChatChunk[]) => chunks.find((chunk) => chunk.type === "finish");
    // Answered from the whole library...
    const open = await collect(createChatStream({ messages: [user(question)], mode: "ask", dependencies }));
    expect(finishOf(open)).not.toMatchObject({ messageMetadata: { abstained: true } });
    const answering = new Set(open.filter((chunk) => chunk.type === "data-passage").map((chunk) => chunk.data.documentId));
    // ...declined within one article that does not hold the answer, with the filter named in the metadata.
    const other = (await index.store.listDocuments()).find((document) => !answering.has(document.id));
    if (!other) throw new Error("every seed article answered the question");
    const filters = { documentIds: [other.id] };
    const cases = [
      { mode: "ask" as const, text: question },
      // Compare and summarize decline before any engine runs when nothing relevant is found.
      { mode: "compare" as const, text: "How do the articles differ on the boiling point of mercury?" },
    ];
    for (const { mode, text } of cases) {
      const filtered = await collect(createChatStream({ messages: [user(text)], mode, filters, dependencies }));
      expect(textOf(filtered).startsWith(filteredNoAnswerText), mode).toBe(true);
      expect(finishOf(filtered), mode).toMatchObject({ messageMetadata: { abstained: true, filters } });
    }
    // An unanswerable question with no filters: the usual words, no filters in the metadata.
    const plain = await collect(createChatStream({ messages: [user("What is the boiling point of mercury?")], mode: "ask", dependencies }));
    expect(textOf(plain).startsWith(noAnswerText)).toBe(true);
    expect(finishOf(plain)).toMatchObject({ messageMetadata: { abstained: true } });
    expect(finishOf(plain)?.messageMetadata?.filters).toBeUndefined();
    // Filters that narrow nothing (empty lists) are no filters.
    const empty = await collect(createChatStream({ messages: [user("What is the boiling point of mercury?")], mode: "ask", filters: { documentIds: [], outlets: [] }, dependencies }));
    expect(textOf(empty).startsWith(noAnswerText)).toBe(true);
  });

  it("says which engine must answer when the llm engine is required but not configured", async () => {
    const config = loadConfig({ ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", ANSWER_ENGINE: "llm" });
    const chunks: ChatChunk[] = await collect(createChatStream({ messages: [user("Anything?")], mode: "ask", dependencies: { ...dependencies, config } }));
    expect(chunks.find((chunk) => chunk.type === "error")).toMatchObject({ errorText: expect.stringMatching(/OPENAI_API_KEY or OPENAI_BASE_URL/) });
  });
});

describe("a message written in capitals", () => {
  it("is read in lower case, its names found by their words; a message with a capital name keeps its case", () => {
    const message = (text: string): ChatMessage => ({ id: text, role: "user", parts: [{ type: "text", text }] });
    const [shouted, written] = conversationTurns([message("WHICH CAPITAL CITY HOSTED THE SUMMIT?"), message("Which city hosted the NATO summit?")]);
    expect(shouted.text).toBe("which capital city hosted the summit?");
    expect(written.text).toBe("Which city hosted the NATO summit?");
  });
});

describe("follow-up detection and offline rewriting", () => {
  it("recognises follow-ups and leaves standalone questions alone", () => {
    expect(looksLikeFollowUp("What about Uzbekistan?")).toBe(true);
    expect(looksLikeFollowUp("When did he go there?")).toBe(true);
    expect(looksLikeFollowUp("Why?")).toBe(true);
    expect(looksLikeFollowUp("Who is Tokayev?")).toBe(false);
    expect(looksLikeFollowUp("Which threats did China and Kazakhstan agree to fight?")).toBe(false);
    // "Why?" leans on the answer before; a whole why-question stands on its own.
    expect(looksLikeFollowUp("Why not?")).toBe(true);
    expect(looksLikeFollowUp("Why did Madison send the militia toward the northwestern frontier in 1811?")).toBe(false);
    // A short question about "the" thing, naming nothing, means the thing just talked about.
    expect(looksLikeFollowUp("how long did the trip take?")).toBe(true);
    expect(looksLikeFollowUp("How long did the train from Xi'an take?")).toBe(false);
    expect(looksLikeFollowUp("How long did the container train journey take?")).toBe(false);
    // A demonstrative before a noun points back; a relative "that" and "this century" do not.
    expect(looksLikeFollowUp("Who led the land operation that helped bring about that peace?")).toBe(true);
    expect(looksLikeFollowUp("What interest rate did the Holland loan that Washington mentioned in 1790 carry?")).toBe(false);
    expect(looksLikeFollowUp("How many of the warmest years on record fell in the first fifteen years of this century?")).toBe(false);
    // A short question with no name, and a person referred to by pronoun only.
    expect(looksLikeFollowUp("Since what year?")).toBe(true);
    expect(looksLikeFollowUp("Why is his country dragging its feet on the friendship agreement?")).toBe(true);
    expect(looksLikeFollowUp("Which agreement did Tokayev say his government would sign with Tajikistan next year?")).toBe(false);
    // A pronoun before any noun, in a message naming no one, and "that year" in one naming no year, point back.
    expect(looksLikeFollowUp("How many of its stations were running as of June 30 that year?")).toBe(true);
    expect(looksLikeFollowUp("Why did their leaders want the new treaty signed quickly?")).toBe(true);
    expect(looksLikeFollowUp("What happened to exports of cotton and wheat that year?")).toBe(true);
    expect(looksLikeFollowUp("In his 1885 message, what did Cleveland say about the coinage of silver dollars?")).toBe(false);
    expect(looksLikeFollowUp("How much did exports of cotton and wheat grow in 1885, and what did Congress do that year?")).toBe(false);
    // "The two sides" are a pair named before; a pair the question names is its own.
    expect(looksLikeFollowUp("what trade figure are the two sides shooting for?")).toBe(true);
    expect(looksLikeFollowUp("What trade figure are Kazakhstan and Tajikistan, the two sides, shooting for?")).toBe(false);
  });

  it("puts the new subject in place of the previous question's name, or borrows its key words", async () => {
    expect(await rewriteFollowUp({ latest: "What about Uzbekistan?", previous: "When was Tokayev's visit to Tajikistan?" })).toBe(
      "When was Tokayev's visit to Uzbekistan?",
    );
    expect(await rewriteFollowUp({ latest: "When did he go there?", previous: "Tell me about Tokayev's visit to Tajikistan." })).toBe(
      "When did he go there? Tokayev visit Tajikistan",
    );
    // The subject ends where the question goes on after a dash or a comma.
    expect(await rewriteFollowUp({ latest: "And what about Washington — what did it back?", previous: "Which corridor did Moscow push after the war began?" })).toBe(
      "Which corridor did Washington push after the war began?",
    );
    // A thing named by a common noun takes the place of the phrase with the same head noun.
    expect(await rewriteFollowUp({ latest: "And the transport ministers?", previous: "When did the Central Asian energy ministers meet?" })).toBe(
      "When did the Central Asian transport ministers meet?",
    );
    // "And …" names a new subject only when no question follows it.
    expect(await rewriteFollowUp({ latest: "And Uzbekistan?", previous: "When was Tokayev's visit to Tajikistan?" })).toBe("When was Tokayev's visit to Uzbekistan?");
    expect(await rewriteFollowUp({ latest: "and how many days did the trip take?", previous: "How far did the train to Tashkent travel?" })).toBe(
      "and how many days did the trip take? far train Tashkent travel",
    );
  });
});

describe("a departed client", () => {
  it("stops a summary of everything once gone: no composing, no citation checks, no answer", async () => {
    const controller = new AbortController();
    let reads = 0;
    // Work after the client left: composing embeds sentences, checking citations embeds them again.
    let embedsAfterAbort = 0;
    const counting: ChatDependencies = {
      ...dependencies,
      embedder: {
        ...dependencies.embedder,
        embed: (texts: string[]) => {
          if (controller.signal.aborted) embedsAfterAbort += 1;
          return dependencies.embedder.embed(texts);
        },
      },
      documentPassages: async (documentId) => {
        reads += 1;
        // The client leaves while the first articles are being read.
        controller.abort();
        return dependencies.documentPassages!(documentId);
      },
    };
    const total = (await index.store.listDocuments()).length;
    const chunks = await collect(
      createChatStream({ messages: [user("Summarize all the articles")], mode: "summarize", dependencies: counting, abortSignal: controller.signal }),
    );
    expect(total).toBeGreaterThan(1);
    expect(embedsAfterAbort).toBe(0);
    expect(chunks.some((chunk) => chunk.type === "text-delta")).toBe(false);

    // The same request, not abandoned, reads every article and answers.
    reads = 0;
    const whole = await collect(createChatStream({ messages: [user("Summarize all the articles")], mode: "summarize", dependencies: { ...counting, documentPassages: async (id) => { reads += 1; return dependencies.documentPassages!(id); } } }));
    expect(reads).toBeGreaterThanOrEqual(total);
    expect(whole.some((chunk) => chunk.type === "text-delta")).toBe(true);
  });
});

describe("a summary of what named speakers or a span of years said", () => {
  let speeches: TempIndex;
  let folder: string;
  let speechDependencies: ChatDependencies;
  const texts: Record<string, string> = {
    "1858-james-buchanan.txt": "The island of Cuba lies at our door, and its acquisition from Spain by fair purchase remains desirable. The tariff yields less revenue than the year before.\n",
    "1859-james-buchanan.txt": "Claims against Spain for seizures near Cuba are still unpaid. The mails to the Pacific coast need a faster route.\n",
    "1869-ulysses-s-grant.txt": "The insurrection in Cuba has lasted a year, and our sympathy is with the people of Cuba who seek self-government. The public debt was reduced by many millions.\n",
    "1873-ulysses-s-grant.txt": "The capture of the steamer Virginius off Cuba by a Spanish war vessel led to demands for reparation from Spain. Specie payments should resume soon.\n",
    "1898-william-mckinley.txt": "The war with Spain freed Cuba, and the island's people will govern themselves once order is restored. Cuba and the Cuban people deserve our patient help.\n",
    "1899-william-mckinley.txt": "Cuba must be helped to a stable government, and Cuban trade with us has grown fast under the occupation of Cuba.\n",
    "1939-franklin-d-roosevelt.txt": "Storms from abroad challenge three institutions indispensable to Americans. Our defense must be ready in time, and our factories must learn to make the arms it needs.\n",
  };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "caravan-speakers-"));
    for (const [name, text] of Object.entries(texts)) await writeFile(path.join(folder, name), text);
    speeches = await createTempIndex({ corpusDir: folder });
    speechDependencies = {
      config: speeches.config,
      embedder: speeches.embedder,
      retrieve: (options) => retrieve(options, speeches),
      listDocuments: () => speeches.store.listDocuments(),
      documentPassages: async (documentId) => (await speeches.store.chunksOf([documentId])).map((hit) => passageFromHit(hit, 0)),
      streamDelayMs: 0,
    };
  });

  afterAll(async () => {
    await speeches?.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  const citedFiles = (chunks: ChatChunk[]) =>
    [...new Set(chunks.flatMap((chunk) => (chunk.type === "source-document" ? [(chunk as { filename?: string }).filename ?? chunk.title] : [])))];

  it("reads every speech of the speakers named, and only theirs, though titles name only some", async () => {
    // "Theodore Roosevelt"-style full names match titles; surnames alone ("Buchanan") do not.
    const chunks = await collect(createChatStream({ messages: [user("What did the annual messages of Buchanan and Grant say about Cuba?")], mode: "summarize", dependencies: speechDependencies }));
    const text = textOf(chunks);
    expect(text).not.toContain("do not cover");
    expect(text).toMatch(/James Buchanan/);
    expect(text).toMatch(/Ulysses S\. Grant/);
    expect(text).not.toMatch(/McKinley/);
    // Every cited source is one of theirs.
    expect(citedFiles(chunks).length).toBeGreaterThan(0);
    expect(citedFiles(chunks).every((file) => /buchanan|grant/i.test(file))).toBe(true);
  });

  it("summarises the one speech a speaker and a year pick when the request asks nothing else", async () => {
    // Initials no title holds ("fdr"): the speaker is known from the metadata, and only framing words are left.
    for (const request of ["quick rundown of fdr's 1939 message?", "Give me the lowdown on FDR's 1939 address", "grant's 1873 message in a nutshell"]) {
      const chunks = await collect(createChatStream({ messages: [user(request)], mode: "summarize", dependencies: speechDependencies }));
      const text = textOf(chunks);
      const year = request.match(/\d{4}/)![0];
      expect(text, request).toMatch(new RegExp(`^### .*${year}`));
      expect(citedFiles(chunks), request).toEqual([expect.stringContaining(year)]);
    }
  });

  it("reads a span of years whose ends are named by speaker and year, in the order written when asked how things changed", async () => {
    const chunks = await collect(createChatStream({ messages: [user("How did talk of Cuba change from Buchanan in 1859 to Grant in 1873?")], mode: "summarize", dependencies: speechDependencies }));
    const text = textOf(chunks);
    expect(text).not.toContain("do not cover");
    const headings = [...text.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    expect(headings.length).toBeGreaterThanOrEqual(2);
    expect(headings.every((heading) => /1859|1869|1873/.test(heading))).toBe(true);
    const years = headings.map((heading) => Number(heading.match(/\d{4}/)?.[0]));
    expect(years).toEqual([...years].sort((a, b) => a - b));
  });
});
