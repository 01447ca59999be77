import "server-only";
import { stem } from "../text/terms";
import type { Thesaurus } from "../text/thesaurus";
import { DotKernel } from "./dot-kernel";
import { NEIGHBOUR_SEARCH_WORDS, normalise, type WordVectors } from "../embeddings";

// Soft term coverage: how much of a question a chunk covers when a question word also counts
// as covered by a near-synonym ("rockets" by "missiles", "slaveholding" by "slaveholders"),
// judged by the local word vectors. An averaged chunk vector blurs ~180 words into one
// direction; aligning word by word keeps each question word's own evidence (the idea behind
// MaxSim and word mover's scoring, here with static vectors). It reads the stems stored with
// each candidate chunk, so no text is tokenized at query time.

/**
 * Below this cosine two words are not taken as saying the same thing. On the SOTU development
 * questions 0.5 and 0.7 scored within a question or two of 0.6.
 */
export const SOFT_MATCH_THRESHOLD = 0.6;

/** SIF's smoothing constant: weight a / (a + p(w)) makes "said" count little and "emancipation" much. */
const SMOOTHING = 1e-3;

/** A vector and a weight for each stem of the vocabulary's words. */
export class StemVectors {
  readonly dimensions: number;
  private readonly rows = new Map<string, number>();
  private readonly slots = new Map<string, number>();
  private readonly common: Float64Array;
  private readonly kernel: DotKernel;
  /** WordNet's synonyms, for the pairs the vectors keep apart ("wages" and "pay"); absent when WordNet is. */
  thesaurus?: Thesaurus;

  /**
   * Stems of the most frequent words only: rarer ones are mostly names and fragments that make
   * poor synonyms (they still match exactly). Each stem takes the vector of its most frequent
   * word. ~100 ms, once per process.
   */
  constructor(private readonly vectors: WordVectors) {
    this.dimensions = vectors.dimensions;
    this.kernel = new DotKernel(vectors.dimensions);
    const limit = Math.min(vectors.size, NEIGHBOUR_SEARCH_WORDS);
    const { vectors: levels, scales, inverseNorms } = vectors.table;
    // The direction every word leans towards in running text (SIF's common component). Raw
    // vectors put "considered" at cosine 0.78 from "be" and "not": with it removed, a match
    // above the threshold says two words mean alike, not that both are words.
    const common = new Float64Array(this.dimensions);
    for (let row = 0; row < limit; row++) {
      const factor = vectors.frequency(row) * scales[row] * inverseNorms[row];
      const offset = row * this.dimensions;
      for (let d = 0; d < this.dimensions; d++) common[d] += factor * levels[offset + d];
      const word = vectors.word(row);
      if (!/^[a-z][a-z0-9]*$/.test(word)) continue;
      const key = stem(word);
      if (!this.rows.has(key)) this.rows.set(key, row);
    }
    this.common = normalise(common);
  }

  /** SIF weight of a stem by its most frequent word; an unknown (rare) stem weighs 1. */
  weight(term: string): number {
    const row = this.rows.get(term);
    return row === undefined ? 1 : SMOOTHING / (SMOOTHING + this.vectors.frequency(row));
  }

  /**
   * How common the stem is: the frequency rank of its most frequent word (0 = "the"); undefined
   * for a stem outside the most frequent words (a name, mostly).
   */
  rank(term: string): number | undefined {
    return this.rows.get(term);
  }

  /** The stem's unit vector with the common direction removed; undefined when unknown. */
  unit(term: string): Float64Array | undefined {
    const row = this.rows.get(term);
    if (row === undefined) return undefined;
    const { vectors: levels, scales } = this.vectors.table;
    const unit = new Float64Array(this.dimensions);
    for (let d = 0; d < this.dimensions; d++) unit[d] = levels[row * this.dimensions + d] * scales[row];
    let projection = 0;
    for (let d = 0; d < this.dimensions; d++) projection += unit[d] * this.common[d];
    for (let d = 0; d < this.dimensions; d++) unit[d] -= projection * this.common[d];
    return normalise(unit);
  }

  /**
   * The stem's slot in the kernel's memory, where its vector is kept once seen; -1 for a stem
   * with no vector (it can still match exactly).
   */
  slot(term: string): number {
    let slot = this.slots.get(term);
    if (slot === undefined) {
      const unit = this.unit(term);
      slot = unit ? this.kernel.add(unit) : -1;
      this.slots.set(term, slot);
    }
    return slot;
  }

  /** Number of slots handed out so far (slot numbers are below it). */
  get slotCount(): number {
    return this.kernel.size;
  }

  /** Cosines of the vectors in `slots` with each query vector: out[i * queries.length + j]. */
  products(slots: ArrayLike<number>, queries: readonly Float64Array[]): Float32Array {
    return this.kernel.products(slots, queries);
  }
}

const tables = new WeakMap<WordVectors, StemVectors>();

/** The stem vectors of a word-vector table, built once per process; `thesaurus` joins them when given. */
export function stemVectors(vectors: WordVectors, thesaurus?: Thesaurus): StemVectors {
  let table = tables.get(vectors);
  if (!table) {
    table = new StemVectors(vectors);
    tables.set(vectors, table);
  }
  if (thesaurus) table.thesaurus = thesaurus;
  return table;
}

/**
 * For each candidate (its set of stems), the SIF-weighted share of the question's stems it
 * covers, 0..1: an exact stem counts 1, a near-synonym its cosine when that reaches the
 * threshold, anything else 0. Question stems in `exactOnly` (numbers, places: "1937" is not
 * "1938", nor "Tajikistan" "Pakistan") count only where they occur themselves.
 */
export function softCoverage(options: {
  queryTerms: readonly string[];
  candidates: readonly Set<string>[];
  stems: StemVectors;
  threshold?: number;
  exactOnly?: ReadonlySet<string>;
}): number[] {
  const { candidates, stems } = options;
  const threshold = options.threshold ?? SOFT_MATCH_THRESHOLD;
  const queryTerms = [...new Set(options.queryTerms)];
  const width = queryTerms.length;
  if (width === 0) return candidates.map(() => 0);
  const weights = queryTerms.map((term) => stems.weight(term));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  // -1: matched by itself only (no vector, or exact-only).
  const querySlots = queryTerms.map((term) => (options.exactOnly?.has(term) ? -1 : stems.slot(term)));
  const queryIndex = new Map(queryTerms.map((term, index) => [term, index]));

  // The candidates share most of their stems (~700 distinct over 20 chunks): each distinct
  // stem gets a position in `pool` and is compared with the question once. A stem seen for the
  // first time gets a new slot during the pass: at most one per term.
  const termCount = candidates.reduce((sum, terms) => sum + terms.size, 0);
  const positionOfSlot = new Int32Array(stems.slotCount + termCount).fill(-1);
  const pool: number[] = [];
  const unknownMatches: number[][] = [];
  const positions = candidates.map((terms, candidate) => {
    const found: number[] = [];
    for (const term of terms) {
      // A question stem matched by itself only (a rare word or name without a vector, or an
      // exact-only one) is covered here or not at all.
      const exact = queryIndex.get(term);
      if (exact !== undefined && querySlots[exact] < 0) (unknownMatches[candidate] ??= []).push(exact);
      const slot = stems.slot(term);
      if (slot < 0) continue;
      if (positionOfSlot[slot] < 0) {
        positionOfSlot[slot] = pool.length;
        pool.push(slot);
      }
      found.push(positionOfSlot[slot]);
    }
    return found;
  });

  const knownQueries = querySlots.flatMap((slot, index) => (slot >= 0 ? [index] : []));
  const similarity = stems.products(
    pool,
    knownQueries.map((index) => stems.unit(queryTerms[index])!),
  );
  // Per distinct stem, the question stems it stands for (and how well); most stand for none.
  const matches: (Float32Array | undefined)[] = pool.map((slot, position) => {
    let match: Float32Array | undefined;
    knownQueries.forEach((query, column) => {
      const value = slot === querySlots[query] ? 1 : similarity[position * knownQueries.length + column];
      if (value < threshold) return;
      match ??= new Float32Array(width);
      match[query] = value;
    });
    return match;
  });

  return positions.map((found, candidate) => {
    const best = new Float64Array(width);
    for (const query of unknownMatches[candidate] ?? []) best[query] = 1;
    for (const position of found) {
      const match = matches[position];
      if (!match) continue;
      for (let query = 0; query < width; query++) if (match[query] > best[query]) best[query] = match[query];
    }
    let covered = 0;
    for (let query = 0; query < width; query++) covered += weights[query] * best[query];
    return covered / total;
  });
}

/**
 * Soft coverage of each chunk as a whole and of its best sentence, in one pass over the
 * candidates' stems (the sentences hold no stem the chunks lack, so the word comparisons are
 * the same). A chunk that says the question's thing in one sentence is likelier to answer it
 * than one whose matching words are spread over unrelated sentences.
 */
export function chunkAndSentenceCoverage(options: {
  queryTerms: readonly string[];
  chunks: readonly { all: Set<string>; sentences: readonly Set<string>[] }[];
  stems: StemVectors;
  exactOnly?: ReadonlySet<string>;
}): { chunk: number[]; sentence: number[] } {
  const { chunks } = options;
  const sets: Set<string>[] = chunks.map((chunk) => chunk.all);
  const owners: number[] = [];
  chunks.forEach((chunk, index) => {
    for (const sentence of chunk.sentences) {
      sets.push(sentence);
      owners.push(index);
    }
  });
  const coverage = softCoverage({ queryTerms: options.queryTerms, candidates: sets, stems: options.stems, exactOnly: options.exactOnly });
  const sentence = chunks.map(() => 0);
  owners.forEach((owner, index) => {
    sentence[owner] = Math.max(sentence[owner], coverage[chunks.length + index]);
  });
  return { chunk: coverage.slice(0, chunks.length), sentence };
}
