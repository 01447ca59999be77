import { describe, expect, it } from "vitest";
import { encodeChunkPages, extractPageMarks, pageAt, pageMark, withoutPageMarks } from "./pages";

describe("page marks", () => {
  it("leave the text with the offsets of the pages they marked", () => {
    const marked = `First page.\n\n${pageMark(2)}Second page.\n\n${pageMark(3)}${pageMark(4)}Fourth page.`;
    const { text, pages } = extractPageMarks(marked, 1);
    expect(text).toBe("First page.\n\nSecond page.\n\nFourth page.");
    expect(pages).toEqual([
      { page: 1, start: 0 },
      { page: 2, start: text.indexOf("Second") },
      { page: 4, start: text.indexOf("Fourth") },
    ]);
  });

  it("characters of the same private-use plane in a PDF's own text are removed before marking", () => {
    expect(withoutPageMarks(`icon\u{f0041} text`)).toBe("icon text");
  });
});

describe("a chunk's pages", () => {
  const pages = [{ page: 3, start: 0 }, { page: 4, start: 100 }, { page: 5, start: 200 }];

  it("name the page the chunk opens on and each page that begins inside it", () => {
    expect(encodeChunkPages(pages, 50, 250)).toBe("3@50 4@100 5@200");
    expect(encodeChunkPages(pages, 120, 180)).toBe("4@120");
    expect(encodeChunkPages(undefined, 0, 10)).toBe("");
  });

  it("give the page of any offset inside the chunk", () => {
    const encoded = encodeChunkPages(pages, 50, 250);
    expect([50, 99, 100, 199, 240].map((offset) => pageAt(encoded, offset))).toEqual([3, 3, 4, 4, 5]);
    expect(pageAt("", 10)).toBeUndefined();
  });
});
