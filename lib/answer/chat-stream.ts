import "server-only";
import { displayTitle } from "../text/display-title";
import { createUIMessageStream, type InferUIMessageChunk, type LanguageModel, type UIMessageStreamWriter } from "ai";
import type { ChatMessage, ChatMetadata, ComparisonData, PassageData } from "./chat-message";
import { hasLanguageModel, type AppConfig } from "../server/config";
import { CaravanError } from "../server/errors";
import { stemVectorsFor, type RetrievalResult, type RetrieveOptions } from "../search/retrieve";
import type { AppliedMetadata } from "../search/question-metadata";
import type { AnswerMode, DocumentSummary, Embedder, Passage, RetrievalFilters } from "../types";
import { checkCitations, removeInvalidMarkers, renumberByFirstCitation } from "./citations";
import { asksForTone, asksOnlyOverview, composeExtractiveAnswer, detectSummaryScope, noAnswerText, topicOf, type SummaryScope } from "./extractive";
import { streamLlmAnswer } from "./llm";
import { ProviderFailure, toProviderFailure } from "./provider-errors";
import { fitPassageBudget } from "./passage-budget";
import { buildStandaloneQuery, conversationTurns, previousLead } from "./query";
import type { ConversationTurn } from "./prompts";
import { isAnswerable } from "./relevance";
import { answerFromMetadata, planAsk, renderAsk, type AskPlan } from "./ask";
import { analyzeQuestion, withBorrowedTerms, withoutMetadataWords } from "./question";
import { contentTerms, normalizeForMatch } from "../text/terms";
import { articleDescriptions, describedDocuments } from "./document-references";
import { briefingPassages, documentNameMatch, isFramingTerm, namedDocuments, topicEvidence, topicTerms, withoutTerms, type CollectionIndex } from "./summary";

// One answer, start to finish, as a UI message stream. The protocol (the UI codes against it):
//   start (metadata) -> data-passage + source-document per citable passage (n = 1..k)
//   -> text-start / text-delta... / text-end -> data-citations -> finish (metadata)
// A failing model in 'auto' mode is replaced by the extractive engine: a reset-step chunk
// clears what the model had sent, then the extractive answer follows the same protocol.

export interface ChatDependencies {
  config: AppConfig;
  embedder: Embedder;
  retrieve: (options: RetrieveOptions) => Promise<RetrievalResult>;
  /** Required when the configuration selects the llm engine. */
  model?: LanguageModel;
  /** Lets "summarize all the articles" reach every article, not only the best-matching ones. */
  listDocuments?: () => Promise<DocumentSummary[]>;
  /** Every passage of one article in reading order: a summary of an article reads all of it. */
  documentPassages?: (documentId: string) => Promise<Passage[]>;
  /** Pause between word groups of an extractive answer, so it reads like a streamed one. */
  streamDelayMs?: number;
}

export interface ChatStreamOptions {
  messages: ChatMessage[];
  mode: AnswerMode;
  filters?: RetrievalFilters;
  /** The request's signal: a client that goes away stops the work. */
  abortSignal?: AbortSignal;
  /** Ties an unexpected failure's server log line to the message the user sees. */
  requestId?: string;
  dependencies: ChatDependencies;
}

type Writer = UIMessageStreamWriter<ChatMessage>;

export type EngineChoice = { kind: "llm"; model: LanguageModel; id: string } | { kind: "extractive" } | { kind: "unavailable"; reason: string };

export function chooseEngine(config: AppConfig, model: LanguageModel | undefined): EngineChoice {
  const wantsModel = config.answerEngine === "llm" || (config.answerEngine === "auto" && hasLanguageModel(config));
  if (!wantsModel) return { kind: "extractive" };
  if (!model) {
    return config.answerEngine === "llm"
      ? { kind: "unavailable", reason: "ANSWER_ENGINE=llm needs OPENAI_API_KEY or OPENAI_BASE_URL." }
      : { kind: "extractive" };
  }
  return { kind: "llm", model, id: typeof model === "string" ? model : model.modelId };
}

/** Readable text for any failure: our own errors say what to do; anything else stays generic. */
export function errorText(error: unknown, requestId?: string): string {
  if (error instanceof CaravanError || error instanceof ProviderFailure) return error.message;
  const generic = "Something went wrong while answering; please try again.";
  return requestId ? `${generic} (request ${requestId})` : generic;
}

function toPassageData(passage: Passage, n: number): PassageData {
  return {
    n,
    chunkId: passage.chunkId,
    documentId: passage.documentId,
    source: passage.source,
    title: passage.title,
    date: passage.date,
    outlet: passage.outlet,
    text: passage.text,
    start: passage.start,
    end: passage.end,
    ...(passage.pages ? { pages: passage.pages } : {}),
  };
}

function writePassages(writer: Writer, passages: Passage[]): void {
  passages.forEach((passage, index) => {
    const n = index + 1;
    writer.write({ type: "data-passage", id: `passage-${n}`, data: toPassageData(passage, n) });
    writer.write({
      type: "source-document",
      sourceId: passage.chunkId,
      mediaType: "text/plain",
      title: passage.title || passage.source,
      filename: passage.source,
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reveal of a finished offline answer takes at most this long in all, however long the answer. */
export const revealBudgetMs = 150;
/** And it is sent in at most this many pieces: a 233-article briefing is not 20,000 tiny deltas. */
const maxPieces = 40;

/**
 * Writes finished text in a few pieces, as a model would stream it, but fast: the answer is
 * ready, so the reveal is capped at `revealBudgetMs` and `maxPieces` pieces.
 */
async function writeTextGradually(writer: Writer, options: { id: string; text: string; delayMs: number; signal?: AbortSignal }): Promise<void> {
  writer.write({ type: "text-start", id: options.id });
  const words = options.text.match(/\S+\s*|\s+/g) ?? [];
  const perPiece = Math.max(3, Math.ceil(words.length / maxPieces));
  const pieces = Math.ceil(words.length / perPiece);
  const delay = pieces > 1 ? Math.min(options.delayMs, revealBudgetMs / (pieces - 1)) : 0;
  for (let index = 0; index < words.length; index += perPiece) {
    if (options.signal?.aborted) break;
    writer.write({ type: "text-delta", id: options.id, delta: words.slice(index, index + perPiece).join("") });
    if (delay > 0 && index + perPiece < words.length) await sleep(delay);
  }
  writer.write({ type: "text-end", id: options.id });
}

interface Gathered {
  passages: Passage[];
  relevance: number;
  scope?: SummaryScope;
  /** Summaries of the whole collection: every article's full text, term index and title. */
  collection?: CollectionIndex;
  /** Ask: the sentences chosen to answer (the extractive engine quotes them). */
  plan?: AskPlan;
  /** The author and year words retrieval read as metadata ("Kennedy", "1962"). */
  applied?: RetrievalResult["applied"];
  /** Compare: the passages retrieval ranked, which a language model is given (the rest fills in whole articles). */
  forModel?: Passage[];
  /** The request minus the words that named its articles ("Truman (1951)", "FDR"): what must be found in them. */
  about?: string;
}

/**
 * Whether a summary or comparison request finds anything to work with: the passages must hold
 * what it is about, not how it is asked ("how do the op-ed and the Hamedia piece each describe…",
 * "how did the 2002 and 2010 addresses differ…"): its framing words count neither way.
 */
export function requestAnswerable(gathered: Pick<Gathered, "passages" | "relevance" | "about">, query: string): boolean {
  const request = gathered.about ?? query;
  return isAnswerable({ question: topicOf(request) || request, passages: gathered.passages, relevance: gathered.relevance, ignore: isFramingTerm });
}

/** Said instead of `noAnswerText` when filters narrowed the search: the rest of the library was not read. */
export const filteredNoAnswerText = "The articles within your filters do not cover this question, so I cannot answer it from them.";

/** The request's filters when they narrow the search at all. */
function activeFilters(filters: RetrievalFilters | undefined): RetrievalFilters | undefined {
  if (!filters) return undefined;
  const narrows = Boolean(filters.documentIds?.length || filters.outlets?.length || filters.from || filters.to);
  return narrows ? filters : undefined;
}

type AskDecision = { kind: "answer"; plan: AskPlan } | { kind: "final"; text: string; abstained: boolean };

/**
 * Decides an ask before any engine runs: a question about an article's author, outlet or date is
 * answered from its metadata; a question no sentence covers is declined, with the closest
 * passages offered as not an answer; anything else gets the sentences that answer it.
 */
async function decideAsk(options: { query: string; latest: string; gathered: Gathered; dependencies: ChatDependencies; noAnswer: string }): Promise<AskDecision> {
  // Words that picked the document ("Kennedy", "1962") need not stand in the answering sentence;
  // a year that undated articles were also searched by ("since the 1990s") still must.
  const applied = options.gathered.applied;
  const named = (applied?.named ?? []).filter((word) => !(applied?.undated && /\d/.test(word)));
  const analysis = withBorrowedTerms(withoutMetadataWords(analyzeQuestion(options.query), named), options.latest);
  const { passages } = options.gathered;
  if (analysis.metadata && passages.length > 0) {
    const documents = options.dependencies.listDocuments ? await options.dependencies.listDocuments() : undefined;
    const answer = answerFromMetadata({ analysis, passages, documents });
    if (answer) return { kind: "final", text: answer.text, abstained: false };
  }
  const plan = planAsk({ analysis, passages, stems: await stemVectorsFor(options.dependencies.embedder), speakerDocuments: applied?.speakerDocuments });
  if (plan.abstained) return { kind: "final", text: renderAsk(plan, options.noAnswer), abstained: true };
  return { kind: "answer", plan };
}

/** The article a sentence was quoted from: the retrieved passage that holds it (its opening words, should it straddle two). */
async function articleQuoted(sentence: string, filters: RetrievalFilters | undefined, dependencies: ChatDependencies): Promise<string | undefined> {
  const opening = normalizeForMatch(sentence).slice(0, 80);
  const found = await dependencies.retrieve({ query: sentence, k: 3, filters, mode: "ask" });
  return found.passages.find((passage) => normalizeForMatch(passage.text).includes(opening))?.documentId;
}

/**
 * A follow-up stays with the article the previous answer quoted: "which European pairing is that
 * compared to?" after a sentence on the Kazakh and Uzbek leaders' first joint council, "what year
 * was it created?" after one on a UN mission. It is asked of that article first, and of every
 * article when that one does not answer it ("what about Uzbekistan?" may be answered elsewhere).
 */
async function withinPreviousArticle(options: {
  turns: ConversationTurn[];
  query: string;
  latest: string;
  filters: RetrievalFilters | undefined;
  dependencies: ChatDependencies;
  noAnswer: string;
}): Promise<{ gathered: Gathered; decided: AskDecision } | undefined> {
  const { dependencies, filters } = options;
  const lead = previousLead(options.turns, noAnswerText);
  const documentId = lead ? await articleQuoted(lead, filters, dependencies) : undefined;
  if (!documentId) return undefined;
  const gathered = await dependencies.retrieve({ query: options.query, k: 8, filters: { ...filters, documentIds: [documentId] }, mode: "ask" });
  if (gathered.passages.length === 0) return undefined;
  const decided = await decideAsk({ query: options.query, latest: options.latest, gathered, dependencies, noAnswer: options.noAnswer });
  return decided.kind === "answer" ? { gathered, decided } : undefined;
}

/** Writes a finished answer: the passages it cites (renumbered 1..m), its text, the citation checks. */
async function writeComposed(options: { writer: Writer; text: string; passages: Passage[]; embedder: Embedder; delayMs: number; textId: string; signal?: AbortSignal }): Promise<number[]> {
  const { writer } = options;
  const { text, order } = renumberByFirstCitation(removeInvalidMarkers(options.text, options.passages.length));
  const cited = order.map((n) => options.passages[n - 1]);
  writePassages(writer, cited);
  await writeTextGradually(writer, { id: options.textId, text, delayMs: options.delayMs, signal: options.signal });
  if (options.signal?.aborted) return order;
  const checks = await checkCitations({ text, passages: cited, embedder: options.embedder });
  writer.write({ type: "data-citations", data: { checks } });
  return order;
}

function withinFilters(document: DocumentSummary, filters: RetrievalFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.documentIds?.length && !filters.documentIds.includes(document.id)) return false;
  if (filters.outlets?.length && !filters.outlets.includes(document.outlet)) return false;
  if ((filters.from || filters.to) && !document.date) return false;
  if (filters.from && document.date < filters.from) return false;
  if (filters.to && document.date > filters.to) return false;
  return true;
}

/** The passages an answer may draw on; summaries widen to the whole article or every article. */
/** Articles read at once for a summary of everything. */
const readBatch = 16;

export async function gatherPassages(options: {
  query: string;
  mode: AnswerMode;
  filters?: RetrievalFilters;
  dependencies: Pick<ChatDependencies, "retrieve" | "listDocuments" | "documentPassages"> & { embedder?: Embedder };
  /** Once aborted, no further article is read (what is gathered so far comes back, to be dropped). */
  signal?: AbortSignal;
}): Promise<Gathered> {
  const { query, mode, filters, signal } = options;
  const { retrieve, listDocuments, documentPassages } = options.dependencies;
  if (mode === "ask") return retrieve({ query, k: 8, filters, mode });
  const topic = topicOf(query) || query;
  // A topic (and a comparison) is answerable when some sentence holds its key terms, however the request is worded.
  const withTopicEvidence = async (result: RetrievalResult, about: string): Promise<RetrievalResult> => {
    const stems = options.dependencies.embedder ? await stemVectorsFor(options.dependencies.embedder) : undefined;
    return { ...result, relevance: Math.max(result.relevance, topicEvidence(about, result.passages, stems)) };
  };
  const wholeDocument = async (documentId: string): Promise<Passage[]> =>
    signal?.aborted
      ? []
      : documentPassages
      ? documentPassages(documentId)
      : (await retrieve({ query: topic, k: 40, filters: { ...filters, documentIds: [documentId] }, mode })).passages;

  if (mode === "compare") return gatherComparison({ query, topic, filters, dependencies: options.dependencies, wholeDocument, withTopicEvidence });

  const documents = listDocuments ? (await listDocuments()).filter((document) => withinFilters(document, filters)) : [];
  // Articles the request names by title ("George W. Bush's 2002 State of the Union") are the ones it is about.
  const named = namedDocuments(query, documents);
  // The speeches the request picks one by one ("Truman (1952)", "from Polk in 1845"), not every speech of a speaker it names.
  const picked = pickedDocuments(named.documentIds, documents);
  // "Big picture across the twelve messages I picked: Washington '96, Jackson '29, … How do the main
  // concerns shift?": speeches named one by one and no topic besides are a briefing of those speeches.
  const everything = detectSummaryScope(query, [], { documents: documents.length }).kind === "all" || (picked.length >= 2 && asksOnlyOverview(withoutTerms(query, named.terms)));
  if (named.documentIds.length === 1 && !everything && !/\b(articles|documents|pieces|stories|reports|texts|speeches|addresses|messages)\b/i.test(query)) {
    const documentId = named.documentIds[0];
    return { passages: await wholeDocument(documentId), relevance: 1, scope: { kind: "document", documentId, named: named.terms } };
  }
  const scopeFilters = named.documentIds.length >= 2 ? { ...filters, documentIds: named.documentIds } : filters;
  if (everything) {
    const all = named.documentIds.length >= 2 ? documents.filter((document) => named.documentIds.includes(document.id)) : documents;
    const scope: SummaryScope = { kind: "all", named: named.terms };
    // "Everything" is answerable whenever there is anything: relevance does not apply.
    if (all.length === 0) return { ...(await retrieve({ query: topic, k: 20, filters: scopeFilters, mode, perDocumentQuota: 4 })), relevance: 1, scope };
    // A few articles at a time, so a departed client stops the reading within one batch.
    const perDocument: Passage[][] = [];
    for (let at = 0; at < all.length && !signal?.aborted; at += readBatch) {
      perDocument.push(...(await Promise.all(all.slice(at, at + readBatch).map((document) => wholeDocument(document.id)))));
    }
    if (signal?.aborted) return { passages: [], relevance: 0, scope };
    // Every full text is kept (what only one article covers is checked against all the others);
    // the passages read are a few central chunks per article, so 233 speeches stay bounded.
    const { passages, collection } = briefingPassages(perDocument);
    return { passages, relevance: 1, scope, collection };
  }
  // A topic's points come from the whole of each article that retrieval found on it: the ranked
  // passages hold its words, the sentences around them (the container train, the treaty) often
  // do not, and a reader's points about the topic are in both. A language model gets the ranked ones.
  const withWholeArticles = async (ranked: RetrievalResult, groupOf?: (documentId: string) => string): Promise<Partial<Gathered> & RetrievalResult & { read: string[] }> => {
    const ranking = [...new Set(ranked.passages.map((passage) => passage.documentId))];
    // Each speaker's best-matching speech comes before anyone's second: four of one president's
    // messages say less about a topic across the collection than one each of four presidents'.
    const firsts = groupOf ? ranking.filter((documentId, at) => !ranking.slice(0, at).some((other) => groupOf(other) === groupOf(documentId))) : [];
    // The speeches the request names by title ("Polk in 1845", the ends of a span) are read whatever retrieval ranked.
    const documentIds = [...new Set([...picked, ...firsts, ...ranking])].slice(0, Math.max(topicArticleLimit, picked.length));
    const seen = new Set(ranked.passages.map((passage) => passage.chunkId));
    const rest = (await Promise.all(documentIds.map((documentId) => wholeDocument(documentId)))).flat().filter((passage) => !seen.has(passage.chunkId));
    return { ...ranked, passages: [...ranked.passages, ...rest], forModel: ranked.passages, read: documentIds };
  };
  // "The messages of Buchanan, Grant, Cleveland and Theodore Roosevelt", "from Monroe in 1824 to
  // Hayes in 1878": titles name some of the speeches (every Theodore Roosevelt one, the two at the
  // ends); the authors and the span of years, which retrieval reads from the request, name them all.
  // One search on the topic serves both that check and the scope below: it reads the request's metadata once.
  let topicSearch: Promise<RetrievalResult> | undefined;
  const searchTopic = () => (topicSearch ??= retrieve({ query: topic, k: 8, filters, mode }));
  const readsWider = async () => {
    const { applied } = await searchTopic();
    if (!applied) return false;
    const span = applied.from !== undefined && applied.to !== undefined && !applied.ranges && Number(applied.to) > Number(applied.from);
    const namedAuthors = new Set(documents.filter((document) => named.documentIds.includes(document.id)).map((document) => document.author));
    return span || (applied.authors ?? []).some((author) => !namedAuthors.has(author));
  };
  if (named.documentIds.length >= 2 && !(await readsWider())) {
    // Several named articles ("Kennedy (1961), Johnson (1964) … on arms control"): the topic within them.
    const about = withoutTerms(topic, named.terms);
    const within = await withTopicEvidence(await retrieve({ query: about, k: 24, filters: scopeFilters, mode, perDocumentQuota: 6 }), about);
    return { ...(await withWholeArticles(within)), about, scope: { kind: "topic", named: named.terms, required: picked } };
  }

  const first = await searchTopic();
  // The authors and years retrieval applied say which speeches, not what about: a speech seldom names its speaker.
  const metadataTerms = (first.applied?.named ?? []).flatMap((words) => contentTerms(words));
  const about = withoutTerms(topic, metadataTerms);
  // "Quick rundown of fdr's 1939 message": the speaker and the year pick one speech and nothing
  // else is asked, so that speech is summarised, whatever share of the ranked passages it holds.
  const chosen = topicTerms(about).length === 0 && first.applied ? documentsMatching(documents, first.applied) : [];
  if (chosen.length === 1) {
    return { passages: await wholeDocument(chosen[0].id), relevance: 1, scope: { kind: "document", documentId: chosen[0].id, named: metadataTerms } };
  }
  const scope = detectSummaryScope(query, first.passages, { documents: documents.length });
  if (scope.kind === "document") {
    const passages = await wholeDocument(scope.documentId);
    // A request that names what the article names ("the piece on Xi's meeting with Tokayev") is about it.
    return { passages, relevance: Math.max(first.relevance, documentNameMatch(query, passages)), scope };
  }
  // Named speakers bound the speeches read, not only rank them first: "Buchanan, Grant, Cleveland
  // and Theodore Roosevelt on Cuba" is not McKinley on Cuba.
  const authors = first.applied?.authors ?? [];
  const spoken = documents.filter((document) => authors.includes(document.author)).map((document) => document.id);
  const wideFilters = spoken.length > 0 ? { ...filters, documentIds: filters?.documentIds ? spoken.filter((id) => filters.documentIds!.includes(id)) : spoken } : filters;
  const bySpeaker = authors.length !== 1 && documents.some((document) => document.author);
  // Fewer passages per article when speakers are spread: the ranked list then reaches more of them.
  const wide = await withTopicEvidence(await retrieve({ query: topic, k: 24, filters: wideFilters, mode, perDocumentQuota: bySpeaker ? 3 : 6 }), about);
  const authorOf = new Map(documents.map((document) => [document.id, document.author]));
  const { read, ...gathered } = await withWholeArticles(wide, bySpeaker ? (documentId) => authorOf.get(documentId) || documentId : undefined);
  const required = picked.length > 0 ? { required: picked } : {};
  const topicScope = scope.kind === "topic" ? { ...scope, ...(metadataTerms.length > 0 ? { named: [...(scope.named ?? []), ...metadataTerms] } : {}), ...(bySpeaker ? { read } : {}), ...required } : scope;
  return { ...gathered, ...(metadataTerms.length > 0 ? { about } : {}), scope: topicScope };
}

/** The documents the applied metadata picks: by one of its authors (when it names any) and within its years (when it has any). */
export function documentsMatching(documents: readonly DocumentSummary[], applied: AppliedMetadata): DocumentSummary[] {
  const authors = applied.authors ?? [];
  const ranges = applied.ranges ?? (applied.from !== undefined || applied.to !== undefined ? [{ from: applied.from, to: applied.to }] : []);
  if (authors.length === 0 && ranges.length === 0) return [];
  const year = (document: DocumentSummary) => document.date.slice(0, 4);
  return documents.filter(
    (document) =>
      (authors.length === 0 || authors.includes(document.author)) &&
      (ranges.length === 0 || ranges.some((range) => /^\d{4}$/.test(year(document)) && (range.from === undefined || year(document) >= range.from) && (range.to === undefined || year(document) <= range.to))),
  );
}

/** Of the named articles, those that are their author's only one named: a year picked them, not a speaker's name alone. */
function pickedDocuments(documentIds: string[], documents: readonly { id: string; author?: string }[]): string[] {
  const authorOf = new Map(documents.map((document) => [document.id, document.author || document.id]));
  const owner = (id: string) => authorOf.get(id) ?? id;
  const count = new Map<string, number>();
  for (const id of documentIds) count.set(owner(id), (count.get(owner(id)) ?? 0) + 1);
  return documentIds.filter((id) => count.get(owner(id)) === 1);
}

/** Articles a topic summary reads whole: those of its ranked passages, the best-matching first. */
const topicArticleLimit = 6;

/** Articles a comparison reads whole when the request does not name them: the best-matching few. */
const comparedArticleLimit = 5;

/**
 * A comparison's passages. The articles compared are the ones the request describes ("the
 * Xi–Tokayev piece and the Astana summit piece") or names by title ("Truman (1951) and Eisenhower
 * (1954)"), else those of the best passages on the question. Each is read whole, so every
 * article's points come from all of it; the passages retrieval ranked come first and are what a
 * language model is given.
 */
async function gatherComparison(options: {
  query: string;
  topic: string;
  filters?: RetrievalFilters;
  dependencies: Pick<ChatDependencies, "retrieve" | "listDocuments" | "documentPassages">;
  wholeDocument: (documentId: string) => Promise<Passage[]>;
  withTopicEvidence: (result: RetrievalResult, about: string) => Promise<RetrievalResult>;
}): Promise<Gathered> {
  const { query, filters, dependencies } = options;
  const { retrieve, listDocuments } = dependencies;
  let compared = await describedDocuments({ request: query, filters, retrieve });
  let named = compared.length >= 2 ? articleDescriptions(query).flatMap((description) => contentTerms(description)) : [];
  if (compared.length < 2 && listDocuments) {
    const byTitle = namedDocuments(query, (await listDocuments()).filter((document) => withinFilters(document, filters)));
    if (byTitle.documentIds.length >= 2) {
      compared = byTitle.documentIds;
      named = byTitle.terms;
    }
  }
  let ranked: RetrievalResult;
  const about = compared.length >= 2 ? withoutTerms(query, named) : undefined;
  if (about !== undefined) {
    const within = await retrieve({ query: contentTerms(about).length > 0 ? about : query, k: 6 * compared.length, filters: { ...filters, documentIds: compared }, mode: "compare", perDocumentQuota: 6 });
    ranked = await options.withTopicEvidence(within, topicOf(about) || about);
  } else {
    const tone = asksForTone(query);
    ranked = await options.withTopicEvidence(await retrieve({ query: tone ? options.topic : query, k: 10, filters, mode: "compare", perDocumentQuota: 2 }), options.topic);
    compared = [...new Set(ranked.passages.map((passage) => passage.documentId))].slice(0, comparedArticleLimit);
  }
  const seen = new Set(ranked.passages.map((passage) => passage.chunkId));
  const rest = (await Promise.all(compared.map((documentId) => options.wholeDocument(documentId)))).flat().filter((passage) => !seen.has(passage.chunkId));
  // A request about tone ("which are upbeat, which flag obstacles") is answerable on its topic: no article says "upbeat".
  const asked = about ?? (about === undefined && asksForTone(query) ? options.topic : undefined);
  // Articles the request names ("the Hamedia commentary and the Astana forum article") are compared
  // however little each says in the request's words, as a named article is summarised.
  const relevance = about !== undefined ? 1 : ranked.relevance;
  return { ...ranked, relevance, passages: [...ranked.passages, ...rest], forModel: ranked.passages, about: asked, ...(named.length > 0 ? { scope: { kind: "topic", named, order: compared } } : {}) };
}

export type ChatChunk = InferUIMessageChunk<ChatMessage>;

export function createChatStream(options: ChatStreamOptions): ReadableStream<ChatChunk> {
  const { dependencies, mode } = options;
  const { config } = dependencies;
  const engine = chooseEngine(config, dependencies.model);
  const metadata: ChatMetadata = {
    engine: engine.kind === "llm" ? engine.id : "extractive",
    engineKind: engine.kind === "llm" ? "llm" : "extractive",
    mode,
    createdAt: Date.now(),
  };

  return createUIMessageStream<ChatMessage>({
    onError: (error) => {
      // A failure after the response has started cannot become a 500: log it here, with the id the user sees.
      if (!(error instanceof CaravanError || error instanceof ProviderFailure)) console.error(`[chat ${options.requestId ?? "-"}]`, error);
      return errorText(error, options.requestId);
    },
    async execute({ writer }) {
      writer.write({ type: "start", messageMetadata: metadata });
      if (engine.kind === "unavailable") {
        writer.write({ type: "error", errorText: engine.reason });
        return;
      }
      const turns = conversationTurns(options.messages);
      const question = turns.filter((turn) => turn.role === "user").at(-1)?.text ?? "";
      const standalone = await buildStandaloneQuery({
        turns,
        model: engine.kind === "llm" ? engine.model : undefined,
        embedder: dependencies.embedder,
        timeoutMs: config.llmTimeoutMs,
        abortSignal: options.abortSignal,
      });
      let gathered = await gatherPassages({ query: standalone.query, mode, filters: options.filters, dependencies, signal: options.abortSignal });
      // A client that went away stops costing here, and again before composing and checking.
      if (options.abortSignal?.aborted) return;
      // A decline under filters says so, and carries them: the UI names them and offers to search everything.
      const filters = activeFilters(options.filters);
      const noAnswer = filters ? filteredNoAnswerText : noAnswerText;

      if (mode === "ask") {
        // Both engines decline on the same evidence: no sentence covers what the question is about.
        const anchored = standalone.how === "as-is" ? undefined : await withinPreviousArticle({ turns, query: standalone.query, latest: question, filters: options.filters, dependencies, noAnswer });
        if (anchored) gathered = anchored.gathered;
        const decided = anchored?.decided ?? (await decideAsk({ query: standalone.query, latest: question, gathered, dependencies, noAnswer }));
        if (decided.kind !== "answer") {
          const declined: ChatMetadata = { ...metadata, abstained: decided.abstained, ...(decided.abstained && filters ? { filters } : {}) };
          await writeComposed({ writer, text: decided.text, passages: gathered.passages, embedder: dependencies.embedder, delayMs: 0, textId: "answer" });
          writer.write({ type: "finish", finishReason: "stop", messageMetadata: declined });
          return;
        }
        gathered.plan = decided.plan;
      } else if (!requestAnswerable(gathered, standalone.query)) {
        await writeTextGradually(writer, { id: "answer", text: noAnswer, delayMs: 0 });
        writer.write({ type: "data-citations", data: { checks: [] } });
        writer.write({ type: "finish", finishReason: "stop", messageMetadata: { ...metadata, abstained: true, ...(filters ? { filters } : {}) } });
        return;
      }

      if (engine.kind === "llm") {
        const outcome = await answerWithModel({ writer, engine, question, standaloneQuery: standalone.query, turns, gathered, options });
        if (outcome.ok) {
          writer.write({ type: "finish", finishReason: "stop", messageMetadata: metadata });
          return;
        }
        if (config.answerEngine === "llm") {
          writer.write({ type: "error", errorText: outcome.failure.message });
          return;
        }
        const fallback: ChatMetadata = {
          ...metadata,
          engine: "extractive",
          engineKind: "extractive",
          fallbackReason: `${outcome.failure.message} The offline extractive engine answered instead.`,
        };
        writer.write({ type: "message-metadata", messageMetadata: fallback });
        await answerExtractively({ writer, question: standalone.query, gathered, options, textId: "answer-fallback" });
        writer.write({ type: "finish", finishReason: "stop", messageMetadata: fallback });
        return;
      }

      await answerExtractively({ writer, question: standalone.query, gathered, options, textId: "answer" });
      writer.write({ type: "finish", finishReason: "stop", messageMetadata: metadata });
    },
  });
}

/**
 * Untitled articles are named by their opening words everywhere (library, chips, headings), so
 * headings do not fall back to a file name when the opening passage was not retrieved.
 */
async function untitledOpenings(
  passages: Passage[],
  documentPassages: ChatDependencies["documentPassages"],
): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  if (!documentPassages) return titles;
  const untitled = new Set(passages.filter((passage) => !passage.title.trim()).map((passage) => passage.documentId));
  for (const documentId of untitled) {
    const opening = (await documentPassages(documentId)).find((passage) => passage.start === 0);
    if (opening) titles.set(documentId, displayTitle("", opening.text));
  }
  return titles;
}

async function answerExtractively(args: { writer: Writer; question: string; gathered: Gathered; options: ChatStreamOptions; textId: string }): Promise<void> {
  const { writer, gathered, options } = args;
  const { embedder, streamDelayMs } = options.dependencies;
  const composed = await composeOffline({ question: args.question, passages: gathered.passages, gathered, options });
  if (options.abortSignal?.aborted) return;
  // Only the passages the answer cites travel to the client, renumbered 1..m as first cited.
  // Markers come only from the engine, but one pointing past the passage list must never reach the client.
  const order = await writeComposed({ writer, text: composed.text, passages: gathered.passages, embedder, delayMs: streamDelayMs ?? 12, textId: args.textId, signal: options.abortSignal });
  if (composed.comparison) writer.write({ type: "data-comparison", id: "comparison", data: renumberComparison(composed.comparison, order) });
}

/** The offline engine's answer from `passages` (the gathered ones, or those a model was given). */
async function composeOffline(args: { question: string; passages: Passage[]; gathered: Gathered; options: ChatStreamOptions }): ReturnType<typeof composeExtractiveAnswer> {
  const { gathered, options, passages } = args;
  // Compare reads each article whole for its statements and untitled ones for their names: once each.
  const documentPassages = onceEach(options.dependencies.documentPassages);
  return composeExtractiveAnswer({
    signal: options.abortSignal,
    question: args.question,
    mode: options.mode,
    passages,
    embedder: options.dependencies.embedder,
    scope: gathered.scope,
    plan: gathered.plan,
    fullTexts: options.mode === "compare" ? await fullTexts(passages, documentPassages) : undefined,
    collection: gathered.collection,
    titles: gathered.collection?.titles ?? (await untitledOpenings(passages, documentPassages)),
  });
}

/** A document reader that reads each document once per answer. */
function onceEach(read: ChatDependencies["documentPassages"]): ChatDependencies["documentPassages"] {
  if (!read) return undefined;
  const seen = new Map<string, Promise<Passage[]>>();
  return (documentId) => {
    let pending = seen.get(documentId);
    if (!pending) {
      pending = read(documentId);
      seen.set(documentId, pending);
    }
    return pending;
  };
}

/** The comparison's passage numbers as the client sees them (renumbered by first citation). */
function renumberComparison(comparison: ComparisonData, order: number[]): ComparisonData {
  const sent = (n: number | undefined) => (n === undefined ? undefined : order.indexOf(n) + 1 || undefined);
  return { ...comparison, rows: comparison.rows.map((row) => ({ ...row, cells: row.cells.map((cell) => ({ ...cell, n: sent(cell.n) })) })) };
}

/** Each compared article's whole text (its chunks joined): statements are checked against all of it, not the retrieved passages. */
async function fullTexts(passages: Passage[], documentPassages: ChatDependencies["documentPassages"]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const documentId of new Set(passages.map((passage) => passage.documentId))) {
    const own = documentPassages ? await documentPassages(documentId) : passages.filter((passage) => passage.documentId === documentId);
    texts.set(documentId, own.map((passage) => passage.text).join("\n"));
  }
  return texts;
}

async function answerWithModel(args: {
  writer: Writer;
  engine: Extract<EngineChoice, { kind: "llm" }>;
  question: string;
  standaloneQuery: string;
  turns: ReturnType<typeof conversationTurns>;
  gathered: Gathered;
  options: ChatStreamOptions;
}): Promise<{ ok: true } | { ok: false; failure: ProviderFailure }> {
  const { writer, gathered, options } = args;
  const { config, embedder } = options.dependencies;
  const passages = fitPassageBudget(gathered.forModel ?? gathered.passages);
  writePassages(writer, passages);
  // The latest turn goes in as the standalone question when the user's own words lean on earlier turns.
  const question = args.standaloneQuery === args.question ? args.question : `${args.question}\n(Standalone: ${args.standaloneQuery})`;
  let text = "";
  let started = false;
  try {
    for await (const delta of streamLlmAnswer({
      model: args.engine.model,
      question,
      mode: options.mode,
      passages,
      history: args.turns.slice(0, -1).slice(-4),
      timeoutMs: config.llmTimeoutMs,
      abortSignal: options.abortSignal,
    })) {
      if (!started) {
        writer.write({ type: "text-start", id: "answer" });
        started = true;
      }
      text += delta;
      writer.write({ type: "text-delta", id: "answer", delta });
    }
  } catch (error) {
    if (started) writer.write({ type: "text-end", id: "answer" });
    // Clear the model's passages and partial text: whatever answers next starts clean.
    writer.write({ type: "reset-step" });
    return { ok: false, failure: toProviderFailure(error, { timeoutMs: config.llmTimeoutMs }) };
  }
  writer.write({ type: "text-end", id: "answer" });
  const checks = await checkCitations({ text, passages, embedder });
  writer.write({ type: "data-citations", data: { checks } });
  if (options.mode === "compare") await writeModelComparison({ writer, question: args.standaloneQuery, passages, gathered, options });
  return { ok: true };
}

/**
 * The aspect table beside a model's comparison: the same table the offline engine builds, from the
 * passages the model was given (so its cells cite passages the client has, by the same numbers),
 * each cell a verbatim sentence and each "both/only/all" checked against the whole articles. The
 * model's prose stays the text; the table shows where the articles stand, in their own words.
 */
async function writeModelComparison(args: { writer: Writer; question: string; passages: Passage[]; gathered: Gathered; options: ChatStreamOptions }): Promise<void> {
  const composed = await composeOffline(args);
  if (args.options.abortSignal?.aborted || !composed.comparison) return;
  args.writer.write({ type: "data-comparison", id: "comparison", data: composed.comparison });
}
