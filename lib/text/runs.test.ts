import { describe, expect, it } from "vitest";
import { splitSentences } from "./nlp";
import { boundedSegments, isWhitespace, longestRun } from "./runs";

describe("isWhitespace", () => {
  it("is exactly a regex's \\s", () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      if (isWhitespace(code) !== /\s/.test(String.fromCharCode(code))) expect({ code, whitespace: isWhitespace(code) }).toBe("the same as \\s");
    }
  });
});

describe("boundedSegments", () => {
  function expectCover(text: string, segments: { start: number; end: number }[]): void {
    let position = 0;
    for (const segment of segments) {
      expect(segment.start).toBe(position);
      expect(segment.end).toBeGreaterThan(segment.start);
      position = segment.end;
    }
    expect(position).toBe(text.length);
  }

  it("leaves ordinary text whole", () => {
    const text = "An ordinary paragraph with https://example.org/a/fairly/long/path?query=1 in it.";
    expect(boundedSegments(text)).toEqual([{ start: 0, end: text.length, verbatim: false }]);
  });

  it("cuts a run longer than the limit into verbatim pieces, at punctuation when it can", () => {
    const run = "ab-".repeat(1000);
    const text = `Before the blob. ${run} After the blob.`;
    const segments = boundedSegments(text);
    expectCover(text, segments);
    const pieces = segments.filter((segment) => segment.verbatim);
    expect(pieces.map((piece) => text.slice(piece.start, piece.end)).join("")).toBe(run);
    for (const piece of pieces) expect(piece.end - piece.start).toBeLessThanOrEqual(longestRun);
    const cjk = "哈萨克斯坦总统访问了塔吉克斯坦。".repeat(60);
    const cut = boundedSegments(cjk).filter((segment) => segment.verbatim);
    expect(cut.length).toBeGreaterThan(1);
    for (const piece of cut.slice(0, -1)) expect(cjk[piece.end - 1]).toBe("。");
  });

  it("never splits a surrogate pair", () => {
    const text = "𝒜".repeat(2000);
    for (const segment of boundedSegments(text)) {
      expect(text.charCodeAt(segment.start)).toBe(0xd835);
    }
  });

  it("reads an over-long paragraph in parts, at sentence breaks", () => {
    const sentence = "The caravan rested at the well before dawn. ";
    const text = sentence.repeat(100);
    const segments = boundedSegments(text, 0, text.length, { run: 500, segment: 1000 });
    expectCover(text, segments);
    for (const segment of segments) {
      expect(segment.end - segment.start).toBeLessThanOrEqual(1000);
      expect(text.slice(segment.start, segment.end).startsWith("The caravan")).toBe(true);
    }
  });
});

describe("splitSentences on hostile text", () => {
  it("splits 400 KB of 'ab-' on one line in linear time, with exact offsets", () => {
    const text = "ab-".repeat(133_334);
    const started = performance.now();
    const sentences = splitSentences(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(sentences.map((sentence) => sentence.text).join("")).toBe(text);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it("keeps the sentences around a blob", () => {
    const text = `Tokayev visited Dushanbe. ${"x".repeat(5000)} The talks ended on Friday.`;
    const sentences = splitSentences(text).map((sentence) => sentence.text);
    expect(sentences[0]).toBe("Tokayev visited Dushanbe.");
    expect(sentences.at(-1)).toBe("The talks ended on Friday.");
  });
});
