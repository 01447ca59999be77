import { describe, expect, it } from "vitest";
import type { ChatMessage, PassageData } from "@/lib/answer/chat-message";
import {
  answerWithFootnotes,
  checkFor,
  citedNumbers,
  compareFirstMarkers,
  countMarkers,
  firstCheckOf,
  quotedSentence,
  quoteWindow,
  readerHref,
  slimForRequest,
  splitCompare,
} from "./message-parts";

function passage(n: number, documentId: string, overrides: Partial<PassageData> = {}): PassageData {
  return {
    n,
    chunkId: `${documentId}-${n}`,
    documentId,
    source: `${documentId}.txt`,
    title: `Title ${documentId}`,
    date: "2024-08-20",
    outlet: "Outlet",
    text: "First sentence here. The cited sentence is this one. Last sentence.",
    start: 100,
    end: 167,
    ...overrides,
  };
}

describe("citation markers", () => {
  it("reads single, grouped and repeated markers in order of first appearance", () => {
    expect(citedNumbers("A [2]. B [1, 3]. C [2][4;5]. Not a marker: [x] or [].")).toEqual([2, 1, 3, 4, 5]);
  });

  it("picks the check whose sentence is in the chip's block when one passage is cited twice", () => {
    const checks = [
      { n: 1, sentence: "Alpha happened [1].", support: "supported" as const, score: 0.9, quoteStart: 100, quoteEnd: 120 },
      { n: 1, sentence: "Beta followed [1].", support: "weak" as const, score: 0.2, quoteStart: 121, quoteEnd: 150 },
    ];
    expect(checkFor(1, checks, "Intro. Beta followed 1 and more.")?.support).toBe("weak");
    expect(checkFor(1, checks)?.support).toBe("supported");
    expect(checkFor(2, checks)).toBeUndefined();
  });

  it("gives each chip the check of its own marker, even two chips of one passage in one block", () => {
    const block = "Alpha happened. 1 Beta followed. 1";
    const checks = [
      { n: 1, sentence: "Alpha happened.", support: "supported" as const, score: 1, quoteStart: 100, quoteEnd: 115, marker: 0 },
      { n: 1, sentence: "Beta followed.", support: "supported" as const, score: 1, quoteStart: 116, quoteEnd: 130, marker: 1 },
      { n: 1, sentence: "Gamma [1][2].", support: "supported" as const, score: 1, quoteStart: 131, quoteEnd: 140, marker: 2 },
      { n: 2, sentence: "Gamma [1][2].", support: "weak" as const, score: 0.4, quoteStart: 300, quoteEnd: 320, marker: 3 },
    ];
    expect(checkFor(1, checks, block, 0)?.quoteStart).toBe(100);
    expect(checkFor(1, checks, block, 1)?.quoteStart).toBe(116);
    // Adjacent [1][2]: two markers, each chip its own.
    expect(checkFor(1, checks, undefined, 2)?.quoteStart).toBe(131);
    expect(checkFor(2, checks, undefined, 3)?.quoteStart).toBe(300);
    // A marker with no check of this passage (its sentence was not checked) gets none, not a neighbour's.
    expect(checkFor(2, checks, undefined, 2)).toBeUndefined();
    expect(checkFor(1, checks, undefined, 7)).toBeUndefined();
  });

  it("counts markers as the server numbers them", () => {
    expect(countMarkers("A [1]. B [1][2]. C [1, 2]. Not [x] or [].")).toBe(4);
    expect(countMarkers("")).toBe(0);
  });

  it("picks a source card's check: the passage's first citation in the answer", () => {
    const p = passage(1, "abc123ef");
    const cited = "The cited sentence is this one.";
    const start = p.start + p.text.indexOf(cited);
    const checks = [
      { n: 2, sentence: "x", support: "supported" as const, score: 1, quoteStart: 0, quoteEnd: 5, marker: 0 },
      { n: 1, sentence: "y", support: "supported" as const, score: 1, quoteStart: 100, quoteEnd: 120, marker: 3 },
      { n: 1, sentence: "z", support: "supported" as const, score: 1, quoteStart: start, quoteEnd: start + cited.length, marker: 1 },
    ];
    const check = firstCheckOf(1, checks);
    expect(check?.marker).toBe(1);
    expect(quotedSentence(p, check)).toBe(cited);
    expect(readerHref(p, check)).toBe(`/documents/abc123ef?start=${start}&end=${start + cited.length}#passage`);
    // Older checks without markers: the first in the list, which is text order.
    expect(firstCheckOf(1, checks.map((check) => ({ ...check, marker: undefined })))?.sentence).toBe("y");
    expect(quotedSentence(p, { ...checks[2], quoteStart: 10, quoteEnd: 20 })).toBe("");
    expect(firstCheckOf(3, checks)).toBeUndefined();
  });
});

describe("reader links and previews", () => {
  it("links to the supporting sentence when it lies inside the passage, else to the passage", () => {
    const p = passage(1, "abc123ef");
    const check = { n: 1, sentence: "s", support: "supported" as const, score: 1, quoteStart: 121, quoteEnd: 152 };
    expect(readerHref(p, check)).toBe("/documents/abc123ef?start=121&end=152#passage");
    expect(readerHref(p, { ...check, quoteStart: 10, quoteEnd: 20 })).toBe("/documents/abc123ef?start=100&end=167#passage");
  });

  it("highlights the quote inside the passage text using document offsets", () => {
    const p = passage(1, "abc123ef");
    const start = p.start + p.text.indexOf("The cited");
    const end = start + "The cited sentence is this one.".length;
    const window = quoteWindow(p, { n: 1, sentence: "", support: "supported", score: 1, quoteStart: start, quoteEnd: end });
    expect(window.quote).toBe("The cited sentence is this one.");
    expect(window.before + window.quote + window.after).toBe(p.text);
  });
});

describe("compare layout", () => {
  const passages = new Map([
    [1, passage(1, "doc-a")],
    [2, passage(2, "doc-b")],
  ]);

  it("splits one card per ### heading and keeps the closing line apart", () => {
    const text = "### Article A\n\nA says this [1].\n\n### Article B\n\nB says that [2].\n\n**Where they agree and differ:** both talk.";
    const layout = splitCompare(text, passages);
    expect(layout.sections.map((section) => section.heading)).toEqual(["Article A", "Article B"]);
    expect(layout.sections[1].body).toBe("B says that [2].");
    expect(layout.closing).toBe("**Where they agree and differ:** both talk.");
  });

  it("treats a final paragraph citing two articles as the closing line", () => {
    const layout = splitCompare("### A\n\nOne [1].\n\n### B\n\nTwo [2].\n\nBoth agree [1, 2].", passages);
    expect(layout.closing).toBe("Both agree [1, 2].");
    expect(layout.sections[1].body).toBe("Two [2].");
  });

  it("leaves answers without headings whole", () => {
    expect(splitCompare("Nothing to compare.", passages).sections).toHaveLength(0);
  });

  it("numbers each part's chips on from the markers of the parts before it", () => {
    const text = "Intro [1].\n\n### A [1]\n\nOne [1]. Again [1][2].\n\n### B\n\nTwo [2, 1].\n\nBoth agree [1, 2].";
    const markers = compareFirstMarkers(splitCompare(text, passages));
    // intro: marker 0; A's heading: 1; A's body: 2, 3, 4; B's body: 5; closing: 6.
    expect(markers).toEqual({ sections: [{ heading: 1, body: 2 }, { heading: 5, body: 5 }], closing: 6 });
    expect(countMarkers(text)).toBe(7);
  });
});

describe("copy and request shaping", () => {
  const message: ChatMessage = {
    id: "m1",
    role: "assistant",
    parts: [
      { type: "data-passage", id: "passage-1", data: passage(1, "doc-a") },
      { type: "text", text: "It happened [1]." },
    ],
  };

  it("copies the answer with its cited sources as footnotes", () => {
    const copied = answerWithFootnotes(message);
    expect(copied).toContain("It happened [1].");
    expect(copied).toMatch(/Sources\n\[1\] Title doc-a \(Outlet · 20 Aug 2024\), doc-a\.txt: “First sentence/);
  });

  it("sends history as text only", () => {
    const [slim] = slimForRequest([message]);
    expect(slim.parts).toEqual([{ type: "text", text: "It happened [1]." }]);
  });
});
