// A read-only word -> row index that lives inside the cache file as three arrays, so
// loading it costs nothing: building a Map of 341k strings took ~130 ms per process
// (split + inserts), this takes 0 ms and a hash plus a short byte compare per lookup.

const EMPTY = 0;
/**
 * The most frequent words also go into a Map at load (~5 ms): they are ~3/4 of running
 * text, and a small hot Map answers them ~2.5x faster than the table, whose three arrays
 * (slots, offsets, bytes) cost a cache miss each on a 45 MB file.
 */
const HOT_WORDS = 30_000;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The arrays stored in the cache; see buildVocabularyIndex. */
export interface VocabularyArrays {
  /** UTF-8 words, each followed by "\n", in row order. */
  blob: Uint8Array;
  /** offsets[row] = start of the row's word in blob; offsets[count] = blob.length. */
  offsets: Uint32Array;
  /** Open-addressing table (linear probing, power-of-two size): row + 1, or 0 for empty. */
  slots: Uint32Array;
}

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ bytes[index], FNV_PRIME);
  return hash >>> 0;
}

/** Slots for `count` words: a power of two at least twice as large, so probes stay short. */
export function slotCountFor(count: number): number {
  let slots = 1024;
  while (slots < 2 * count) slots *= 2;
  return slots;
}

export function buildVocabularyIndex(words: string[]): VocabularyArrays {
  const blob = Buffer.from(words.map((word) => `${word}\n`).join(""), "utf8");
  const offsets = new Uint32Array(words.length + 1);
  let position = 0;
  for (let row = 0; row < words.length; row++) {
    offsets[row] = position;
    position = blob.indexOf(0x0a, position) + 1;
  }
  offsets[words.length] = blob.length;
  const slots = new Uint32Array(slotCountFor(words.length));
  const mask = slots.length - 1;
  for (let row = 0; row < words.length; row++) {
    let slot = hashBytes(blob, offsets[row], offsets[row + 1] - 1) & mask;
    while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    slots[slot] = row + 1;
  }
  return { blob, offsets, slots };
}

export class Vocabulary {
  readonly size: number;
  private readonly blob: Uint8Array;
  private readonly offsets: Uint32Array;
  private readonly slots: Uint32Array;
  private readonly mask: number;
  private readonly decoder = new TextDecoder();
  private readonly hot = new Map<string, number>();

  constructor(arrays: VocabularyArrays) {
    this.blob = arrays.blob;
    this.offsets = arrays.offsets;
    this.slots = arrays.slots;
    this.size = arrays.offsets.length - 1;
    this.mask = arrays.slots.length - 1;
    const hotCount = Math.min(this.size, HOT_WORDS);
    const hotWords = this.decoder.decode(this.blob.subarray(0, this.offsets[hotCount])).split("\n");
    for (let row = 0; row < hotCount; row++) this.hot.set(hotWords[row], row);
  }

  word(row: number): string {
    return this.decoder.decode(this.blob.subarray(this.offsets[row], this.offsets[row + 1] - 1));
  }

  /** The row of an exact entry, or undefined. */
  row(word: string): number | undefined {
    return this.hot.get(word) ?? this.probe(word);
  }

  private probe(word: string): number | undefined {
    // Nearly every lookup is ASCII, where UTF-16 code units are the UTF-8 bytes: no encoding.
    let ascii = true;
    for (let index = 0; index < word.length && ascii; index++) ascii = word.charCodeAt(index) < 0x80;
    if (!ascii) return this.rowOfBytes(Buffer.from(word, "utf8"));
    let hash = FNV_OFFSET;
    for (let index = 0; index < word.length; index++) hash = Math.imul(hash ^ word.charCodeAt(index), FNV_PRIME);
    const { blob, offsets, slots, mask } = this;
    for (let slot = (hash >>> 0) & mask; slots[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const row = slots[slot] - 1;
      const start = offsets[row];
      if (offsets[row + 1] - 1 - start !== word.length) continue;
      let same = true;
      for (let index = 0; index < word.length && same; index++) same = blob[start + index] === word.charCodeAt(index);
      if (same) return row;
    }
    return undefined;
  }

  private rowOfBytes(bytes: Uint8Array): number | undefined {
    const { blob, offsets, slots, mask } = this;
    for (let slot = hashBytes(bytes, 0, bytes.length) & mask; slots[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const row = slots[slot] - 1;
      const start = offsets[row];
      if (offsets[row + 1] - 1 - start !== bytes.length) continue;
      let same = true;
      for (let index = 0; index < bytes.length && same; index++) same = blob[start + index] === bytes[index];
      if (same) return row;
    }
    return undefined;
  }
}
