import "server-only";
import { contentTerms, decodeSentenceTerms, encodeSentenceTerms, isStopword, weightedCoverage } from "../text/terms";
import { getThesaurus } from "../text/thesaurus";
import { getConfig } from "../server/config";
import { getEmbedder, getWordVectors, WordVectors } from "../embeddings";
import { CaravanError } from "../server/errors";
import { getStore } from "./library";
import { addPlaceAliases, exactOnlyTerms, placeAliases } from "./place-names";
import { countryNameFor } from "../text/places";
import { buildMetadataIndex, readQuestionMetadata, yearRangesSql, type AppliedMetadata, type MetadataIndex, type QuestionMetadata } from "./question-metadata";
import { chunkAndSentenceCoverage, stemVectors, type StemVectors } from "./soft-coverage";
import { sqlList, sqlString, type ChunkHit, type DocumentRow, type Store } from "./store";
import type { AnswerMode, Embedder, Passage, RetrievalFilters } from "../types";

export interface RetrieveOptions {
  query: string;
  /** How many passages to return; default 8. */
  k?: number;
  filters?: RetrievalFilters;
  /** At most this many passages from one document (compare mode uses it to cover more articles). */
  perDocumentQuota?: number;
  mode?: AnswerMode;
  /** Which retriever ranks: the fused hybrid (default), or one part alone (for evaluation). */
  strategy?: RetrievalStrategy;
}

export type RetrievalStrategy = "hybrid" | "vector" | "fulltext" | "rrf";

export interface RetrievalResult {
  passages: Passage[];
  /** How well the best passage matches the question, 0..1: the answer engines abstain below a threshold. */
  relevance: number;
  /**
   * The metadata the question named and retrieval applied: the years it filtered to and the
   * authors whose documents it ranked first ("Kennedy in 1962"). Absent when it named none.
   */
  applied?: AppliedMetadata;
}

export type { AppliedMetadata } from "./question-metadata";

export interface RetrieveDependencies {
  store?: Store;
  embedder?: Embedder;
  /** Word vectors for soft term coverage; default: the local embedder's, or loaded from the cache. */
  wordVectors?: WordVectors | null;
}

interface Candidate {
  hit: ChunkHit;
  textRank?: number;
  textScore: number;
  /** Rank in the nearest-vector list; undefined for a chunk only full-text search found. */
  vectorRank?: number;
  /** Cosine of the chunk's vector with the question's, whichever list found it (0 when unknown). */
  vectorScore: number;
  sentenceScore: number;
  score: number;
}

const candidatesPerList = 40;

/** LanceDB filters for the user's choice of documents, outlets and dates. */
export function filterSql(filters: RetrievalFilters | undefined): string | undefined {
  if (!filters) return undefined;
  const clauses: string[] = [];
  if (filters.documentIds?.length) clauses.push(`document_id IN ${sqlList(filters.documentIds)}`);
  if (filters.outlets?.length) clauses.push(`outlet IN ${sqlList(filters.outlets)}`);
  if (filters.from) clauses.push(`date != '' AND date >= ${sqlString(filters.from)}`);
  if (filters.to) clauses.push(`date != '' AND date <= ${sqlString(filters.to)}`);
  return clauses.length ? clauses.join(" AND ") : undefined;
}

/**
 * The full-text query: words only, so punctuation in a question never breaks the query parser,
 * and without the question's own scaffolding ("compare", "articles", "describe"), which would
 * otherwise reward passages for sharing the asker's phrasing rather than the topic.
 */
export function fullTextQuery(question: string): string {
  const all = (question.match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length > 1 || /\d/.test(word));
  const content = all.filter((word) => !isStopword(word.toLowerCase()));
  return (content.length > 0 ? content : all).join(" ");
}

/**
 * Names weigh double: in "China's role in Central Asia" the asker's topic is the proper nouns,
 * not "role", which a small corpus may make look rare. Capitalised words after the first,
 * acronyms and numbers count as names.
 */
export function questionTermBoosts(question: string): Map<string, number> {
  const boosts = new Map<string, number>();
  const tokens = question.match(/[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu) ?? [];
  tokens.forEach((token, position) => {
    const isName = (position > 0 && /^\p{Lu}/u.test(token)) || /^\p{Lu}{2,}$/u.test(token) || /\d/.test(token);
    for (const term of contentTerms(token)) boosts.set(term, Math.max(boosts.get(term) ?? 1, isName ? 2 : 1));
  });
  return boosts;
}

/**
 * The hybrid's full-text query: every content word may match, names count double by being
 * written twice. One MatchQuery, not a BooleanQuery of boosted per-word queries: the benchmark
 * measured the same top 40 for 99.8% of candidates, and LanceDB runs the BooleanQuery about 5x
 * slower at 1M chunks (72 ms vs 14 ms).
 */
function boostedFullTextQuery(question: string): string {
  const boosts = questionTermBoosts(question);
  const words = fullTextQuery(question).split(" ").filter(Boolean);
  // "scheduled to travel to Dushanbe" is answered by "his visit to Tajikistan": a capital or a
  // people's name brings its country's name along, or full-text search never sees that passage.
  const asked = new Set(words.flatMap((word) => contentTerms(word)));
  const countries = [...new Set(words.flatMap((word) => contentTerms(word).flatMap((term) => countryNameFor(term) ?? [])))].filter((name) => contentTerms(name).every((term) => !asked.has(term)));
  return [...words, ...countries]
    .flatMap((word) => (contentTerms(word).some((term) => (boosts.get(term) ?? 1) > 1) ? [word, word] : [word]))
    .join(" ");
}

const compatibility = new WeakMap<Store, Promise<void>>();

/** Vectors from another embedder are meaningless here: fail loudly instead of returning noise. */
async function assertCompatible(store: Store, embedder: Embedder): Promise<void> {
  let check = compatibility.get(store);
  if (!check) {
    check = (async () => {
      const meta = await store.readMeta();
      if (!meta) throw new CaravanError("index_missing");
      if (meta.embedderId !== embedder.id || meta.dimensions !== embedder.dimensions) {
        throw new CaravanError(
          "index_mismatch",
          `The index was built with embedder "${meta.embedderId}" (${meta.dimensions}-d) but "${embedder.id}" (${embedder.dimensions}-d) is configured: run \`npm run ingest\` again.`,
        );
      }
    })();
    check.catch(() => compatibility.delete(store));
    compatibility.set(store, check);
  }
  return check;
}

/**
 * The share of the question's content terms that a sentence contains, weighted so that rare
 * terms count for more. Weights come from the candidate pool itself: a term found in every
 * candidate tells nothing about which one answers.
 */
function termWeights(queryTerms: string[], candidateTerms: Set<string>[], boosts: Map<string, number>): Map<string, number> {
  const weights = new Map<string, number>();
  const total = candidateTerms.length;
  for (const term of new Set(queryTerms)) {
    const frequency = candidateTerms.filter((terms) => terms.has(term)).length;
    // BM25's idf: a term in nearly every candidate weighs almost nothing; one found nowhere still counts
    // in the denominator, so a question about something absent scores low everywhere.
    const idf = Math.max(0.05, Math.log((total - frequency + 0.5) / (frequency + 0.5) + 1));
    weights.set(term, idf * (boosts.get(term) ?? 1));
  }
  return weights;
}

/**
 * Content terms of each sentence of a chunk, and of the whole chunk: stored at ingest, or read
 * from the text. Another name of a country the question names counts as the question's word.
 */
function chunkTerms(hit: ChunkHit, aliases: ReadonlyMap<string, readonly string[]>): { sentences: Set<string>[]; all: Set<string> } {
  const sentences = decodeSentenceTerms(hit.terms || encodeSentenceTerms(hit.text)).map((terms) => addPlaceAliases(terms, aliases));
  const all = new Set<string>();
  for (const terms of sentences) for (const term of terms) all.add(term);
  return { sentences, all };
}

/** Cosine of two vectors (the stored ones are unit length; the norms guard against any that are not). */
function cosineOf(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index++) {
    dot += left[index] * right[index];
    leftNorm += left[index] * left[index];
    rightNorm += right[index] * right[index];
  }
  return leftNorm > 0 && rightNorm > 0 ? dot / Math.sqrt(leftNorm * rightNorm) : 0;
}

/** The chunk's best sentence against the question: precise answers live in one sentence, not spread over a chunk. */
function bestSentenceScore(sentences: Set<string>[], weights: Map<string, number>): number {
  let best = 0;
  for (const terms of sentences) best = Math.max(best, weightedCoverage(terms, weights));
  return best;
}

export async function retrieve(options: RetrieveOptions, dependencies: RetrieveDependencies = {}): Promise<RetrievalResult> {
  const store = dependencies.store ?? (await getStore());
  const embedder = dependencies.embedder ?? (await getEmbedder(getConfig()));
  await assertCompatible(store, embedder);
  const k = options.k ?? 8;
  const strategy = options.strategy ?? "hybrid";
  const metadata = questionMetadata(options.query, await store.documentRows(), options.filters);
  // The question without the author and year words retrieval applied: "Kennedy" and "1962" would
  // otherwise favour passages that mention them over Kennedy's 1962 address.
  const question = metadata.query;
  const where = joinSql(filterSql(options.filters), yearRangesSql(metadata.ranges));
  const text = fullTextQuery(question);
  const authorDocuments = new Set(metadata.authorDocumentIds);
  // When the filters leave only the named authors' documents, the one search already holds them.
  const boostAuthors = authorDocuments.size > 0 && authorDocuments.size < metadata.documentsInScope;

  const [queryVector] = await embedder.embed([question]);
  const { text: textHits, vector: vectorHits } = await store.search({
    text: strategy === "vector" || text === "" ? undefined : strategy === "hybrid" ? boostedFullTextQuery(question) : text,
    vector: strategy === "fulltext" ? undefined : queryVector,
    limit: candidatesPerList,
    where,
    // The named authors' nearest passages: the 40 nearest of every document may hold none of them.
    // Full-text search stays over every document, so a passage of another author that answers far
    // better still competes (see authorBoost). A second full-text search of the authors' documents
    // found the same first documents on the SOTU development questions and cost ~7 ms more.
    vectorWhere: boostAuthors ? joinSql(where, `document_id IN ${sqlList([...authorDocuments])}`) : undefined,
    // The hybrid compares every full-text hit with the question's vector, not only those that are
    // also among the nearest 40: see fuse.
    textVectors: strategy === "hybrid",
  });

  const candidates = new Map<string, Candidate>();
  const maxText = Math.max(1e-9, ...textHits.map((hit) => hit.rawScore));
  textHits.forEach((hit, rank) => {
    const vectorScore = hit.vector && hit.vector.length === queryVector.length ? cosineOf(hit.vector, queryVector) : 0;
    candidates.set(hit.id, { hit, textRank: rank, textScore: hit.rawScore / maxText, vectorScore, sentenceScore: 0, score: 0 });
  });
  vectorHits.forEach((hit, rank) => {
    const existing = candidates.get(hit.id);
    if (existing) {
      existing.vectorRank = rank;
      existing.vectorScore = hit.rawScore;
    } else {
      candidates.set(hit.id, { hit, vectorRank: rank, textScore: 0, vectorScore: hit.rawScore, sentenceScore: 0, score: 0 });
    }
  });

  const pool = [...candidates.values()];
  const queryTerms = contentTerms(question);
  const aliases = strategy === "hybrid" ? placeAliases(queryTerms) : new Map<string, string[]>();
  const poolTerms = pool.map((candidate) => chunkTerms(candidate.hit, aliases));
  const weights = termWeights(
    queryTerms,
    poolTerms.map((terms) => terms.all),
    questionTermBoosts(question),
  );
  const documentEvidence = evidenceByDocument(pool);
  for (const [index, candidate] of pool.entries()) {
    candidate.sentenceScore = bestSentenceScore(poolTerms[index].sentences, weights);
    candidate.score = fuse(candidate, {
      strategy,
      chunkCoverage: weightedCoverage(poolTerms[index].all, weights),
      documentEvidence: documentEvidence.get(candidate.hit.document_id) ?? 0,
    });
  }
  if (boostAuthors) boostDocuments(pool, authorDocuments);
  const terms = new Map(pool.map((candidate, index) => [candidate, poolTerms[index]]));
  pool.sort((a, b) => b.score - a.score);
  if (strategy === "hybrid") {
    const wordVectors = await wordVectorsFor(embedder, dependencies);
    if (wordVectors) rerankBySoftCoverage({ pool, terms, queryTerms, stems: stemVectors(wordVectors), depth: Math.max(softCoverageDepth, 2 * k) });
    interleaveDocuments(pool);
  }

  const chosen = diversify(pool, { k, perDocumentQuota: options.perDocumentQuota, mode: options.mode });
  const best = pool[0];
  // The vector term counts only a chunk among the nearest 40, as it did before every full-text hit
  // had its cosine: the answer engines' decline threshold was set on that scale.
  const listedVector = best?.vectorRank === undefined ? 0 : best.vectorScore;
  const relevance = best ? Math.min(1, 0.75 * best.sentenceScore + 0.25 * Math.max(0, listedVector)) : 0;
  return { passages: chosen.map(toPassage), relevance, ...(metadata.applied ? { applied: metadata.applied } : {}) };
}

function joinSql(...clauses: (string | undefined)[]): string | undefined {
  const present = clauses.filter((clause): clause is string => Boolean(clause));
  return present.length === 0 ? undefined : present.length === 1 ? present[0] : present.map((clause) => `(${clause})`).join(" AND ");
}

type DocumentRows = Map<string, Omit<DocumentRow, "text">>;

/** The authors and years of the documents, read once per document list (the store caches it per table version). */
const metadataIndexes = new WeakMap<DocumentRows, MetadataIndex>();

/** The question's author names and years, read against the documents the user's filters leave. */
export function questionMetadata(query: string, documents: DocumentRows, filters: RetrievalFilters | undefined): QuestionMetadata {
  let index = metadataIndexes.get(documents);
  if (!index) {
    index = buildMetadataIndex([...documents.values()].map((row) => ({ id: row.id, author: row.author ?? "", date: row.date ?? "" })));
    metadataIndexes.set(documents, index);
  }
  const outlets = filters?.outlets?.length ? new Set(filters.outlets) : undefined;
  const ids = filters?.documentIds?.length ? new Set(filters.documentIds) : undefined;
  const from = filters?.from;
  const to = filters?.to;
  const allowed =
    outlets || ids || from || to
      ? (document: { id: string; date: string }) =>
          (!ids || ids.has(document.id)) &&
          (!outlets || outlets.has(documents.get(document.id)?.outlet ?? "")) &&
          (!from || (document.date !== "" && document.date >= from)) &&
          (!to || (document.date !== "" && document.date <= to))
      : undefined;
  return readQuestionMetadata(query, index, allowed);
}

/**
 * How far the named authors' passages are lifted (before the soft-coverage re-rank), as a share of
 * the best fused score: enough that their best passage leads unless another document's passage
 * matches the question far better ("In which city was President McKinley shot by an anarchist?"
 * names McKinley, but his successor's address answers). On the SOTU development questions (73)
 * every share from 0.5 to 0.9 scored alike (hybrid doc@1 0.726, ans@3 0.699); at 0.45 and below
 * the answer of a question naming Jackson fell out of the top three, from 1.1 up the McKinley
 * question lost its document. 0.75 is the middle of that span.
 */
const authorBoost = 0.75;

function boostDocuments(pool: Candidate[], documentIds: ReadonlySet<string>): void {
  const top = Math.max(0, ...pool.map((candidate) => candidate.score));
  for (const candidate of pool) if (documentIds.has(candidate.hit.document_id)) candidate.score += authorBoost * top;
}

/**
 * Measured on the seed questions: averaged word vectors are a weak retriever alone, and a plain
 * rank fusion lets their noise outvote full-text search. So the vector score is a minor term,
 * and the deciding evidence is lexical at two grains: the chunk (BM25) and its best sentence.
 * For the hybrid, soft term coverage then re-ranks the top (rerankBySoftCoverage).
 *
 * Every candidate's vector score is its true cosine. It used to be 0 for a full-text hit outside
 * the nearest 40 by vector, which is most of them at SOTU size (cosines there are ~0.3-0.8): a
 * penalty of ~0.1 for not being in a list rather than for being far from the question. Reading
 * the hits' stored vectors (~0.4 ms) lifted doc@1 on the blind SOTU development questions from
 * 0.545 to 0.606 and ans@3 from 0.667 to 0.727 (on the old SOTU development set: the same doc@1,
 * one answer fewer in the top three).
 */
function fuse(candidate: Candidate, options: { strategy: RetrievalStrategy; chunkCoverage: number; documentEvidence: number }): number {
  switch (options.strategy) {
    case "fulltext":
      return candidate.textScore;
    case "vector":
      return candidate.vectorScore;
    case "rrf":
      return (candidate.textRank === undefined ? 0 : 1 / (60 + candidate.textRank)) + (candidate.vectorRank === undefined ? 0 : 1 / (60 + candidate.vectorRank));
    case "hybrid":
      return (
        0.35 * candidate.textScore +
        0.3 * candidate.sentenceScore +
        0.1 * options.chunkCoverage +
        0.1 * options.documentEvidence +
        0.15 * candidate.vectorScore
      );
  }
}

/**
 * The share of soft term coverage in the re-ranked score. Measured on 80 SOTU questions (k = 10)
 * from 0.3 to 0.7 when it was chunk coverage alone: doc@1 moved between 0.54 and 0.58 and ans@3
 * fell as the share grew. With half of it the best sentence's coverage (below), on the three
 * development sets (118 questions) 0.3 put the gold article first 4 times fewer than 0.4 and the
 * answer in the top three 3 times fewer; 0.5 put a wrong article first on a seed-qa question
 * (doc@1 0.92, under CI's 0.96). At 0.4 one seed-qa compare question's answer passage comes
 * fourth instead of third (ans@3 0.96 there, full-text's figure; it was 1.00).
 */
const softCoverageShare = 0.4;

/** The best sentence's part of the soft coverage (the chunk's is the rest). 0.3 to 0.7 scored alike on the development sets. */
const sentenceCoverageShare = 0.5;

/**
 * How many of the fused candidates soft coverage re-ranks (at least 2k). With the sentence
 * term, 30 found the gold speech in the top five and ten once more each on the SOTU development
 * questions than 20 did, and 40 or all ~80 no more than 30.
 */
const softCoverageDepth = 30;

/**
 * Re-ranks the best `depth` candidates of the lexical fusion by soft term coverage, which finds
 * paraphrases the lexical evidence misses; the rest keep their order below. The coverage is the
 * chunk's and its best sentence's, equally: a chunk whose one sentence says what the question
 * asks (in its own words or near-synonyms) is the likely answer, and chunk coverage alone
 * rewards the question's words scattered over a long passage. The best-sentence term (with the
 * share at 0.4) lifted the blind SOTU development questions' doc@1 from 0.606 to 0.636 and ans@3
 * from 0.727 to 0.758, the old SOTU ones' (sotu-qa) from 0.525 / 0.500 to 0.550 / 0.550, and the
 * blind seed ones' ans@3 from 0.844 to 0.889.
 */
function rerankBySoftCoverage(options: {
  pool: Candidate[];
  terms: Map<Candidate, { all: Set<string>; sentences: Set<string>[] }>;
  queryTerms: string[];
  stems: StemVectors;
  depth: number;
}): void {
  const { pool, terms } = options;
  const top = pool.slice(0, options.depth);
  const coverage = chunkAndSentenceCoverage({
    queryTerms: options.queryTerms,
    chunks: top.map((candidate) => terms.get(candidate)!),
    stems: options.stems,
    exactOnly: exactOnlyTerms(options.queryTerms),
  });
  top.forEach((candidate, index) => {
    const soft = (1 - sentenceCoverageShare) * coverage.chunk[index] + sentenceCoverageShare * coverage.sentence[index];
    candidate.score = (1 - softCoverageShare) * candidate.score + softCoverageShare * soft;
  });
  for (const candidate of pool.slice(options.depth)) candidate.score *= 1 - softCoverageShare;
  pool.sort((a, b) => b.score - a.score);
}

/**
 * Each further passage of a document weighs 0.9 times the one before it in the order, so that
 * a close second document's best passage comes before the first document's third or fourth.
 * Document evidence lifts every passage of the best-matching article together, and the hybrid
 * put 6.7 documents in its ten passages where full-text search put 7.8; with this, the gold
 * speech was among the ten passages' documents once more on the old SOTU development questions
 * and the answer in the top three twice more on the blind seed ones. An article's own passages
 * keep their order.
 */
const furtherPassageWeight = 0.9;

function interleaveDocuments(pool: Candidate[]): void {
  const order = interleaveByDocument(
    pool,
    (candidate) => candidate.hit.document_id,
    (candidate) => candidate.score,
  );
  pool.splice(0, pool.length, ...order);
}

/**
 * Items in descending order of score x 0.9^(items of the same document before it); exported for
 * tests. Within one document the order stays the score order.
 */
export function interleaveByDocument<T>(items: readonly T[], documentOf: (item: T) => string, scoreOf: (item: T) => number): T[] {
  const sorted = [...items].sort((a, b) => scoreOf(b) - scoreOf(a));
  const seen = new Map<string, number>();
  const weighted = new Map<T, number>();
  for (const item of sorted) {
    const earlier = seen.get(documentOf(item)) ?? 0;
    seen.set(documentOf(item), earlier + 1);
    weighted.set(item, Math.max(0, scoreOf(item)) * furtherPassageWeight ** earlier);
  }
  return sorted.sort((a, b) => weighted.get(b)! - weighted.get(a)!);
}

let missingWordVectors: string | undefined;

/**
 * The local embedder's word vectors, or the cached ones when another embedder is configured.
 * Without them (the cache unbuildable) retrieval goes on with the lexical half alone, and says
 * so once, rather than fail every question.
 */
/** The stem vectors soft matching uses, for the answer engines' sentence scoring; undefined without word vectors. */
export async function stemVectorsFor(embedder: Embedder): Promise<StemVectors | undefined> {
  const [vectors, thesaurus] = await Promise.all([wordVectorsFor(embedder, {}), getThesaurus({ cacheDir: getConfig().cacheDir })]);
  return vectors ? stemVectors(vectors, thesaurus) : undefined;
}

async function wordVectorsFor(embedder: Embedder, dependencies: RetrieveDependencies): Promise<WordVectors | null> {
  if (dependencies.wordVectors !== undefined) return dependencies.wordVectors;
  const own = (embedder as { vectors?: unknown }).vectors;
  if (own instanceof WordVectors) return own;
  try {
    return await getWordVectors(getConfig());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (missingWordVectors !== message) process.stderr.write(`Caravan: soft term matching is off: ${message}\n`);
    missingWordVectors = message;
    return null;
  }
}

/**
 * How much of the full-text evidence a whole document holds (0..1): an article that matches the
 * question in many passages is more likely "the article about" it than one lucky passage elsewhere.
 */
function evidenceByDocument(pool: Candidate[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const candidate of pool) sums.set(candidate.hit.document_id, (sums.get(candidate.hit.document_id) ?? 0) + candidate.textScore);
  const best = Math.max(1e-9, ...sums.values());
  return new Map([...sums].map(([id, sum]) => [id, sum / best]));
}

/**
 * Picks k passages so that one article cannot take every slot while others are relevant too:
 * each document gets a quota; past it, its passages wait until the others run out. Compare
 * mode goes further and takes the documents' best passages round-robin.
 */
function diversify(pool: Candidate[], options: { k: number; perDocumentQuota?: number; mode?: AnswerMode }): Candidate[] {
  const top = pool[0]?.score ?? 0;
  // A document whose best passage is far below the best overall is not "relevant too".
  const relevant = pool.filter((candidate) => candidate.score >= top * 0.35);
  const quota = options.perDocumentQuota ?? (options.mode === "compare" ? 2 : Math.max(2, Math.ceil(options.k / 2)));
  const chosen: Candidate[] = [];
  const deferred: Candidate[] = [];
  const perDocument = new Map<string, number>();

  const ordered = options.mode === "compare" ? roundRobin(relevant) : relevant;
  for (const candidate of ordered) {
    if (chosen.length >= options.k) break;
    const count = perDocument.get(candidate.hit.document_id) ?? 0;
    if (count >= quota) {
      deferred.push(candidate);
      continue;
    }
    perDocument.set(candidate.hit.document_id, count + 1);
    chosen.push(candidate);
  }
  // Only one relevant article (or few): let it fill the remaining slots rather than return less.
  for (const candidate of deferred) {
    if (chosen.length >= options.k) break;
    if (options.perDocumentQuota === undefined) chosen.push(candidate);
  }
  return chosen;
}

function roundRobin(pool: Candidate[]): Candidate[] {
  const byDocument = new Map<string, Candidate[]>();
  for (const candidate of pool) {
    const list = byDocument.get(candidate.hit.document_id) ?? [];
    list.push(candidate);
    byDocument.set(candidate.hit.document_id, list);
  }
  const queues = [...byDocument.values()];
  const ordered: Candidate[] = [];
  for (let round = 0; ordered.length < pool.length; round += 1) {
    for (const queue of queues) if (queue[round]) ordered.push(queue[round]);
  }
  return ordered;
}

function toPassage(candidate: Candidate): Passage {
  return passageFromHit(candidate.hit, candidate.score);
}

/** A stored chunk as a citable passage. */
export function passageFromHit(hit: ChunkHit, score: number): Passage {
  return {
    chunkId: hit.id,
    documentId: hit.document_id,
    source: hit.source,
    title: hit.title,
    date: hit.date,
    outlet: hit.outlet,
    ordinal: hit.ordinal,
    text: hit.text,
    start: hit.start,
    end: hit.end,
    ...(hit.pages ? { pages: hit.pages } : {}),
    score,
  };
}
