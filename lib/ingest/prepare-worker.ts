import "server-only";
import { parentPort, workerData } from "node:worker_threads";
import { createSifEmbedder } from "../embeddings/local-embedder";
import { wordVectorsFromBytes } from "../embeddings/word-vectors";
import { splitSentences } from "../text/nlp";
import { prepareFile, type PrepareContext } from "./prepare";
import type { WorkerInbox, WorkerOutbox, WorkerSetup } from "./prepare-pool";

// One thread of the prepare pool (prepare-pool.ts): it prepares one file at a time, as ingest's
// own thread would (prepare.ts), and says when splitting is done so the pool can stop the file's
// clock. A file that runs past its budget ends this thread (terminate); the pool starts another.

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error("prepare-worker.ts runs only as a worker thread");

function send(message: WorkerOutbox, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function start(): Promise<void> {
  const embedder = setup.vectorBytes ? createSifEmbedder(wordVectorsFromBytes(setup.vectorBytes)) : undefined;
  if (embedder && embedder.id !== setup.embedderId) throw new Error(`the worker's embedder is ${embedder.id}, ingest's is ${setup.embedderId}`);
  // The sentence model loads on first use (~100 ms): before the first file's clock starts, not on it.
  splitSentences("Warm up. The model loads now.");
  const movedVersions = new Set(setup.movedVersions);
  port!.on("message", async (message: WorkerInbox) => {
    const context: PrepareContext = {
      movedVersions,
      embed: embedder ? (texts) => texts.map(embedder.embedText) : undefined,
      onSplit: () => send({ type: "split", id: message.id }),
    };
    const result = await prepareFile(message.request, context);
    send({ type: "done", id: message.id, result }, result.ok && result.vectors ? [result.vectors.buffer as ArrayBuffer] : []);
  });
  send({ type: "ready" });
}

start().catch((error: unknown) => {
  // The pool reads this as the thread failing to start and prepares files in its own thread.
  send({ type: "failed", reason: error instanceof Error ? error.message : String(error) });
});
