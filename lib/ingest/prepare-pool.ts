import "server-only";
import { createHash } from "node:crypto";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PreparedFile, PrepareRequest } from "./prepare";

// Worker threads that prepare files for ingest (prepare-worker.ts): reading, cleaning, sentence
// splitting, chunking and local embedding spread over the machine's cores while ingest's own
// thread writes to the index. Each file has a time budget for reading, cleaning and splitting;
// a file past it is skipped with its reason and its thread is terminated and replaced, since
// synchronous work cannot be interrupted any other way. The index is written by ingest's thread
// alone, in the same order as without workers, so results and crash safety do not change.

export interface WorkerSetup {
  embedderId: string;
  /** The local embedder's word vectors (shared memory): the worker makes the same embedder and embeds the passages; absent: ingest embeds. */
  vectorBytes?: ArrayBufferLike;
  /** See PrepareContext.movedVersions. */
  movedVersions: string[];
}

export type WorkerInbox = { id: number; request: PrepareRequest };

export type WorkerOutbox =
  | { type: "ready" }
  | { type: "failed"; reason: string }
  | { type: "split"; id: number }
  | { type: "done"; id: number; result: PreparedFile };

export interface PreparePoolOptions {
  size: number;
  setup: WorkerSetup;
  /** Milliseconds a file may take to be read, cleaned and split before it is skipped. */
  fileBudgetMs: number;
  /** Prepares a file in this thread: used when worker threads cannot start here. */
  fallback: (request: PrepareRequest) => Promise<PreparedFile>;
}

/** What ingest takes (IngestOptions.workers): how many threads, and how to start them. */
export interface IngestWorkers {
  count: number;
  start(options: Omit<PreparePoolOptions, "fileBudgetMs">): Pick<PreparePool, "prepare" | "close">;
}

/** Default for the file time budget: far above what any real article takes (a 44 KB speech: ~50 ms). */
export const defaultFileBudgetMs = 30_000;

/**
 * One worker per core, at most four: past that ingest's own thread (Arrow conversion, LanceDB's
 * writes, embedding with a remote embedder) is the limit, and each worker holds its own sentence
 * model and module code (~100 MB; the word vectors are shared).
 */
export function defaultIngestWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/** Worker threads for ingest: `count` of them (default: one per core, at most four), each file within `fileBudgetMs`. */
export function workerThreads(options: { count?: number; fileBudgetMs?: number } = {}): IngestWorkers {
  return {
    count: options.count ?? defaultIngestWorkers(),
    start: (pool) => new PreparePool({ ...pool, fileBudgetMs: options.fileBudgetMs ?? defaultFileBudgetMs }),
  };
}

interface Task {
  id: number;
  request: PrepareRequest;
  resolve: (result: PreparedFile) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const prepareWorkerFile = path.join(here, "prepare-worker.ts");

/** "30 s", "0.5 s": how a budget reads in a skip reason. */
export function budgetText(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

interface WorkerScript {
  file: string;
  execArgv: string[];
}

let bundled: Promise<WorkerScript> | undefined;

/**
 * The worker as one plain ES module, bundled by esbuild (~25 ms) into node_modules/.cache, where
 * its package imports resolve as from the source: a thread then starts in ~0.1 s of CPU, against
 * ~0.9 s through tsx, whose loader hooks see every module of every package. Named by its content,
 * so a changed source makes a new file and a running ingest keeps its own. If bundling fails, the
 * TypeScript source runs through tsx (a dependency, named by its file). React's server condition
 * either way, as every script runs.
 */
export function workerScript(): Promise<WorkerScript> {
  bundled ??= bundleWorker().catch(() => ({
    file: prepareWorkerFile,
    execArgv: ["--conditions=react-server", "--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href],
  }));
  return bundled;
}

async function bundleWorker(): Promise<WorkerScript> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [prepareWorkerFile],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    conditions: ["react-server"],
    packages: "external",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const esbuildEntry = createRequire(import.meta.url).resolve("esbuild");
  const nodeModules = esbuildEntry.slice(0, esbuildEntry.lastIndexOf(`${path.sep}node_modules${path.sep}`) + `${path.sep}node_modules`.length);
  const directory = path.join(nodeModules, ".cache", "caravan");
  const file = path.join(directory, `prepare-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!(await stat(file).catch(() => undefined))) {
    await mkdir(directory, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, code);
    await rename(temporary, file);
  }
  return { file, execArgv: ["--conditions=react-server"] };
}

export class PreparePool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  /** Set when a worker failed to start: every file from then on is prepared in this thread. */
  private broken = false;

  private script?: WorkerScript;

  constructor(private readonly options: PreparePoolOptions) {
    void workerScript().then((script) => {
      this.script = script;
      if (this.closed) return;
      for (let index = 0; index < Math.max(1, options.size); index++) this.spawn();
    });
  }

  get size(): number {
    return Math.max(1, this.options.size);
  }

  prepare(request: PrepareRequest): Promise<PreparedFile> {
    if (this.closed) return Promise.reject(new Error("the prepare pool is closed"));
    if (this.broken) return this.options.fallback(request);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, request, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.slots].map((slot) => slot.worker);
    this.slots.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private spawn(): void {
    const script = this.script!;
    const worker = new Worker(script.file, { workerData: this.options.setup, execArgv: script.execArgv });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on("message", (message: WorkerOutbox) => this.receive(slot, message));
    worker.on("error", (error) => this.lost(slot, error.message));
    worker.on("exit", (code) => this.lost(slot, `exit code ${code}`));
  }

  private receive(slot: Slot, message: WorkerOutbox): void {
    if (message.type === "ready") {
      slot.ready = true;
      this.dispatch();
    } else if (message.type === "failed") {
      this.lost(slot, message.reason);
    } else if (message.type === "split") {
      clearTimeout(slot.timer);
    } else if (slot.task?.id === message.id) {
      clearTimeout(slot.timer);
      const task = slot.task;
      slot.task = undefined;
      task.resolve(message.result);
      this.dispatch();
    }
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.task = task;
      slot.timer = setTimeout(() => this.overBudget(slot), this.options.fileBudgetMs);
      slot.worker.postMessage({ id: task.id, request: task.request } satisfies WorkerInbox);
    }
  }

  /** The file is skipped, keeping any indexed version; its thread is ended and another takes its place. */
  private overBudget(slot: Slot): void {
    const task = slot.task;
    if (!task || !this.slots.has(slot)) return;
    slot.task = undefined;
    this.retire(slot);
    task.resolve({
      ok: false,
      skipped: { source: task.request.source, reason: `took longer than ${budgetText(this.options.fileBudgetMs)} to read` },
      transient: true,
    });
    if (!this.closed) this.spawn();
  }

  /** A worker that failed to start, crashed or exited: its file is skipped, and a new thread replaces it. */
  private lost(slot: Slot, reason: string): void {
    if (!this.slots.has(slot)) return;
    this.retire(slot);
    const task = slot.task;
    slot.task = undefined;
    if (!slot.ready) {
      // Threads cannot start here (a bundle without the worker script, a loader missing): this
      // thread prepares everything, the files other threads hold and the queued ones included.
      this.broken = true;
      const waiting = task ? [task] : [];
      for (const other of [...this.slots]) {
        if (other.task) waiting.push(other.task);
        other.task = undefined;
        this.retire(other);
      }
      waiting.push(...this.queue.splice(0));
      for (const queued of waiting) void this.options.fallback(queued.request).then(queued.resolve);
      return;
    }
    task?.resolve({ ok: false, skipped: { source: task.request.source, reason: `could not be processed (its worker stopped: ${reason})` }, transient: true });
    if (!this.closed) this.spawn();
  }

  private retire(slot: Slot): void {
    clearTimeout(slot.timer);
    this.slots.delete(slot);
    slot.worker.removeAllListeners();
    // An error event after this is of no interest, but must not go unhandled.
    slot.worker.on("error", () => undefined);
    void slot.worker.terminate();
  }
}
