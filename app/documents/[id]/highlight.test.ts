import { describe, expect, it } from "vitest";
import { paragraphsWithHighlight, parseSpan, partOf, readerParts } from "./highlight";

describe("reader highlight", () => {
  const text = "First paragraph here.\n\nSecond one, with the quote inside.\n\nThird.";

  it("splits on blank lines and keeps offsets into the clean text", () => {
    const paragraphs = paragraphsWithHighlight(text, undefined);
    expect(paragraphs.map((paragraph) => paragraph.segments[0].text)).toEqual(["First paragraph here.", "Second one, with the quote inside.", "Third."]);
    expect(paragraphs[1].start).toBe(text.indexOf("Second"));
  });

  it("marks exactly the span, across paragraph breaks too", () => {
    const start = text.indexOf("the quote");
    const inOne = paragraphsWithHighlight(text, { start, end: start + "the quote".length });
    expect(inOne[1].segments).toEqual([
      { text: "Second one, with ", highlighted: false },
      { text: "the quote", highlighted: true },
      { text: " inside.", highlighted: false },
    ]);
    const across = paragraphsWithHighlight(text, { start, end: text.indexOf("Third") + 3 });
    expect(across[2].segments[0]).toEqual({ text: "Thi", highlighted: true });
  });

  it("rejects malformed or empty spans and clamps to the text", () => {
    expect(parseSpan("5", "2", 100)).toBeUndefined();
    expect(parseSpan("-1", "4", 100)).toBeUndefined();
    expect(parseSpan("abc", "4", 100)).toBeUndefined();
    expect(parseSpan("90", "500", 100)).toEqual({ start: 90, end: 100 });
  });
});

describe("readerParts", () => {
  it("cuts a long text at paragraph breaks into parts that cover it exactly", () => {
    const paragraph = "The caravan crossed the river near the old ford and went on toward Otrar. ";
    const text = Array.from({ length: 400 }, (_, index) => `${index}: ${paragraph.repeat(3)}`.trim()).join("\n\n");
    const parts = readerParts(text, 10_000);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts[0].start).toBe(0);
    expect(parts.at(-1)!.end).toBe(text.length);
    for (let index = 1; index < parts.length; index += 1) {
      expect(parts[index].start).toBe(parts[index - 1].end);
      expect(text.slice(parts[index].start - 2, parts[index].start)).toBe("\n\n");
    }
    for (const part of parts) expect(part.end - part.start).toBeLessThanOrEqual(10_000);
    const offset = text.indexOf("250: ");
    expect(parts[partOf(parts, offset)].start).toBeLessThanOrEqual(offset);
    expect(parts[partOf(parts, offset)].end).toBeGreaterThan(offset);
  });

  it("cuts a text without breaks at the limit, and leaves a short text whole", () => {
    expect(readerParts("x".repeat(25_000), 10_000)).toEqual([{ start: 0, end: 10_000 }, { start: 10_000, end: 20_000 }, { start: 20_000, end: 25_000 }]);
    expect(readerParts("short", 10_000)).toEqual([{ start: 0, end: 5 }]);
  });
});
