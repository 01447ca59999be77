// The offline answer engine: no model, no network. It picks sentences from the passages,
// verbatim, and cites each with its passage number, so every citation checks as supported.
import { extractEntities } from "../text/nlp";
import type { AnswerMode, Embedder, Passage } from "../types";
import { stemVectorsFor } from "../search/retrieve";
import type { StemVectors } from "../search/soft-coverage";
import { planAsk, renderAsk, type AskPlan } from "./ask";
import { citedNumbers, neutralizeMarkers } from "./citations";
import { analyzeQuestion, requestSentences, withoutReaderPreface } from "./question";
import type { ComparisonData, ComparisonStatement } from "./chat-message";
import { treatsAspect } from "../text/aspects";
import { comparePoints, summarizeArticle, summarizeCollection, summarizeTopic, topicTerms, withoutRepeatedDate, withoutTerms, type CollectionIndex, type PointRanking, type SummaryInput, type SummaryScope } from "./summary";
import { placeEquivalents } from "../text/places";
import { contentTerms, normalizeWhitespace, questionNames } from "../text/terms";

export type { SummaryScope } from "./summary";

export interface ExtractiveOptions {
  question: string;
  mode: AnswerMode;
  /** Ranked passages; [n] in the answer is the 1-based position in this list. */
  passages: Passage[];
  embedder: Embedder;
  /** Summaries only: what the summary covers (see detectSummaryScope). */
  scope?: SummaryScope;
  /** Display titles by document id, for untitled articles whose opening is not among the passages. */
  titles?: ReadonlyMap<string, string>;
  /** Word vectors for near-synonyms; looked up from the embedder when not given. */
  stems?: StemVectors;
  /** Compare: the compared articles' full texts, against which every statement is checked. */
  fullTexts?: ReadonlyMap<string, string>;
  /** Ask only: the plan already made (the stream decides on declining before choosing an engine). */
  plan?: AskPlan;
  /** Summaries of the whole collection: every article's full text and term index. */
  collection?: CollectionIndex;
  /** The request's signal: a long summary gives way between articles and stops once it is aborted. */
  signal?: AbortSignal;
  /** Summaries and comparisons: other point weights than the learned ones, and the trainer's listener. */
  ranking?: PointRanking;
}

export interface ExtractiveAnswer {
  text: string;
  /** The engine declined: no sentence covers what the question is about. */
  abstained?: boolean;
  /** Compare: the statements and their cells, for the stream's typed data part. */
  comparison?: ComparisonData;
  /** Passage numbers (1-based into `passages`) in order of first citation. */
  cited: number[];
}

export const noAnswerText = "The articles do not cover this question, so I cannot answer it from them.";

/** The article's title; for an untitled one, its opening words when a passage starts there, else its file name. */
export function articleTitle(documentId: string, passages: Passage[], titles?: ReadonlyMap<string, string>): string {
  const known = titles?.get(documentId);
  if (known) return known;
  const own = passages.filter((passage) => passage.documentId === documentId).sort((a, b) => a.start - b.start);
  const first = own[0];
  if (!first) return "Untitled article";
  if (first.title.trim()) return first.title.trim();
  if (first.start === 0) return `Untitled — ${normalizeWhitespace(first.text).split(" ").slice(0, 8).join(" ")}…`;
  return `Untitled — ${first.source}`;
}

/** "Title — Outlet, Date", leaving out what is unknown. */
export function articleHeading(documentId: string, passages: Passage[], titles?: ReadonlyMap<string, string>): string {
  const first = passages.find((passage) => passage.documentId === documentId);
  const title = articleTitle(documentId, passages, titles);
  // "Harry S. Truman, 1951": a title that already says the outlet or the date is not followed by it again.
  const details = [first?.outlet.trim(), first?.date.trim()].filter((detail) => detail && !title.includes(detail)).join(", ");
  return details ? `${title} — ${details}` : title;
}

// "The big picture", "taken together": how a request over the collection asks for its shape, not a topic.
const summaryWords = /\b(summari[sz]e|summary|overview|outline|recap|gist|key points|main points|cited|give|brief(?:ly)?|(?:the\s+)?big[- ]picture|taken together)\b/gi;

// Words that ask how an article sounds, not what about: "which articles are upbeat and which flag obstacles".
const toneWords = /\b(upbeat|downbeat|optimistic|optimism|pessimistic|pessimism|hopeful|gloomy|bleak|rosy|sanguine|skeptical|sceptical|cautious|cautionary|enthusiastic|worried|tone|mood|flags?|obstacles?|hurdles?|setbacks?)\b/gi;

/** Whether a request asks about the articles' tone or stance ("which are upbeat, which flag obstacles"). */
export function asksForTone(question: string): boolean {
  return new RegExp(toneWords.source, "i").test(question);
}

/**
 * What the reader says about themselves rather than the articles: "I need it for a unit on federal
 * Indian policy.", "For my briefing:", "going by those messages". A sentence of the request that
 * states a purpose and asks nothing goes, when another sentence remains.
 */
export function withoutReaderContext(request: string): string {
  const lead = withoutReaderPreface(request);
  const trimmed = lead.replace(/,?\s*\b(?:going by|judging by|based on)\s+(?:those|these|the|their)\s+(?:messages|speeches|addresses|articles|pieces|texts)\b/gi, "");
  const sentences = requestSentences(trimmed);
  // Only a purpose ("I need it for…", "it's for my class"): "I need the Tajik angle" says what about.
  const purpose = /^\s*(?:(?:i|we)\s+(?:need|want|would like|'d like)\s+(?:it|this|them|that|these)\s+for|(?:it'?s|this is)\s+for\s+(?:my|our|a|an))\b/i;
  // What the reader does ("I read about him every morning", "we teach civics") says who asks, not what about.
  const habit = /^\s*(?:i|we)\s+(?:read|follow|teach|study|work|cover|write|run|own|am|'m|was|have been)\b/i;
  const kept = sentences.filter((sentence) => (!purpose.test(sentence) && !habit.test(sentence)) || sentence.includes("?"));
  return kept.length > 0 && kept.length < sentences.length ? kept.join("").trim() : trimmed.trim();
}

/** The question minus its "summarize"/"compare" framing and its tone words: what the user wants it about. */
export function topicOf(question: string): string {
  return withoutReaderContext(question)
    // "For a genealogy project, what do…", "I'm on deadline - quick rundown of…": who asks and why, not what about.
    // Not "I'm teaching the 1812 war - give me…": a figure or a name there says what about.
    .replace(/^\s*(?:for\s+(?:a|an|my|our)\s+[^,:;?]{1,40}?|i(?:'m|\s+am)\s+[^,:;?]{1,50}?)\s*(?:,|:|\s[-–—])\s+(?=\S)/i, (clause) => (/\d|\s\p{Lu}/u.test(clause.slice(2)) && !/^\s*for\b/i.test(clause) ? clause : ""))
    .replace(/\btl;?\s*dr\b/gi, " ")
    .replace(/,?\s+for\s+(?:my|our)\s+(?:\w+\s+){0,2}(?:class|lesson|students|essay|paper|project|talk|piece|note|report|episode|podcast|newsletter)\b/gi, " ")
    // "What have presidents said about Hawaii…", "presidential messages": the speakers, not the topic.
    .replace(/\b(?:the\s+|these\s+)?presidents?(?=\s+(?:(?:in|of|from)\s+(?:these\s+|the\s+)?[\w'-]+\s+)?(?:have\s+|had\s+|each\s+|all\s+)?(?:said|say|talk|talked|spoke|describe|described|argue|argued|tell|told|frame|framed|see|saw|view|viewed|handle|handled|approach|approached|deal|dealt|treat|treated)\b)/gi, " ")
    .replace(/\b(?:presidential|annual)\s+(?=messages?\b|speech(?:es)?\b|address(?:es)?\b)/gi, "")
    .replace(/\b(?:over|across|through)\s+(?:time|the\s+years|the\s+decades|the\s+centuries)\b/gi, " ")
    .replace(summaryWords, " ")
    .replace(toneWords, " ")
    .replace(/\b(compare|comparison|contrast|differ(?:ence|ences)?|how do|how does|views?|viewpoints?|perspectives?|positions?)\b/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * What a summary request covers: every article ("summarize all the articles"), one article
 * ("the article about ..."): the document that best matches the rest of the request), or a topic.
 */
/** Words that ask for the collection's shape, not a topic in it: "what overall picture emerges", "the main themes". */
const overviewTerm = /^(overal|pictur|emerg|theme|main|key|point|takeaway|common|overview|gist|big|trend|story|stori|cover|discuss|issu|topic|idea|argument|thread|summar|brief|say|said|tell|told|general|broad|major|import|piec|articl|text|year|time|one|two|three|four|five|six|seven|eight|nine|ten)/;

/** How a request over named speeches asks after their course, not a topic: "how do the main concerns shift over time?". */
const courseTerm = /^(concern|shift|chang|evolv|priorit|agenda|focus|pick|chose|chosen|select|sotu|over|across|differ|compar|contrast|mov|develop|eleven|twelv|thirteen|fourteen|fifteen|twent|dozen|list|pre$|post$|\d+$)/;

/** Whether a request's words, once its named articles' words are gone, ask for an overview of them and nothing more. */
export function asksOnlyOverview(request: string): boolean {
  return topicTerms(topicOf(request)).every((term) => overviewTerm.test(term) || courseTerm.test(term));
}

/** Articles a briefing of the whole collection reads one by one; past this, "across all of them, X" is a topic summary. */
export const briefingTopicLimit = 6;

export function detectSummaryScope(question: string, passages: Passage[], options: { documents?: number } = {}): SummaryScope {
  // What is left once the words that frame the request ("a quick overview of everything in this folder") are gone.
  const residual = topicTerms(topicOf(question));
  const everything =
    /\b(all|every|each|whole|entire)\b[^.?!]*\b(articles?|documents?|corpus|collection|pieces|stories|texts|speeches|addresses|messages|reports|files|items|sources|papers)\b|\b(the|this|my) (corpus|collection|folder|library)\b|\beverything\b/i.test(question);
  // "What the collection says about water" is a topic within the collection, not the collection.
  const aboutSomething = /\b(about|regarding|concerning|related to|relating to|on the (?:subject|topic|issue|question) of)\b/i.test(question);
  // "How did early presidents in this collection report on the national debt?", "how do the
  // articles in the folder portray China's role…": the folder is where to look, and three words or
  // more of what is asked are a topic. "Across all five pieces, what overall picture…" is the collection.
  const located = /\b(?:in|within)\s+(?:the|this|my|our)\s+(?:corpus|collection|folder|library)\b/i.test(question) && !/\b(all|every|each|whole|entire|overall)\b/i.test(question);
  // "Across all these messages, how have presidents described the Post Office's finances?": in a
  // large collection a briefing of every speech says little on the Post Office; the topic is read.
  const topical = (options.documents ?? 0) > briefingTopicLimit && residual.filter((term) => !overviewTerm.test(term)).length >= 2;
  if (residual.length === 0 || (everything && !aboutSomething && !(located && residual.length >= 3) && !topical)) return { kind: "all" };
  const single = /\b(the|this|that|one) (article|piece|story|report|op-?ed|editorial|document|text|speech|address|message)\b/i.test(question);
  const plural = /\b(articles|documents|pieces|stories|reports|sources|texts|speeches|addresses|messages)\b/i.test(question);
  if (passages.length === 0 || plural) return { kind: "topic" };
  // The article the request points at: most of the topic words in its retrieved passages and title.
  const byDocument = new Map<string, Set<string>>();
  for (const passage of passages) {
    const terms = byDocument.get(passage.documentId) ?? new Set(contentTerms(passage.title));
    for (const term of contentTerms(passage.text)) terms.add(term);
    byDocument.set(passage.documentId, terms);
  }
  if (single) {
    let best = passages[0].documentId;
    let bestScore = -1;
    for (const [documentId, terms] of byDocument) {
      const score = residual.filter((term) => terms.has(term)).length;
      if (score > bestScore) {
        best = documentId;
        bestScore = score;
      }
    }
    return { kind: "document", documentId: best };
  }
  // A topic that one article owns (three of the four best passages) is that article's subject:
  // "what happened at the summit" is best told by the article about the summit.
  const top = passages.slice(0, 4).map((passage) => passage.documentId);
  const leader = top[0];
  if (top.length >= 3 && top.filter((documentId) => documentId === leader).length >= 3) return { kind: "document", documentId: leader };
  return { kind: "topic" };
}

async function composeAsk(options: ExtractiveOptions): Promise<ExtractiveAnswer> {
  // The chat route hands over the plan it decided on; only without one is the question read again.
  const plan = options.plan ?? planAsk({ analysis: analyzeQuestion(options.question), passages: options.passages, stems: options.stems ?? (await stemVectorsFor(options.embedder)) });
  const text = renderAsk(plan, noAnswerText);
  return { text, cited: citedNumbers(text), abstained: plan.abstained };
}

/**
 * A summary in the offline engine (lib/answer/summary.ts): one article's gist and key points, a
 * topic's points from every article that treats it, or a briefing of the whole collection.
 */
async function composeSummary(options: ExtractiveOptions): Promise<ExtractiveAnswer> {
  const scope = options.scope ?? detectSummaryScope(options.question, options.passages);
  const input: SummaryInput = {
    question: options.question,
    topic: scope.kind === "all" ? "" : withoutTerms(topicOf(options.question) || options.question, scope.named ?? []),
    scope,
    passages: options.passages,
    embedder: options.embedder,
    stems: options.stems ?? (scope.kind === "all" ? undefined : await stemVectorsFor(options.embedder)),
    collection: options.collection,
    signal: options.signal,
    ranking: options.ranking,
    heading: (documentId) =>
      withoutRepeatedDate(articleHeading(documentId, options.passages, options.titles), options.passages.find((passage) => passage.documentId === documentId)?.date ?? ""),
    label: (documentId) => shortLabel(documentId, options.passages, options.titles),
  };
  const result =
    scope.kind === "document"
      ? await summarizeArticle({ ...input, documentId: scope.documentId })
      : scope.kind === "all"
        ? await summarizeCollection(input)
        : await summarizeTopic(input);
  if (!result.text.trim()) return { text: noAnswerText, cited: [] };
  return { text: result.text, cited: citedNumbers(result.text) };
}

interface Aspect {
  surface: string;
  terms: string[];
  weight: number;
  /** An article's own quoted term ("multi-vector"): the only kind an "only A …" statement is made of. */
  quoted: boolean;
}

/** The same words, up to a place's other names or a demonym's ending ("asia"/"asian"). */
function sameWords(left: readonly string[], right: readonly string[]): boolean {
  const alike = (a: string, b: string) => a === b || placeEquivalents(a)?.has(b) === true || (a.length >= 4 && b.startsWith(a) && b.length - a.length <= 2) || (b.length >= 4 && a.startsWith(b) && a.length - b.length <= 2);
  return left.length === right.length && left.every((term, index) => alike(term, right[index]));
}

/**
 * What the shown sentences name that could be a shared or a distinct position: names, amounts
 * and dates, and short quoted phrases ("multi-vector policy", an article's own word for its idea).
 */
function candidateAspects(texts: string[], question: string): Aspect[] {
  const asked = new Set(contentTerms(question));
  const aspects = new Map<string, Aspect>();
  const add = (surface: string, weight: number, quoted: boolean) => {
    const terms = [...new Set(contentTerms(surface))];
    const key = terms.join(" ");
    // What the question asked about is shared by construction: it says nothing about agreement.
    if (terms.length === 0 || terms.every((term) => asked.has(term)) || aspects.has(key)) return;
    // "Central Asia" and "Central Asian", "Russia" and "Russian": one aspect, said once.
    if ([...aspects.values()].some((other) => sameWords(other.terms, terms))) return;
    aspects.set(key, { surface, terms, weight: weight + terms.length, quoted });
  };
  for (const text of texts) {
    for (const match of text.matchAll(/["“]([^"“”]{3,60})["”]/g)) {
      const inner = match[1].trim().replace(/[.,;:]$/, "");
      if (inner.split(" ").length <= 5) add(inner, 3, true);
    }
    for (const entity of extractEntities(text, 30)) if (["NAME", "MONEY", "DATE"].includes(entity.type)) add(entity.text, 2, false);
  }
  return [...aspects.values()].sort((a, b) => b.weight - a.weight);
}

/**
 * Agreement and difference statements, each checked against the compared articles' full texts:
 * "all … discuss X" only when every compared article has a sentence holding X, "only A …" only
 * when no other compared article has one, and only about what the shown sentences say.
 */
export function comparisonStatements(options: {
  sections: { documentId: string; label: string; picked: { text: string; n: number }[] }[];
  question: string;
  fullTexts: ReadonlyMap<string, string>;
}): ComparisonStatement[] {
  const { sections } = options;
  const comparedIds = sections.map((section) => section.documentId);
  const aspects = candidateAspects(sections.flatMap((section) => section.picked.map((candidate) => candidate.text)), options.question);
  const statements: ComparisonStatement[] = [];
  const shownIn = (section: (typeof sections)[number], aspect: Aspect) => section.picked.find((candidate) => treatsAspect(candidate.text, aspect.terms));
  const onlyCount = new Map<string, number>();
  let shared = 0;
  for (const aspect of aspects) {
    const treating = comparedIds.filter((documentId) => treatsAspect(options.fullTexts.get(documentId) ?? "", aspect.terms));
    const shown = sections.flatMap((section) => {
      const sentence = shownIn(section, aspect);
      return sentence ? [{ section, n: sentence.n }] : [];
    });
    // "Both discuss “Kazakhstan”", "both discuss “Congress”": one common name is what the whole
    // folder shares, not these articles; a phrase of two words or more, or one they quote, says what.
    const specific = aspect.quoted || aspect.terms.length >= 2;
    if (shared < 2 && specific && treating.length === comparedIds.length && comparedIds.length >= 2 && shown.length >= 2) {
      const count = comparedIds.length === 2 ? "both articles" : `all ${comparedIds.length} compared articles`;
      const statement: ComparisonStatement = { kind: "all", aspect: aspect.surface, terms: aspect.terms, documentIds: [...comparedIds], comparedIds, text: `${count} discuss ${quote(aspect.surface)}` };
      statements.push(statement);
      shared += 1;
    } else if (aspect.quoted && treating.length === 1 && shown.length === 1 && shown[0].section.documentId === treating[0] && (onlyCount.get(treating[0]) ?? 0) < 1) {
      const statement: ComparisonStatement = { kind: "only", aspect: aspect.surface, terms: aspect.terms, documentIds: [treating[0]], comparedIds, text: `only *${shown[0].section.label}* mentions ${quote(aspect.surface)}` };
      statements.push(statement);
      onlyCount.set(treating[0], 1);
    }
  }
  return statements;
}

function quote(text: string): string {
  return `“${text}”`;
}

function shortLabel(documentId: string, passages: Passage[], titles?: ReadonlyMap<string, string>): string {
  const words = articleTitle(documentId, passages, titles).replace(/…$/, "").split(" ");
  return words.length > 6 ? `${words.slice(0, 6).join(" ")}…` : words.join(" ");
}

/**
 * The question's names that tell articles apart: "China" in "China's role in Central Asia" when
 * some articles never mention China. A name every article has ("Central Asia") tells nothing.
 */
function distinguishingNames(question: string, passages: Passage[]): { terms: string[]; documentTerms: Map<string, Set<string>> } {
  const documentTerms = new Map<string, Set<string>>();
  for (const passage of passages) {
    const terms = documentTerms.get(passage.documentId) ?? new Set(contentTerms(passage.title));
    for (const term of contentTerms(passage.text)) terms.add(term);
    documentTerms.set(passage.documentId, terms);
  }
  const names = [...new Set(questionNames(question).flatMap((name) => contentTerms(name)))];
  const terms = names.filter((term) => ![...documentTerms.values()].every((set) => set.has(term)));
  return { terms, documentTerms };
}

async function composeCompare(options: ExtractiveOptions): Promise<ExtractiveAnswer> {
  const names = distinguishingNames(options.question, options.passages);
  const named = (options.scope?.named?.length ?? 0) > 0;
  // An article that never names what the question is about has no position on it (unless the request named the article).
  const speaksTo = (documentId: string) => named || names.terms.length === 0 || names.terms.some((term) => names.documentTerms.get(documentId)?.has(term));
  const passages = options.passages.filter((passage) => speaksTo(passage.documentId));
  const numbered = options.passages.map((passage, index) => ({ passage, n: index + 1 }));
  const renumber = new Map(numbered.filter(({ passage }) => speaksTo(passage.documentId)).map(({ n }, index) => [index + 1, n]));
  const topic = topicOf(options.question) || options.question;
  const articles = await comparePoints({
    topic,
    passages,
    embedder: options.embedder,
    stems: options.stems ?? (await stemVectorsFor(options.embedder)),
    named,
    tone: asksForTone(options.question),
    ranking: options.ranking,
  });
  // Articles the request named come in the order it named them ("the Xi–Tokayev article and the Hamedia piece").
  const order = options.scope?.kind === "topic" ? (options.scope.order ?? []) : [];
  const place = (documentId: string) => (order.includes(documentId) ? order.indexOf(documentId) : order.length);
  const sections = [...articles]
    .sort((a, b) => place(a.documentId) - place(b.documentId))
    .filter((article) => article.points.length > 0)
    .map((article) => ({ documentId: article.documentId, picked: article.points.map((point) => ({ text: point.text, n: renumber.get(point.n) ?? point.n, position: point.position })) }));
  if (sections.length === 0) return { text: noAnswerText, cited: [] };
  const body = sections.map((section) => `### ${articleHeading(section.documentId, options.passages, options.titles)}\n\n${section.picked.map((point) => `- ${point.text} [${point.n}]`).join("\n")}`);
  let comparison: ComparisonData | undefined;
  if (sections.length >= 2) {
    const labelled = sections.map((section) => ({ documentId: section.documentId, label: shortLabel(section.documentId, options.passages, options.titles), picked: section.picked }));
    const statements = comparisonStatements({ sections: labelled, question: options.question, fullTexts: options.fullTexts ?? new Map() });
    // A name or a date in one article alone is no position (another may say "U.S." for "United States"):
    // "only" statements are made of an article's own quoted terms, "all" statements of what every article names.
    // The statements rest on the sections' cited sentences above (the data part names each cell's
    // passage); a marker here would ask the checker to find "all four discuss X" in one passage.
    const said = statements.map((statement) => statement.text);
    body.push(
      said.length > 0
        ? `**Where they agree and differ** (checked against the full articles): ${said.join("; ")}.`
        : "**Where they agree and differ**: the sections above show each article's own sentences; no shared or single-article point could be confirmed against the full texts.",
    );
    comparison = {
      documents: labelled.map((section) => ({ documentId: section.documentId, title: articleTitle(section.documentId, options.passages, options.titles) })),
      rows: statements.map((statement) => ({
        aspect: statement.aspect,
        terms: statement.terms,
        cells: labelled.map((section) => {
          const sentence = section.picked.find((candidate) => treatsAspect(candidate.text, statement.terms));
          return sentence ? { documentId: section.documentId, n: sentence.n, sentence: sentence.text, start: sentence.position, end: sentence.position + sentence.text.length } : { documentId: section.documentId };
        }),
      })),
      statements,
    };
  } else {
    body.push("Only this article speaks to the question among the retrieved passages, so there is nothing to compare it with.");
  }
  return { text: body.join("\n\n"), cited: [...new Set(sections.flatMap((section) => section.picked.map((point) => point.n)))], comparison };
}

/** Composes an answer from the passages alone. Passages with no usable sentence yield the no-answer text. */
export async function composeExtractiveAnswer(input: ExtractiveOptions): Promise<ExtractiveAnswer> {
  // Everything quoted from a passage (sentences, titles, outlets) loses marker-like brackets first:
  // the only markers in an answer are the ones this engine writes.
  const passages = input.passages.map((passage) => ({
    ...passage,
    text: neutralizeMarkers(passage.text),
    title: neutralizeMarkers(passage.title),
    outlet: neutralizeMarkers(passage.outlet),
    date: neutralizeMarkers(passage.date),
  }));
  const options = { ...input, passages };
  if (options.mode === "ask") return composeAsk(options);
  if (options.mode === "summarize") return composeSummary(options);
  // Words that picked the articles ("the Xi–Tokayev piece") are not what they are compared on.
  const question = withoutTerms(options.question, options.scope?.named ?? []);
  return composeCompare({ ...options, question });
}
