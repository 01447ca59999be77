import { describe, expect, it } from "vitest";
import type { Passage } from "@/lib/types";
import { fitPassageBudget } from "./passage-budget";
import { makePassage } from "./test-support";

function article(documentId: string, count: number): Passage[] {
  return Array.from({ length: count }, (_, ordinal) => makePassage({ documentId, chunkId: `${documentId}-${ordinal}`, ordinal, text: `${documentId} passage ${ordinal}` }));
}

const ids = (passages: Passage[]) => passages.map((passage) => passage.chunkId);

describe("fitPassageBudget", () => {
  it("leaves passages within the budget untouched", () => {
    const passages = [...article("a", 3), ...article("b", 2)];
    expect(fitPassageBudget(passages, 5)).toBe(passages);
  });

  it("spreads one long article's share across it, from its opening on, in reading order", () => {
    expect(ids(fitPassageBudget(article("a", 100), 4))).toEqual(["a-0", "a-25", "a-50", "a-75"]);
  });

  it("keeps every article when they fit, gives the rest of the budget in turn, and keeps the original order", () => {
    const passages = [...article("a", 10), ...article("b", 1), ...article("c", 10)];
    const kept = fitPassageBudget(passages, 7);
    expect(kept).toHaveLength(7);
    expect(ids(kept)).toEqual(["a-0", "a-3", "a-6", "b-0", "c-0", "c-3", "c-6"]);
  });

  it("takes documents evenly across the collection when there are more than the budget, one passage each", () => {
    const passages = Array.from({ length: 10 }, (_, index) => article(`d${index}`, 3)).flat();
    expect(ids(fitPassageBudget(passages, 5))).toEqual(["d0-0", "d2-0", "d4-0", "d6-0", "d8-0"]);
  });
});
