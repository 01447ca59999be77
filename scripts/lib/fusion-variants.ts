// A parameterised copy of lib/retrieve.ts's hybrid fusion, for measuring proposed changes
// (`npm run eval -- --fusion-variants`) without touching the shipped retriever. The "current"
// variant must reproduce `retrieve({ strategy: "hybrid" })` exactly; eval prints both so a drift
// between this copy and the original shows at once.
import { BooleanQuery, MatchQuery, Occur, type FullTextQuery } from "@lancedb/lancedb";
import { contentTerms, weightedCoverage as coverage } from "../../lib/answer/terms";
import { splitSentences } from "../../lib/nlp";
import { fullTextQuery, questionTermBoosts } from "../../lib/retrieve";
import type { WordVectors } from "../../lib/embeddings/word-vectors";
import type { ChunkHit, Store } from "../../lib/store";
import type { Embedder } from "../../lib/types";

export interface FusionVariant {
  name: string;
  /** Candidates taken from each list (full-text and vector) before fusion. */
  candidates: number;
  weights: { text: number; sentence: number; chunk: number; document: number; vector: number };
  /** Passages scoring below this share of the best are dropped before diversification. */
  relevantCut: number;
  /** Passages per document before others get a turn; undefined = max(2, ceil(k / 2)) as shipped. */
  quota?: (k: number) => number;
  /** Document evidence from the sum of full-text scores (shipped) or from the best passage's fused score. */
  documentEvidence: "text-sum" | "none" | "best-passage-only";
  /**
   * How candidates are cut into sentences for the best-sentence score: the punctuation regex that
   * ships (since commit 312b976, after this benchmark measured wink-nlp at ~40-60 ms per query),
   * or wink-nlp as before, for comparison.
   */
  sentences?: "regex" | "wink";
  /**
   * The full-text query: one MatchQuery per word in a BooleanQuery (shipped; names boosted x2), or
   * one MatchQuery of all words with the names written twice (the proposed fix: LanceDB runs a
   * BooleanQuery several times slower at 1M rows, and repeating a name ranks like boosting it).
   */
  textQuery?: "boolean-per-word" | "single-match";
  /** Adds each content word's nearest words (by word vector) to the full-text query at a lower boost. */
  expansion?: { perWord: number; boost: number; minSimilarity: number };
}

export const currentVariant: FusionVariant = {
  name: "current",
  candidates: 40,
  weights: { text: 0.35, sentence: 0.3, chunk: 0.1, document: 0.1, vector: 0.15 },
  relevantCut: 0.35,
  documentEvidence: "text-sum",
};

/** The variants eval measures: one knob at a time against the shipped fusion, then the combination. */
export const fusionVariants: FusionVariant[] = [
  currentVariant,
  { ...currentVariant, name: "no relevance cut", relevantCut: 0 },
  { ...currentVariant, name: "quota 2", quota: () => 2 },
  { ...currentVariant, name: "100 candidates", candidates: 100 },
  { ...currentVariant, name: "no doc evidence", documentEvidence: "none", weights: { ...currentVariant.weights, document: 0, text: 0.45 } },
  { ...currentVariant, name: "vector 0.25", weights: { text: 0.3, sentence: 0.25, chunk: 0.1, document: 0.1, vector: 0.25 } },
  { ...currentVariant, name: "cut 0 + quota 2", relevantCut: 0, quota: () => 2 },
  { ...currentVariant, name: "cut 0 + quota 2 + 100 cand.", relevantCut: 0, quota: () => 2, candidates: 100 },
  { ...currentVariant, name: "wink sentences (before 312b976)", sentences: "wink" },
  { ...currentVariant, name: "single MatchQuery (speed fix)", textQuery: "single-match" },
  { ...currentVariant, name: "doc evidence on best passage", documentEvidence: "best-passage-only" },
  { ...currentVariant, name: "doc ev. best passage + quota 2", documentEvidence: "best-passage-only", quota: () => 2 },
  { ...currentVariant, name: "expand 3 words @0.3", expansion: { perWord: 3, boost: 0.3, minSimilarity: 0.5 } },
  { ...currentVariant, name: "expand 5 words @0.5", expansion: { perWord: 5, boost: 0.5, minSimilarity: 0.5 } },
];

interface Candidate {
  hit: ChunkHit;
  textScore: number;
  vectorScore: number;
  score: number;
}

function boostedQuery(question: string, expansion?: { words: string[]; boost: number }): FullTextQuery | string {
  const words = fullTextQuery(question).split(" ").filter(Boolean);
  if (words.length === 0) return "";
  const boosts = questionTermBoosts(question);
  const clauses: [Occur, FullTextQuery][] = words.map((word) => {
    const boost = Math.max(1, ...contentTerms(word).map((term) => boosts.get(term) ?? 1));
    return [Occur.Should, new MatchQuery(word, "search_text", { boost })];
  });
  for (const word of expansion?.words ?? []) clauses.push([Occur.Should, new MatchQuery(word, "search_text", { boost: expansion?.boost ?? 1 })]);
  return new BooleanQuery(clauses);
}

/** All content words in one MatchQuery, names (see questionTermBoosts) written twice. */
export function singleMatchQuery(question: string): FullTextQuery | string {
  const words = fullTextQuery(question).split(" ").filter(Boolean);
  if (words.length === 0) return "";
  const boosts = questionTermBoosts(question);
  const names = words.filter((word) => contentTerms(word).some((term) => (boosts.get(term) ?? 1) > 1));
  return new MatchQuery([...words, ...names].join(" "), "search_text");
}

/** Nearest vocabulary words of the question's content words (names excluded: their neighbours are other names). */
function expansionWords(question: string, vectors: WordVectors, options: { perWord: number; minSimilarity: number }): string[] {
  const original = new Set(fullTextQuery(question).toLowerCase().split(" "));
  const found = new Set<string>();
  for (const word of original) {
    if (!word || /\d/.test(word)) continue;
    for (const near of vectors.nearestWords(word, options.perWord)) {
      if (near.similarity >= options.minSimilarity && !original.has(near.word) && /^\p{L}+$/u.test(near.word)) found.add(near.word);
    }
  }
  return [...found];
}

/** Sentence-sized pieces for scoring, as lib/retrieve.ts's scoringSentences cuts them. */
export function regexSentences(text: string): string[] {
  return text.split(/(?<=[.!?]["')\]]?)\s+(?=["'(\[]?[\p{Lu}\d])|\n{2,}/u);
}

/** Ranked passages (source and text) for one question under one variant. */
export async function retrieveWithVariant(options: {
  query: string;
  k: number;
  variant: FusionVariant;
  store: Store;
  embedder: Embedder;
  vectors?: WordVectors;
  /** Filled with milliseconds per phase (embed, text search, vector search, scoring, diversify): where the time goes. */
  timings?: Record<string, number>;
}): Promise<{ source: string; text: string; documentId: string }[]> {
  const { query, variant, store } = options;
  const timings = options.timings ?? {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = (timings[phase] ?? 0) + (now - mark);
    mark = now;
  };
  const [vector] = await options.embedder.embed([query]);
  lap("embed");
  const text = fullTextQuery(query);
  const timed = async <T>(phase: string, work: Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work;
    timings[phase] = (timings[phase] ?? 0) + (performance.now() - started);
    return result;
  };
  // Both searches run at once, as in retrieve(); each is timed on its own, the pair by "searches".
  const [textHits, vectorHits] = await Promise.all([
    text === ""
      ? Promise.resolve([])
      : timed("text search", store.textSearch({
          query:
            variant.textQuery === "single-match"
              ? singleMatchQuery(query)
              : boostedQuery(
                  query,
                  variant.expansion && options.vectors ? { words: expansionWords(query, options.vectors, variant.expansion), boost: variant.expansion.boost } : undefined,
                ),
          limit: variant.candidates,
        })),
    timed("vector search", store.vectorSearch({ vector, limit: variant.candidates })),
  ]);
  lap("searches");
  const candidates = new Map<string, Candidate>();
  const maxText = Math.max(1e-9, ...textHits.map((hit) => hit.rawScore));
  for (const hit of textHits) candidates.set(hit.id, { hit, textScore: hit.rawScore / maxText, vectorScore: 0, score: 0 });
  for (const hit of vectorHits) {
    const existing = candidates.get(hit.id);
    if (existing) existing.vectorScore = hit.rawScore;
    else candidates.set(hit.id, { hit, textScore: 0, vectorScore: hit.rawScore, score: 0 });
  }
  const pool = [...candidates.values()];
  // As shipped: each candidate's sentences' terms, and the chunk's terms as their union.
  const poolSentences = pool.map((candidate) =>
    (variant.sentences === "wink" ? splitSentences(candidate.hit.text).map((span) => span.text) : regexSentences(candidate.hit.text)).map((piece) => new Set(contentTerms(piece))),
  );
  const poolTerms = poolSentences.map((sentences) => {
    const all = new Set<string>();
    for (const terms of sentences) for (const term of terms) all.add(term);
    return all;
  });
  const boosts = questionTermBoosts(query);
  const weights = new Map<string, number>();
  for (const term of new Set(contentTerms(query))) {
    const frequency = poolTerms.filter((terms) => terms.has(term)).length;
    const idf = Math.max(0.05, Math.log((pool.length - frequency + 0.5) / (frequency + 0.5) + 1));
    weights.set(term, idf * (boosts.get(term) ?? 1));
  }
  const sums = new Map<string, number>();
  for (const candidate of pool) sums.set(candidate.hit.document_id, (sums.get(candidate.hit.document_id) ?? 0) + candidate.textScore);
  const bestSum = Math.max(1e-9, ...sums.values());
  const w = variant.weights;
  pool.forEach((candidate, index) => {
    let sentence = 0;
    for (const terms of poolSentences[index]) sentence = Math.max(sentence, coverage(terms, weights));
    const documentEvidence = variant.documentEvidence === "text-sum" ? (sums.get(candidate.hit.document_id) ?? 0) / bestSum : 0;
    candidate.score =
      w.text * candidate.textScore + w.sentence * sentence + w.chunk * coverage(poolTerms[index], weights) + w.document * documentEvidence + w.vector * candidate.vectorScore;
  });
  if (variant.documentEvidence === "best-passage-only") {
    // The document's evidence lifts its best passage only, so a strong article ranks first without
    // carrying its weaker passages past other articles' best ones.
    const best = new Map<string, Candidate>();
    for (const candidate of pool) {
      const current = best.get(candidate.hit.document_id);
      if (!current || candidate.score > current.score) best.set(candidate.hit.document_id, candidate);
    }
    for (const [documentId, candidate] of best) candidate.score += w.document * ((sums.get(documentId) ?? 0) / bestSum);
  }
  pool.sort((a, b) => b.score - a.score);
  lap("scoring");

  const top = pool[0]?.score ?? 0;
  const relevant = pool.filter((candidate) => candidate.score >= top * variant.relevantCut);
  const quota = variant.quota ? variant.quota(options.k) : Math.max(2, Math.ceil(options.k / 2));
  const chosen: Candidate[] = [];
  const deferred: Candidate[] = [];
  const perDocument = new Map<string, number>();
  for (const candidate of relevant) {
    if (chosen.length >= options.k) break;
    const count = perDocument.get(candidate.hit.document_id) ?? 0;
    if (count >= quota) {
      deferred.push(candidate);
      continue;
    }
    perDocument.set(candidate.hit.document_id, count + 1);
    chosen.push(candidate);
  }
  for (const candidate of deferred) {
    if (chosen.length >= options.k) break;
    chosen.push(candidate);
  }
  lap("diversify");
  return chosen.map((candidate) => ({ source: candidate.hit.source, text: candidate.hit.text, documentId: candidate.hit.document_id }));
}
