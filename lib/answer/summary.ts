// Summaries that say something (offline engine). Every line quotes a sentence verbatim and cites it.
//
// - One article: a one-line gist (its most central content sentence), then 5-8 key points chosen
//   for content: central in the article's own sentence graph (LexRank over term and word-vector
//   similarity), dense in names, numbers and quoted terms (wink-nlp entities), spread over its
//   subtopics (MMR), never site boilerplate, headlines, bylines or rhetorical framing; in article order.
// - A topic: the sentences of each article that hold the topic's key terms (the same stem, a
//   near-synonym in the word vectors, another name of the same country), grouped by article;
//   articles with no such sentence are left out.
// - The whole collection: a gist line per article, "common threads" (aspects two or more articles
//   treat, one cited sentence each) and "only in one article" (an aspect no other article's full
//   text treats, checked with treatsAspect). Bounded: each article is read through a few of its
//   most central chunks; the full texts are looked up through a term index first, and only the
//   few articles that hold every term of an aspect are read in full.
import type { StemVectors } from "../search/soft-coverage";
import { treatsAspect } from "../text/aspects";
import { displayTitle } from "../text/display-title";
import { entitySpans, sentenceSentiment, splitSentences, withoutStageDirections, type EntitySpan } from "../text/nlp";
import { placeEquivalents } from "../text/places";
import { anaphoricOpening, connectiveOpening, contentTerms, cosine, isStopword, normalizeWhitespace, questionNames, stem, words } from "../text/terms";
import type { Embedder, Passage } from "../types";
import { neutralizeMarkers } from "./citations";
import { pointScore, weightsFor, type PointContext, type PointFeatureVector, type PointWeightSet } from "./point-ranking";
import { termMatcher } from "./term-match";

/**
 * What a summary covers. `named`: title terms by which the request picked its articles ("Kennedy",
 * "1961"); they say which articles, so they are no part of the topic.
 */
export type SummaryScope =
  | { kind: "all"; named?: string[] }
  | { kind: "document"; documentId: string; named?: string[] }
  | {
      kind: "topic";
      named?: string[];
      order?: string[];
      /** The articles gathering chose to read whole (one per speaker first): a topic's sections come from these. */
      read?: string[];
      /** Articles the request names ("Eisenhower (1960)", "from Polk in 1845"): each gets a section, however little it says on the topic. */
      required?: string[];
    };

/** What a collection briefing reads besides its passages: every article's full text, indexed by term. */
export interface CollectionIndex {
  /** Each article's whole text (its chunks joined): "only in one article" is checked against these. */
  fullTexts: Map<string, string>;
  /** Each article's content terms (stems): a necessary condition for treating an aspect, cheap to test. */
  vocabulary: Map<string, Set<string>>;
  /** The articles holding each term (the same index, by term). */
  postings: Map<string, string[]>;
  /** Display titles of untitled articles, from their opening chunk. */
  titles: Map<string, string>;
  /** Each article's initialisms ("SCO", "U.S." as "US"): another name for a multi-word name. */
  acronyms: Map<string, Set<string>>;
}

export interface SummaryInput {
  question: string;
  /** The request minus its "summarize" framing. */
  topic: string;
  scope: SummaryScope;
  /** [n] in the text is the 1-based position in this list. */
  passages: Passage[];
  embedder: Embedder;
  stems?: StemVectors;
  collection?: CollectionIndex;
  /** "Title — Outlet, Date" of an article. */
  heading: (documentId: string) => string;
  /** A short label of an article (its title, cut). */
  label: (documentId: string) => string;
  /** A long summary gives way to other requests between articles, and stops once this is aborted. */
  signal?: AbortSignal;
  ranking?: PointRanking;
}

/**
 * What the trainer (`npm run train-summary`) sees of one request: each article's candidate
 * sentences with their features, and the very selection the summary makes, to run on any weights.
 */
export interface PointTrace {
  context: PointContext;
  lists: { documentId: string; candidates: { text: string; features: PointFeatureVector }[] }[];
  /** The sentences the answer would quote (an article summary's gist too) under these weights. */
  select: (weights: PointWeightSet) => { documentId: string; text: string }[];
}

/** Ranking options: other weights than the learned ones, and a listener for each request's candidates (the trainer's). */
export interface PointRanking {
  weights?: PointWeightSet;
  trace?: (trace: PointTrace) => void;
}

/** A statement that only one article covers an aspect: checked against every other full text. */
export interface OnlyClaim {
  documentId: string;
  aspect: string;
  terms: string[];
}

export interface SummaryResult {
  text: string;
  /** Briefings: the "only in one article" claims made. */
  only?: OnlyClaim[];
  /** Briefings: the common threads shown, with the articles cited for each. */
  threads?: { aspect: string; terms: string[]; documentIds: string[] }[];
}

// --- sentences ------------------------------------------------------------------------------------

export interface SummarySentence {
  text: string;
  /** 1-based passage number. */
  n: number;
  documentId: string;
  /** Offset in the document's clean text: article order. */
  position: number;
  /** Index of the sentence among its article's sentences, and of its paragraph. */
  order: number;
  paragraph: number;
  terms: string[];
  termSet: Set<string>;
  anaphoric: boolean;
  vector?: Float32Array;
  /** Unit tf-idf weights of its terms within the article. */
  termVector?: TermVector;
  entities?: EntitySpan[];
  features?: Features;
}

interface Features {
  /** 0..1: names, numbers and quoted terms, rare names counting more. */
  density: number;
  /** It reports an act: something agreed, signed, said, proposed, built. */
  claim: boolean;
  /** Share of the content words that judge or frame rather than report. */
  evaluative: number;
  rhetorical: boolean;
  names: { surface: string; terms: string[] }[];
}


// Site text and bylines: never a point, whatever else the sentence says.
const siteText =
  /\b(?:news agency|all rights reserved|copyright|subscribe (?:to|now|for)|sign up (?:for|to|now)|read more|click here|follow us|share (?:this|on)|leave a (?:comment|reply)|your email address|required fields|comments? (?:are|is) closed|the (?:writer|author) is|the views expressed|represents the views of|image credit|photo credit|advertisement)\b/i;
const siteOpening = /^(?:located at|original\s*:|statement\s*:|source\s*:|posted (?:on|by)|published (?:on|by)|updated\s*:|tags?\s*:|related\s*:|photo\s*:|image\s*:)/i;
// "By Jane Doe" (a byline), not "By enhancing cooperation …".
const byline = /^By (?:\p{Lu}[\p{L}.'-]*\s+){1,3}(?:\p{Lu}[\p{L}'-]*)(?:\s*[,|–—-]|\s*$)/u;
// "Kazakh International News Agency - Located at …": a masthead glued to the first sentence.
const mastheadPrefix = /^[\p{Lu}][\p{L}.&' ]{1,60}\b(?:Agency|News|Press|Times|Post|Herald|Tribune|Gazette|Daily|Journal|Media|Network|Service)\s+[-–—|:]\s/u;

// A speech's or letter's form of address ("To the Senate and House of Representatives: …", "Mr. Speaker, …").
const salutation = /^(?:to the [^:.]{3,80}:|(?:mr\.|madam|madame) (?:speaker|president|vice president|chairman)\b|fellow[- ]citizens\b[^.]{0,80}:)/i;
// A table read as text: rows of figures or headings joined by dashes, or mostly capitals.
function tableLike(text: string): boolean {
  if ((text.match(/ - /g) ?? []).length >= 3) return true;
  const letters = text.replace(/[^\p{L}]/gu, "");
  const capitals = (text.match(/\b\p{Lu}{2,}\b/gu) ?? []).join("").length;
  return letters.length > 0 && capitals / letters.length > 0.4;
}

/** Site boilerplate, mastheads, bylines, forms of address and tables: never a summary point. */
export function isBoilerplateSentence(text: string, outlet = ""): boolean {
  const clean = normalizeWhitespace(text);
  if (siteText.test(clean) || siteOpening.test(clean) || byline.test(clean) || mastheadPrefix.test(clean) || /https?:\/\/|\bwww\./i.test(clean)) return true;
  if (salutation.test(clean) || tableLike(clean) || /\b(?:the|this) following (?:table|statement|list|figures|tabulation)\b/i.test(clean)) return true;
  const name = outlet.trim();
  return name.length > 2 && clean.toLowerCase().startsWith(name.toLowerCase());
}

// Words that judge, frame or connect rather than report: a sentence made mostly of them, with no
// name, number or quoted term, is rhetoric ("The timing and symbolic context of this high-level
// meeting add a further layer of significance.").
const evaluativeWords = new Set(
  (
    "significant significance significantly pivotal crucial critical vital key important importance notable notably profound profoundly " +
    "nuanced complex complexity complexities intricate intricacy intricacies landscape dimension layer emblematic symbolic symbolism " +
    "signal signals underscore underscores highlight highlights reflect reflects reflecting encapsulate encapsulates herald heralds " +
    "catalyst catalyze catalyse potent robust dynamic dynamics vibrant unique remarkable ambitious pragmatic strategic strategically " +
    "broader broad evolving evolve evolution increasingly increasing growing shifting nature context backdrop timing moment chapter " +
    "episode era journey trajectory vision narrative paradigm tapestry fabric connective tissue interplay intersection nexus realm " +
    "sphere arena spotlight focal epicenter cornerstone pillar backbone essence testament hallmark defining salient prominent further " +
    "deeper deepen deepening far reaching holistic multifaceted comprehensive overall inherent inherently fundamental fundamentally " +
    "truly indeed undoubtedly clearly certainly inevitably ultimately essentially merely extent degree manner sense aspect facet " +
    "element potential promise opportunity opportunities uncertainty uncertainties volatility volatile resilient resilience " +
    "harmony mutual shared collective inclusive sustainable balanced delicate careful keen notion perspective lens level poised " +
    "appear appears seem seems serve serves serving embody embodies exemplify exemplifies demonstrate demonstrates illustrate illustrates " +
    "represent represents mark marks add adds foster fosters pave paves shape shapes shaping relationship evident apparent " +
    "considerable substantial enormous tremendous immense great greater greatest vast new novel rare genuine true real deep " +
    "meaningful valuable positive negative promising hopeful bright stark striking compelling instructive telling interesting " +
    "interestingly particularly especially increasingly altogether hence thus accordingly moreover furthermore nonetheless " +
    "nevertheless meanwhile conventional traditional modern contemporary emerging broadening shift calibration recalibration " +
    "reinforcement intertwining intertwined interwoven layered multilayered coherent cohesive seamless vigorous steady steadily " +
    "proactive active careful carefully mindful mindfulness sophisticated sophistication nuance subtle subtly"
  )
    .split(/\s+/)
    .map((word) => stem(word)),
);

// What was done, agreed or said: a sentence reporting an act is a claim, not a frame around one.
const claimWords = new Set(
  (
    "agree agreed agreement agreements sign signed signing treaty accord memorandum deal exchange exchanged voice voiced emphasis emphasized " +
    "emphasised support supported supports announce announced proposal propose proposed launch launched host hosted meet met meeting talks " +
    "call called say said says declare declared urge urged pledge pledged plan planned import importing imports export exports invest " +
    "invested build built open opened establish established adopt adopted approve approved join joined expand expanded " +
    "doubled reduce reduced cut ask asked recommend recommended request requested enact enacted pass passed appropriate appropriated " +
    "deliver delivered visit visited attend attended conclude concluded vote voted fund funded spend spent raise raised reach reached " +
    "travel travelled traveled ratify ratified deploy deployed send sent elect elected won lost destroy destroyed attack attacked warned warn " +
    "demand demanded require required create created abolish abolished repeal repealed amend amended submit submitted transmit transmitted"
  )
    .split(/\s+/)
    .map((word) => stem(word)),
);

function evaluativeShare(terms: readonly string[]): number {
  if (terms.length === 0) return 1;
  return terms.filter((term) => evaluativeWords.has(term)).length / terms.length;
}

const quotedTerm = /["“]([^"“”]{3,60})["”]/g;
const listOfThree = /\b[\p{L}-]+(?:\s[\p{L}-]+)?,\s[\p{L}-]+(?:\s[\p{L}-]+)?,?\s(?:and|or)\s/u;
const hasDigit = /\d/;

/**
 * "I. FOREIGN AFFAIRS American freedom is threatened…": a speech's section heading that the
 * sentence splitter left on the sentence after it. Two or more words in capitals (or a roman
 * numeral and one) before a capitalised word; one capitalised acronym ("NATO allies…") stays.
 */
const runInHeading = /^(?:(?:[IVXLC]+\.\s+)(?:[A-Z][A-Z'’&,-]+\s+){1,8}|(?:[A-Z][A-Z'’&,-]+\s+){2,8})(?=[A-Z][a-z])/;

export function withoutHeading(text: string): string {
  const heading = runInHeading.exec(text);
  return heading && heading[0].length < text.length - 20 ? text.slice(heading[0].length) : text;
}

/** Splits one article's passages into candidate sentences, each once, with paragraph numbers. */
export function articleSentences(passages: { passage: Passage; n: number }[]): SummarySentence[] {
  const sorted = [...passages].sort((a, b) => a.passage.start - b.passage.start);
  const seen = new Set<number>();
  const sentences: SummarySentence[] = [];
  let paragraph = 0;
  let lastEnd = -1;
  let order = 0;
  for (const { passage, n } of sorted) {
    for (const span of splitSentences(passage.text).map(withoutStageDirections)) {
      if (!span.text.trim()) continue;
      const position = passage.start + span.start;
      const end = passage.start + span.end;
      if (seen.has(position)) {
        lastEnd = Math.max(lastEnd, end);
        continue;
      }
      seen.add(position);
      if (lastEnd >= 0) {
        // A line break between this sentence and the one before starts a paragraph; so does a gap between chunks.
        const gap = lastEnd >= passage.start ? passage.text.slice(lastEnd - passage.start, span.start) : "\n";
        if (gap.includes("\n")) paragraph += 1;
      }
      lastEnd = end;
      const text = withoutHeading(normalizeWhitespace(span.text));
      const terms = contentTerms(text);
      sentences.push({
        text,
        n,
        documentId: passage.documentId,
        position,
        order: order++,
        paragraph,
        terms: [...new Set(terms)],
        termSet: new Set(terms),
        anaphoric: anaphoricOpening.test(text),
      });
    }
  }
  // A long text with no paragraph breaks (a transcribed speech) is cut into seven stretches
  // instead, so that its points still come from its whole length.
  if (paragraph < 2 && sentences.length > 30) for (const sentence of sentences) sentence.paragraph = Math.floor((sentence.order * 7) / sentences.length);
  return sentences;
}

/** A whole sentence that could be a point: long enough, ending as a sentence ends, not site text or a heading. */
function eligible(sentence: SummarySentence, passage: Passage): boolean {
  if (sentence.text.split(" ").length < 6 || !/[.!?]["'”’)]*$/.test(sentence.text)) return false;
  if (passage.title && normalizeWhitespace(passage.title).toLowerCase() === sentence.text.toLowerCase()) return false;
  return !isBoilerplateSentence(sentence.text, passage.outlet);
}

/**
 * Names and amounts by their look alone (capitalised runs after the first word, digits, "$", "%"):
 * what a collection of hundreds of articles is read with, where wink-nlp per sentence costs too much.
 */
function lookalikeEntities(text: string): EntitySpan[] {
  const found: EntitySpan[] = [];
  for (const match of text.matchAll(/\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:of|and|the|for)\s+)?\p{Lu}[\p{L}'’.-]*)*/gu)) {
    if (match.index === 0 && !/\s/.test(match[0])) continue;
    found.push({ text: match[0].replace(/[.'’-]+$/, ""), type: "NAME", start: match.index, end: match.index + match[0].length });
  }
  for (const match of text.matchAll(/\$?\d[\d,.]*(?:\s*(?:percent|per cent|%|million|billion|trillion))?/g)) {
    const type = match[0].startsWith("$") ? "MONEY" : /percent|per cent|%/.test(match[0]) ? "PERCENT" : "CARDINAL";
    found.push({ text: match[0], type, start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/** Names, numbers and quoted terms of a sentence; rare ones in the article count for more. */
function featuresOf(sentence: SummarySentence, nameFrequency: (terms: string[]) => number, lookalike = false): Features {
  sentence.entities ??= lookalike ? lookalikeEntities(sentence.text) : entitySpans(sentence.text);
  let weight = 0;
  const names: Features["names"] = [];
  const counted = new Set<string>();
  for (const entity of sentence.entities) {
    const key = entity.text.toLowerCase();
    if (counted.has(key)) continue;
    counted.add(key);
    if (entity.type === "NAME") {
      const terms = [...new Set(contentTerms(entity.text))];
      if (terms.length === 0) continue;
      names.push({ surface: entity.text, terms });
      // A name in most of the article's sentences ("Kazakhstan" in an article about Kazakhstan) says little.
      const share = nameFrequency(terms);
      weight += share > 0.4 ? 0.15 : share > 0.2 ? 0.5 : 1;
    } else if (hasDigit.test(entity.text) || ["MONEY", "PERCENT"].includes(entity.type)) {
      weight += ["MONEY", "PERCENT"].includes(entity.type) ? 1.2 : 0.8;
    }
  }
  for (const match of sentence.text.matchAll(quotedTerm)) if (match[1].trim().split(/\s+/).length <= 6) weight += 0.5;
  if (weight === 0 && hasDigit.test(sentence.text)) weight += 0.5;
  // A list of three or more things ("trade, technology, tourism, investment, and customs facilitation") is concrete content.
  if (listOfThree.test(sentence.text)) weight += 0.5;
  const evaluative = evaluativeShare(sentence.terms);
  const specific = weight >= 0.5 || names.some((name) => nameFrequency(name.terms) <= 0.2);
  return {
    density: 1 - Math.exp(-weight / 1.5),
    claim: sentence.terms.some((term) => claimWords.has(term)),
    evaluative,
    rhetorical: !specific && evaluative >= 0.3,
    names,
  };
}

// --- similarity and centrality --------------------------------------------------------------------

type TermVector = Map<string, number>;

function tfidfVectors(sentences: SummarySentence[], idf: (term: string) => number): TermVector[] {
  return sentences.map((sentence) => {
    const vector: TermVector = new Map();
    let norm = 0;
    for (const term of sentence.terms) {
      const weight = idf(term);
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  });
}

function termCosine(left: TermVector, right: TermVector): number {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let sum = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) sum += weight * other;
  }
  return sum;
}

function rescale(value: number, floor: number): number {
  return Math.max(0, Math.min(1, (value - floor) / (1 - floor)));
}

/** Sentence likeness: shared rare terms, topped up by the word vectors. */
function likeness(a: SummarySentence, b: SummarySentence): number {
  const lexical = a.termVector && b.termVector ? termCosine(a.termVector, b.termVector) : 0;
  if (!a.vector || !b.vector) return lexical;
  return 0.6 * lexical + 0.4 * rescale(cosine(a.vector, b.vector), 0.5);
}

/** LexRank: a sentence is central when sentences that are themselves central resemble it. 0..1 (max 1). */
function centralities(sentences: SummarySentence[]): number[] {
  const count = sentences.length;
  if (count <= 2) return sentences.map(() => 1);
  const weights = new Float64Array(count * count);
  const totals = new Float64Array(count);
  for (let a = 0; a < count; a++) {
    for (let b = a + 1; b < count; b++) {
      const value = likeness(sentences[a], sentences[b]);
      if (value <= 0.05) continue;
      weights[a * count + b] = value;
      weights[b * count + a] = value;
      totals[a] += value;
      totals[b] += value;
    }
  }
  let rank = new Float64Array(count).fill(1 / count);
  const damping = 0.85;
  for (let iteration = 0; iteration < 30; iteration++) {
    const next = new Float64Array(count).fill((1 - damping) / count);
    for (let from = 0; from < count; from++) {
      if (totals[from] === 0) continue;
      const share = (damping * rank[from]) / totals[from];
      const row = from * count;
      for (let to = 0; to < count; to++) if (weights[row + to] > 0) next[to] += share * weights[row + to];
    }
    rank = next;
  }
  const top = Math.max(...rank) || 1;
  return [...rank].map((value) => value / top);
}

// --- one article ----------------------------------------------------------------------------------

export interface Scored extends SummarySentence {
  centrality: number;
  score: number;
  features: Features;
}

interface ArticleReading {
  documentId: string;
  sentences: SummarySentence[];
  /** Eligible, non-rhetorical sentences with their scores. */
  candidates: Scored[];
  gist?: Scored;
  /** How many of the article's sentences hold each term. */
  termSentences?: Map<string, number>;
  /** Per sentence (by order), how much it names what its own stretch of the article is about, 0..1. */
  localTheme?: number[];
  /** Per sentence (by order), how much it names what the whole article keeps returning to, 0..1. */
  keyness?: number[];
}

/** How uncommon a stem is in general use, by the word vectors' frequency weight (1 for a word they do not know, a name mostly). */
function rarityOf(stems: StemVectors | undefined): ((term: string) => number) | undefined {
  return stems ? (term) => stems.weight(term) : undefined;
}

/** Inverse frequency over a list of term lists. */
function inverseFrequency(lists: readonly (readonly string[])[]): (term: string) => number {
  const frequency = new Map<string, number>();
  for (const terms of lists) for (const term of new Set(terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const total = lists.length;
  return (term) => Math.log(1 + (total + 1) / (1 + (frequency.get(term) ?? 0)));
}

/**
 * Reads one article: eligible sentences, their centrality, content density and framing, and the
 * gist. `detailed` caps how many sentences get the (costlier) entity reading: the most central ones.
 */
export function readArticle(options: {
  documentId: string;
  sentences: SummarySentence[];
  passages: Passage[];
  detailed: number;
  lookalike?: boolean;
  /** A gist longer than this many words counts against it (one line of a long list reads shorter). */
  gistWords?: number;
  /** How uncommon a term is in general use, 0..1 (the word vectors' weight); every term counts alike without it. */
  rarity?: (term: string) => number;
}): ArticleReading {
  const { sentences } = options;
  const usable = sentences.filter((sentence) => eligible(sentence, options.passages[sentence.n - 1]));
  const idf = inverseFrequency(sentences.map((sentence) => sentence.terms));
  tfidfVectors(usable, idf).forEach((vector, index) => (usable[index].termVector = vector));
  const central = centralities(usable);
  // How many of the article's sentences hold a name's terms: "Kazakhstan" in most of them is no news.
  const termSentences = new Map<string, number>();
  for (const sentence of sentences) for (const term of sentence.terms) termSentences.set(term, (termSentences.get(term) ?? 0) + 1);
  const nameFrequency = (terms: string[]) => Math.min(...terms.map((term) => (termSentences.get(term) ?? 0) / Math.max(1, sentences.length)));

  const byCentrality = usable.map((sentence, index) => ({ sentence, centrality: central[index] })).sort((a, b) => b.centrality - a.centrality);
  const candidates: Scored[] = [];
  byCentrality.slice(0, options.detailed).forEach(({ sentence, centrality }) => {
    const features = featuresOf(sentence, nameFrequency, options.lookalike);
    sentence.features = features;
    if (features.rhetorical) return;
    // Central, dense in names and numbers, reporting rather than judging; an opening "This…" leans on the sentence before.
    let score = 0.3 * centrality + 0.3 * features.density + 0.2 * (features.claim ? 1 : 0) + 0.2 * (1 - Math.min(1, 2 * features.evaluative));
    if (sentence.anaphoric) score *= 0.7;
    if (unbalancedQuote(sentence.text)) score *= 0.7;
    candidates.push({ ...sentence, centrality, score, features });
  });

  // The gist: the most central content sentence, early ones favoured a little (a news article leads with its story).
  const count = Math.max(1, sentences.length);
  let gist: Scored | undefined;
  let best = -Infinity;
  const limit = options.gistWords ?? 35;
  const short = candidates.filter((candidate) => candidate.text.split(" ").length <= 1.6 * limit);
  for (const candidate of short.length > 0 ? short : candidates) {
    const lead = 1 - candidate.order / count;
    // A gist is one line: a sentence past ~35 words reads as a paragraph.
    const length = candidate.text.split(" ").length;
    const long = Math.min(1, Math.max(0, length - limit) / limit);
    // "However, there is certain information…": an opening that answers the sentence before is no one-line gist either.
    const leaning = candidate.anaphoric || connectiveOpening.test(candidate.text);
    const value = 0.55 * candidate.centrality + 0.25 * candidate.features.density + 0.2 * lead - (leaning ? 0.2 : 0) - 0.5 * long;
    if (value > best) {
      best = value;
      gist = candidate;
    }
  }
  return { documentId: options.documentId, sentences, candidates, gist, termSentences, localTheme: localThemes(sentences, idf), keyness: keynesses(sentences, termSentences, options.rarity) };
}

/** From this many sentences on, an article's recurring terms count in full for keyness. */
const longArticleSentences = 150;

/**
 * How much each sentence names what the whole article keeps returning to: its terms that three or
 * more of the article's sentences use, each by the log of that count and by how uncommon the word
 * is in general use (Grant's 1874 message keeps returning to "specie"; every message says
 * "government"), over the square root of its term count, over the article's highest.
 */
function keynesses(sentences: SummarySentence[], termSentences: Map<string, number>, rarity: ((term: string) => number) | undefined): number[] {
  const values = sentences.map((sentence) => {
    let value = 0;
    for (const term of sentence.termSet) {
      const count = termSentences.get(term) ?? 0;
      if (count >= 3) value += Math.log(count) * (rarity ? rarity(term) : 1);
    }
    return value / Math.sqrt(Math.max(1, sentence.termSet.size));
  });
  const top = Math.max(0, ...values);
  // A short article is all on its subject; a long speech turns to many, and what it keeps returning to is its point.
  const reach = Math.min(1, sentences.length / longArticleSentences);
  return values.map((value) => (top > 0 ? (reach * value) / top : 0));
}

/**
 * How much each sentence names what the stretch around it (five sentences each way) goes on
 * about: the rarity-weighted share of its terms that recur there, over the article's highest. A
 * speech turns to specie payments for a page; the sentence that states its point names the words
 * the page keeps using, where a passing remark's words recur nowhere near.
 */
function localThemes(sentences: SummarySentence[], idf: (term: string) => number): number[] {
  const radius = 5;
  const values = sentences.map((sentence, index) => {
    let total = 0;
    let recurring = 0;
    for (const term of sentence.termSet) {
      const weight = idf(term);
      let nearby = 0;
      for (let other = Math.max(0, index - radius); other <= Math.min(sentences.length - 1, index + radius); other++) {
        if (other !== index && sentences[other].termSet.has(term)) nearby += 1;
      }
      total += weight;
      recurring += weight * Math.min(1, nearby / 2);
    }
    return total > 0 ? recurring / total : 0;
  });
  const top = Math.max(0, ...values);
  return values.map((value) => (top > 0 ? value / top : 0));
}

// A speaker asking for or committing to an act ("I recommend…", "I earnestly urge…", "we must
// pass…", "I announce that…", "let this be the year…"): what a speech's reader takes away.
const recommendation =
  /\b(?:I|we)\s+(?:\w+ly\s+|again\s+|also\s+|therefore\s+|now\s+|hereby\s+|do\s+|would\s+|shall\s+)*(?:recommend|urge|propose|ask|request|suggest|submit|call (?:on|upon)|invite|renew|favor|favour|announce|purpose|intend|pledge|promise|must|have (?:proposed|recommended|directed|ordered|asked|signed|sent|submitted|requested))\b|\blet (?:us|this be)\b|\bI believe\b/i;
// An obligation stated as a policy: "the legal-tender clause should be repealed", "we ought to…".
const obligation = /\b(?:should|ought to|must)\s+(?:not\s+|now\s+|also\s+|be\s+)?(?:\w+ed|\w+en|be|have|pass|provide|enact|adopt|repeal|make|take|give|continue|end)\b/i;
// An amount with its unit ("$4.25 an hour", "$91,993,883", "40 percent", "2 million tons"), not a date.
const amountWithUnit = /(?:[$£€]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:%|percent|per cent|million|billion|trillion|dollars|tons|miles|acres|barrels|bushels|hours?|days|years|men|troops|ships|people|workers|children|families))/i;
// Emphasis that marks a speaker's main point ("the first requisite", "above all", "most important").
const emphasis = /\b(?:(?:the )?most (?:important|urgent|pressing|serious|essential|vital)|first (?:requisite|duty|step|priority|concern|object)|above all|paramount|foremost|top priority|highest (?:priority|duty)|chief (?:object|concern|duty)|great(?:est)? (?:need|task|duty))\b/i;

/** What a request's topic says about a sentence: its own coverage, with its neighbours', and its likeness. */
interface TopicSignals {
  coverage: number;
  near: number;
  likeness: number;
  /** How much of the stretch around it (four sentences each way) treats the topic, relative to the article's best stretch. */
  section: number;
}

const noTopic: TopicSignals = { coverage: 0, near: 0, likeness: 0, section: 0 };

/**
 * Each sentence's stretch of the text: the mean coverage of the nine sentences around it, over the
 * article's best stretch. A speech turns to a subject for a page and names it once or twice; the
 * points a reader takes from that page often hold none of the subject's words.
 */
function withinSection(own: number[]): number[] {
  const radius = 4;
  const means = own.map((_, index) => {
    let sum = 0;
    let count = 0;
    for (let other = Math.max(0, index - radius); other <= Math.min(own.length - 1, index + radius); other++) {
      sum += own[other];
      count += 1;
    }
    return count === 0 ? 0 : sum / count;
  });
  const top = Math.max(0, ...means);
  return means.map((value) => (top > 0 ? value / top : 0));
}

// An opening that sums up or comments on what came before ("Altogether, …", "By enhancing
// cooperation, both nations…"): the article's commentary on a point, not the point.
const commentaryOpening = /^["“]?(?:altogether|overall|all in all|taken together|in (?:short|sum|summary|conclusion|essence|other words|this (?:sense|context|way|light))|ultimately|thus|hence|therefore|as such|meanwhile|by (?:doing so|\p{L}+ing)\b)/iu;

/** Each sentence's coverage, and the best of it and 0.6 of a neighbour's within two sentences. */
function withNeighbours(own: number[]): number[] {
  return own.map((value, index) => {
    let near = value;
    for (let offset = -2; offset <= 2; offset++) {
      const other = own[index + offset];
      if (offset !== 0 && other !== undefined) near = Math.max(near, 0.6 * other);
    }
    return near;
  });
}

/** A candidate's named features (point-ranking.ts), from its reading and the request's topic. */
export function pointFeatureVector(candidate: Scored, reading: ArticleReading, topic: TopicSignals = noTopic): PointFeatureVector {
  const count = Math.max(1, reading.sentences.length);
  const before = reading.sentences[candidate.order - 1];
  const wordCount = candidate.text.split(" ").length;
  return {
    centrality: candidate.centrality,
    density: candidate.features.density,
    claim: candidate.features.claim ? 1 : 0,
    plain: 1 - Math.min(1, 2 * candidate.features.evaluative),
    anaphoric: candidate.anaphoric ? 1 : 0,
    brokenQuote: unbalancedQuote(candidate.text) ? 1 : 0,
    lead: 1 - candidate.order / count,
    paragraphOpening: !before || before.paragraph !== candidate.paragraph ? 1 : 0,
    paragraphClosing: closesParagraph(candidate, reading) ? 1 : 0,
    commentary: commentaryOpening.test(candidate.text) ? 1 : 0,
    length: Math.min(1, wordCount / 50),
    number: hasDigit.test(candidate.text) ? 1 : 0,
    quoted: [...candidate.text.matchAll(quotedTerm)].some((match) => match[1].trim().split(/\s+/).length <= 6) ? 1 : 0,
    list: listOfThree.test(candidate.text) ? 1 : 0,
    specific: specificity(candidate, reading),
    novelty: reading.gist && reading.gist !== candidate && reading.gist.position !== candidate.position ? 1 - likeness(candidate, reading.gist) : 0,
    topicCoverage: topic.coverage,
    nearCoverage: topic.near,
    topicLikeness: topic.likeness,
    sectionCoverage: topic.section,
    localTheme: reading.localTheme?.[candidate.order] ?? 0,
    keyness: reading.keyness?.[candidate.order] ?? 0,
    recommendation: recommendation.test(candidate.text) ? 1 : 0,
    obligation: obligation.test(candidate.text) ? 1 : 0,
    amount: amountWithUnit.test(candidate.text) ? 1 : 0,
    emphasis: emphasis.test(candidate.text) ? 1 : 0,
    long: Math.min(1, Math.max(0, wordCount - 40) / 40),
  };
}

/** The last sentence of a paragraph of three or more: where an article tends to comment on what it just reported. */
function closesParagraph(candidate: SummarySentence, reading: ArticleReading): boolean {
  const after = reading.sentences[candidate.order + 1];
  const twoBefore = reading.sentences[candidate.order - 2];
  return (!after || after.paragraph !== candidate.paragraph) && twoBefore !== undefined && twoBefore.paragraph === candidate.paragraph;
}

/** Share of its content words that at most two of the article's sentences use: what it says and the rest do not. */
function specificity(sentence: SummarySentence, reading: ArticleReading): number {
  if (sentence.terms.length === 0 || !reading.termSentences) return 0;
  return sentence.terms.filter((term) => (reading.termSentences!.get(term) ?? 0) <= 2).length / sentence.terms.length;
}

/**
 * Candidates scored by the weights of their kind of request, rescaled to 0..1 within the article:
 * the ranking is the weights' alone, and MMR weighs a pick's place in that ranking against its
 * likeness to the points already chosen whatever scale the weights came out at.
 */
function scoredBy<T extends Scored & { point: PointFeatureVector }>(candidates: T[], weights: PointWeightSet | undefined, context: PointContext): T[] {
  const own = weightsFor(context, weights);
  const raw = candidates.map((candidate) => pointScore(candidate.point, own));
  const low = Math.min(...raw);
  const range = Math.max(...raw) - low;
  return candidates.map((candidate, index) => ({ ...candidate, score: range > 0 ? (raw[index] - low) / range : 1 }));
}

/**
 * For a request about tone: half of each point's score is how strongly its words lean positive or
 * negative (a sentiment of 0.5 or more counts fully), so each article's upbeat and cautionary
 * sentences come forward; the other half is its ordinary score, which keeps them on the topic.
 */
function withTone<T extends Scored>(candidates: T[]): T[] {
  return candidates.map((candidate) => ({ ...candidate, score: 0.5 * candidate.score + 0.5 * Math.min(1, Math.abs(sentenceSentiment(candidate.text)) / 0.5) }));
}

/** A floor at `share` of the best score, measured down from the best (scores may run below zero). */
function floorBelow(best: number, share: number): number {
  return best - share * Math.abs(best);
}

function unbalancedQuote(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  const open = (text.match(/“/g) ?? []).length;
  const close = (text.match(/”/g) ?? []).length;
  return straight % 2 === 1 || open !== close;
}

/**
 * Maximal marginal relevance: each pick trades its score against its likeness to what is already
 * picked (shared rare terms, word vectors, the same paragraph, or the same section of a long
 * text), so the points cover distinct subtopics.
 */
function selectPoints(candidates: Scored[], options: { count: number; chosen: Scored[]; lambda?: number; sections?: { of: number[]; penalty: number } }): Scored[] {
  const lambda = options.lambda ?? 0.65;
  const chosen = [...options.chosen];
  const picked: Scored[] = [];
  const pool = candidates.filter((candidate) => !chosen.includes(candidate));
  while (picked.length < options.count && pool.length > 0) {
    let bestIndex = -1;
    let bestValue = -Infinity;
    pool.forEach((candidate, index) => {
      let redundancy = 0;
      for (const other of chosen) {
        let value = candidate.termVector && other.termVector ? termCosine(candidate.termVector, other.termVector) : 0;
        if (candidate.vector && other.vector) value = Math.max(value, rescale(cosine(candidate.vector, other.vector), 0.75));
        if (options.sections) {
          if (options.sections.of[candidate.order] === options.sections.of[other.order]) value = Math.max(value, options.sections.penalty);
        } else if (candidate.paragraph === other.paragraph) value = Math.max(value, 0.2);
        redundancy = Math.max(redundancy, value);
      }
      const value = lambda * candidate.score - (1 - lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        bestIndex = index;
      }
    });
    const [next] = pool.splice(bestIndex, 1);
    picked.push(next);
    chosen.push(next);
  }
  return picked;
}

/**
 * 5-8 points: about one per four sentences of the article (a reader's own list of an op-ed's
 * points runs to one or two per paragraph). A long text (a speech of 200 sentences) gets up to
 * 10: eight lines cannot reach across all it covers.
 */
function pointCount(reading: ArticleReading): number {
  const most = reading.sentences.length > longText ? 10 : 8;
  return Math.max(5, Math.min(most, Math.round(reading.sentences.length / 4)));
}

/**
 * An article's gist and its points, as its own summary picks them: the gist leads (the scored
 * candidate at its place, or the gist scored alone), the points follow in article order.
 */
function articlePoints<T extends Scored & { point: PointFeatureVector }>(
  candidates: T[],
  reading: ArticleReading,
  options: { gist: Scored; count: number; sections?: { of: number[]; penalty: number }; weights?: PointWeightSet },
): { lead: Scored & { point: PointFeatureVector }; points: Scored[] } {
  const scored = scoredBy(candidates, options.weights, "article");
  const lead = scored.find((candidate) => candidate.position === options.gist.position) ?? { ...options.gist, point: pointFeatureVector(options.gist, reading) };
  return { lead, points: selectPoints(scored, { count: options.count, chosen: [lead], sections: options.sections }).sort((a, b) => a.position - b.position) };
}

/** An article's heading, its gist line and its points as bullets, each cited. */
function pointSection(heading: string, gist: { text: string; n: number }, points: readonly { text: string; n: number }[]): string {
  return [`### ${heading}`, cite(gist), points.map((point) => `- ${cite(point)}`).join("\n")].join("\n\n");
}

function cite(sentence: { text: string; n: number }): string {
  return `${sentence.text} [${sentence.n}]`;
}

async function embedSentences(sentences: SummarySentence[], embedder: Embedder): Promise<void> {
  const missing = sentences.filter((sentence) => !sentence.vector);
  if (missing.length === 0) return;
  const vectors = await embedder.embed(missing.map((sentence) => sentence.text));
  missing.forEach((sentence, index) => (sentence.vector = vectors[index]));
}

function passagesByDocument(passages: Passage[]): Map<string, { passage: Passage; n: number }[]> {
  const byDocument = new Map<string, { passage: Passage; n: number }[]>();
  passages.forEach((passage, index) => {
    const list = byDocument.get(passage.documentId) ?? [];
    list.push({ passage, n: index + 1 });
    byDocument.set(passage.documentId, list);
  });
  return byDocument;
}

/** Past this many sentences a text is long (a speech): up to 10 points, spread over its sections. */
const longText = 60;
/**
 * A second point from a section already used counts as this much like the first, against 0.2 for
 * the same paragraph: high enough that a speech's points move on with it, low enough that a
 * section holding two of its main proposals can still give both (0.4-0.6 measured alike; 1, one
 * point per section, lost development points).
 */
const sectionRedundancy = 0.4;

/**
 * A long text's sections, found where its vocabulary turns (TextTiling): the likeness of the
 * `window` sentences before each gap to the `window` after it, and the gaps that dip deepest
 * below their neighbouring peaks become boundaries, `count - 1` of them, no section shorter than
 * `minLength` sentences. Returns each sentence's section number, in text order.
 */
export function textSections(sentences: readonly SummarySentence[], options: { count: number; window?: number; minLength?: number }): number[] {
  const total = sentences.length;
  const count = Math.max(1, Math.min(options.count, total));
  if (count === 1) return sentences.map(() => 0);
  const window = options.window ?? 6;
  const minLength = Math.max(1, options.minLength ?? Math.floor(total / (2 * count)));
  const idf = inverseFrequency(sentences.map((sentence) => sentence.terms));
  const block = (from: number, to: number): Map<string, number> => {
    const weights = new Map<string, number>();
    for (let index = Math.max(0, from); index < Math.min(total, to); index++) for (const term of sentences[index].terms) weights.set(term, (weights.get(term) ?? 0) + idf(term));
    return weights;
  };
  const likenessOf = (left: Map<string, number>, right: Map<string, number>): number => {
    let dot = 0;
    let leftNorm = 0;
    let rightNorm = 0;
    for (const [term, weight] of left) {
      leftNorm += weight * weight;
      dot += weight * (right.get(term) ?? 0);
    }
    for (const weight of right.values()) rightNorm += weight * weight;
    return leftNorm > 0 && rightNorm > 0 ? dot / Math.sqrt(leftNorm * rightNorm) : 0;
  };
  // gap g lies between sentence g - 1 and sentence g
  const gaps: number[] = [];
  for (let gap = 1; gap < total; gap++) gaps.push(likenessOf(block(gap - window, gap), block(gap, gap + window)));
  const depth = gaps.map((value, index) => {
    let left = value;
    for (let other = index - 1; other >= 0 && gaps[other] >= left; other--) left = gaps[other];
    let right = value;
    for (let other = index + 1; other < gaps.length && gaps[other] >= right; other++) right = gaps[other];
    return left - value + (right - value);
  });
  const boundaries: number[] = [];
  const order = depth.map((value, index) => ({ value, gap: index + 1 })).sort((a, b) => b.value - a.value);
  for (const { gap } of order) {
    if (boundaries.length >= count - 1) break;
    const sorted = [...boundaries, gap].sort((a, b) => a - b);
    const edges = [0, ...sorted, total];
    if (edges.slice(1).every((edge, index) => edge - edges[index] >= minLength)) boundaries.push(gap);
  }
  boundaries.sort((a, b) => a - b);
  return sentences.map((_, index) => boundaries.filter((gap) => gap <= index).length);
}

/** The summary of one article: its gist, then its key points in article order. */
export async function summarizeArticle(input: SummaryInput & { documentId: string }): Promise<SummaryResult> {
  const own = passagesByDocument(input.passages).get(input.documentId) ?? [];
  const sentences = articleSentences(own);
  await embedSentences(sentences, input.embedder);
  const reading = readArticle({ documentId: input.documentId, sentences, passages: input.passages, detailed: 400, rarity: rarityOf(input.stems) });
  const gist = reading.gist;
  if (!gist) return { text: "" };
  const focus = focusMatcher(input, reading);
  const focused = focus ? sentences.map((sentence) => focus(sentence)) : [];
  const coverage = withNeighbours(focused);
  const section = withinSection(focused);
  const topicVector = topicTerms(input.topic).length > 0 ? (await input.embedder.embed([input.topic]))[0] : undefined;
  const candidates = reading.candidates.map((candidate) => {
    const likeness = topicVector && candidate.vector ? rescale(cosine(topicVector, candidate.vector), 0.3) : 0;
    const topic = { coverage: focus ? focus(candidate) : 0, near: coverage[candidate.order] ?? 0, likeness, section: section[candidate.order] ?? 0 };
    return { ...candidate, point: pointFeatureVector(candidate, reading, topic) };
  });
  const count = pointCount(reading);
  // A long text (a speech) moves through topics: its points are spread over the sections where
  // its vocabulary turns, one section per point, rather than over equal stretches.
  const sections = sentences.length > longText ? { of: textSections(sentences, { count }), penalty: sectionRedundancy } : undefined;
  const select = (weights?: PointWeightSet) => articlePoints(candidates, reading, { gist, count, sections, weights });
  input.ranking?.trace?.({
    context: "article",
    lists: [{ documentId: input.documentId, candidates: candidates.map((candidate) => ({ text: candidate.text, features: candidate.point })) }],
    select: (weights) => {
      const { lead, points } = select(weights);
      return [lead, ...points].map((sentence) => ({ documentId: sentence.documentId, text: sentence.text }));
    },
  });
  const { lead, points } = select(input.ranking?.weights);
  return { text: pointSection(input.heading(input.documentId), lead, points) };
}

/**
 * What a request about one article asks besides naming it ("what does Kazakhstan stand to gain"):
 * its terms that the article does not hold everywhere, matched per sentence.
 */
function focusMatcher(input: SummaryInput, reading: ArticleReading): ((sentence: SummarySentence) => number) | undefined {
  const terms = topicTerms(input.topic);
  if (terms.length === 0) return undefined;
  const share = (term: string) => reading.sentences.filter((sentence) => sentence.terms.includes(term)).length / Math.max(1, reading.sentences.length);
  const focus = terms.filter((term) => share(term) < 0.25);
  if (focus.length === 0) return undefined;
  const match = termMatcher({ stems: input.stems });
  return (sentence) => focus.reduce((sum, term) => sum + match(term, sentence.terms), 0) / focus.length;
}

// --- a topic --------------------------------------------------------------------------------------

// Words that say what to summarise or where, not what about.
const scopeWords = new Set(
  (
    "all every each whole entire everything anything corpus collection folder library set sets article document piece story stories text " +
    "speech speeches address addresses report reports source sources item items file files paper papers message messages material " +
    "overview quick short brief briefly main key point points theme themes topic topics pull together say says said describe described " +
    "discuss discussed cover covered covers feature featured across break down come came what's tell me give us sum up according " +
    // "What have presidents told Congress about …? Look at the 2002 … addresses": how the request points, not what at.
    "told telling look looking since " +
    "summary summarize summarise recap gist outline highlight highlights rundown lowdown synopsis nutshell takeaway takeaways need know about regarding concerning " +
    // Relational nouns that frame a topic ("its effect on Central Asia", "the role of the SCO", "water issues").
    "effect effects impact impacts role roles part issue issues matter matters thing things way ways " +
    // How a request asks after a stance ("how did Grant handle the question of specie", "how do the
    // op-ed and the Hamedia piece each describe Kazakhstan's overall approach"): no speech says it so.
    "handle handled handling treat treated treating talk talked talking speak spoke spoken deal dealt dealing approach approached " +
    "question questions portray portrayed characterize characterise characterized characterised depict depicted frame framed " +
    "overall op ed oped editorial describing addressing differ differs differed differing " +
    // How a stance moved over time ("how did policy toward Cuba change", "trace … evolve"): the speeches say what it was each time.
    "change changed changes changing evolve evolved evolves evolving evolution trace traced tracing shift shifted shifts " +
    // When, not what: "19th-century presidents", "over the decades", "in that era".
    "century centuries decade decades era eras period periods " +
    // "What picture do these articles paint of…", "the key dates and figures across them": the shape asked for, not a topic.
    "picture pictures paint paints painted date dates figure figures number numbers fact facts detail details " +
    // "How do the different articles portray Tokayev?": which articles, not what about them.
    "different various several respective individual separate " +
    // "Did Cleveland and Coolidge see tariffs the same way?", "were they on the same page", "over the years": how alike, and when, not what.
    "see saw seen view views viewed same similar similarly alike agree agreed agreeing disagree disagreed page eye eyes years"
  )
    .split(/\s+/)
    .map((word) => stem(word)),
);

/** The topic's key terms: its content terms minus the words that frame the request. */
export function topicTerms(topic: string): string[] {
  return [...new Set(contentTerms(topic))].filter((term) => !isFramingTerm(term));
}

/** A content term (a stem) that says what to summarise or compare, or how, rather than what about. */
export function isFramingTerm(term: string): boolean {
  return scopeWords.has(term) || /^\d{1,2}(?:st|nd|rd|th)$/.test(term);
}

/**
 * A sentence treats the topic when it holds this share of the topic's weighted key terms. Topic
 * words match looser near-synonyms than question words do (a near-synonym counts by its cosine).
 */
const topicCoverageToTreat = 0.4;
/** Below this no article treats a topic, however near it comes. */
const topicCoverageFloor = 0.25;
/** A point of an article that treats the topic holds this share of it. */
const topicCoverageToPoint = 0.25;
const topicSynonymThreshold = 0.5;

/**
 * How much of a topic a sentence holds, 0..1: its key terms weighted by how rare they are among the
 * sentences (the collection's own subject says little), each matched by the same stem, another
 * name of the same country or a near-synonym. A name the topic uses must be there itself: a
 * sentence without it covers at most half.
 */
export function topicScorer(
  topic: string,
  sentences: readonly { terms: readonly string[] }[],
  stems?: StemVectors,
  options: { strict?: boolean } = {},
): (sentence: { terms: readonly string[] }) => number {
  const allTerms = topicTerms(topic);
  const names = new Set(questionNames(topic).flatMap((name) => contentTerms(name)).filter((term) => allTerms.includes(term)));
  const softMatch = termMatcher({ stems, names, threshold: topicSynonymThreshold });
  // Strictly (for whether the articles treat a topic at all): one topic word never stands in for
  // another ("cup" sits at cosine 0.53 from "world"), and only the words the articles use
  // themselves vouch for the topic when an unmatched word drops out ("football" meets "player",
  // 0.63, in a piece on a key player in the region).
  const topicWords = new Set(allTerms);
  const match = options.strict ? (term: string, sentenceTerms: readonly string[]) => softMatch(term, sentenceTerms.filter((other) => other === term || !topicWords.has(other))) : softMatch;
  const idf = inverseFrequency(sentences.map((sentence) => sentence.terms));
  // A common word of the topic that no sentence matches even loosely ("rivalry" where the articles
  // say "power struggle") is the request's wording, not the articles': it drops out, as long as
  // most of the topic is still there. Names never drop out.
  const matched = allTerms.filter((term) => names.has(term) || sentences.some((sentence) => (options.strict ? match(term, sentence.terms) === 1 : match(term, sentence.terms) > 0)));
  const terms = matched.length >= 2 && matched.length >= (2 / 3) * allTerms.length ? matched : allTerms;
  const weights = terms.map((term) => idf(term));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return (sentence) => {
    if (total === 0) return 0;
    let covered = 0;
    let missingName = false;
    terms.forEach((term, index) => {
      const value = match(term, sentence.terms);
      covered += weights[index] * value;
      if (names.has(term) && value < 1) missingName = true;
    });
    return (covered / total) * (missingName ? 0.5 : 1);
  };
}

/** The best coverage of the topic by any sentence of the passages: whether the articles treat it at all. */
export function topicEvidence(topic: string, passages: Passage[], stems?: StemVectors): number {
  const sentences = [...passagesByDocument(passages).values()].flatMap((own) => articleSentences(own));
  const score = topicScorer(topic, sentences, stems, { strict: true });
  return Math.max(0, ...sentences.map(score));
}

/** A request about how something went over time. */
const asksForChange = /\b(?:over (?:time|the (?:years|decades|centuries))|through the (?:years|decades)|across the (?:years|decades)|evolv\w*|trac(?:e|ing)|chang(?:e|ed|es|ing)|shift(?:ed|s)?|develop(?:ed|ment)|from \S+(?: \S+){0,4} to )/i;

/** Points about a topic from every article that treats it, grouped by article, best-covering article first. */
export async function summarizeTopic(input: SummaryInput): Promise<SummaryResult> {
  const byDocument = passagesByDocument(input.passages);
  const readings: ArticleReading[] = [];
  const all: SummarySentence[] = [];
  for (const [documentId, own] of byDocument) {
    const sentences = articleSentences(own);
    all.push(...sentences);
    readings.push({ documentId, sentences, candidates: [] });
  }
  await embedSentences(all, input.embedder);
  const ownCoverage = topicScorer(input.topic, all, input.stems);
  // "Their cooperation is reminiscent of…" is about Uzbekistan when the sentence before names it:
  // a name the topic uses counts as there when one of the two sentences before has it.
  const topicNames = new Set(questionNames(input.topic).flatMap((name) => contentTerms(name)));
  for (const term of [...topicNames]) for (const other of placeEquivalents(term) ?? []) topicNames.add(other);
  const byPosition = new Map(all.map((sentence) => [`${sentence.documentId}:${sentence.order}`, sentence]));
  const coverageOf = (sentence: SummarySentence) => {
    const own = ownCoverage(sentence);
    const inherited = [1, 2].flatMap((back) => byPosition.get(`${sentence.documentId}:${sentence.order - back}`)?.terms.filter((term) => topicNames.has(term)) ?? []);
    return inherited.length === 0 ? own : Math.max(own, 0.9 * ownCoverage({ terms: [...sentence.terms, ...inherited] }));
  };
  const [topicVector] = await input.embedder.embed([input.topic]);
  const required = new Set(input.scope.kind === "topic" ? (input.scope.required ?? []) : []);
  // Each article that treats the topic, with the candidates that hold it; the rest of the article is left out.
  const treating: { documentId: string; best: number; treats: number; candidates: (Scored & { point: PointFeatureVector })[] }[] = [];
  const articles = readings.map((base) => {
    const reading = readArticle({ documentId: base.documentId, sentences: base.sentences, passages: input.passages, detailed: 200, rarity: rarityOf(input.stems) });
    const ownCoverages = base.sentences.map((sentence) => coverageOf(sentence));
    return { base, reading, ownCoverages, scored: reading.candidates.map((candidate) => ({ candidate, coverage: coverageOf(candidate) })) };
  });
  // "How do these articles describe Kazakhstan's balancing-act foreign policy under Tokayev?": when
  // no sentence anywhere holds that much of a long topic, the articles that come nearest treat it
  // (not below a floor): the request passed the relevance check, so a summary is owed, not a decline.
  const nearest = Math.max(0, ...articles.flatMap(({ scored }) => scored.map(({ coverage }) => coverage)));
  const treatAt = nearest >= topicCoverageToTreat ? topicCoverageToTreat : Math.max(topicCoverageFloor, 0.8 * nearest);
  const pointAt = Math.min(topicCoverageToPoint, treatAt);
  for (const { base, reading, ownCoverages, scored } of articles) {
    const near = withNeighbours(ownCoverages);
    const section = withinSection(ownCoverages);
    // The article treats the topic when one of its sentences holds it; its points may then also be
    // sentences that hold a good part of it ("the container train" under "transport corridors").
    // An article the request names is read all the same: its points are its sentences nearest the topic.
    const named = required.has(base.documentId);
    if (!named && !scored.some(({ coverage }) => coverage >= treatAt)) continue;
    // A sentence that holds the topic only through the names of the sentences before must hold it fully.
    const held = scored.filter(({ candidate, coverage }) => coverage >= treatAt || ownCoverage(candidate) >= pointAt);
    const covered = held.length > 0 || !named ? held : scored;
    const candidates = covered.map(({ candidate, coverage }) => {
      const likeness = topicVector && candidate.vector ? rescale(cosine(topicVector, candidate.vector), 0.3) : 0;
      return { ...candidate, point: pointFeatureVector(candidate, reading, { coverage, near: near[candidate.order], likeness, section: section[candidate.order] }) };
    });
    const treats = scored.filter(({ coverage }) => coverage >= treatAt).length;
    treating.push({ documentId: base.documentId, best: Math.max(...covered.map(({ coverage }) => coverage)), treats, candidates });
  }
  // The articles that cover the topic best come first.
  treating.sort((a, b) => b.best - a.best);
  const perArticle = readings.length <= 1 ? 7 : readings.length <= 2 ? 5 : 4;
  // "How did … evolve", "over the years", "trace …": the articles read best in the order they were
  // written, when each has a date; otherwise the best-covering first.
  const dates = new Map(input.passages.map((passage) => [passage.documentId, passage.date]));
  const read = input.scope.kind === "topic" ? input.scope.read : undefined;
  // Three of them treating the topic are enough: the rest of the passages' articles would bring back one speaker's many speeches.
  const readTreating = read ? treating.filter((article) => read.includes(article.documentId)) : [];
  const chosen = readTreating.length >= 3 ? readTreating : treating;
  // The named articles first, then the best of the rest, six in all.
  const shown = [...chosen.filter((article) => required.has(article.documentId)), ...chosen.filter((article) => !required.has(article.documentId))].slice(0, 6);
  if (asksForChange.test(input.question) && shown.every((article) => dates.get(article.documentId))) {
    shown.sort((a, b) => dates.get(a.documentId)!.localeCompare(dates.get(b.documentId)!));
  }
  const select = (weights?: PointWeightSet) =>
    shown.map((article) => {
      const scored = scoredBy(article.candidates, weights, "topic");
      // Past its first two, an article's points must score in the upper half of its range (a
      // min-max range: with only two candidates the second is always at 0).
      // An article that treats the topic in one sentence or two gets a point or two more, not a full share.
      const count = Math.min(perArticle, article.treats + 2);
      const points = selectPoints(scored, { count, chosen: [], lambda: 0.7 }).filter((point, index) => index < 2 || point.score >= 0.5);
      return { documentId: article.documentId, points: points.sort((a, b) => a.position - b.position) };
    });
  input.ranking?.trace?.({
    context: "topic",
    lists: treating.map((article) => ({ documentId: article.documentId, candidates: article.candidates.map((candidate) => ({ text: candidate.text, features: candidate.point })) })),
    select: (weights) => select(weights).flatMap((section) => section.points.map((point) => ({ documentId: point.documentId, text: point.text }))),
  });
  const text = select(input.ranking?.weights)
    .map((section) => `### ${input.heading(section.documentId)}\n\n${section.points.map((point) => `- ${cite(point)}`).join("\n")}`)
    .join("\n\n");
  return { text };
}

// --- a comparison ---------------------------------------------------------------------------------

/** How many points each compared article gets: two articles side by side have room for more of each (7, 5, then 4). */
export function comparePointCount(articles: number): number {
  return articles <= 2 ? 7 : articles === 3 ? 5 : 4;
}

export interface ComparedArticle {
  documentId: string;
  /** Its best sentence's score: articles that treat the question most come first. */
  best: number;
  points: Scored[];
}

/**
 * Each compared article's points on the question, read from the whole article: sentences that
 * hold the question's key terms (or stand next to one that does: a speech names its subject once
 * and goes on about it), that resemble the question in the word vectors, and that carry content
 * (names, numbers, acts); spread over the article by MMR. `named`: the articles were named by
 * the request, so each is compared however little it says; otherwise an article whose best
 * sentence falls far below the others' is left out (it has no position on the question).
 */
export async function comparePoints(input: {
  topic: string;
  passages: Passage[];
  embedder: Embedder;
  stems?: StemVectors;
  named: boolean;
  /** The request asks how the articles sound: each article's most strongly worded sentences on the topic rank higher. */
  tone?: boolean;
  ranking?: PointRanking;
}): Promise<ComparedArticle[]> {
  const byDocument = passagesByDocument(input.passages);
  const perArticle = new Map<string, SummarySentence[]>();
  for (const [documentId, own] of byDocument) perArticle.set(documentId, articleSentences(own));
  const all = [...perArticle.values()].flat();
  await embedSentences(all, input.embedder);
  const [topicVector] = await input.embedder.embed([input.topic]);
  const coverage = topicScorer(input.topic, all, input.stems);
  const articles: { documentId: string; candidates: (Scored & { point: PointFeatureVector })[] }[] = [];
  for (const [documentId, sentences] of perArticle) {
    const reading = readArticle({ documentId, sentences, passages: input.passages, detailed: 400, rarity: rarityOf(input.stems) });
    const own = sentences.map((sentence) => coverage(sentence));
    const near = withNeighbours(own);
    const section = withinSection(own);
    const candidates = reading.candidates.map((candidate) => {
      const likeness = candidate.vector ? rescale(cosine(topicVector, candidate.vector), 0.3) : 0;
      return { ...candidate, point: pointFeatureVector(candidate, reading, { coverage: own[candidate.order], near: near[candidate.order], likeness, section: section[candidate.order] }) };
    });
    if (candidates.length > 0) articles.push({ documentId, candidates });
  }
  const select = (weights?: PointWeightSet): ComparedArticle[] => {
    // Articles are weighed against each other by their best raw score: an article far below the others has no position.
    const own = weightsFor("compare", weights);
    const scored = articles.map((article) => ({
      documentId: article.documentId,
      best: Math.max(...article.candidates.map((candidate) => pointScore(candidate.point, own))),
      points: input.tone ? withTone(scoredBy(article.candidates, weights, "compare")) : scoredBy(article.candidates, weights, "compare"),
    }));
    const top = Math.max(...scored.map((article) => article.best));
    const kept = input.named ? scored : scored.filter((article) => article.best >= floorBelow(top, 0.5));
    const count = comparePointCount(kept.length);
    return kept
      .map((article) => {
        const points = selectPoints(
          article.points.filter((point) => point.score >= 0.5),
          { count, chosen: [], lambda: 0.7 },
        );
        return { ...article, points: points.sort((a, b) => a.position - b.position) };
      })
      .sort((a, b) => b.best - a.best);
  };
  input.ranking?.trace?.({
    context: "compare",
    lists: articles.map((article) => ({ documentId: article.documentId, candidates: article.candidates.map((candidate) => ({ text: candidate.text, features: candidate.point })) })),
    select: (weights) => select(weights).flatMap((article) => article.points.map((point) => ({ documentId: point.documentId, text: point.text }))),
  });
  return select(input.ranking?.weights);
}

// --- the whole collection -------------------------------------------------------------------------

/**
 * Content terms of a text as a set, each distinct word stemmed once (`cache` maps a word to its
 * term, or null for a stopword). The same words as `words` finds; plain ASCII text, most of it,
 * is scanned by hand, ~1.5x faster than the regular expression over a 233-speech collection.
 */
export function vocabularyOf(text: string, cache: Map<string, string | null> = new Map()): Set<string> {
  const vocabulary = new Set<string>();
  const add = (word: string) => {
    let term = cache.get(word);
    if (term === undefined) {
      term = isStopword(word) || (word.length <= 1 && !/\d/.test(word)) ? null : stem(word);
      cache.set(word, term);
    }
    if (term !== null) vocabulary.add(term);
  };
  const lower = text.toLowerCase();
  if (!/^[\x00-\x7f]*$/.test(lower)) {
    for (const word of words(text)) add(word);
    return vocabulary;
  }
  const wordCode = (code: number) => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  const letter = (code: number) => code >= 97 && code <= 122;
  let index = 0;
  while (index < lower.length) {
    if (!wordCode(lower.charCodeAt(index))) {
      index += 1;
      continue;
    }
    const start = index;
    while (index < lower.length && wordCode(lower.charCodeAt(index))) index += 1;
    // "[a-z0-9]+('[a-z]+)?", as words() reads it; a possessive "'s" is no part of the word.
    if (lower.charCodeAt(index) === 39 && letter(lower.charCodeAt(index + 1))) {
      index += 1;
      while (index < lower.length && letter(lower.charCodeAt(index))) index += 1;
    }
    const word = lower.slice(start, index);
    add(word.endsWith("'s") ? word.slice(0, -2) : word);
  }
  return vocabulary;
}

/**
 * For a briefing: every article's full text and term index, and the passages to read: about 480
 * chunks in all, each article's most central ones (by its distinctive terms) and at least one, so
 * 233 speeches are read through two chunks each and a handful of articles in full.
 */
export function briefingPassages(perDocument: Passage[][], options: { budget?: number } = {}): { passages: Passage[]; collection: CollectionIndex } {
  const budget = options.budget ?? 480;
  const documents = perDocument.filter((passages) => passages.length > 0).map((passages) => [...passages].sort((a, b) => a.start - b.start));
  const cap = Math.max(1, Math.floor(budget / Math.max(1, documents.length)));
  const fullTexts = new Map<string, string>();
  const vocabulary = new Map<string, Set<string>>();
  const titles = new Map<string, string>();
  const acronyms = new Map<string, Set<string>>();
  const cache = new Map<string, string | null>();
  const chunkTerms = documents.map((passages) => passages.map((passage) => vocabularyOf(passage.text, cache)));
  // An article is told apart by the terms few others use: inverse document frequency over the collection.
  const postings = new Map<string, string[]>();
  documents.forEach((passages, index) => {
    const documentId = passages[0].documentId;
    const fullText = passages.map((passage) => passage.text).join("\n");
    fullTexts.set(documentId, fullText);
    acronyms.set(documentId, new Set([...fullText.matchAll(/\b(?:[A-Z]\.){2,}|\b[A-Z]{2,}\b/g)].map((match) => match[0].replace(/\./g, ""))));
    const terms = new Set<string>();
    for (const set of chunkTerms[index]) for (const term of set) terms.add(term);
    vocabulary.set(documentId, terms);
    for (const term of terms) {
      const list = postings.get(term);
      if (list) list.push(documentId);
      else postings.set(term, [documentId]);
    }
    const opening = passages.find((passage) => passage.start === 0);
    if (opening && !opening.title.trim()) titles.set(documentId, untitledLabel(opening.text));
  });
  const weights = new Map<string, number>();
  const idf = (term: string) => {
    let weight = weights.get(term);
    if (weight === undefined) {
      weight = Math.log((documents.length + 1) / (postings.get(term)?.length ?? 1)) ** 2;
      weights.set(term, weight);
    }
    return weight;
  };
  const passages: Passage[] = [];
  documents.forEach((own, index) => {
    if (own.length <= cap) {
      passages.push(...own);
      return;
    }
    // A chunk is central when its terms are the article's own frequent, distinctive terms.
    const frequency = new Map<string, number>();
    for (const set of chunkTerms[index]) for (const term of set) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    const centrality = chunkTerms[index].map((set) => {
      let sum = 0;
      let norm = 0;
      for (const term of set) {
        const squared = idf(term);
        sum += (frequency.get(term) ?? 0) * squared;
        norm += squared;
      }
      return norm === 0 ? 0 : sum / Math.sqrt(norm);
    });
    const ranked = own.map((passage, order) => ({ passage, order, centrality: centrality[order] })).sort((a, b) => b.centrality - a.centrality);
    const kept = new Set(ranked.slice(0, cap).map((entry) => entry.passage));
    passages.push(...own.filter((passage) => kept.has(passage)));
  });
  return { passages, collection: { fullTexts, vocabulary, postings, titles, acronyms } };
}

/** "Untitled — opening words…", as the library and the chips name an untitled article. */
function untitledLabel(text: string): string {
  return displayTitle("", neutralizeMarkers(text));
}

interface Aspect {
  surface: string;
  terms: string[];
  /** A name or an article's own quoted term (a single common word otherwise). */
  named: boolean;
  /** Articles whose term index holds every term (an upper bound on the articles treating it). */
  candidates: string[];
  /** Articles whose central sentences gave it. */
  sources: Set<string>;
}

/** Whether a read sentence holds every term of the aspect (and so its article treats it). */
function holds(sentence: SummarySentence, aspect: Aspect): boolean {
  return aspect.terms.every((term) => sentence.termSet.has(term));
}

/** Whether an article's full text treats the aspect: its term index first (cheap), then its sentences. */
function articleTreats(collection: CollectionIndex | undefined, documentId: string, terms: string[]): boolean {
  const vocabulary = collection?.vocabulary.get(documentId);
  if (vocabulary && !terms.every((term) => vocabulary.has(term))) return false;
  return treatsAspect(collection?.fullTexts.get(documentId) ?? "", terms);
}

/**
 * Whether another article may speak of the aspect under another name: its initials ("SCO" for
 * Shanghai Cooperation Organization, "U.S." for United States) or another name of the same
 * country. "Only in one article" is never said of such an aspect.
 */
function mentionedOtherwise(collection: CollectionIndex, documentId: string, aspect: Aspect): boolean {
  const capitals = aspect.surface.split(/[\s-]+/).filter((word) => /^\p{Lu}/u.test(word));
  if (capitals.length >= 2 && collection.acronyms.get(documentId)?.has(capitals.map((word) => word[0]).join(""))) return true;
  const vocabulary = collection.vocabulary.get(documentId);
  return aspect.terms.some((term) => [...(placeEquivalents(term) ?? [])].some((other) => other !== term && vocabulary?.has(other)));
}

const monthName = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/;

/** The names in a name run, cleaned: "Kazakhstan and Uzbekistan" also gives each; runs glued by "on"/"in" are split; dates dropped. */
function nameSurfaces(surface: string): string[] {
  const parts = surface.split(/\s+(?:and|on|in|at|for|the)\s+/).filter((part) => /^\p{Lu}/u.test(part) && !monthName.test(part) && !/\d/.test(part));
  const joined = parts.length > 1 && /\s(?:and)\s/.test(surface) && !/\s(?:on|in|at|for)\s/.test(surface) && !monthName.test(surface) && !/\d/.test(surface);
  return joined ? [surface, ...parts] : parts;
}

/** A briefing of the whole collection: a gist line per article, common threads, what only one article covers. */
/**
 * Articles read between turns given to the event loop: a summary of 233 speeches is ~1 s of CPU,
 * which would otherwise hold every other request (and its own cancellation) until it is done.
 */
const articlesPerTurn = 16;

/** Lets other work run; true when the request was aborted meanwhile. */
async function givenWay(signal: AbortSignal | undefined): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  return signal?.aborted === true;
}

/** Up to this many articles, a briefing gives each long one its key points as well as its gist. */
const briefingPointsLimit = 6;
const briefingPointsPerText = 3;

/** An article's key points when no topic is asked, chosen as a summary of it chooses them (spread over its sections). */
function keyPointsOf(reading: ArticleReading, options: { gist: Scored; count: number }): Scored[] {
  const candidates = reading.candidates.map((candidate) => ({ ...candidate, point: pointFeatureVector(candidate, reading) }));
  const sections = { of: textSections(reading.sentences, { count: options.count + 1 }), penalty: sectionRedundancy };
  return articlePoints(candidates, reading, { gist: options.gist, count: options.count, sections }).points;
}

export async function summarizeCollection(input: SummaryInput): Promise<SummaryResult> {
  const byDocument = passagesByDocument(input.passages);
  const documentIds = [...byDocument.keys()];
  const large = documentIds.length > 20;
  // Each line names its article, then quotes (the name is a sentence of its own, so the quote is
  // checked as itself). In a long list, untitled articles go by their file names: their opening
  // words ("To the Senate and House of Representatives:") would name them all alike.
  const listLabel = (documentId: string) => {
    const passage = input.passages.find((entry) => entry.documentId === documentId);
    return large && passage && !passage.title.trim() ? neutralizeMarkers(passage.source) : input.label(documentId);
  };
  const perArticle = new Map<string, SummarySentence[]>();
  for (const [documentId, own] of byDocument) {
    perArticle.set(documentId, articleSentences(own));
    if (perArticle.size % articlesPerTurn === 0 && (await givenWay(input.signal))) return { text: "" };
  }
  // Word vectors refine sentence likeness; across hundreds of articles term overlap alone has to do.
  if (!large) await embedSentences([...perArticle.values()].flat(), input.embedder);
  const readings = new Map<string, ArticleReading>();
  for (const [documentId, sentences] of perArticle) {
    readings.set(documentId, readArticle({ documentId, sentences, passages: input.passages, detailed: large ? 6 : 40, lookalike: large, gistWords: large ? 25 : 35, rarity: rarityOf(input.stems) }));
    if (readings.size % articlesPerTurn === 0 && (await givenWay(input.signal))) return { text: "" };
  }

  // Each article's gist: under its heading for a few articles, one line each for a long list.
  const lines: string[] = [];
  const gists: string[] = [];
  for (const documentId of documentIds) {
    // An article whose read passages hold no content sentence is still named, with the best of what they hold.
    const reading = readings.get(documentId);
    const gist = reading?.gist ?? fallbackGist(reading?.sentences ?? [], input.passages);
    if (!gist) {
      if (large) gists.push(`- *${listLabel(documentId)}*${dateOf(input.passages, documentId)}: no sentence to quote in its passages.`);
      else lines.push(`### ${input.heading(documentId)}\n\nNo sentence to quote in its passages.`);
      continue;
    }
    if (large) gists.push(`- *${listLabel(documentId)}*${dateOf(input.passages, documentId)}. ${cite(gist)}`);
    else if (documentIds.length <= briefingPointsLimit && reading?.gist && reading.sentences.length > longText) {
      // A few long texts (the speeches a reader picked) are each more than their gist: the key
      // points a summary of each would give, fewer of them, follow it.
      lines.push(pointSection(input.heading(documentId), gist, keyPointsOf(reading, { gist: reading.gist, count: briefingPointsPerText })));
    } else lines.push(`### ${input.heading(documentId)}\n\n${cite(gist)}`);
  }
  if (large) lines.push(`**${gists.length} articles, one line each**\n\n${gists.join("\n")}`);

  const aspects = collectionAspects(readings, input.collection, { perArticle: large ? 3 : 10 });
  const threads = commonThreads(aspects, readings, input.collection, { max: 4, perThread: large ? 3 : 5 });
  if (threads.length > 0) {
    lines.push("**Common threads**");
    for (const thread of threads) {
      const cited = thread.sentences.map((sentence) => `- *${listLabel(sentence.documentId)}*. ${cite(sentence)}`).join("\n");
      lines.push(`*${thread.aspect.surface}* (${thread.sentences.length} articles)\n\n${cited}`);
    }
  }
  const used = new Set(threads.map((thread) => thread.aspect.terms.join(" ")));
  const only = onlyInOne(aspects, readings, input.collection, { max: large ? 5 : documentIds.length, used });
  if (only.length > 0) {
    lines.push("**Only in one article** (no other article's full text mentions it)");
    lines.push(only.map((entry) => `- *${listLabel(entry.sentence.documentId)}*, on ${entry.aspect.surface}. ${cite(entry.sentence)}`).join("\n"));
  }
  return {
    text: lines.join("\n\n"),
    only: only.map((entry) => ({ documentId: entry.sentence.documentId, aspect: entry.aspect.surface, terms: entry.aspect.terms })),
    threads: threads.map((thread) => ({ aspect: thread.aspect.surface, terms: thread.aspect.terms, documentIds: thread.sentences.map((sentence) => sentence.documentId) })),
  };
}

// Not a topic on its own: function words, and the endings of adjectives, adverbs and verb forms.
const notTopics =
  /^(?:among|across|toward|towards|upon|amid|amidst|beyond|despite|also|still|even|well|just|ever|never|always|often|again|already|rather|quite|whose|every|other|another|several|various|many|much|more|most|less|least|first|second|last|next|year|years|time|times|today|country|countries|nation|nations|region|world|people|government|state|states)$|(?:al|ic|ous|ive|ly|ing|ed|ful|less|able|ible)$/i;

/** The longest whole sentence (six words or more, not site text) when no sentence qualified as content. */
function fallbackGist(sentences: SummarySentence[], passages: Passage[]): SummarySentence | undefined {
  return sentences
    .filter((sentence) => sentence.text.split(" ").length >= 6 && !isBoilerplateSentence(sentence.text, passages[sentence.n - 1]?.outlet))
    .sort((a, b) => b.text.length - a.text.length)[0];
}

/** " (date)" after an article's name in a list, unless its title already says it ("Herbert Hoover, 1932"). */
function dateOf(passages: Passage[], documentId: string): string {
  const passage = passages.find((entry) => entry.documentId === documentId);
  const date = passage?.date.trim();
  return date && !passage?.title.includes(date) ? ` (${date})` : "";
}

/** An article's heading without its date twice ("Herbert Hoover, 1932 — 1932"). */
export function withoutRepeatedDate(heading: string, date: string): string {
  const trimmed = date.trim();
  if (!trimmed) return heading;
  const suffix = new RegExp(`(?:, | — )${trimmed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  const rest = heading.replace(suffix, "");
  return rest !== heading && rest.includes(trimmed) ? rest : heading;
}

/**
 * What the articles' central sentences name: names (people, places, organisations), short quoted
 * terms, and the content words an article keeps returning to ("water", "transport"). Each aspect
 * knows which articles' term indexes hold it.
 */
function collectionAspects(readings: Map<string, ArticleReading>, collection: CollectionIndex | undefined, options: { perArticle: number }): Aspect[] {
  const aspects = new Map<string, Aspect>();
  const documentIds = [...readings.keys()];
  const candidatesFor = (terms: string[]) => {
    if (!collection) return documentIds;
    // The articles of the rarest term's posting list that hold the other terms too.
    const lists = terms.map((term) => collection.postings.get(term) ?? []).sort((a, b) => a.length - b.length);
    return lists[0].filter((documentId) => terms.every((term) => collection.vocabulary.get(documentId)?.has(term)));
  };
  let source = "";
  const add = (surface: string, named: boolean) => {
    const clean = surface.replace(/['’]s$/, "").replace(/^[\s'"“‘]+|[\s.,;:'"”’]+$/g, "");
    const terms = [...new Set(contentTerms(clean))];
    const key = terms.join(" ");
    const known = aspects.get(key);
    if (known) {
      known.sources.add(source);
      return;
    }
    if (terms.length === 0 || terms.length > 4 || terms.every((term) => evaluativeWords.has(term) || claimWords.has(term))) return;
    aspects.set(key, { surface: clean, terms, named, candidates: candidatesFor(terms), sources: new Set([source]) });
  };
  for (const reading of readings.values()) {
    source = reading.documentId;
    const top = [...reading.candidates].sort((a, b) => b.score - a.score).slice(0, options.perArticle);
    for (const sentence of top) {
      for (const name of sentence.features.names) {
        for (const part of nameSurfaces(name.surface)) if (/\s/.test(part) || !notTopics.test(part)) add(part, true);
      }
      for (const match of sentence.text.matchAll(quotedTerm)) if (match[1].trim().split(/\s+/).length <= 4) add(match[1].trim(), true);
    }
    // Common words the article returns to (in three or more of its sentences), said in its top sentences.
    const frequency = new Map<string, number>();
    for (const sentence of reading.sentences) for (const term of sentence.terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    for (const sentence of top) {
      for (const match of sentence.text.matchAll(/(?<![\p{L}-])[\p{Ll}][\p{Ll}-]{3,}(?![\p{L}])/gu)) {
        const word = match[0];
        const term = stem(word);
        if (isStopword(word) || notTopics.test(word) || (frequency.get(term) ?? 0) < 3 || evaluativeWords.has(term) || claimWords.has(term)) continue;
        add(word, false);
      }
    }
  }
  return [...aspects.values()];
}

/** Aspects two or more articles treat, each with one cited sentence per article; rarer and more central ones first. */
function commonThreads(
  aspects: Aspect[],
  readings: Map<string, ArticleReading>,
  collection: CollectionIndex | undefined,
  options: { max: number; perThread: number },
): { aspect: Aspect; sentences: Scored[] }[] {
  const total = readings.size;
  const ranked = aspects
    // An aspect most articles name ("Central Asia" in a collection about Central Asia) is the collection's subject, no thread.
    .filter((aspect) => aspect.candidates.length >= 2 && aspect.candidates.length <= Math.max(2, 0.6 * total))
    .map((aspect) => {
      const sentences: Scored[] = [];
      for (const documentId of aspect.candidates) {
        const reading = readings.get(documentId);
        const sentence = reading?.candidates.filter((candidate) => holds(candidate, aspect)).sort((a, b) => quotable(b) - quotable(a))[0];
        if (sentence) sentences.push(sentence);
      }
      sentences.sort((a, b) => quotable(b) - quotable(a));
      // A thread runs through the articles: each counts by how many of its read sentences hold the aspect (up to three).
      const salience = (documentId: string) => {
        const own = readings.get(documentId)?.sentences ?? [];
        return Math.min(3, own.filter((sentence) => holds(sentence, aspect)).length) / 3;
      };
      // Rarer aspects say more, and aspects that run through more of the articles read are more of a thread.
      const rarity = Math.sqrt(Math.log((total + 1) / aspect.candidates.length));
      const breadth = 1 + Math.log(Math.max(1, sentences.length));
      const weight = sentences.slice(0, options.perThread).reduce((sum, sentence) => sum + sentence.score * (0.5 + salience(sentence.documentId)), 0);
      return { aspect, sentences, value: weight * rarity * breadth * (aspect.named ? 1 : 0.6) };
    })
    .filter((entry) => entry.sentences.length >= 2)
    .sort((a, b) => b.value - a.value);
  const chosen: { aspect: Aspect; sentences: Scored[] }[] = [];
  const quoted = new Set<string>();
  for (const entry of ranked) {
    if (chosen.length >= options.max) break;
    // A thread nested in one already shown ("Road" in "Belt and Road Initiative") adds nothing.
    if (chosen.some((other) => entry.aspect.terms.every((term) => other.aspect.terms.includes(term)) || other.aspect.terms.every((term) => entry.aspect.terms.includes(term)))) continue;
    const shown = entry.sentences.slice(0, options.perThread);
    // Nor one told by the very sentences another thread quoted.
    if (shown.every((sentence) => quoted.has(`${sentence.documentId}:${sentence.position}`))) continue;
    // Each shown sentence treats the aspect by itself, so its article's full text does too.
    if (!shown.every((sentence) => treatsAspect(sentence.text, entry.aspect.terms))) continue;
    for (const sentence of shown) quoted.add(`${sentence.documentId}:${sentence.position}`);
    chosen.push({ aspect: entry.aspect, sentences: shown.sort((a, b) => documentOrder(readings, a.documentId) - documentOrder(readings, b.documentId)) });
  }
  return chosen;
}

/** A sentence's score as one line of a list: past ~40 words it reads as a paragraph. */
function quotable(sentence: Scored): number {
  const length = sentence.text.split(" ").length;
  return sentence.score - 0.3 * Math.min(1, Math.max(0, length - 40) / 40);
}

function documentOrder(readings: Map<string, ArticleReading>, documentId: string): number {
  return [...readings.keys()].indexOf(documentId);
}

/**
 * Per article, its most salient named aspect that no other article's full text treats (checked
 * with treatsAspect on every other article whose term index could hold it, and not named there by
 * its initials or another name of the same country), with the sentence that says it.
 */
function onlyInOne(
  aspects: Aspect[],
  readings: Map<string, ArticleReading>,
  collection: CollectionIndex | undefined,
  options: { max: number; used: Set<string> },
): { aspect: Aspect; sentence: Scored }[] {
  if (readings.size < 2 || !collection) return [];
  const found: { aspect: Aspect; sentence: Scored; value: number }[] = [];
  const documentIds = [...readings.keys()];
  const bySource = new Map<string, Aspect[]>();
  for (const aspect of aspects) {
    // Cheap first: at most a few other articles' term indexes may hold every term; each is then read in full.
    if (!aspect.named || aspect.candidates.length > 4 || options.used.has(aspect.terms.join(" "))) continue;
    for (const documentId of aspect.sources) if (aspect.candidates.includes(documentId)) bySource.set(documentId, [...(bySource.get(documentId) ?? []), aspect]);
  }
  for (const [documentId, reading] of readings) {
    const ranked = [...reading.candidates].sort((a, b) => quotable(b) - quotable(a));
    const others = documentIds.filter((other) => other !== documentId);
    let best: { aspect: Aspect; sentence: Scored; value: number } | undefined;
    // Aspects no other article's term index holds come first: their absence elsewhere needs no reading.
    const own = (bySource.get(documentId) ?? []).sort((a, b) => a.candidates.length - b.candidates.length);
    for (const aspect of own) {
      if (best && aspect.candidates.length > 1) break;
      const sentence = ranked.find((candidate) => holds(candidate, aspect) && treatsAspect(candidate.text, aspect.terms));
      if (!sentence) continue;
      const value = quotable(sentence) + 0.1 * aspect.terms.length;
      if (best && value <= best.value) continue;
      if (aspect.candidates.some((other) => other !== documentId && articleTreats(collection, other, aspect.terms))) continue;
      if (others.some((other) => mentionedOtherwise(collection, other, aspect))) continue;
      best = { aspect, sentence, value };
    }
    if (best) found.push(best);
  }
  return found
    .sort((a, b) => b.value - a.value)
    .slice(0, options.max)
    .sort((a, b) => documentOrder(readings, a.sentence.documentId) - documentOrder(readings, b.sentence.documentId));
}

// --- scope helpers --------------------------------------------------------------------------------

/**
 * How well a request that points at one article matches it: the share of the request's names the
 * article holds (another name of the same country counts). A request naming what the article
 * names is about it, however else the request is phrased.
 */
export function documentNameMatch(question: string, passages: Passage[]): number {
  if (passages.length === 0) return 0;
  const present = new Set(passages.flatMap((passage) => contentTerms(`${passage.title} ${passage.outlet} ${passage.text}`)));
  const holds = (term: string) => present.has(term) || [...(placeEquivalents(term) ?? [])].some((other) => present.has(other));
  const names = questionNames(question).filter((name) => contentTerms(name).length > 0);
  if (names.length > 0) return names.filter((name) => contentTerms(name).every(holds)).length / names.length;
  // "can u sum up the hamedia piece on kazakhstan juggling beijing, moscow and washington": written
  // in lower case, the request's own words (not its framing) say which article, one by one.
  // Most of them must hold: "the article about the mars landing" is not the transport one for its "land".
  const described = contentTerms(question).filter((term) => !isFramingTerm(term));
  const share = described.length === 0 ? 0 : described.filter(holds).length / described.length;
  return share >= 0.6 ? share : 0;
}

/**
 * The articles a request names by their titles ("George W. Bush's 2002 State of the Union" names
 * "George W. Bush, 2002"): at least two of a title's terms, and two thirds of them, in the request.
 * A person's initials stand for the name ("FDR" for "Franklin D. Roosevelt"). A title whose matched
 * terms another title's matched terms contain is left out: "Roosevelt in 1934" names the 1934
 * address, not every Roosevelt speech, while "Hoover in 1930 and Roosevelt in 1934" names both.
 * `terms` are the title terms the request used: they say which articles, not what about.
 */
export function namedDocuments(question: string, documents: readonly { id: string; title: string }[]): { documentIds: string[]; terms: string[] } {
  // "The Panic of 1837", "the War of 1812": a year in an event's name picks no speech of that year.
  const asked = new Set(contentTerms(question.replace(/\b(?!(?:Message|Address|Speech|Union)\b)(\p{Lu}[\p{L}-]*\s+of\s+)(?:1[5-9]|20)\d\d\b/gu, "$1")));
  for (const term of [...asked]) for (const other of placeEquivalents(term) ?? []) asked.add(other);
  const initialisms = new Set(question.match(/\b\p{Lu}{2,4}\b/gu) ?? []);
  // "Washington '96, TR '05", "Nixon in '74": a year by its last two digits, right after a name, names that person's speech of that year.
  const shortYears = [...question.matchAll(/([\p{L}.-]+)\s+(?:in\s+)?['’‘](\d\d)\b/gu)].map((match) => ({ name: match[1], digits: match[2] }));
  const found: { id: string; matched: string[] }[] = [];
  for (const document of documents) {
    const terms = [...new Set(contentTerms(document.title))];
    const person = nameInitials(document.title);
    const namesThis = (name: string) => name === person?.initials || contentTerms(name).some((term) => terms.includes(term));
    const isAsked = (term: string) => asked.has(term) || (/^\d{4}$/.test(term) && shortYears.some((short) => short.digits === term.slice(2) && namesThis(short.name)));
    const matched = terms.filter(isAsked);
    if (person && initialisms.has(person.initials)) {
      for (const term of person.terms) if (!matched.includes(term)) matched.push(term);
      // The initials themselves name the article too: they are no part of what is asked about it.
      matched.push(...contentTerms(person.initials));
    }
    const share = matched.filter((term) => terms.includes(term)).length / Math.max(1, terms.length);
    if (terms.length === 0 || matched.length < 2 || share < 2 / 3) continue;
    found.push({ id: document.id, matched });
  }
  const contains = (larger: string[], smaller: string[]) => larger.length > smaller.length && smaller.every((term) => larger.includes(term));
  const named = found.filter((entry) => !found.some((other) => contains(other.matched, entry.matched)));
  return { documentIds: named.map((entry) => entry.id), terms: [...new Set(named.flatMap((entry) => entry.matched))] };
}

/** "Franklin D. Roosevelt, 1941": the initials of the name before the comma ("FDR") and its terms. */
function nameInitials(title: string): { initials: string; terms: string[] } | undefined {
  const name = title.split(",")[0].trim();
  const parts = name.split(/\s+/).filter(Boolean);
  if (parts.length < 2 || parts.length > 4 || !parts.every((part) => /^\p{Lu}/u.test(part))) return undefined;
  return { initials: parts.map((part) => part[0]).join(""), terms: [...new Set(contentTerms(name))] };
}

/** A request's words minus those that name articles ("Kennedy (1961)"): what it asks about them. */
export function withoutTerms(text: string, terms: readonly string[]): string {
  if (terms.length === 0) return text;
  const drop = new Set(terms);
  const tokens = text.split(/\s+/);
  const dropped = tokens.map((token) => {
    const own = contentTerms(token);
    return own.length > 0 && own.every((term) => drop.has(term));
  });
  // "Teddy Roosevelt's 1905 message": a capitalised word just before a name that picked the speech is that name's too.
  const nameBefore = (at: number) => at + 1 < tokens.length && dropped[at + 1] && !/^\d/.test(tokens[at + 1]) && at > 0 && /^\p{Lu}[\p{L}.'’-]*$/u.test(tokens[at]) && /[\p{L},]$/u.test(tokens[at - 1]);
  return tokens.filter((_, at) => !dropped[at] && !nameBefore(at)).join(" ");
}
