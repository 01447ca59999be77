// The chat route through the real production server: `next build` when the build is older than
// the sources, `next start` on a free port over a given index, then POST /api/chat with the UI
// message body the browser sends, timing the first streamed byte and the end of the answer.
import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { nextBin, residentBytes, startNextServer } from "../../tests/support/next-server";

const repositoryRoot = path.resolve(import.meta.dirname, "../..");

/** The newest modification time among the files a production build is made from. */
async function newestSource(): Promise<number> {
  let newest = 0;
  async function walk(directory: string): Promise<void> {
    for (const entry of await readdir(directory, { withFileTypes: true }).catch(() => [])) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (/\.(tsx?|css|mjs|json)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, (await stat(file)).mtimeMs);
    }
  }
  await walk(path.join(repositoryRoot, "app"));
  await walk(path.join(repositoryRoot, "lib"));
  for (const file of ["next.config.ts", "package.json", "tsconfig.json", "postcss.config.mjs"]) {
    newest = Math.max(newest, (await stat(path.join(repositoryRoot, file)).catch(() => ({ mtimeMs: 0 }))).mtimeMs);
  }
  return newest;
}

export async function buildIsStale(): Promise<boolean> {
  const built = await stat(path.join(repositoryRoot, ".next", "BUILD_ID")).catch(() => undefined);
  return !built || built.mtimeMs < (await newestSource());
}

export async function nextBuild(options: { timeoutMs: number }): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: repositoryRoot,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`next build exited with ${code}: ${output.slice(-2000)}`));
    });
  });
  return (performance.now() - started) / 1000;
}

export interface BenchServer {
  baseUrl: string;
  pid: number;
  startSeconds: number;
  /** Resident memory of the server and every process under it, in MB. */
  memoryMB(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * `next start` over an index (tests/support/next-server.ts: offline extractive engine, no rate
 * limit, no model keys), with the embedder cache the benchmark uses; startSeconds includes
 * waiting until the server answers.
 */
export async function startServer(options: { lancedbUri: string; corpusDir: string; cacheDir: string }): Promise<BenchServer> {
  const started = performance.now();
  const server = await startNextServer({ lancedbUri: options.lancedbUri, corpusDir: options.corpusDir, env: { CACHE_DIR: options.cacheDir } });
  return {
    baseUrl: server.baseUrl,
    pid: server.pid,
    startSeconds: (performance.now() - started) / 1000,
    memoryMB: async () => (await residentBytes(server.pid)) / 2 ** 20,
    stop: server.stop,
  };
}

export interface ChatTiming {
  question: string;
  status: number;
  firstByteMs: number;
  firstTextMs: number;
  totalMs: number;
  bytes: number;
  /** Text deltas in the stream: the extractive engine pauses between them (its reading pace). */
  textDeltas: number;
}

/** One POST /api/chat, read to the end: first body byte, first text delta, last byte. */
export async function timeChat(baseUrl: string, question: string): Promise<ChatTiming> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ id: "bench", role: "user", parts: [{ type: "text", text: question }] }] }),
  });
  let firstByteMs = Number.NaN;
  let firstTextMs = Number.NaN;
  let bytes = 0;
  let seen = "";
  let textDeltas = 0;
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - started;
    bytes += value.byteLength;
    // Count complete events only: an event may be split across reads.
    seen += decoder.decode(value, { stream: true });
    const events = seen.split("\n\n");
    seen = events.pop() ?? "";
    for (const event of events) {
      if (!event.includes('"type":"text-delta"')) continue;
      textDeltas += 1;
      if (Number.isNaN(firstTextMs)) firstTextMs = performance.now() - started;
    }
  }
  return { question, status: response.status, firstByteMs, firstTextMs, totalMs: performance.now() - started, bytes, textDeltas };
}
