import "server-only";
import type { Embedder } from "@/lib/types";
import { tokenizeForEmbedding } from "../text/tokenize";
import { loadWordVectors, type WordVectors } from "./word-vectors";

// Sentence vectors by smooth inverse frequency (Arora, Liang & Ma 2017, "A simple but
// tough-to-beat baseline for sentence embeddings"): a weighted mean of word vectors with
// weight a / (a + p(w)), so "the" counts ~4% as much as a content word, then unit length.
//
// Differences from the paper, on purpose:
// - p(w) comes from the word's frequency rank (Zipf), since the package has no counts.
// - The paper then subtracts each vector's projection on the first principal component
//   of the *embedded corpus*. That would make every vector depend on which articles are
//   indexed (each ingest would have to re-embed everything). We subtract instead the
//   direction every SIF sum leans towards in general text, the frequency-weighted mean of
//   the vocabulary, which needs no corpus. On 18 hand-made (sentence, paraphrase,
//   distractor) triplets it doubles the mean cosine margin (0.20 -> 0.39) with the same
//   ranking, so unrelated sentences score near 0 instead of ~0.5.
// - Word vectors enter at their raw length, as in the paper (unit-length words measured
//   no better). a = 1e-3 was best among 1e-4 .. 1e-2 on the same triplets.
//
// Bump the id's suffix whenever the vectors this produces change: the index records it.
export const LOCAL_EMBEDDER_ID = "local:wink-sg-100d:sif-v1";

const SIF_SMOOTHING = 1e-3;

export interface LocalEmbedder extends Embedder {
  readonly vectors: WordVectors;
  /** Synchronous form of embed() for one text. */
  embedText(text: string): Float32Array;
  /** The word-vector cache's bytes (shared memory): another thread (an ingest worker) makes the same embedder from them. */
  readonly threadSource: { vectorBytes: ArrayBufferLike };
}

/**
 * A deterministic pseudo-random unit vector for a token unknown to the vocabulary
 * (FNV-1a hash seeding a mulberry32 stream). Only used when a text has no known word at
 * all: zero vectors have no cosine, and hashing keeps two texts with the same unknown
 * tokens similar while unrelated ones stay near-orthogonal.
 */
export function hashedUnitVector(token: string, dimensions: number): Float64Array {
  let hash = 0x811c9dc5;
  for (let index = 0; index < token.length; index++) {
    hash ^= token.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  const vector = new Float64Array(dimensions);
  for (let d = 0; d < dimensions; d++) {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    vector[d] = ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296 - 0.5;
  }
  return normalise(vector);
}

/** Scales a vector to unit length in place (a zero vector stays zero). */
export function normalise(vector: Float64Array): Float64Array {
  let squares = 0;
  for (const value of vector) squares += value * value;
  if (squares === 0) return vector;
  const inverse = 1 / Math.sqrt(squares);
  for (let d = 0; d < vector.length; d++) vector[d] *= inverse;
  return vector;
}

/**
 * SIF weight a / (a + p(w)) for every row, and the common direction: the expected SIF sum
 * over running text, sum of p(w) * weight(w) * v(w), the corpus-independent stand-in for
 * the paper's first principal component. One pass, once per embedder (~65 ms).
 */
function sifTables(vectors: WordVectors): { weights: Float64Array; common: Float64Array } {
  const { count, dimensions, vectors: levels, scales } = vectors.table;
  const weights = new Float64Array(count);
  const common = new Float64Array(dimensions);
  for (let row = 0; row < count; row++) {
    const frequency = vectors.frequency(row);
    const weight = SIF_SMOOTHING / (SIF_SMOOTHING + frequency);
    weights[row] = weight;
    const factor = frequency * weight * scales[row];
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) common[d] += factor * levels[offset + d];
  }
  return { weights, common: normalise(common) };
}

/** The SIF embedder over already loaded word vectors. */
export function createSifEmbedder(vectors: WordVectors): LocalEmbedder {
  const dimensions = vectors.dimensions;
  const { weights, common } = sifTables(vectors);

  function embedText(text: string): Float32Array {
    const tokens = tokenizeForEmbedding(text);
    let sum = new Float64Array(dimensions);
    let known = 0;
    for (const token of tokens) {
      for (const row of vectors.lookup(token)) {
        vectors.addScaled(sum, row, weights[row]);
        known++;
      }
    }
    let projection = 0;
    for (let d = 0; d < dimensions; d++) projection += sum[d] * common[d];
    for (let d = 0; d < dimensions; d++) sum[d] -= projection * common[d];
    normalise(sum);
    if (known === 0 || sum.every((value) => value === 0)) {
      sum = new Float64Array(dimensions);
      for (const token of tokens.length > 0 ? tokens : [""]) {
        const hashed = hashedUnitVector(token, dimensions);
        for (let d = 0; d < dimensions; d++) sum[d] += hashed[d];
      }
      normalise(sum);
    }
    return Float32Array.from(sum);
  }

  return {
    id: LOCAL_EMBEDDER_ID,
    dimensions,
    vectors,
    embedText,
    threadSource: { vectorBytes: vectors.table.buffer },
    async embed(texts: string[]): Promise<Float32Array[]> {
      return texts.map(embedText);
    },
  };
}

/** The default embedder: SIF over wink's 100-d word vectors, loaded (or built) from `cacheDir`. */
export async function createLocalEmbedder(options: { cacheDir: string; sourcePath?: string }): Promise<LocalEmbedder> {
  return createSifEmbedder(await loadWordVectors(options));
}
