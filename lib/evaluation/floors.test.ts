import { describe, expect, it } from "vitest";
import { checkFloors, extractFloors, floorPath, readPath } from "./floors";

describe("floor flags", () => {
  it("names retrieval and answer metrics", () => {
    expect(floorPath("hybrid-doc1")).toBe("retrieval.hybrid.doc1");
    expect(floorPath("fulltext-ans3")).toBe("retrieval.fulltext.ans3");
    expect(floorPath("answer-contains")).toBe("answers.extractive.answerContains");
    expect(floorPath("llm-citation-support")).toBe("answers.llm.citationSupport");
    expect(floorPath("false-abstention")).toBe("answers.extractive.falseAbstention");
    expect(floorPath("hybrid-speed")).toBeUndefined();
  });

  it("takes floors out of the arguments, in both spellings", () => {
    const { floors, rest } = extractFloors(["--qa", "x.jsonl", "--min-hybrid-doc1", "0.96", "--max-false-abstention=0.1", "--sotu"]);
    expect(rest).toEqual(["--qa", "x.jsonl", "--sotu"]);
    expect(floors).toEqual([
      { flag: "--min-hybrid-doc1", path: "retrieval.hybrid.doc1", bound: 0.96, direction: "min" },
      { flag: "--max-false-abstention", path: "answers.extractive.falseAbstention", bound: 0.1, direction: "max" },
    ]);
  });

  it("rejects unknown floors and missing numbers", () => {
    expect(() => extractFloors(["--min-hybrid-speed", "1"])).toThrow(/unknown floor/);
    expect(() => extractFloors(["--min-hybrid-mrr"])).toThrow(/needs a number/);
    expect(() => extractFloors(["--min-hybrid-mrr", "high"])).toThrow(/needs a number/);
  });
});

describe("checking floors", () => {
  it("passes, fails, and fails on unmeasured values", () => {
    const report = { retrieval: { hybrid: { doc1: 0.96 } }, answers: { extractive: { falseAbstention: 0.2 } } };
    const results = checkFloors(
      [
        { flag: "--min-hybrid-doc1", path: "retrieval.hybrid.doc1", bound: 0.96, direction: "min" },
        { flag: "--max-false-abstention", path: "answers.extractive.falseAbstention", bound: 0.1, direction: "max" },
        { flag: "--min-llm-answer-contains", path: "answers.llm.answerContains", bound: 0.9, direction: "min" },
      ],
      (path) => readPath(report, path),
    );
    expect(results.map((result) => result.passed)).toEqual([true, false, false]);
    expect(results[1].value).toBe(0.2);
  });
});
