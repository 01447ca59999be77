import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "../tests/support/temp-index";
import { createChatDependencies } from "../lib/answer/chat-dependencies";
import { ask, formatSources, parseOptions, toAskResult } from "./ask";

let index: TempIndex;

beforeAll(async () => {
  index = await createTempIndex();
});

afterAll(async () => {
  await index?.cleanup();
});

describe("ask script", () => {
  it("parses mode, json and the question", () => {
    expect(parseOptions(["--mode", "compare", "--json", "How", "do", "they", "differ?"])).toEqual({ question: "How do they differ?", mode: "compare", json: true });
    expect(() => parseOptions([])).toThrow(/usage/);
    expect(() => parseOptions(["--mode", "poem", "q"])).toThrow(/--mode/);
  });

  it("reads the chat stream into an answer with numbered, checked citations", async () => {
    const dependencies = { ...(await createChatDependencies(index.config)), streamDelayMs: 0 };
    const seen: string[] = [];
    const { message, errors } = await ask({ question: "How long did the container train from Xi'an to Tashkent take?", mode: "ask", dependencies, onText: (text) => seen.push(text) });
    expect(errors).toEqual([]);
    const result = toAskResult(message);
    expect(Object.keys(result)).toEqual(["answer", "engine", "abstained", "citations"]);
    expect(result.abstained).toBe(false);
    expect(result.answer).toContain("five days");
    expect(result.engine).toBe("extractive");
    expect(result.citations.map((citation) => citation.n)).toEqual(result.citations.map((_, i) => i + 1));
    for (const citation of result.citations) {
      expect(Object.keys(citation)).toEqual(["n", "documentId", "source", "title", "start", "end", "text", "support"]);
      expect(citation.support).toBe("supported");
    }
    // The text arrived in several steps, as it streamed.
    expect(seen.length).toBeGreaterThan(2);
    expect(formatSources(result, message.metadata)).toMatch(/^Sources:\n\[1\] .+003_ffec0f4112d3ede8\.txt, chars \d+-\d+\) supported/);
  });
});
