// Test doubles for lib/answer tests (imported by *.test.ts only).
import type { Embedder, Passage } from "../types";
import { words } from "../text/terms";

/**
 * A bag-of-words embedder: each word hashed into one of 256 dimensions, then unit length.
 * Texts sharing words are similar, texts sharing none are orthogonal; no vector file needed.
 */
export const bagOfWordsEmbedder: Embedder = {
  id: "test:bag-of-words",
  dimensions: 256,
  async embed(texts) {
    return texts.map((text) => {
      const vector = new Float32Array(256);
      for (const word of words(text)) {
        let hash = 0;
        for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
        vector[hash % 256] += 1;
      }
      const norm = Math.hypot(...vector) || 1;
      return vector.map((value) => value / norm);
    });
  },
};

export function makePassage(overrides: Partial<Passage> & { text: string }): Passage {
  return {
    chunkId: `${overrides.documentId ?? "doc"}-0000`,
    documentId: "doc",
    source: "doc.txt",
    title: "A title",
    date: "",
    outlet: "",
    ordinal: 0,
    start: 0,
    end: overrides.text.length,
    score: 1,
    ...overrides,
  };
}

export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const chunks: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}
