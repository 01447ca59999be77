import { describe, expect, it } from "vitest";
import { paragraphsWithHighlight, parseSpan } from "./highlight";

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
