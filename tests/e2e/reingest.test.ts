// Re-ingest while the server answers: clients keep asking through the real server while an ingest
// adds an article to its index. No request may fail, and the new article must become visible and
// answerable without a restart (the store re-reads the index within about a second).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCorpus } from "@/lib/ingest";
import { ensureCanaryBuild, startNextServer, type RunningServer } from "../support/next-server";
import { createTempIndex, observatoryArticle, readSeedQuestions, type SeedQuestion, type TempIndex } from "../support/temp-index";

let index: TempIndex;
let server: RunningServer;
let questions: SeedQuestion[];

beforeAll(async () => {
  await ensureCanaryBuild();
  index = await createTempIndex();
  questions = await readSeedQuestions();
  server = await startNextServer({ lancedbUri: index.lancedbUri, corpusDir: index.corpusDir });
});

afterAll(async () => {
  await server?.stop();
  await index?.cleanup();
});

async function ask(question: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }] }),
  });
  return { status: response.status, body: await response.text() };
}

describe("re-ingest while the server is answering", () => {
  it("fails no request, and the new article becomes visible without a restart", async () => {
    const failures: string[] = [];
    const requests: { from: number; to: number }[] = [];
    let asking = true;
    const client = async (offset: number) => {
      for (let turn = offset; asking; turn += 1) {
        const from = Date.now();
        const { status, body } = await ask(questions[turn % questions.length].question);
        if (status !== 200 || !body.includes('"type":"finish"') || body.includes('"type":"error"')) failures.push(`${status} ${body.slice(0, 300)}`);
        requests.push({ from, to: Date.now() });
      }
    };
    const clients = [0, 7, 13].map(client);

    await writeFile(path.join(index.corpusDir, "zarafshan-observatory.txt"), observatoryArticle);
    const started = Date.now();
    const summary = await ingestCorpus({ corpusDir: index.corpusDir, lancedbUri: index.lancedbUri, embedder: index.embedder });
    const ingested = Date.now();
    expect(summary).toMatchObject({ added: 1, unchanged: 5 });

    // Visible within a few seconds (the server's read-consistency interval is one second).
    let listed = false;
    while (!listed && Date.now() - started < 15_000) {
      const { documents } = (await (await fetch(`${server.baseUrl}/api/documents`)).json()) as { documents: { source: string }[] };
      listed = documents.some((document) => document.source === "zarafshan-observatory.txt");
      if (!listed) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(listed).toBe(true);
    const { status, body } = await ask("Who was the first director of the Zarafshan Star Observatory?");
    expect(status).toBe(200);
    expect(body).toContain("Dilnoza Rahimova");
    expect(body).toContain("zarafshan-observatory.txt");

    asking = false;
    await Promise.all(clients);
    const overlapping = requests.filter((request) => request.from < ingested && request.to > started).length;
    console.info(`re-ingest: ingest took ${ingested - started} ms; ${requests.length} answers, ${overlapping} of them in flight during the ingest`);
    expect(overlapping).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
