// The history a chat request carries is bounded per turn and in all, before anything reads it.
import { describe, expect, it } from "vitest";
import { buildStandaloneQuery, conversationTurns, followUpBudget } from "@/lib/answer/query";
import { historyBudget, parseChatRequest } from "./schema";

const user = (text: string) => ({ id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text }] });
const assistant = (text: string) => ({ id: crypto.randomUUID(), role: "assistant", parts: [{ type: "text", text }] });
const limits = { maxMessageChars: 4_000 };

/** A long paste of distinct capitalised words, each one a key word a follow-up could borrow. */
function paste(words: number): string {
  return Array.from({ length: words }, (_, index) => `Caravan${index.toString(36)}`).join(" ");
}

describe("history budget", () => {
  it("cuts a 20,000-character earlier turn to the question limit, and an answer to the turn limit", () => {
    const long = paste(2_500);
    expect(long.length).toBeGreaterThan(20_000);
    const chat = parseChatRequest({ messages: [user(long), assistant(long), user("And what about the salt trade?")] }, limits);
    const texts = chat.messages.map((message) => message.parts.map((part) => (part.type === "text" ? part.text : "")).join(""));
    expect(texts[0].length).toBe(limits.maxMessageChars);
    expect(texts[1].length).toBe(historyBudget.turnChars);
    expect(texts[0]).toBe(long.slice(0, limits.maxMessageChars));
    expect(texts[2]).toBe("And what about the salt trade?");
  });

  it("never lets an earlier turn's words join the next query wholesale", async () => {
    const long = paste(2_500);
    const chat = parseChatRequest({ messages: [user(long), assistant("It says little [1]."), user("Why did it matter?")] }, limits);
    const { query, how } = await buildStandaloneQuery({ turns: conversationTurns(chat.messages) });
    expect(how).toBe("follow-up");
    expect(query.startsWith("Why did it matter?")).toBe(true);
    expect(query.split(/\s+/).length).toBeLessThanOrEqual(4 + followUpBudget.borrowedWords);

    // "What about X?" swaps a name into the previous question: only a question's worth of it.
    const swapped = await buildStandaloneQuery({ turns: conversationTurns(parseChatRequest({ messages: [user(`Who met Tokayev in Dushanbe? ${long}`), assistant("Rahmon [1]."), user("What about Bishkek?")] }, limits).messages) });
    expect(swapped.query.length).toBeLessThanOrEqual(followUpBudget.previousChars + "Bishkek".length);
    expect(swapped.query).toContain("Bishkek");
  });
});
