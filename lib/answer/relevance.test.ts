import { describe, expect, it } from "vitest";
import { requestAnswerable } from "./chat-stream";
import { isAnswerable } from "./relevance";
import { makePassage } from "./test-support";

const policy = makePassage({
  text: "Kazakhstan pursues a multi-vector foreign policy, balancing its ties with China, Russia and the West. Its diplomacy rests on trade corridors and regional cooperation.",
});
const address = makePassage({ text: "The United States will keep its commitments abroad, and our troops will come home with honor." });

describe("whether a summary or comparison request has anything to work with", () => {
  it("does not count how a request is asked against it, and still declines what the passages lack", () => {
    const framed = "How do the op-ed and the piece each describe Kazakhstan's overall foreign-policy approach?";
    // Read word for word, "describe", "overall", "approach", "op-ed" are missing words that weigh most.
    expect(isAnswerable({ question: framed, passages: [policy], relevance: 0.3 })).toBe(false);
    expect(requestAnswerable({ passages: [policy], relevance: 0.3 }, framed)).toBe(true);
    expect(requestAnswerable({ passages: [policy], relevance: 0.3 }, "How did the two addresses differ in describing Kazakhstan's foreign policy?")).toBe(true);
    expect(requestAnswerable({ passages: [policy], relevance: 0.3 }, "How do the op-ed and the piece each describe the boiling point of mercury?")).toBe(false);
  });

  it("finds a country under another of its names: America in a text that says United States", () => {
    expect(isAnswerable({ question: "What did the address promise America's troops?", passages: [address], relevance: 0.3 })).toBe(true);
    expect(isAnswerable({ question: "What did the address promise France's troops?", passages: [address], relevance: 0.3 })).toBe(false);
  });
});
