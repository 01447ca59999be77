// The index on object storage: a real S3-compatible server on loopback (tests/support/s3-server.ts),
// `LANCEDB_URI=s3://…` and the standard AWS_* variables, as a deployment would set them.
import { spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3TestServer } from "../../tests/support/s3-server";
import { repositoryRoot, seedCorpusDir } from "../../tests/support/temp-index";
import { getEmbedder } from "../embeddings";
import { acquireIngestLock } from "../search/ingest-lock";
import { retrieve } from "../search/retrieve";
import { Store } from "../search/store";
import { loadConfig, type AppConfig } from "../server/config";
import { ingestCorpus } from "./";

let s3: S3TestServer;
let root: string;
let corpusDir: string;

beforeAll(async () => {
  s3 = await startS3Server();
  root = await mkdtemp(path.join(os.tmpdir(), "caravan-s3-ingest-"));
  corpusDir = path.join(root, "corpus");
  await cp(seedCorpusDir, corpusDir, { recursive: true });
});

afterAll(async () => {
  await s3?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

function configFor(lancedbUri: string): AppConfig {
  return loadConfig({ CORPUS_DIR: corpusDir, LANCEDB_URI: lancedbUri, CACHE_DIR: path.join(repositoryRoot, ".cache"), ...s3.environment }, repositoryRoot);
}

/** Visible chunk ids of every document, and the stored row count: duplicates show as a difference. */
async function census(store: Store) {
  const documents = await store.listDocuments();
  const ids = (await store.chunksOf(documents.map((document) => document.id))).map((chunk) => chunk.id);
  return { documents: documents.length, visible: ids.length, distinct: new Set(ids).size, rows: await store.countChunks(), expected: documents.reduce((total, document) => total + document.chunkCount, 0) };
}

describe("an s3:// index", () => {
  it("ingests, searches and re-ingests (an edit, a removal) with the AWS_* settings from the config", async () => {
    const config = configFor(`s3://${s3.bucket}/caravan/index`);
    expect(config.lancedbStorageOptions).toMatchObject({ aws_endpoint: s3.endpoint, allow_http: "true", aws_region: "us-east-1" });
    const embedder = await getEmbedder(config);
    const ingest = () => ingestCorpus({ corpusDir, lancedbUri: config.lancedbUri, storageOptions: config.lancedbStorageOptions, embedder });

    const first = await ingest();
    expect(first).toMatchObject({ added: 5, updated: 0, skipped: [] });
    const store = await Store.open(config.lancedbUri, { storageOptions: config.lancedbStorageOptions });
    try {
      expect(await store.tableExists("documents")).toBe(true);
      expect(await store.tableExists("no_such_table")).toBe(false);
      const { passages } = await retrieve({ query: "Tokayev visit to Tajikistan", k: 3 }, { store, embedder });
      expect(passages).toHaveLength(3);
      expect(passages[0].text).toMatch(/Tokayev|Tajikistan/);

      // Unchanged: nothing to do (this run used to fail with "Table 'documents' already exists").
      expect(await ingest()).toMatchObject({ added: 0, updated: 0, unchanged: 5, removed: 0 });

      const [edited, removed] = (await store.listDocuments()).map((document) => document.source);
      await writeFile(path.join(corpusDir, edited), "Astana Grain Corridor\n\nThe grain corridor through Astana opened to rail freight in the spring.\n");
      await rm(path.join(corpusDir, removed));
      expect(await ingest()).toMatchObject({ updated: 1, removed: 1, unchanged: 3 });
      const after = await census(store);
      expect(after).toMatchObject({ documents: 4, rows: after.expected, visible: after.expected, distinct: after.expected });
      const grain = await retrieve({ query: "grain corridor rail freight Astana", k: 1 }, { store, embedder });
      expect(grain.passages[0].source).toBe(edited);
    } finally {
      store.close();
      await cp(seedCorpusDir, corpusDir, { recursive: true });
    }
  }, 120_000);
});

interface IngestProcess {
  pid: number;
  exited: Promise<{ code: number | null; output: string }>;
}

/** `scripts/ingest.ts` as its own process (one process, so its pid is the lock holder's). */
function startIngest(environment: Record<string, string>): IngestProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/ingest.ts"], {
    cwd: repositoryRoot,
    env: { ...process.env, CORPUS_DIR: corpusDir, CACHE_DIR: path.join(repositoryRoot, ".cache"), EMBEDDING_PROVIDER: "local", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { pid: child.pid!, exited: new Promise((resolve) => child.once("exit", (code) => resolve({ code, output }))) };
}

describe.each(["s3", "folder"] as const)("two ingest processes started together over a stale lock (%s index)", (kind) => {
  it("one writes and the other refuses naming it (or, started later, finds nothing to do); no chunk is duplicated", async () => {
    const lancedbUri = kind === "s3" ? `s3://${s3.bucket}/race/index` : path.join(root, "race-index");
    const environment = { LANCEDB_URI: lancedbUri, ...(kind === "s3" ? s3.environment : {}) };
    const storageOptions = kind === "s3" ? s3.storageOptions : {};
    // What a killed ingest on another machine leaves: a lock row whose lease has run out.
    const store = await Store.open(lancedbUri, { storageOptions });
    try {
      await (await acquireIngestLock(store)).release();
      const lock = await lancedb.connect(lancedbUri, { storageOptions }).then((connection) => connection.openTable("ingest_lock"));
      await lock.update({ where: "key = 'ingest'", values: { owner: "killed", host: "machine-b", pid: 99, expires_at: Date.now() - 1 } });

      const runs = [startIngest(environment), startIngest(environment)];
      const results = await Promise.all(runs.map((run) => run.exited));
      const report = results.map((result) => result.output).join("\n---\n");
      // Exactly one of them writes the articles. The other either met the lock (and says whose it
      // is) or, on a loaded machine, started only after the first had finished and found every
      // article unchanged: both orders are correct; two writers would both say "5 added".
      const writers = results.filter((result) => result.code === 0 && /\b5 added\b/.test(result.output));
      expect(writers, report).toHaveLength(1);
      const winner = runs[results.indexOf(writers[0])];
      const other = results.find((result) => result !== writers[0])!;
      if (other.code === 0) expect(other.output, report).toMatch(/\b0 added\b.*\b5 unchanged\b/);
      else expect(other.output, report).toContain(`ingest failed: Another ingest (process ${winner.pid} on ${os.hostname()}) is writing this index; wait for it to finish`);

      const after = await census(store);
      expect(after).toMatchObject({ documents: 5, rows: after.expected, visible: after.expected, distinct: after.expected });
    } finally {
      store.close();
    }
  }, 120_000);
});
