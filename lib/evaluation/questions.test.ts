import { describe, expect, it } from "vitest";
import { isUnanswerable, modeForKind, parseQuestions, QuestionFileError } from "./questions";

describe("question files", () => {
  it("accepts both field spellings and skips blank lines", () => {
    const text = [
      '{"id":"a","kind":"fact","question":"When?","gold_docs":["x.txt"],"answer_any":["May 1","1 May"]}',
      "",
      '{"question":"Who?","gold_doc":"y.txt","answer":"Ann","style":"paraphrase"}',
      '{"id":"u","kind":"unanswerable","question":"Why?"}',
    ].join("\n");
    const questions = parseQuestions(text, "set.jsonl");
    expect(questions.map((question) => question.id)).toEqual(["a", "set.jsonl:3", "u"]);
    expect(questions[0]).toMatchObject({ gold: ["x.txt"], answers: ["May 1", "1 May"], kind: "fact" });
    expect(questions[1]).toMatchObject({ gold: ["y.txt"], answers: ["Ann"], kind: "fact", style: "paraphrase" });
    expect(isUnanswerable(questions[2])).toBe(true);
    expect(isUnanswerable(questions[0])).toBe(false);
  });

  it("says which line is wrong", () => {
    expect(() => parseQuestions('{"question":"x","gold_docs":["a"]}\nnot json', "q.jsonl")).toThrow(/q\.jsonl:2: not valid JSON/);
    expect(() => parseQuestions('{"kind":"fact","question":"No gold?"}', "q.jsonl")).toThrow(QuestionFileError);
    expect(() => parseQuestions('{"id":"a","question":"x","gold_doc":"a"}\n{"id":"a","question":"y","gold_doc":"b"}', "q.jsonl")).toThrow(/duplicate/);
  });

  it("maps kinds to answer modes", () => {
    expect(modeForKind("summary")).toBe("summarize");
    expect(modeForKind("compare")).toBe("compare");
    expect(modeForKind("fact")).toBe("ask");
    expect(modeForKind("multi")).toBe("ask");
  });
});
