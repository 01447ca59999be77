// A corpus of hostile and broken files, ingested for real (LanceDB in a temp folder, the local
// embedder): what is skipped and why, what is stored, and that the offline engine quotes injected
// instructions without obeying them or turning their fake markers into citations.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citationPattern } from "@/app/components/message-parts";
import { expectedSkips, injectionQuestion, writeHostileCorpus, xssQuestion } from "../../tests/support/hostile-corpus";
import { repositoryRoot } from "../../tests/support/temp-index";
import { createChatDependencies } from "./chat-dependencies";
import { createChatStream, type ChatChunk, type ChatDependencies } from "./chat-stream";
import { neutralizeMarkers, parseCitationMarkers, splitAnswerSentences } from "./citations";
import { composeExtractiveAnswer } from "./extractive";
import { bagOfWordsEmbedder, collect, makePassage } from "./test-support";
import { normalizeForMatch } from "../text/terms";
import type { PassageData } from "./chat-message";
import { loadConfig } from "../server/config";
import { getEmbedder } from "../embeddings";
import { documentIdFor, ingestCorpus, type IngestProgress, type IngestSummary } from "../ingest";
import { Store } from "../search/store";

const longReportBytes = 20 * 1024 * 1024;
let root: string;
let store: Store;
let summary: IngestSummary;
let dependencies: ChatDependencies;
const progress: IngestProgress[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "caravan-hostile-"));
  const corpusDir = path.join(root, "corpus");
  const lancedbUri = path.join(root, "lancedb");
  await writeHostileCorpus(corpusDir, { includeSeed: true, longReportBytes });
  const config = loadConfig({ CORPUS_DIR: corpusDir, LANCEDB_URI: lancedbUri, CACHE_DIR: path.join(repositoryRoot, ".cache"), ANSWER_ENGINE: "extractive" }, repositoryRoot);
  summary = await ingestCorpus({ corpusDir, lancedbUri, embedder: await getEmbedder(config), onProgress: (event) => progress.push(event) });
  store = await Store.open(lancedbUri);
  dependencies = { ...(await createChatDependencies(config)), streamDelayMs: 0 };
}, 180_000);

afterAll(async () => {
  store?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function ask(question: string) {
  const chunks: ChatChunk[] = await collect(
    createChatStream({ messages: [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }], mode: "ask", dependencies }),
  );
  const text = chunks.flatMap((chunk) => (chunk.type === "text-delta" ? [chunk.delta] : [])).join("");
  const passages = chunks.flatMap((chunk) => (chunk.type === "data-passage" ? [chunk.data as PassageData] : []));
  const checks = chunks.flatMap((chunk) => (chunk.type === "data-citations" ? (chunk.data as { checks: { n: number; support: string }[] }).checks : []));
  return { text, passages, checks, errors: chunks.filter((chunk) => chunk.type === "error") };
}

describe("ingesting a hostile corpus", () => {
  it("finishes, skips what it must with a reason, and indexes the rest", () => {
    const skipped = Object.fromEntries(summary.skipped.map((entry) => [entry.source, entry.reason]));
    expect(Object.keys(skipped).sort()).toEqual(Object.keys(expectedSkips).sort());
    for (const [source, reason] of Object.entries(expectedSkips)) expect(skipped[source]).toMatch(reason);
    // 5 seed articles, the injection article, three hostile formats, the Latin-1 file, the long report.
    expect(summary).toMatchObject({ added: 12, updated: 0, removed: 0 });
    expect(summary.documents).toBe(12);
  });

  it("streams the 20 MB report through in batches, reporting progress as it embeds", async () => {
    const embedding = progress.filter((event) => event.phase === "embed" && event.source === "long-report.txt");
    expect(embedding.length).toBeGreaterThan(50);
    expect(embedding.map((event) => event.done)).toEqual([...embedding.map((event) => event.done)].sort((a, b) => a - b));
    expect(embedding.at(-1)).toMatchObject({ done: embedding[0].total });
    const report = (await store.listDocuments()).find((document) => document.source === "long-report.txt");
    expect(report?.chars).toBeGreaterThan(longReportBytes * 0.99);
    expect(report?.chunkCount).toBe(embedding[0].total);
    // Every stored chunk row belongs to a committed document version: no leftovers, no duplicates.
    expect(await store.countChunks()).toBe(summary.chunks);
  });

  it("reads the Latin-1 file as Windows-1252 instead of skipping it", async () => {
    const document = await store.getDocument(documentIdFor("latin1-cafe.txt"));
    expect(document?.title).toContain("Café culture in Astana");
    expect(document?.text).toMatch(/cafés of Astana serve crêpe and thé/);
    // 0x93/0x94 are Windows-1252 curly quotes (cleaning may straighten them), never control characters.
    expect(document?.text).toMatch(/["“]the new boulevard["”]/);
    expect(document?.text).not.toMatch(/[\u0080-\u009f\ufffd]/);
  });

  it("keeps no markup from HTML and Markdown, and keeps plain text as the data it is", async () => {
    const html = await store.getDocument(documentIdFor("xss-festival-page.html"));
    expect(html?.text).not.toMatch(/<script|alert\("head"\)|onload|href=/i);
    expect(html?.text).toContain("Read more here or on the city site.");
    const markdown = await store.getDocument(documentIdFor("xss-festival.md"));
    expect(markdown?.text).not.toMatch(/<script|<img|javascript:/i);
    // A .txt file is not markup: its text is stored verbatim, and it is the renderer's job never to treat it as HTML.
    const plain = await store.getDocument(documentIdFor("xss-festival-notes.txt"));
    expect(plain?.text).toContain("<img src=x onerror=alert(1)>");
  });
});

describe("injected instructions and fake citation markers", () => {
  it("quotes the injection article without obeying it; fake markers never become citations", async () => {
    const { text, passages, checks, errors } = await ask(injectionQuestion);
    expect(errors).toEqual([]);
    expect(passages.some((passage) => passage.source === "injection.md")).toBe(true);
    // The sentence with "[1]" and "[99]" in the article is quoted, its brackets made inert.
    // (The answer span may be bold: the sentence is otherwise verbatim.)
    expect(text.replaceAll("**", "")).toMatch(/twelve silver coins \(1\), and merchants paid twice that in winter \(99\)\. \[\d\]/);
    // Only markers the engine wrote, each pointing at a passage that was sent.
    const cited = parseCitationMarkers(text).flatMap((marker) => marker.numbers);
    expect(cited.length).toBeGreaterThan(0);
    for (const n of cited) expect(n).toBeGreaterThanOrEqual(1);
    for (const n of cited) expect(n).toBeLessThanOrEqual(passages.length);
    expect(text).not.toMatch(/\[99\]/);
    expect([...text.matchAll(citationPattern)].flatMap((match) => match[1].split(/[,;]/).map(Number)).every((n) => n <= passages.length)).toBe(true);
    // Not obeying: every sentence of the answer is a quotation of the passage it cites, nothing else.
    for (const sentence of splitAnswerSentences(text)) {
      if (sentence.numbers.length === 0) continue;
      const source = passages.find((passage) => passage.n === sentence.numbers[0])!;
      expect(normalizeForMatch(neutralizeMarkers(source.text))).toContain(normalizeForMatch(sentence.claim).replace(/[.!?]$/, ""));
    }
    expect(text).not.toMatch(/You are Caravan|OPENAI|sk-/);
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((check) => check.support === "supported")).toBe(true);
  });

  it("answers over the script-laden article with its words, never its markup", async () => {
    const { text, passages, errors } = await ask(xssQuestion);
    expect(errors).toEqual([]);
    expect(passages.some((passage) => passage.source.startsWith("xss-festival"))).toBe(true);
    expect(text).toMatch(/lantern/i);
  });

  it("neutralises bracketed numbers in quoted sentences, keeping their length", async () => {
    const passages = [
      makePassage({ documentId: "a", chunkId: "a-0000", text: "The toll for one caravan of forty camels was twelve silver coins [1], as the ledger says [99]. Merchants paid twice the toll in winter according to the ledger [2, 3]." }),
      makePassage({ documentId: "b", chunkId: "b-0000", title: "Ledger [7] notes", text: "The toll ledger was kept by the clerk of the caravan gate for forty years [source 4]." }),
    ];
    const { text, cited } = await composeExtractiveAnswer({ question: "What was the toll for a caravan of camels in the ledger?", mode: "ask", passages, embedder: bagOfWordsEmbedder });
    expect(text).toMatch(/twelve silver coins \(1\), as the ledger says \(99\)\./);
    const numbers = parseCitationMarkers(text).flatMap((marker) => marker.numbers);
    expect(new Set(numbers)).toEqual(new Set(cited));
    expect(numbers.every((n) => n === 1 || n === 2)).toBe(true);
    expect(neutralizeMarkers("see [1] and [2, 3] or [passage 4]")).toBe("see (1) and (2, 3) or (passage 4)");
    expect(neutralizeMarkers(passages[0].text)).toHaveLength(passages[0].text.length);
  });
});
