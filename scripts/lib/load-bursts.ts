// The hostile bursts of issue #16, against the real server on loopback (npm run load -- --bursts):
// summaries whose clients hang up, a crowd of summaries at once, and the library at thousands of
// documents. Each prints its figures; nothing here is a pass/fail timing test.
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeSmallCorpus } from "../../tests/support/hostile-corpus";
import { residentBytes, startNextServer, type RunningServer } from "../../tests/support/next-server";
import { createTempIndex, type TempIndex } from "../../tests/support/temp-index";
import { prepareSotuCorpus } from "./sotu-corpus";

export interface BurstOptions {
  /** SOTU speeches to index (all 233 by default). */
  speeches: number;
  /** Small documents for the library figure. */
  libraryDocuments: number;
  abandoned: number;
  concurrent: number;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const summarizeAll = "Summarize all the speeches.";
const ordinary = "What did the president say about the tariff?";

function chatBody(text: string, mode: "ask" | "summarize", id: number): string {
  return JSON.stringify({ id: `burst-${id}`, mode, messages: [{ id: `m-${id}`, role: "user", parts: [{ type: "text", text }] }] });
}

/** One request read to the end (or abandoned after `abandonAfterMs`): its status and how long it took. */
async function send(baseUrl: string, body: string, abandonAfterMs?: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = abandonAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abandonAfterMs);
  try {
    const response = await fetch(`${baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body, signal: controller.signal });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A server's resident memory once it settles: the lowest of a few reads over `settleMs`. */
async function settledMemory(pid: number, settleMs: number): Promise<number> {
  let lowest = Number.POSITIVE_INFINITY;
  const deadline = performance.now() + settleMs;
  do {
    lowest = Math.min(lowest, await residentBytes(pid));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } while (performance.now() < deadline);
  return lowest;
}

async function sotuIndex(speeches: number): Promise<TempIndex> {
  const { corpusDir } = await prepareSotuCorpus();
  if (speeches >= 233) return createTempIndex({ corpusDir });
  // The most recent speeches: a smaller index for the short form.
  const subset = await mkdtemp(path.join(os.tmpdir(), "caravan-sotu-subset-"));
  const names = (await readdir(corpusDir)).filter((name) => name.endsWith(".txt")).sort().slice(-speeches);
  for (const name of names) await copyFile(path.join(corpusDir, name), path.join(subset, name));
  try {
    return await createTempIndex({ corpusDir: subset });
  } finally {
    await rm(subset, { recursive: true, force: true });
  }
}

async function summaryBursts(server: RunningServer, options: BurstOptions): Promise<void> {
  const idle = median([await send(server.baseUrl, chatBody(ordinary, "ask", 1)), await send(server.baseUrl, chatBody(ordinary, "ask", 2)), await send(server.baseUrl, chatBody(ordinary, "ask", 3))].map((result) => result.ms));
  const alone = await send(server.baseUrl, chatBody(summarizeAll, "summarize", 4));
  const warm = await settledMemory(server.pid, 3000);
  console.log(`idle: an ordinary question ${seconds(idle)}; summarize-all alone ${seconds(alone.ms)} (HTTP ${alone.status}); warm RSS ${mb(warm)}`);

  // Clients that hang up after a second: their work must stop, not crowd out the next question.
  const abandoned = await Promise.all(Array.from({ length: options.abandoned }, (_, index) => send(server.baseUrl, chatBody(summarizeAll, "summarize", 100 + index), 1000)));
  const statuses = abandoned.map((result) => result.status);
  const after = await send(server.baseUrl, chatBody(ordinary, "ask", 200));
  console.log(
    `${options.abandoned} summarize-all abandoned after 1 s (${statuses.filter((status) => status === 0).length} hung up, ${statuses.filter((status) => status === 503).length} refused busy), ` +
      `then an ordinary question: ${seconds(after.ms)} (HTTP ${after.status}; target < 3 s)`,
  );

  // A crowd of summaries at once: the ones past the concurrency limit are refused with 503.
  let peak = await residentBytes(server.pid);
  const sampler = setInterval(() => void residentBytes(server.pid).then((bytes) => (peak = Math.max(peak, bytes))), 500);
  const started = performance.now();
  const crowd = await Promise.all(Array.from({ length: options.concurrent }, (_, index) => send(server.baseUrl, chatBody(summarizeAll, "summarize", 300 + index))));
  clearInterval(sampler);
  const crowdMs = performance.now() - started;
  const served = crowd.filter((result) => result.status === 200);
  const afterCrowd = await settledMemory(server.pid, 10_000);
  console.log(
    `${options.concurrent} summarize-all at once: ${served.length} answered (slowest ${seconds(Math.max(...served.map((result) => result.ms)))}), ` +
      `${crowd.filter((result) => result.status === 503).length} refused busy, in ${seconds(crowdMs)}; ` +
      `RSS peak ${mb(peak)}, settled ${mb(afterCrowd)} = ${(afterCrowd / warm).toFixed(2)}x warm (target < 1.5x)`,
  );
}

async function libraryAtSize(count: number): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "caravan-library-"));
  let index: TempIndex | undefined;
  let server: RunningServer | undefined;
  try {
    await writeSmallCorpus(root, count);
    const started = performance.now();
    index = await createTempIndex({ corpusDir: root });
    console.log(`\nlibrary: ${index.summary.documents} untitled documents ingested in ${seconds(performance.now() - started)}`);
    server = await startNextServer({ lancedbUri: index.lancedbUri, corpusDir: index.corpusDir });
    for (const page of ["/", "/documents"]) {
      const first = await timedGet(`${server.baseUrl}${page}`);
      const again: number[] = [];
      for (let view = 0; view < 5; view += 1) again.push(await timedGet(`${server.baseUrl}${page}`));
      console.log(`  GET ${page}: first view ${seconds(first)}, then median ${seconds(median(again))} of 5 (target < 1 s)`);
    }
  } finally {
    await server?.stop();
    await index?.cleanup();
    await rm(root, { recursive: true, force: true });
  }
}

export async function runBursts(options: BurstOptions): Promise<void> {
  let started = performance.now();
  const index = await sotuIndex(options.speeches);
  console.log(`SOTU index: ${index.summary.documents} speeches, ${index.summary.chunks} passages, built in ${seconds(performance.now() - started)}`);
  started = performance.now();
  const server = await startNextServer({ lancedbUri: index.lancedbUri, corpusDir: index.corpusDir, env: { RATE_LIMIT_PER_MINUTE: "0", ANSWER_ENGINE: "extractive" } });
  try {
    await summaryBursts(server, options);
  } finally {
    await server.stop();
    await index.cleanup();
  }
  await libraryAtSize(options.libraryDocuments);
}
