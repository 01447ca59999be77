import { describe, expect, it } from "vitest";
import { tokenizeForEmbedding } from "./tokenize";

describe("tokenizeForEmbedding", () => {
  it("lowercases and splits on everything but letters, digits and inner hyphens/apostrophes", () => {
    expect(tokenizeForEmbedding("Central Asia: (a) vibrant, region!")).toEqual(["central", "asia", "a", "vibrant", "region"]);
  });

  it("drops possessives, straight or curly", () => {
    expect(tokenizeForEmbedding("Kazakhstan's approach, Astana’s leadership, the countries' ties")).toEqual([
      "kazakhstan",
      "approach",
      "astana",
      "leadership",
      "the",
      "countries",
      "ties",
    ]);
  });

  it("keeps hyphenated words whole for the vocabulary to resolve", () => {
    expect(tokenizeForEmbedding("a “multi-vector policy” by Kassym-Jomart Tokayev")).toEqual([
      "a",
      "multi-vector",
      "policy",
      "by",
      "kassym-jomart",
      "tokayev",
    ]);
  });

  it("treats a non-breaking hyphen as a hyphen and a dash as a separator", () => {
    expect(tokenizeForEmbedding("well\u2011known – long—term")).toEqual(["well-known", "long", "term"]);
  });

  it("spells out negations and drops other clitics", () => {
    expect(tokenizeForEmbedding("Don't, can't, won't; they're here, I'd go")).toEqual([
      "do",
      "not",
      "can",
      "not",
      "will",
      "not",
      "they",
      "here",
      "i",
      "go",
    ]);
  });

  it("keeps an apostrophe inside a name", () => {
    expect(tokenizeForEmbedding("O'Brien's view")).toEqual(["o'brien", "view"]);
  });

  it("folds accents and ligatures to the ASCII the vocabulary uses", () => {
    expect(tokenizeForEmbedding("Café in Zürich, ﬁnance, İstanbul")).toEqual(["cafe", "in", "zurich", "finance", "istanbul"]);
  });

  it("keeps words of other scripts as tokens (unknown to the vocabulary, but not lost)", () => {
    expect(tokenizeForEmbedding("Астана, 2024")).toEqual(["астана", "2024"]);
  });

  it("returns no tokens for text without words", () => {
    expect(tokenizeForEmbedding(" … — !? ")).toEqual([]);
  });
});
