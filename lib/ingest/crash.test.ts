// Crash safety with real processes: `scripts/ingest.ts` is SIGKILLed at random moments while it
// writes, and between kills the index must show only whole documents (each visible document with
// exactly its own chunks, no duplicates). Two ingests started together: one runs, one refuses.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { longReportParagraph } from "../../tests/support/hostile-corpus";
import { repositoryRoot } from "../../tests/support/temp-index";
import { Store } from "../search/store";

const articleCount = 40;
const paragraphsPerArticle = 60;

let root: string;
let corpusDir: string;
let lancedbUri: string;

interface IngestRun {
  pid: number;
  /** Resolves once the script has loaded its embedder and is about to take the lock. */
  ready: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string; at: number }>;
  kill(): void;
}

function startIngest(): IngestRun {
  // One process, no wrapper (the tsx CLI would run the script in a child that a kill would orphan):
  // this pid is the ingest itself, the one that takes the lock and the one SIGKILL stops.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/ingest.ts"], {
    cwd: repositoryRoot,
    env: { ...process.env, CORPUS_DIR: corpusDir, LANCEDB_URI: lancedbUri, CACHE_DIR: path.join(repositoryRoot, ".cache"), EMBEDDING_PROVIDER: "local" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let markReady: (at: number) => void = () => {};
  const ready = new Promise<number>((resolve) => (markReady = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (/^ingest: .* -> /m.test(output)) markReady(performance.now());
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, output, at: performance.now() })),
  );
  return { pid: child.pid!, ready, exited, kill: () => child.kill("SIGKILL") };
}

/** Every article gets a new last paragraph: all of them change, so a run re-writes every document. */
async function writeCorpus(edition: number): Promise<void> {
  await mkdir(corpusDir, { recursive: true });
  for (let article = 0; article < articleCount; article += 1) {
    const paragraphs = Array.from({ length: paragraphsPerArticle }, (_, index) => longReportParagraph(article * paragraphsPerArticle + index));
    paragraphs.push(`Edition ${edition} of article ${article} closes with this sentence about the caravan archive.`);
    await writeFile(path.join(corpusDir, `article-${String(article).padStart(2, "0")}.txt`), `Corridor Report ${article}\n\n${paragraphs.join("\n\n")}\n`);
  }
}

/** What a reader sees now; fails the test if any visible document is not whole. */
async function checkVisibleIndex(): Promise<{ documents: number; chunks: number; rows: number; edition: Map<number, number> }> {
  const store = await Store.open(lancedbUri);
  try {
    if (!(await store.tableExists("documents"))) return { documents: 0, chunks: 0, rows: 0, edition: new Map() };
    const documents = await store.listDocuments();
    const chunks = await store.chunksOf(documents.map((document) => document.id));
    const ids = chunks.map((chunk) => chunk.id);
    expect(new Set(ids).size, "duplicate chunk ids are visible").toBe(ids.length);
    const editions = new Map<number, number>();
    for (const document of documents) {
      const own = chunks.filter((chunk) => chunk.document_id === document.id);
      expect(own.length, `${document.source}: visible chunks vs its row`).toBe(document.chunkCount);
      expect(own.map((chunk) => chunk.ordinal)).toEqual(own.map((_, index) => index));
      // The chunks are the row's own version: the edition sentence is in the last chunk.
      const edition = Number(own.at(-1)!.text.match(/Edition (\d+) of article/)?.[1]);
      editions.set(edition, (editions.get(edition) ?? 0) + 1);
    }
    return { documents: documents.length, chunks: chunks.length, rows: await store.countChunks(), edition: editions };
  } finally {
    store.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type KillPoint = { kind: "random"; workMs: number } | { kind: "writing"; table: "chunks" | "documents" };

/**
 * Kills the run at a kill point: a random moment of its work, or the instant a new data file
 * appears in a table's folder (LanceDB writes the data file first and commits the version after,
 * so this lands inside the write). Returns what happened, for the report.
 */
async function killAt(run: IngestRun, point: KillPoint): Promise<string> {
  await run.ready;
  const started = performance.now();
  if (point.kind === "random") {
    const delay = Math.round(point.workMs * (0.2 + Math.random() * 0.7));
    await Promise.race([sleep(delay), run.exited]);
  } else {
    const folder = path.join(lancedbUri, `${point.table}.lance`);
    const watcher = watch(folder, { recursive: true });
    await Promise.race([new Promise<void>((resolve) => watcher.on("change", (_event, file) => String(file).startsWith("data/") && resolve())), run.exited]);
    watcher.close();
  }
  run.kill();
  const result = await run.exited;
  const how = result.signal === "SIGKILL" ? "killed" : `had already exited (${result.code})`;
  return `${point.kind === "random" ? "at random" : `while writing ${point.table}`}: ${how} ${Math.round(result.at - started)} ms into its work`;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "caravan-crash-"));
  corpusDir = path.join(root, "corpus");
  lancedbUri = path.join(root, "lancedb");
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("ingest killed mid-write", () => {
  it("never shows a partial document, and the next run completes with the right counts", async () => {
    await writeCorpus(0);
    const reference = startIngest();
    const readyAt = await reference.ready;
    const first = await reference.exited;
    expect(first.code, first.output).toBe(0);
    const workMs = first.at - readyAt;
    const complete = await checkVisibleIndex();
    expect(complete.documents).toBe(articleCount);
    expect(complete.rows).toBe(complete.chunks);

    const kills: string[] = [];
    const points: KillPoint[] = [{ kind: "writing", table: "chunks" }, { kind: "writing", table: "documents" }, { kind: "random", workMs }];
    for (const [index, point] of points.entries()) {
      const edition = index + 1;
      await writeCorpus(edition);
      const what = await killAt(startIngest(), point);
      const seen = await checkVisibleIndex();
      // Every document stays visible throughout: the old version until the new one commits.
      expect(seen.documents).toBe(articleCount);
      // Editions differ by one digit, so old and new versions have the same chunk count.
      expect(seen.chunks).toBe(complete.chunks);
      kills.push(`kill ${edition} ${what} (a full run works ${Math.round(workMs)} ms): ${[...seen.edition].map(([e, n]) => `${n} docs at edition ${e}`).join(", ")}; ${seen.rows} chunk rows stored, ${seen.chunks} visible`);
    }
    console.info(kills.join("\n"));

    const final = startIngest();
    const last = await final.exited;
    expect(last.code, last.output).toBe(0);
    const after = await checkVisibleIndex();
    expect(after.documents).toBe(articleCount);
    expect(after.edition).toEqual(new Map([[3, articleCount]]));
    // No orphans or superseded versions left behind on disk either.
    expect(after.rows).toBe(after.chunks);
    expect(last.output).toMatch(new RegExp(`${articleCount} documents / ${after.chunks} chunks in the index`));
    // The lock is free again: released, not left to expire.
    const lock = await lancedb.connect(lancedbUri).then((connection) => connection.openTable("ingest_lock"));
    expect((await lock.query().toArray()).map((row) => row.owner)).toEqual([""]);
  }, 240_000);

  it("lets one of two ingests started together run, and the other refuse with a clear message", async () => {
    await writeCorpus(4);
    const runs = [startIngest(), startIngest()];
    const results = await Promise.all(runs.map((run) => run.exited));
    const succeeded = results.filter((result) => result.code === 0);
    const refused = results.filter((result) => result.code === 1);
    expect(succeeded, results.map((result) => result.output).join("\n---\n")).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const winner = runs[results.indexOf(succeeded[0])];
    expect(refused[0].output).toContain(`ingest failed: Another ingest (process ${winner.pid} on ${os.hostname()}) is writing this index; wait for it to finish`);
    const after = await checkVisibleIndex();
    expect(after.edition).toEqual(new Map([[4, articleCount]]));
  }, 120_000);
});
