import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkText } from "../ingest/chunking";
import { cleanArticle } from "../ingest/clean";
import type { Passage } from "../types";
import { buildSourceGuide } from "./source-guide";

// The guide is built from the article itself: its gist is one of its sentences at exact offsets, and
// every question names something the article's text holds.
describe("buildSourceGuide", () => {
  const raw = readFileSync(path.resolve(import.meta.dirname, "../../corpus/001_716145b03c7f7e3b.txt"), "utf8");
  const article = cleanArticle({ raw, format: "txt" });
  const passages: Passage[] = chunkText(article.text).map((chunk) => ({
    chunkId: `d-${chunk.ordinal}`, documentId: "d", source: "a.txt", title: article.title, date: "", outlet: "", ordinal: chunk.ordinal, text: chunk.text, start: chunk.start, end: chunk.end, score: 0,
  }));
  const guide = buildSourceGuide({ documentId: "d", title: article.title, passages });

  it("gives a gist that is one of the article's sentences, at its offsets", () => {
    expect(guide.gist).toBeDefined();
    expect(article.text.slice(guide.gist!.start, guide.gist!.end)).toBe(guide.gist!.text);
  });

  it("gives key terms and three different questions, each about a name in the text", () => {
    expect(guide.terms.length).toBeGreaterThan(2);
    for (const term of guide.terms) expect(article.text).toContain(term);
    expect(guide.questions).toHaveLength(3);
    expect(new Set(guide.questions).size).toBe(3);
    for (const question of guide.questions) {
      const named = guide.terms.concat(question.match(/about (.+)\?$|does (.+) play|describe (.+)\?$/)?.slice(1).filter(Boolean) ?? []);
      expect(named.some((name) => question.includes(name) && article.text.includes(name)), question).toBe(true);
    }
  });
});
