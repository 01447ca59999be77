import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkText, countWords } from "./chunking";
import { cleanArticle } from "@/lib/ingest/clean";
import { splitSentences } from "@/lib/text/nlp";

const corpusDir = path.resolve(__dirname, "../../corpus");
const articles = readdirSync(corpusDir)
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .map((name) => ({ name, text: cleanArticle({ raw: readFileSync(path.join(corpusDir, name), "utf8"), format: "txt" }).text }));

// A paragraph of `sentences` distinct twelve-word sentences.
function paragraph(label: string, sentences: number): string {
  return Array.from(
    { length: sentences },
    (_, i) => `Sentence ${i + 1} of part ${label} talks about trade, energy and transport links today.`,
  ).join(" ");
}

describe("chunkText on the real articles", () => {
  it.each(articles)("$name: exact offsets, whole sentences, one sentence of overlap, sizes in range", ({ text }) => {
    const chunks = chunkText(text);
    const sentences = splitSentences(text);
    const starts = new Set(sentences.map((s) => s.start));
    const ends = new Set(sentences.map((s) => s.end));
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((chunk, index) => {
      expect(chunk.ordinal).toBe(index);
      expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(starts.has(chunk.start)).toBe(true);
      expect(ends.has(chunk.end)).toBe(true);
      expect(countWords(chunk.text)).toBeLessThanOrEqual(250);
      if (index < chunks.length - 1) expect(countWords(chunk.text)).toBeGreaterThanOrEqual(120);
    });
    for (let i = 1; i < chunks.length; i += 1) {
      const previous = chunks[i - 1];
      const current = chunks[i];
      // Exactly one sentence is shared: the last of the previous chunk opens the next one.
      const shared = sentences.filter((s) => s.start >= current.start && s.end <= previous.end);
      expect(shared).toHaveLength(1);
      expect(shared[0].end).toBe(previous.end);
      expect(current.start).toBe(shared[0].start);
    }
    expect(chunks[0].start).toBe(sentences[0].start);
    expect(chunks.at(-1)!.end).toBe(sentences.at(-1)!.end);
  });

  it("is deterministic", () => {
    const text = articles[1].text;
    expect(chunkText(text)).toEqual(chunkText(text));
  });
});

describe("chunkText", () => {
  it("gives one chunk for a short article", () => {
    const text = "Kazakhstan hosted a summit.\n\nTrade topped the agenda. Leaders signed three deals.";
    expect(chunkText(text)).toEqual([{ ordinal: 0, text, start: 0, end: text.length }]);
  });

  it("gives nothing for empty text", () => {
    expect(chunkText("   ")).toEqual([]);
  });

  it("prefers to end chunks where paragraphs end", () => {
    // Paragraphs of ~96 words: two make a chunk near the 180-word target.
    const text = ["A", "B", "C", "D", "E", "F"].map((label) => paragraph(label, 8)).join("\n\n");
    const chunks = chunkText(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(0, -1)) {
      expect(text.slice(chunk.end, chunk.end + 2)).toBe("\n\n");
    }
  });

  it("follows the size options", () => {
    const text = paragraph("A", 40);
    const chunks = chunkText(text, { targetWords: 40, maxWords: 60, overlapSentences: 0 });
    for (const chunk of chunks) expect(countWords(chunk.text)).toBeLessThanOrEqual(60);
    // Without overlap, the chunks tile the text.
    for (let i = 1; i < chunks.length; i += 1) expect(chunks[i].start).toBeGreaterThan(chunks[i - 1].end);
    expect(chunks.map((chunk) => chunk.text).join(" ")).toBe(text);
  });

  it("cuts a sentence far over the maximum at clause marks, keeping offsets exact", () => {
    const clauses = Array.from({ length: 60 }, (_, i) => `item number ${i + 1} in the list of agreed projects`);
    const long = `The ministers agreed on ${clauses.join(", ")}.`;
    const text = `A short opening sentence.\n\n${long}\n\nA short closing sentence.`;
    const chunks = chunkText(text, { targetWords: 100, maxWords: 120 });
    expect(countWords(long)).toBeGreaterThan(240);
    for (const chunk of chunks) {
      expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(countWords(chunk.text)).toBeLessThanOrEqual(120);
    }
    // Pieces of the long sentence end on a clause mark, not mid-clause.
    const inside = chunks.filter((chunk) => chunk.end < text.indexOf(long) + long.length - 1 && chunk.end > text.indexOf(long));
    expect(inside.length).toBeGreaterThan(0);
    for (const chunk of inside) expect(chunk.text.endsWith(",")).toBe(true);
    expect(chunks.at(-1)!.text.endsWith("A short closing sentence.")).toBe(true);
  });

  it("keeps a sentence between the maximum and twice it whole", () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const text = `Short start here.\n\n${words} end.\n\nShort end here.`;
    const chunks = chunkText(text);
    expect(chunks.some((chunk) => chunk.text === `${words} end.`)).toBe(true);
  });
});
