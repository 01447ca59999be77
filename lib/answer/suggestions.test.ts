import { describe, expect, it } from "vitest";
import { buildSuggestions } from "./suggestions";

const documents = [
  {
    id: "a",
    title: "Harbour Plans Approved",
    text: "Northport grows fast. The Northport Council met on Monday. The Northport Council approved the Harbour Expansion Plan. Northport and Southport share a ferry. The Harbour Expansion Plan costs money. The Green Ferry Line runs daily.",
  },
  {
    id: "b",
    title: "",
    text: "Southport residents doubt the Harbour Expansion Plan. Northport officials defend it. The Green Ferry Line may close. Southport wants a new bridge.",
  },
  {
    id: "c",
    title: "A very long title that goes on and on well past the number of words a suggestion can quote",
    text: "Northport is growing. Northport builds houses. Southport is quiet.",
  },
];

describe("suggested questions", () => {
  it("builds compare, ask and summarize suggestions from the corpus's own names and titles", () => {
    const suggestions = buildSuggestions(documents);
    expect(suggestions.length).toBeGreaterThanOrEqual(3);
    expect(suggestions[0]).toEqual({ text: "Compare how the articles describe Northport.", mode: "compare" });
    expect(suggestions).toContainEqual({ text: "What do the articles say about Northport Council?", mode: "ask" });
    expect(suggestions.some((suggestion) => suggestion.mode === "ask" && /^Which articles mention (Harbour Expansion Plan|Green Ferry Line)\?$/.test(suggestion.text))).toBe(true);
    expect(suggestions).toContainEqual({ text: "Summarize the article “Harbour Plans Approved”.", mode: "summarize" });
    // "Northport and Southport" is two names, not one.
    expect(suggestions.some((suggestion) => suggestion.text.includes("Northport and Southport"))).toBe(false);
  });

  it("suggests nothing for an empty library", () => {
    expect(buildSuggestions([])).toEqual([]);
  });
});
