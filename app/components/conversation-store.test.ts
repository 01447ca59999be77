import { describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/answer/chat-message";
import { searchConversations, titleFor, type StoredConversation } from "./conversation-store";

function conversation(id: string, title: string, texts: string[]): StoredConversation {
  const messages: ChatMessage[] = texts.map((text, index) => ({ id: `${id}-${index}`, role: index % 2 ? "assistant" : "user", parts: [{ type: "text", text }] }));
  return { id, title, createdAt: 0, updatedAt: 0, messages };
}

describe("searching saved conversations", () => {
  const all = [
    conversation("a", "Trade target", ["What trade target?", "Trade should reach $2 billion [1]."]),
    conversation("b", "Renamed: Rogun dam", ["What about water?", "The Rogun hydropower plant [2]."]),
    conversation("c", "Visit", ["When was Tokayev’s visit to Dušanbe?", "On 22 August [1]."]),
  ];

  it("matches the title or any message, every word, ignoring case and accents", () => {
    expect(searchConversations(all, "rogun").map((found) => found.id)).toEqual(["b"]);
    expect(searchConversations(all, "HYDROPOWER plant").map((found) => found.id)).toEqual(["b"]);
    expect(searchConversations(all, "dusanbe").map((found) => found.id)).toEqual(["c"]);
    expect(searchConversations(all, "trade water")).toEqual([]);
    expect(searchConversations(all, "  ")).toBe(all);
  });

  it("titles a conversation by its first question, shortened", () => {
    expect(titleFor(all[0].messages)).toBe("What trade target?");
    expect(titleFor([{ id: "u", role: "user", parts: [{ type: "text", text: "word ".repeat(40) }] }])).toBe(`${"word ".repeat(15)}wo…`);
    expect(titleFor([])).toBe("New conversation");
  });
});
