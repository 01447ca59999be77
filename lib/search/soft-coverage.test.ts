import { beforeAll, describe, expect, it } from "vitest";
import { contentTerms } from "../text/terms";
import { loadConfig } from "../server/config";
import { loadWordVectors } from "../embeddings";
import { SOFT_MATCH_THRESHOLD, chunkAndSentenceCoverage, softCoverage, stemVectors, type StemVectors } from "./soft-coverage";

let stems: StemVectors;

beforeAll(async () => {
  stems = stemVectors(await loadWordVectors({ cacheDir: loadConfig().cacheDir }));
});

/** Coverage of a question by each candidate text, through the same stems retrieval stores. */
function cover(question: string, ...texts: string[]): number[] {
  return softCoverage({ queryTerms: contentTerms(question), candidates: texts.map((text) => new Set(contentTerms(text))), stems });
}

function similarity(left: string, right: string): number {
  const [query] = contentTerms(left);
  const [term] = contentTerms(right);
  return stems.products([stems.slot(term)], [stems.unit(query)!])[0];
}

describe("softCoverage", () => {
  it("counts the question's own words in full", () => {
    expect(cover("rockets over the ocean", "Rockets flew over the ocean.")[0]).toBeCloseTo(1, 5);
  });

  it("counts near-synonyms, and nothing for unrelated words", () => {
    const [synonyms, unrelated] = cover("rockets over the ocean", "Missiles flew over the sea.", "Bread and cheese at the market.");
    expect(synonyms).toBeGreaterThan(0.5);
    expect(synonyms).toBeLessThan(1);
    expect(unrelated).toBe(0);
  });

  it("does not take words that only share a topic or a role for synonyms", () => {
    // Both pairs are close in the raw vectors (0.82 and 0.78); the common direction is removed.
    expect(similarity("gradually", "rapidly")).toBeLessThan(SOFT_MATCH_THRESHOLD);
    expect(similarity("considered", "regarded")).toBeGreaterThan(similarity("considered", "banana"));
    expect(cover("gradually", "It grew rapidly.")[0]).toBe(0);
  });

  it("weighs a rare word above a common one", () => {
    const [rare, common] = cover("emancipation year", "The emancipation proclamation.", "Last year was good.");
    expect(rare).toBeGreaterThan(common);
    expect(common).toBeGreaterThan(0);
  });

  it("matches a word unknown to the vectors only exactly", () => {
    const [exact, other] = cover("zqxwv treaty", "The zqxwv clause.", "The zqxwy clause.");
    expect(exact).toBeGreaterThan(other);
    expect(other).toBe(0);
  });

  it("scores zero for a question without content words, and returns one score per candidate", () => {
    expect(cover("what is the", "Anything at all.", "More text.")).toEqual([0, 0]);
    expect(cover("ocean")).toEqual([]);
  });

  it("matches an exact-only question word only by itself, even where the vectors call a word alike", () => {
    // The vectors put the two countries close (~0.83): a reader asking about one is not asking about the other.
    expect(similarity("Tajikistan", "Uzbekistan")).toBeGreaterThan(SOFT_MATCH_THRESHOLD);
    const candidates = [new Set(contentTerms("Uzbekistan signed the water treaty.")), new Set(contentTerms("Tajikistan signed the water treaty."))];
    const queryTerms = contentTerms("Tajikistan water treaty");
    const free = softCoverage({ queryTerms, candidates, stems });
    const exact = softCoverage({ queryTerms, candidates, stems, exactOnly: new Set(contentTerms("Tajikistan")) });
    expect(free[0]).toBeGreaterThan(exact[0]);
    expect(exact[1]).toBeCloseTo(1, 5);
    expect(exact[1]).toBeCloseTo(free[1], 5);
    // The other question words keep their near-synonyms.
    const synonyms = softCoverage({ queryTerms: contentTerms("Tajikistan rockets"), candidates: [new Set(contentTerms("Tajikistan missiles"))], stems, exactOnly: new Set(["tajikistan"]) });
    expect(synonyms[0]).toBeGreaterThan(0.5);
  });
});

describe("chunkAndSentenceCoverage", () => {
  const chunk = (...sentences: string[]) => {
    const sets = sentences.map((sentence) => new Set(contentTerms(sentence)));
    return { sentences: sets, all: new Set(sets.flatMap((set) => [...set])) };
  };

  it("gives the chunk's coverage and its best sentence's, in one pass", () => {
    const question = contentTerms("missiles fired over the ocean");
    const together = chunk("Rockets were fired over the sea.", "The harvest was good.");
    const scattered = chunk("Rockets were stored for years.", "Shots were fired at dawn.", "The sea was calm.");
    const { chunk: whole, sentence } = chunkAndSentenceCoverage({ queryTerms: question, chunks: [together, scattered], stems });
    expect(whole).toEqual(softCoverage({ queryTerms: question, candidates: [together.all, scattered.all], stems }));
    // The same words over the whole chunk, but only the first says it in one sentence.
    expect(whole[0]).toBeCloseTo(whole[1], 5);
    expect(sentence[0]).toBeCloseTo(whole[0], 5);
    expect(sentence[0]).toBeGreaterThan(sentence[1]);
    expect(sentence[1]).toBeLessThan(whole[1]);
  });

  it("scores a chunk without sentences 0", () => {
    const { chunk: whole, sentence } = chunkAndSentenceCoverage({ queryTerms: contentTerms("ocean"), chunks: [{ all: new Set(), sentences: [] }], stems });
    expect(whole).toEqual([0]);
    expect(sentence).toEqual([0]);
  });
});
