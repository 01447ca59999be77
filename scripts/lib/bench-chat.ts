// The chat route through the real production server: `next build` when the build is older than
// the sources, `next start` on a free port over a given index, then POST /api/chat with the UI
// message body the browser sends, timing the first streamed byte and the end of the answer.
import { spawn, type ChildProcess } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { freePort } from "./free-port";

const repositoryRoot = path.resolve(import.meta.dirname, "../..");
const nextBin = path.join(repositoryRoot, "node_modules", "next", "dist", "bin", "next");

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

function serverEnvironment(options: { lancedbUri: string; corpusDir: string; cacheDir: string; port?: number }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    LANCEDB_URI: options.lancedbUri,
    CORPUS_DIR: options.corpusDir,
    CACHE_DIR: options.cacheDir,
    // The offline engine, whatever keys the developer has set: this measures Caravan, not a model server.
    ANSWER_ENGINE: "extractive",
    RATE_LIMIT_PER_MINUTE: "0",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  if (options.port) env.PORT = String(options.port);
  return env;
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


export interface RunningServer {
  baseUrl: string;
  pid: number;
  startSeconds: number;
  /** Resident memory of the server and every process under it, in MB. */
  memoryMB(): Promise<number>;
  stop(): Promise<void>;
}

/** Sum of VmRSS over a process and its descendants (Linux /proc); `next start` may fork workers. */
async function treeRssMB(root: number): Promise<number> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Field 4 (after the parenthesised command, which may hold spaces) is the parent pid.
    const parent = Number(status.slice(status.lastIndexOf(")") + 2).split(" ")[1]);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)?.push(Number(entry));
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const match = status.match(/VmRSS:\s+(\d+)\s+kB/);
    if (match) total += Number(match[1]) / 1024;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

export async function startServer(options: { lancedbUri: string; corpusDir: string; cacheDir: string; timeoutMs?: number }): Promise<RunningServer> {
  const started = performance.now();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: repositoryRoot,
    env: serverEnvironment({ ...options, port }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const pid = child.pid as number;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) process.kill(-pid, "SIGKILL");
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (true) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}: ${log.slice(-2000)}`);
    try {
      if ((await fetch(`${baseUrl}/api/documents`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within ${options.timeoutMs ?? 60_000} ms: ${log.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, pid, startSeconds: (performance.now() - started) / 1000, memoryMB: () => treeRssMB(pid), stop };
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
