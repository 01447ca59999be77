import { describe, expect, it } from "vitest";
import type { ChatMessage, PassageData } from "@/lib/answer/chat-message";
import { conversationMarkdown, exportFileName } from "./conversation-markdown";

const text = "Leaders met in Dushanbe. Trade reached $1 billion in 2023. Both aim for $2 billion.";

function passage(n: number, overrides: Partial<PassageData> = {}): PassageData {
  return { n, chunkId: `c${n}`, documentId: `d${n}`, source: `d${n}.txt`, title: `Title *${n}*`, date: "2024-08-20", outlet: "Astana Times", text, start: 500, end: 500 + text.length, ...overrides };
}

const messages: ChatMessage[] = [
  { id: "u1", role: "user", parts: [{ type: "text", text: "What trade target?\nAnd when?" }] },
  {
    id: "a1",
    role: "assistant",
    metadata: { engine: "extractive", engineKind: "extractive", mode: "ask" },
    parts: [
      { type: "data-passage", id: "p1", data: passage(1) },
      { type: "data-passage", id: "p2", data: passage(2, { outlet: "", date: "" }) },
      { type: "data-passage", id: "p3", data: passage(3) },
      { type: "text", text: "Trade reached $1 billion [1]. They aim for $2 billion [1][2]." },
      {
        type: "data-citations",
        data: {
          checks: [
            { n: 1, sentence: "Trade reached $1 billion [1].", support: "supported", score: 1, quoteStart: 525, quoteEnd: 558, marker: 0 },
            { n: 1, sentence: "They aim for $2 billion [1].", support: "supported", score: 1, quoteStart: 559, quoteEnd: 583, marker: 1 },
            { n: 2, sentence: "They aim for $2 billion [2].", support: "weak", score: 0.5, quoteStart: 0, quoteEnd: 0, marker: 2 },
          ],
        },
      },
    ],
  },
  { id: "u2", role: "user", parts: [{ type: "text", text: "And water?" }] },
];

describe("a conversation as Markdown", () => {
  const markdown = conversationMarkdown({ title: "Trade [targets]", messages, exportedAt: new Date("2026-11-30T10:00:00Z") });

  it("keeps every question and answer in order, with the answer's markers", () => {
    expect(markdown.startsWith("# Trade \\[targets\\]\n\nExported from Caravan on 30 Nov 2026.")).toBe(true);
    const order = ["## Question 1", "> What trade target?\n> And when?", "**Answer** (Ask, offline extractive engine)", "They aim for $2 billion [1][2].", "## Question 2", "> And water?"];
    const positions = order.map((piece) => markdown.indexOf(piece));
    expect(positions.every((position) => position >= 0), JSON.stringify(positions)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("lists the cited sources only, each with outlet, date, file and the sentences cited from it", () => {
    expect(markdown).toContain("- [1] **Title \\*1\\*** — Astana Times · 20 Aug 2024 (d1.txt)\n  > Trade reached $1 billion in 2023.\n  > Both aim for $2 billion.");
    // No check quotes a sentence of passage 2: its whole text stands in; no byline when it has none.
    expect(markdown).toContain(`- [2] **Title \\*2\\*** (d2.txt)\n  > ${text}`);
    // Passage 3 was sent but never cited.
    expect(markdown).not.toContain("[3]");
  });

  it("names the file after the title", () => {
    expect(exportFileName("What trade target do Kazakhstan & Tajikistan share?")).toBe("caravan-what-trade-target-do-kazakhstan-tajikistan-share.md");
    expect(exportFileName("¿…?")).toBe("caravan-conversation.md");
  });
});
