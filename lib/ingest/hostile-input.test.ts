import { describe, expect, it } from "vitest";
import { chunkText } from "./chunking";
import { cleanArticle, type ArticleFormat } from "./clean";

// The red-team inputs, made here: each one cost seconds to minutes (or overflowed the stack) in
// cleaning or chunking before they were made linear. Cleaning now takes milliseconds and chunking
// well under a second (the budgets leave room for a loaded machine; the old code missed them by
// 10 to 1000 times), and every chunk must still slice the cleaned text exactly.

function processFile(raw: string, format: ArticleFormat) {
  const started = performance.now();
  const { text } = cleanArticle({ raw, format });
  const cleaned = performance.now();
  const chunks = chunkText(text);
  return { text, chunks, cleanMs: cleaned - started, chunkMs: performance.now() - cleaned };
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
    ["4k hard-wrapped lines in one paragraph", () => `Title\n\n${"the caravan crossed the river near the old ford and went on-\n".repeat(4_000)}`, "txt"],
    ["20k '**a ' never closed", () => `# Notes\n\n${"**a ".repeat(20_000)}`, "md"],
    ["160k no-break spaces between paragraphs", () => `<p>First paragraph of the story.</p>${"\u00a0".repeat(160_000)}<p>Second paragraph.</p>`, "html"],
    // wink's tokenizer is quadratic in a run without spaces, and its regex stack overflowed on 15 MB of one.
    ["4 MB of one unbroken line", () => "ab-".repeat(4 * 1024 * 1024 / 3), "txt"],
  ])("%s: linear time, exact offsets", (_name, make, format) => {
    const { text, chunks, cleanMs, chunkMs } = processFile(make(), format);
    expect(cleanMs).toBeLessThan(250);
    expect(chunkMs).toBeLessThan(1500);
    expectExactChunks(text, chunks);
    // A run without spaces is cut into pieces: no chunk is more than a few thousand characters.
    for (const chunk of chunks) expect(chunk.end - chunk.start).toBeLessThanOrEqual(5_000);
  });
});
