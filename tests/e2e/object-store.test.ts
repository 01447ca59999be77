// Several servers over one index on object storage: two `next start` processes on different ports
// serve one s3:// index (a real S3-compatible server on loopback); this test process, a third,
// ingests a new article while clients ask both. No request may fail, and both servers must show
// and answer from the new article without a restart.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEmbedder } from "@/lib/embeddings";
import { ingestCorpus } from "@/lib/ingest";
import { loadConfig, type AppConfig } from "@/lib/server/config";
import { ensureCanaryBuild, startNextServer, type RunningServer } from "../support/next-server";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { observatoryArticle, repositoryRoot, seedCorpusDir } from "../support/temp-index";

let s3: S3TestServer;
let root: string;
let config: AppConfig;
let servers: RunningServer[] = [];

async function ingest() {
  return ingestCorpus({ corpusDir: config.corpusDir, lancedbUri: config.lancedbUri, storageOptions: config.lancedbStorageOptions, embedder: await getEmbedder(config) });
}

beforeAll(async () => {
  await ensureCanaryBuild();
  s3 = await startS3Server();
  root = await mkdtemp(path.join(os.tmpdir(), "caravan-e2e-s3-"));
  const corpusDir = path.join(root, "corpus");
  await cp(seedCorpusDir, corpusDir, { recursive: true });
  const lancedbUri = `s3://${s3.bucket}/shared/index`;
  config = loadConfig({ CORPUS_DIR: corpusDir, LANCEDB_URI: lancedbUri, CACHE_DIR: path.join(repositoryRoot, ".cache"), ...s3.environment }, repositoryRoot);
  await ingest();
  servers = await Promise.all([0, 1].map(() => startNextServer({ lancedbUri, corpusDir, env: s3.environment })));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await s3?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function ask(server: RunningServer, question: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }] }),
  });
  return { status: response.status, body: await response.text() };
}

async function listed(server: RunningServer): Promise<{ id: string; source: string }[]> {
  const response = await fetch(`${server.baseUrl}/api/documents`);
  if (!response.ok) throw new Error(`GET /api/documents: ${response.status}`);
  return ((await response.json()) as { documents: { id: string; source: string }[] }).documents;
}

describe("two servers over one s3:// index", () => {
  it("serve it, and both see a third process's ingest without a restart and with no failed request", async () => {
    const failures: string[] = [];
    const rounds: { from: number; to: number }[] = [];
    let asking = true;
    const client = async (server: RunningServer, question: string) => {
      while (asking) {
        const from = Date.now();
        const { status, body } = await ask(server, question);
        if (status !== 200 || !body.includes('"type":"finish"') || body.includes('"type":"error"')) failures.push(`${server.port}: ${status} ${body.slice(0, 300)}`);
        const documents = await listed(server).catch((error: Error) => (failures.push(`${server.port}: ${error.message}`), []));
        const reader = documents[0] && (await fetch(`${server.baseUrl}/api/documents/${documents[0].id}`));
        if (reader && !reader.ok) failures.push(`${server.port}: GET /api/documents/${documents[0].id}: ${reader.status}`);
        rounds.push({ from, to: Date.now() });
      }
    };
    const clients = servers.flatMap((server) => [client(server, "Where did Tokayev travel?"), client(server, "What was said about water and energy?")]);

    await writeFile(path.join(config.corpusDir, "zarafshan-observatory.txt"), observatoryArticle);
    const started = Date.now();
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 1, unchanged: 5 });
    const ingested = Date.now();

    for (const server of servers) {
      let seen = false;
      while (!seen && Date.now() - ingested < 15_000) {
        seen = (await listed(server)).some((document) => document.source === "zarafshan-observatory.txt");
        if (!seen) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(seen, `server on port ${server.port} lists the new article`).toBe(true);
      const { status, body } = await ask(server, "Who was the first director of the Zarafshan Star Observatory?");
      expect(status).toBe(200);
      expect(body).toContain("Dilnoza Rahimova");
    }
    asking = false;
    await Promise.all(clients);
    const during = rounds.filter((round) => round.from < ingested && round.to > started).length;
    console.info(`two servers over s3: ingest took ${ingested - started} ms; ${rounds.length} client rounds (a chat answer, the library, a reader), ${during} in flight during the ingest`);
    expect(during).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
