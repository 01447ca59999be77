import "server-only";
import { randomUUID } from "node:crypto";
import { getEmbedder } from "../embeddings";
import { getStore } from "../search/library";
import { getConfig } from "../server/config";
import { ingestCorpus, IngestLockedError, type IngestProgress, type IngestSummary } from "./index";
import type { ChangeResult } from "./library-changes";

// Library changes run as jobs in the server: the request that asks for one gets its id at once
// (202), the page polls the job for progress, and the job ends when the index shows the change.
// One ingest runs at a time in this process; changes that arrive meanwhile share the next one.
// State lives on globalThis: Next bundles each route apart, and they must share one queue.

export interface LibraryJob {
  id: string;
  kind: "upload" | "text" | "url" | "delete";
  state: "running" | "done" | "failed";
  /** What is happening now, in a few words ("Reading 2 files", "Indexing 3 of 7"). */
  step: string;
  /** Progress of the ingest step, when it runs. */
  progress?: { done: number; total: number };
  /** One entry per file of the change. */
  results: ChangeResult[];
  /** Why the whole job failed, or a note when it finished (e.g. an ingest from the command line held the index). */
  message?: string;
  summary?: Pick<IngestSummary, "added" | "updated" | "removed" | "documents">;
  startedAt: string;
  finishedAt?: string;
}

interface JobState {
  jobs: Map<string, LibraryJob>;
  /** The ingest running now, and the one queued after it (shared by every change that arrives meanwhile). */
  running?: Promise<IngestSummary>;
  queued?: Promise<IngestSummary>;
  listeners: Set<(progress: IngestProgress) => void>;
}

const stateKey = Symbol.for("caravan.libraryJobs");
const keptJobs = 50;

function state(): JobState {
  const holder = globalThis as typeof globalThis & { [stateKey]?: JobState };
  holder[stateKey] ??= { jobs: new Map(), listeners: new Set() };
  return holder[stateKey];
}

export function getJob(id: string): LibraryJob | undefined {
  const job = state().jobs.get(id);
  return job && structuredClone(job);
}

async function runIngest(): Promise<IngestSummary> {
  const config = getConfig();
  const embedder = await getEmbedder(config);
  return ingestCorpus({
    corpusDir: config.corpusDir,
    lancedbUri: config.lancedbUri,
    embedder,
    onProgress: (progress) => {
      for (const listener of state().listeners) listener(progress);
    },
  });
}

/**
 * An ingest that starts after this call: the one queued behind a running ingest when there is one
 * (files written now may be missed by the running one), else a new one.
 */
function requestIngest(): Promise<IngestSummary> {
  const shared = state();
  if (shared.queued) return shared.queued;
  const start = (): Promise<IngestSummary> => {
    shared.queued = undefined;
    const run = runIngest();
    shared.running = run;
    const clear = () => {
      if (shared.running === run) shared.running = undefined;
    };
    run.then(clear, clear);
    return run;
  };
  if (!shared.running) return start();
  shared.queued = shared.running.then(start, start);
  return shared.queued;
}

/** Known content hashes of indexed documents (hash -> source), for the duplicate check. */
export async function indexedHashes(): Promise<Map<string, string>> {
  const store = await getStore();
  if (!(await store.tableExists("documents"))) return new Map();
  const rows = await store.documentRows();
  return new Map([...rows.values()].map((row) => [row.content_hash, row.source]));
}

function stepOf(progress: IngestProgress): string {
  if (progress.phase === "scan") return `Reading the library (${progress.done} of ${progress.total} files)`;
  if (progress.phase === "embed") return `Indexing ${progress.source ?? "a long article"}`;
  if (progress.phase === "index") return "Updating the search index";
  return "Finishing";
}

/**
 * Starts a job: `change` writes to the corpus folder and says what became of each file; then, when
 * anything changed, an incremental ingest brings the index in line. Returns the job at once.
 */
export function startJob(kind: LibraryJob["kind"], change: (job: LibraryJob) => Promise<ChangeResult[]>): LibraryJob {
  const shared = state();
  const job: LibraryJob = { id: randomUUID(), kind, state: "running", step: "Starting", results: [], startedAt: new Date().toISOString() };
  shared.jobs.set(job.id, job);
  // Forget the oldest finished jobs; a page polls a job for seconds, not hours.
  for (const [id, old] of shared.jobs) {
    if (shared.jobs.size <= keptJobs) break;
    if (old.state !== "running") shared.jobs.delete(id);
  }
  void run(job, change);
  return structuredClone(job);
}

async function run(job: LibraryJob, change: (job: LibraryJob) => Promise<ChangeResult[]>): Promise<void> {
  const listener = (progress: IngestProgress) => {
    job.step = stepOf(progress);
    job.progress = { done: progress.done, total: progress.total };
  };
  try {
    job.results = await change(job);
    if (!job.results.some((result) => result.ok)) {
      job.state = "failed";
      job.step = "Nothing changed";
      return;
    }
    job.step = "Waiting for the index";
    state().listeners.add(listener);
    const summary = await requestIngest();
    job.summary = { added: summary.added, updated: summary.updated, removed: summary.removed, documents: summary.documents };
    // A file that passed the check can still be skipped by the ingest (changed meanwhile): say so.
    const skipped = new Map(summary.skipped.map((entry) => [entry.source, entry.reason]));
    for (const result of job.results) {
      const reason = result.source && skipped.get(result.source);
      if (result.ok && reason) Object.assign(result, { ok: false, reason });
    }
    job.state = job.results.some((result) => result.ok) ? "done" : "failed";
    job.step = "Done";
  } catch (error) {
    job.state = "failed";
    job.step = "Failed";
    job.message =
      error instanceof IngestLockedError
        ? `Saved in the corpus folder, but another ingest is writing the index now; run \`npm run ingest\` when it finishes. (${error.message})`
        : "The change could not be completed; see the server log.";
    if (!(error instanceof IngestLockedError)) console.error("library change failed", error);
  } finally {
    state().listeners.delete(listener);
    job.progress = undefined;
    job.finishedAt = new Date().toISOString();
  }
}
