import { describe, expect, it } from "vitest";
import { chunkText } from "./chunking";
import { cleanArticle, type ArticleFormat } from "./clean";

// The red-team inputs, made here: each one cost seconds to minutes (or overflowed the stack) in
// cleaning and chunking before they were made linear. Cleaning plus chunking must now take well
// under a second, and every chunk must still slice the cleaned text exactly.

function processFile(raw: string, format: ArticleFormat): { text: string; chunks: ReturnType<typeof chunkText>; ms: number } {
  const started = performance.now();
  const { text } = cleanArticle({ raw, format });
  const chunks = chunkText(text);
  return { text, chunks, ms: performance.now() - started };
}

function expectExactChunks(text: string, chunks: ReturnType<typeof chunkText>): void {
  for (const chunk of chunks) expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
  // Nothing but whitespace is lost between chunks (they may overlap by a sentence).
  let covered = 0;
  for (const chunk of chunks) {
    if (chunk.start > covered) expect(text.slice(covered, chunk.start).trim()).toBe("");
    covered = Math.max(covered, chunk.end);
  }
  expect(text.slice(covered).trim()).toBe("");
}

describe("cleaning and chunking hostile files", () => {
  it.each<[string, () => string, ArticleFormat]>([
    ["400 KB of 'ab-' on one line", () => "ab-".repeat(133_334), "txt"],
    ["160 KB of '[' in Markdown", () => "[".repeat(160_000), "md"],
    ["front matter with 160k spaces", () => `---\ntitle: Caravans${" ".repeat(160_000)}of the steppe\nsource: ${" ".repeat(160_000)}x\n---\n\nThe caravan reached Otrar before the first snow of the year.\n`, "md"],
    ["80k '<a' in HTML", () => `<html><body><article><p>The caravan reached Otrar before the first snow.</p>${"<a".repeat(80_000)}</article></body></html>`, "html"],
    ["80k '<script' never closed", () => `<html><body><p>The caravan reached Otrar before the first snow.</p>${"<script ".repeat(80_000)}</body></html>`, "html"],
    ["10k hard-wrapped lines in one paragraph", () => `Title\n\n${"the caravan crossed the river near the old ford and went on-\n".repeat(10_000)}`, "txt"],
    ["40k '**a ' never closed", () => `# Notes\n\n${"**a ".repeat(40_000)}`, "md"],
    ["160k nbsp between paragraphs", () => `<p>First paragraph of the story.</p>${"&nbsp;".repeat(160_000)}<p>Second paragraph.</p>`, "html"],
  ])("%s: linear time, exact offsets", (_name, make, format) => {
    const { text, chunks, ms } = processFile(make(), format);
    expect(ms).toBeLessThan(1500);
    expectExactChunks(text, chunks);
  });

  it("a 16 MB file of one unbroken line neither overflows the stack nor takes long", () => {
    // wink's tokenizer overflowed its regex stack on this (and took quadratic time below that size).
    const { text, chunks, ms } = processFile("ab-".repeat(16 * 1024 * 1024 / 3), "txt");
    expect(ms).toBeLessThan(1900);
    expect(chunks.length).toBeGreaterThan(1000);
    // A run without spaces is cut into pieces: no chunk is more than a few thousand characters.
    expect(Math.max(...chunks.map((chunk) => chunk.end - chunk.start))).toBeLessThanOrEqual(5_000);
    expect(chunks[0].start).toBe(0);
    expect(chunks.at(-1)!.end).toBe(text.length);
    for (const chunk of chunks.slice(0, 50)) expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
  });
});
