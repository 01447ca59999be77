// A language model's comparison in a real browser: the model's prose sections, and beside them the
// aspect table the server checks offline, its cells the articles' own sentences. The model is a
// fake OpenAI-compatible server on loopback that writes one section per article it was given.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "../support/temp-index";
import { ensureCanaryBuild, startNextServer, type RunningServer } from "../support/next-server";
import { askToCompare, launchBrowser } from "./harness";

const question = "How do the articles differ on how Kazakhstan balances Russia and China?";
const modelWords = "As the model reads it";

let fake: Server;
let index: TempIndex;
let server: RunningServer;
let browser: Browser;
const prompts: string[] = [];

/** One section per article title the prompt's passages carry, each point citing that article's first passage. */
function modelComparison(prompt: string): string {
  const firstByTitle = new Map<string, number>();
  for (const match of prompt.matchAll(/<passage n="(\d+)" title="([^"]*)"/g)) if (!firstByTitle.has(match[2])) firstByTitle.set(match[2], Number(match[1]));
  const sections = [...firstByTitle].slice(0, 3).map(([title, n]) => `### ${title}\n\n- ${modelWords}, this article weighs the two powers [${n}].`);
  const cited = [...firstByTitle.values()].slice(0, 2).map((n) => `[${n}]`).join("");
  return `${sections.join("\n\n")}\n\n**Where they agree and differ:** both weigh the two powers ${cited}.`;
}

function streamed(text: string): string {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "test-model", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const pieces = text.match(/[\s\S]{1,40}/g) ?? [];
  return [chunk({ role: "assistant", content: "" }), ...pieces.map((piece) => chunk({ content: piece })), chunk({}, "stop"), "data: [DONE]\n\n"].join("");
}

beforeAll(async () => {
  fake = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const parsed = JSON.parse(body || "{}") as { messages?: { role: string; content: string }[] };
      const prompt = (parsed.messages ?? []).map((message) => message.content).join("\n");
      prompts.push(prompt);
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.end(streamed(modelComparison(prompt)));
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  await ensureCanaryBuild();
  index = await createTempIndex();
  server = await startNextServer({
    lancedbUri: index.lancedbUri,
    corpusDir: index.corpusDir,
    env: {
      OPENAI_BASE_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`,
      OPENAI_API_KEY: "sk-test-model-compare",
      CHAT_MODEL: "test-model",
      ANSWER_ENGINE: "llm",
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await index?.cleanup();
  fake?.closeAllConnections();
  await new Promise((resolve) => fake?.close(resolve));
});

describe("a language model's comparison", () => {
  it("shows the model's sections with the checked aspect table, its cells the articles' own sentences", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: server.baseUrl, reducedMotion: "reduce", colorScheme: "light" });
    const page = await context.newPage();
    const answer = await askToCompare(page, question);

    // The model answered: its words are in the sections, and it was asked with the passages.
    expect(prompts.some((prompt) => prompt.includes("<passages>"))).toBe(true);
    await answer.locator('[data-compare-view="table"]').waitFor();
    expect(await answer.innerText()).toContain(modelWords);

    // The aspect rows come from the server's offline check, quoting the articles verbatim.
    const rows = answer.locator("tbody[data-compare-aspect]");
    expect(await rows.count()).toBeGreaterThan(0);
    const documents = await index.store.listDocuments();
    const corpus = (await Promise.all(documents.map(async (document) => (await index.store.getDocument(document.id))?.text ?? ""))).join("\n");
    const squash = (text: string) => text.replace(/\s+/g, " ").trim();
    const cited = rows.locator("td p:not([data-aspect-empty])");
    expect(await cited.count()).toBeGreaterThan(0);
    for (const paragraph of await cited.all()) {
      // The excerpt around the aspect's words ("…" where cut), then its chip's number.
      const excerpt = squash((await paragraph.innerText()).replace(/\s*\[?\d+\]?\s*$/, "")).replace(/^…|…$/g, "");
      for (const piece of excerpt.split("…")) expect(squash(corpus)).toContain(piece.trim());
    }
    await context.close();
  });
});
