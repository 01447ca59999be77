import { describe, expect, it } from "vitest";
import type { ChatMessage, ComparisonData, PassageData } from "@/lib/answer/chat-message";
import { aspectExcerpt, aspectWords, checkForSpan, comparisonView, messageComparison, spanHref } from "./comparison";
import { splitCompare } from "./message-parts";

function passage(n: number, documentId: string, text: string, start: number): PassageData {
  return { n, chunkId: `${documentId}-${n}`, documentId, source: `${documentId}.txt`, title: `Title ${documentId}`, date: "", outlet: "", text, start, end: start + text.length };
}

const passages = new Map<number, PassageData>([
  [1, passage(1, "a", "Alpha trades with China. Alpha fears Russia.", 100)],
  [2, passage(2, "b", "Beta builds railways to China. Beta is quiet on water.", 0)],
  [3, passage(3, "c", "Gamma speaks of water rights.", 40)],
]);

const text = [
  "### Title a — Outlet A",
  "",
  "Alpha trades with China. [1] Alpha fears Russia. [1]",
  "",
  "### Title b",
  "",
  "Beta builds railways to China. [2]",
  "",
  "### Untitled c",
  "",
  "Gamma speaks of water rights. [3]",
  "",
  "**Where they agree and differ** (checked against the full articles): all 3 compared articles discuss “China”; only *Gamma* mentions “water rights”.",
].join("\n");

const comparison: ComparisonData = {
  documents: [
    { documentId: "a", title: "Title a" },
    { documentId: "b", title: "Title b" },
    { documentId: "c", title: "Untitled c" },
  ],
  rows: [
    {
      aspect: "China",
      terms: ["china"],
      cells: [
        { documentId: "a", n: 1, sentence: "Alpha trades with China.", start: 100, end: 124 },
        { documentId: "b", n: 2, sentence: "Beta builds railways to China.", start: 0, end: 30 },
        { documentId: "c" },
      ],
    },
    { aspect: "water rights", terms: ["water", "right"], cells: [{ documentId: "a" }, { documentId: "b" }, { documentId: "c", n: 3, sentence: "Gamma speaks of water rights.", start: 40, end: 69 }] },
  ],
  statements: [
    { kind: "all", aspect: "China", terms: ["china"], documentIds: ["a", "b", "c"], comparedIds: ["a", "b", "c"], text: "all 3 compared articles discuss “China”" },
    { kind: "only", aspect: "water rights", terms: ["water", "right"], documentIds: ["c"], comparedIds: ["a", "b", "c"], text: "only *Gamma* mentions “water rights”" },
  ],
};

describe("comparison view", () => {
  it("makes one column per article section, each numbering its chips on from the sections before", () => {
    const view = comparisonView(splitCompare(text, passages), passages, comparison);
    expect(view.columns.map((column) => column.documentId)).toEqual(["a", "b", "c"]);
    expect(view.columns.map((column) => column.firstMarker)).toEqual([
      { heading: 0, body: 0 },
      { heading: 2, body: 2 },
      { heading: 3, body: 3 },
    ]);
    expect(view.closingMarker).toBe(4);
    expect(view.closing).toMatch(/^\*\*Where they agree and differ\*\*/);
    // The title is the header; what follows it in the heading is its subtitle.
    expect(view.columns[0]).toMatchObject({ title: "Title a", subtitle: "Outlet A" });
    expect(view.columns[1]).toMatchObject({ title: "Title b", subtitle: undefined });
  });

  it("fills a row per aspect: the cited sentence, 'elsewhere' when a checked statement says the article treats it, else none", () => {
    const view = comparisonView(splitCompare(text, passages), passages, comparison);
    expect(view.rows.map((row) => row.aspect)).toEqual(["China", "water rights"]);
    expect(view.rows[0].cells).toEqual([
      { kind: "cited", n: 1, sentence: "Alpha trades with China.", start: 100, end: 124 },
      { kind: "cited", n: 2, sentence: "Beta builds railways to China.", start: 0, end: 30 },
      { kind: "elsewhere" },
    ]);
    expect(view.rows[1].cells.map((cell) => cell.kind)).toEqual(["none", "none", "cited"]);
  });

  it("sets the aspect's words apart in a cell's sentence, keeping every character", () => {
    const sentence = "Central Asia's water rights, as Asian states see them, matter.";
    const pieces = aspectWords(sentence, ["central", "asia", "us"]);
    expect(pieces.map(([piece]) => piece).join("")).toBe(sentence);
    expect(pieces.filter(([, marked]) => marked).map(([piece]) => piece)).toEqual(["Central", "Asia", "Asian"]);
  });

  it("shows the words of a long sentence around the aspect, cut with ellipses; short sentences whole", () => {
    const long =
      "In the region where China, Russia, and the United States have long been in a power struggle, Kazakhstan continues to consolidate its strategic space through steady multi-directional diplomacy, while also providing important support for stability and cooperation in Central Asia.";
    expect(aspectExcerpt(long, ["central", "asia"])).toBe("…multi-directional diplomacy, while also providing important support for stability and cooperation in Central Asia.");
    expect(aspectExcerpt(long, ["power"])).toBe("…States have long been in a power struggle, Kazakhstan continues to consolidate its strategic…");
    expect(aspectExcerpt("Security cooperation is a pillar of Central Asia policy.", ["central", "asia"])).toBe("Security cooperation is a pillar of Central Asia policy.");
    // No aspect word in it: the sentence as it is.
    expect(aspectExcerpt(long, ["water"])).toBe(long);
  });

  it("lines cells up with the sections, whatever order the data part lists them in", () => {
    const shuffled: ComparisonData = { ...comparison, documents: [...comparison.documents].reverse(), rows: comparison.rows.map((row) => ({ ...row, cells: [...row.cells].reverse() })) };
    const view = comparisonView(splitCompare(text, passages), passages, shuffled);
    expect(view.rows[1].cells.map((cell) => cell.kind)).toEqual(["none", "none", "cited"]);
  });

  it("shows the sections alone when no comparison part came (the language model's answers)", () => {
    const view = comparisonView(splitCompare(text, passages), passages, undefined);
    expect(view.columns).toHaveLength(3);
    expect(view.rows).toEqual([]);
    expect(view.columns[0].title).toBeUndefined();
  });

  it("reads the last data-comparison part of a message", () => {
    const message: ChatMessage = { id: "m", role: "assistant", parts: [{ type: "text", text }, { type: "data-comparison", id: "comparison", data: comparison }] };
    expect(messageComparison(message)).toBe(comparison);
    expect(messageComparison({ id: "n", role: "assistant", parts: [{ type: "text", text }] })).toBeUndefined();
  });
});

describe("a chip quoting a span", () => {
  const checks = [{ n: 1, sentence: "Alpha fears Russia. [1]", support: "weak" as const, score: 0.4, quoteStart: 125, quoteEnd: 144, marker: 1 }];

  it("takes the answer's own check of that very sentence", () => {
    const check = checkForSpan(passages.get(1)!, checks, { start: 125, end: 144, sentence: "Alpha fears Russia." });
    expect(check).toBe(checks[0]);
  });

  it("otherwise quotes the sentence itself when the passage holds it verbatim, and opens it in the reader", () => {
    const span = { start: 100, end: 124, sentence: "Alpha trades with China." };
    const check = checkForSpan(passages.get(1)!, checks, span);
    expect(check).toMatchObject({ n: 1, quoteStart: 100, quoteEnd: 124, support: "supported" });
    expect(spanHref(passages.get(1)!, span, check)).toBe("/documents/a?start=100&end=124#passage");
  });

  it("never vouches for a span the passage does not hold, but still opens that span", () => {
    const span = { start: 500, end: 530, sentence: "Somewhere else in article a." };
    expect(checkForSpan(passages.get(1)!, checks, span)).toBeUndefined();
    expect(spanHref(passages.get(1)!, span, undefined)).toBe("/documents/a?start=500&end=530#passage");
    // Offsets inside the passage but another sentence's words: not this quote.
    expect(checkForSpan(passages.get(1)!, checks, { start: 100, end: 124, sentence: "Something else entirely." })).toBeUndefined();
  });
});
