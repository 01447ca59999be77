import "server-only";
import { contentTerms, decodeSentenceTerms, encodeSentenceTerms, isStopword, weightedCoverage } from "../text/terms";
import { getConfig } from "../server/config";
import { getEmbedder, getWordVectors, WordVectors } from "../embeddings";
import { CaravanError } from "../server/errors";
import { getStore } from "./library";
import { softCoverage, stemVectors, type StemVectors } from "./soft-coverage";
import { sqlList, sqlString, type ChunkHit, type Store } from "./store";
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
}

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
  vectorRank?: number;
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
  return fullTextQuery(question)
    .split(" ")
    .filter(Boolean)
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

/** Content terms of each sentence of a chunk, and of the whole chunk: stored at ingest, or read from the text. */
function chunkTerms(hit: ChunkHit): { sentences: Set<string>[]; all: Set<string> } {
  const sentences = decodeSentenceTerms(hit.terms || encodeSentenceTerms(hit.text));
  const all = new Set<string>();
  for (const terms of sentences) for (const term of terms) all.add(term);
  return { sentences, all };
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
  const where = filterSql(options.filters);
  const text = fullTextQuery(options.query);

  const [queryVector] = await embedder.embed([options.query]);
  const { text: textHits, vector: vectorHits } = await store.search({
    text: strategy === "vector" || text === "" ? undefined : strategy === "hybrid" ? boostedFullTextQuery(options.query) : text,
    vector: strategy === "fulltext" ? undefined : queryVector,
    limit: candidatesPerList,
    where,
  });

  const candidates = new Map<string, Candidate>();
  const maxText = Math.max(1e-9, ...textHits.map((hit) => hit.rawScore));
  textHits.forEach((hit, rank) => {
    candidates.set(hit.id, { hit, textRank: rank, textScore: hit.rawScore / maxText, vectorScore: 0, sentenceScore: 0, score: 0 });
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
  const queryTerms = contentTerms(options.query);
  const poolTerms = pool.map((candidate) => chunkTerms(candidate.hit));
  const weights = termWeights(
    queryTerms,
    poolTerms.map((terms) => terms.all),
    questionTermBoosts(options.query),
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
  const terms = new Map(pool.map((candidate, index) => [candidate, poolTerms[index].all]));
  pool.sort((a, b) => b.score - a.score);
  if (strategy === "hybrid") {
    const wordVectors = await wordVectorsFor(embedder, dependencies);
    if (wordVectors) rerankBySoftCoverage({ pool, terms, queryTerms, stems: stemVectors(wordVectors), depth: Math.max(20, 2 * k) });
  }

  const chosen = diversify(pool, { k, perDocumentQuota: options.perDocumentQuota, mode: options.mode });
  const best = pool[0];
  const relevance = best ? Math.min(1, 0.75 * best.sentenceScore + 0.25 * Math.max(0, best.vectorScore)) : 0;
  return { passages: chosen.map(toPassage), relevance };
}

/**
 * Measured on the seed questions: averaged word vectors are a weak retriever alone, and a plain
 * rank fusion lets their noise outvote full-text search. So the vector score is a minor term,
 * and the deciding evidence is lexical at two grains: the chunk (BM25) and its best sentence.
 * For the hybrid, soft term coverage then re-ranks the top (rerankBySoftCoverage).
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
 * from 0.3 to 0.7: hybrid stays best of the three retrievers at every metric throughout, doc@1
 * moves between 0.54 and 0.58, ans@3 falls from 0.58 to 0.50 as the share grows, and the seed
 * questions keep ans@3 at 1.00 only at 0.3 (from 0.4 a compare question's answer passage drops
 * to fourth). The answer engines read passages, so ans@3 decides.
 */
const softCoverageShare = 0.3;

/**
 * Re-ranks the best `depth` candidates of the lexical fusion by soft term coverage, which finds
 * paraphrases the lexical evidence misses; the rest keep their order below. Re-ranking the top
 * 20 scored the same as re-ranking all ~80 candidates, for a quarter of the word comparisons.
 */
function rerankBySoftCoverage(options: { pool: Candidate[]; terms: Map<Candidate, Set<string>>; queryTerms: string[]; stems: StemVectors; depth: number }): void {
  const { pool, terms } = options;
  const top = pool.slice(0, options.depth);
  const coverage = softCoverage({ queryTerms: options.queryTerms, candidates: top.map((candidate) => terms.get(candidate)!), stems: options.stems });
  pool.forEach((candidate, index) => {
    candidate.score = (1 - softCoverageShare) * candidate.score + softCoverageShare * (coverage[index] ?? 0);
  });
  pool.sort((a, b) => b.score - a.score);
}

let missingWordVectors: string | undefined;

/**
 * The local embedder's word vectors, or the cached ones when another embedder is configured.
 * Without them (the cache unbuildable) retrieval goes on with the lexical half alone, and says
 * so once, rather than fail every question.
 */
/** The stem vectors soft matching uses, for the answer engines' sentence scoring; undefined without word vectors. */
export async function stemVectorsFor(embedder: Embedder): Promise<StemVectors | undefined> {
  const vectors = await wordVectorsFor(embedder, {});
  return vectors ? stemVectors(vectors) : undefined;
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
    score,
  };
}
