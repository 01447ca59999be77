import { describe, expect, it } from "vitest";
import {
  answerInTopPassages,
  averageScores,
  containsAnyAnswer,
  documentRanking,
  isGoldSource,
  ndcgAtK,
  overlapRecall,
  percentile,
  recallAtK,
  reciprocalRank,
  isBoilerplate,
  scoreAnswers,
  scoreRetrieval,
  type AnswerObservation,
} from "./metrics";

describe("answer matching", () => {
  it("ignores case and whitespace, including line breaks inside the expected answer", () => {
    expect(containsAnyAnswer("Trade reached $2\n billion last year", ["$2 billion"])).toBe(true);
    expect(containsAnyAnswer("The BRICS mechanism", ["brics"])).toBe(true);
    // Ingest folds typographic quotes; an answer copied from the raw article keeps them.
    expect(containsAnyAnswer("Kazakhstan's resource wealth", ["Kazakhstan’s resource wealth"])).toBe(true);
    expect(containsAnyAnswer("nothing here", ["brics", "sco"])).toBe(false);
    expect(containsAnyAnswer("anything", ["  "])).toBe(false);
  });

  it("matches gold documents by path or base name", () => {
    expect(isGoldSource("news/a.txt", ["a.txt"])).toBe(true);
    expect(isGoldSource("a.txt", ["a.txt"])).toBe(true);
    expect(isGoldSource("b.txt", ["a.txt"])).toBe(false);
  });
});

describe("document-level ranking metrics", () => {
  const ranking = documentRanking(["b", "b", "a", "c", "a", "d"]);

  it("ranks documents by first appearance", () => {
    expect(ranking).toEqual(["b", "a", "c", "d"]);
  });

  it("recall@k is a hit when any gold document is in the first k", () => {
    expect(recallAtK(ranking, ["a"], 1)).toBe(0);
    expect(recallAtK(ranking, ["a"], 2)).toBe(1);
    expect(recallAtK(ranking, ["x", "d"], 4)).toBe(1);
    expect(recallAtK(ranking, ["x"], 10)).toBe(0);
  });

  it("MRR uses the first gold document's rank", () => {
    expect(reciprocalRank(ranking, ["c", "a"])).toBe(0.5);
    expect(reciprocalRank(ranking, ["x"])).toBe(0);
    expect(reciprocalRank(ranking, ["b"])).toBe(1);
  });

  it("nDCG@k is 1 for an ideal ranking and discounts later hits", () => {
    expect(ndcgAtK(["a", "b", "c"], ["a", "b"], 10)).toBeCloseTo(1);
    // One gold document at rank 2: (1/log2 3) / 1.
    expect(ndcgAtK(["x", "a"], ["a"], 10)).toBeCloseTo(1 / Math.log2(3));
    // Two gold documents, only the second found at rank 1: 1 / (1 + 1/log2 3).
    expect(ndcgAtK(["b", "x"], ["a", "b"], 10)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)));
    expect(ndcgAtK(["x"], ["a"], 10)).toBe(0);
    // A cut-off of 1 limits the ideal as well.
    expect(ndcgAtK(["a"], ["a", "b"], 1)).toBeCloseTo(1);
  });

  it("ans@3 looks at the first three passages only", () => {
    expect(answerInTopPassages(["x", "y", "the answer", "z"], ["Answer"], 3)).toBe(1);
    expect(answerInTopPassages(["x", "y", "z", "the answer"], ["answer"], 3)).toBe(0);
  });

  it("scores one question and averages many", () => {
    const passages = [
      { source: "b.txt", text: "nothing" },
      { source: "a.txt", text: "the August 22 visit" },
    ];
    const scores = scoreRetrieval({ passages, gold: ["a.txt"], answers: ["August 22"] });
    expect(scores).toEqual({ doc1: 0, doc5: 1, doc10: 1, mrr: 0.5, ndcg10: 1 / Math.log2(3), ans3: 1 });
    const average = averageScores([scores, { doc1: 1, doc5: 1, doc10: 1, mrr: 1, ndcg10: 1, ans3: 0 }]);
    expect(average.doc1).toBe(0.5);
    expect(average.mrr).toBe(0.75);
    expect(Number.isNaN(averageScores([]).doc1)).toBe(true);
  });
});

describe("answer metrics", () => {
  const base: AnswerObservation = {
    answerable: true,
    fact: true,
    answers: ["BRICS"],
    gold: ["a.txt"],
    text: "",
    citedSources: [],
    citationSupport: [],
    abstained: false,
  };

  it("counts answer containment on facts, citation precision and support as micro averages", () => {
    const scores = scoreAnswers([
      { ...base, text: "It hopes to join BRICS [1].", citedSources: ["a.txt"], citationSupport: ["supported"] },
      { ...base, text: "Something else [1][2].", citedSources: ["a.txt", "b.txt"], citationSupport: ["supported", "weak"] },
      { ...base, fact: false, text: "A summary [1].", citedSources: ["a.txt"], citationSupport: ["supported"] },
    ]);
    expect(scores.answerContains).toBe(0.5);
    expect(scores.factQuestions).toBe(2);
    expect(scores.citationPrecision).toBe(0.75);
    expect(scores.citationSupport).toBe(0.75);
    expect(scores.falseAbstention).toBe(0);
    expect(Number.isNaN(scores.abstention)).toBe(true);
  });

  it("scores a list question without answer strings by list recall only, not as a contains miss", () => {
    const scores = scoreAnswers([
      { ...base, text: "It hopes to join BRICS [1].", citedSources: ["a.txt"], citationSupport: ["supported"] },
      { ...base, answers: [], answersAll: ["SCO", "BRICS"], text: "It joined the SCO and hopes to join BRICS [1].", citedSources: ["a.txt"], citationSupport: ["supported"] },
    ]);
    expect(scores.factQuestions).toBe(1);
    expect(scores.answerContains).toBe(1);
    expect(scores.answerFirst).toBe(1);
    expect(scores.listQuestions).toBe(1);
    expect(scores.listRecall).toBe(1);
  });

  it("separates abstention on unanswerable questions from false abstention on answerable ones", () => {
    const abstain = { ...base, abstained: true, text: "The articles do not cover this question." };
    const scores = scoreAnswers([
      { ...abstain, answerable: false, gold: [], answers: [] },
      { ...base, answerable: false, gold: [], answers: [], text: "A guess [1].", citedSources: ["a.txt"], citationSupport: ["weak"] },
      abstain,
      { ...base, text: "BRICS [1]", citedSources: ["a.txt"], citationSupport: ["supported"] },
    ]);
    expect(scores.abstention).toBe(0.5);
    expect(scores.falseAbstention).toBe(0.5);
    // An abstention is a miss even if the refusal happened to contain the answer string.
    expect(scores.answerContains).toBe(0.5);
    // Citations on unanswerable questions do not enter precision (there is no gold to compare with).
    expect(scores.citedPassages).toBe(1);
  });
});

describe("latency statistics", () => {
  it("interpolates percentiles", () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 95)).toBeCloseTo(10.5);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it("measures recall of an approximate top-k against the exact one", () => {
    expect(overlapRecall([1, 2, 3, 9], [1, 2, 3, 4])).toBe(0.75);
    expect(overlapRecall(["a"], ["a"])).toBe(1);
  });
});

describe("boilerplate bullets", () => {
  it("flags site text and fragments, not an old speech's verb that site text also uses", () => {
    expect(isBoilerplate("Subscribe to our newsletter for more stories. [1]")).toBe(true);
    expect(isBoilerplate("Kazakh International News Agency - Located at the center of Eurasia. [1]")).toBe(true);
    expect(isBoilerplate("Read more [2]")).toBe(true);
    expect(isBoilerplate("All of those who had committed the tumults did not subscribe the mild form which was proposed as the atonement. [6]")).toBe(false);
  });
});
