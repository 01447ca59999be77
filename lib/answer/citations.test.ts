import { describe, expect, it } from "vitest";
import type { Embedder, Passage } from "../types";
import {
  checkCitations,
  citedNumbers,
  createMarkerFilter,
  parseCitationMarkers,
  removeInvalidMarkers,
  renumberByFirstCitation,
  splitAnswerSentences,
} from "./citations";

function passage(overrides: Partial<Passage> & { text: string }): Passage {
  return {
    chunkId: "doc-0001",
    documentId: "doc",
    source: "doc.txt",
    title: "A title",
    date: "",
    outlet: "",
    ordinal: 1,
    start: 100,
    end: 100 + overrides.text.length,
    score: 1,
    ...overrides,
  };
}

const tajikistan = passage({
  text:
    "Kazakhstan and Tajikistan share a relationship rooted in mutual respect. " +
    "Both countries are targeting an increase in trade turnover to $2 billion. " +
    "Water resource management remains a contentious issue.",
});
const forum = passage({
  chunkId: "other-0002",
  documentId: "other",
  start: 0,
  text: "The Astana International Forum offers a platform for middle powers to discuss their views.",
});

describe("citation markers", () => {
  it("parses single, grouped, adjacent and range markers", () => {
    const markers = parseCitationMarkers("One [1]. Two [2, 3]. Three [4][5]. Four [6-8]. Five [Passage 9].");
    expect(markers.map((marker) => marker.numbers)).toEqual([[1], [2, 3], [4], [5], [6, 7, 8], [9]]);
    expect(citedNumbers("A [2]. B [1, 2]. C [3].")).toEqual([2, 1, 3]);
  });

  it("drops markers that point at no passage and keeps the valid part of a group", () => {
    expect(removeInvalidMarkers("A fact [1]. Another [7]. Mixed [2, 9].", 2)).toBe("A fact [1]. Another. Mixed [2].");
    expect(removeInvalidMarkers("Zero [0] here.", 3)).toBe("Zero here.");
  });

  it("renumbers by first citation", () => {
    const { text, order } = renumberByFirstCitation("B [5]. A [2]. Both [2, 5].");
    expect(text).toBe("B [1]. A [2]. Both [2, 1].");
    expect(order).toEqual([5, 2]);
  });

  it("filters out-of-range markers from a stream even when split across deltas", () => {
    const filter = createMarkerFilter(2);
    const deltas = ["Trade grew [", "1]. Nothing", " here [1", "2]. Water [2", "]."];
    const streamed = deltas.map((delta) => filter.push(delta)).join("") + filter.flush();
    expect(streamed).toBe("Trade grew [1]. Nothing here. Water [2].");
  });

  it("attaches markers after the full stop to the sentence before", () => {
    const sentences = splitAnswerSentences("## Heading\n- **Trade** grew to $2 billion. [1] The U.S. was not involved [2].");
    expect(sentences.map((sentence) => [sentence.claim, sentence.numbers])).toEqual([
      ["Heading", []],
      ["Trade grew to $2 billion.", [1]],
      ["The U.S. was not involved.", [2]],
    ]);
  });
});

describe("checkCitations", () => {
  it("marks a verbatim sentence as supported and points at its offsets in the document", async () => {
    const sentence = "Both countries are targeting an increase in trade turnover to $2 billion.";
    const [check] = await checkCitations({ text: `${sentence} [1]`, passages: [tajikistan] });
    expect(check.support).toBe("supported");
    expect(check.score).toBe(1);
    const offset = tajikistan.text.indexOf(sentence);
    expect(check.quoteStart).toBe(tajikistan.start + offset);
    expect(check.quoteEnd).toBe(tajikistan.start + offset + sentence.length);
  });

  it("supports a faithful paraphrase and flags an unrelated sentence as weak", async () => {
    const checks = await checkCitations({
      text: "Kazakhstan and Tajikistan aim for $2 billion in trade turnover [1]. The boiling point of mercury is 357 degrees [1].",
      passages: [tajikistan],
    });
    expect(checks.map((check) => check.support)).toEqual(["supported", "weak"]);
    expect(checks[1].score).toBeLessThan(0.2);
  });

  it("checks each cited passage separately and skips out-of-range numbers", async () => {
    const checks = await checkCitations({
      text: "Middle powers discuss their views at the Astana International Forum [1, 2, 5].",
      passages: [tajikistan, forum],
    });
    expect(checks.map((check) => [check.n, check.support])).toEqual([
      [1, "weak"],
      [2, "supported"],
    ]);
  });

  it("blends in embedding similarity when an embedder is given, verbatim still wins", async () => {
    // An embedder that calls every pair of texts unrelated: only lexical evidence remains.
    const orthogonal: Embedder = {
      id: "test:orthogonal",
      dimensions: 2,
      embed: async (texts) => texts.map((_, index) => Float32Array.from(index % 2 === 0 ? [1, 0] : [0, 1])),
    };
    const verbatim = "Water resource management remains a contentious issue.";
    const checks = await checkCitations({
      text: `${verbatim} [1] Tajikistan and Kazakhstan share mutual respect [1].`,
      passages: [tajikistan],
      embedder: orthogonal,
    });
    expect(checks[0]).toMatchObject({ support: "supported", score: 1 });
    expect(checks[1].score).toBeLessThan(1);
    expect(checks[1].score).toBeGreaterThan(0.5);
  });
});

describe("checkCitations marker numbering", () => {
  const trade = "Both countries are targeting an increase in trade turnover to $2 billion.";
  const water = "Water resource management remains a contentious issue.";
  const respect = "Kazakhstan and Tajikistan share a relationship rooted in mutual respect.";
  const quoteOf = (sentence: string) => {
    const start = tajikistan.start + tajikistan.text.indexOf(sentence);
    return { quoteStart: start, quoteEnd: start + sentence.length };
  };

  it("gives two chips of one passage in one paragraph their own marker and their own sentence", async () => {
    const checks = await checkCitations({ text: `${trade} [1] ${water} [1]`, passages: [tajikistan] });
    expect(checks).toEqual([
      expect.objectContaining({ n: 1, marker: 0, sentence: trade, ...quoteOf(trade) }),
      expect.objectContaining({ n: 1, marker: 1, sentence: water, ...quoteOf(water) }),
    ]);
  });

  it("counts every marker of the text in order, across paragraphs, lists and markdown", async () => {
    const text = `${respect} [1]\n\n- **${trade}** [1]\n- ${water} [1]`;
    const checks = await checkCitations({ text, passages: [tajikistan] });
    expect(checks.map((check) => [check.marker, check.sentence])).toEqual([
      [0, respect],
      [1, trade],
      [2, water],
    ]);
    expect(checks.map((check) => check.quoteStart)).toEqual([respect, trade, water].map((sentence) => quoteOf(sentence).quoteStart));
  });

  it("numbers adjacent markers [1][2] as two markers and a group [1, 2] as one", async () => {
    const claim = "Middle powers discuss their views at the Astana International Forum.";
    const adjacent = await checkCitations({ text: `${trade} [1] ${claim} [1][2]`, passages: [tajikistan, forum] });
    expect(adjacent.map((check) => [check.n, check.marker])).toEqual([
      [1, 0],
      [1, 1],
      [2, 2],
    ]);
    const grouped = await checkCitations({ text: `${trade} [1] ${claim} [1, 2] ${water} [1]`, passages: [tajikistan, forum] });
    expect(grouped.map((check) => [check.n, check.marker])).toEqual([
      [1, 0],
      [1, 1],
      [2, 1],
      [1, 2],
    ]);
  });

  it("keeps counting markers that get no check, and gives one check per marker when a sentence repeats a passage", async () => {
    // [5] points at no passage and the lone "[1]" line carries no claim: both still take a number.
    const text = `${trade} [5]\n\n[1]\n\nTrade grows [1] and water divides [1]. ${water} [1]`;
    const checks = await checkCitations({ text, passages: [tajikistan] });
    expect(checks.map((check) => [check.marker, check.sentence])).toEqual([
      [2, "Trade grows and water divides."],
      [3, "Trade grows and water divides."],
      [4, water],
    ]);
  });

  it("highlights the quoted sentence itself when an earlier sentence shares all its words", async () => {
    const echo = passage({
      text: "Trade turnover between the countries rose sharply, officials said in Dushanbe. Trade turnover rose sharply.",
    });
    const quoted = "Trade turnover rose sharply.";
    const [check] = await checkCitations({ text: `${quoted} [1]`, passages: [echo] });
    expect(echo.text.slice(check.quoteStart - echo.start, check.quoteEnd - echo.start)).toBe(quoted);
  });
});
