// Test and script support: a production build of the app made with a canary API key in its
// environment (so a test can prove the key never reaches the client bundle), and `next start`
// servers over any index, each with its own environment.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { sourceFingerprint } from "../../scripts/lib/source-fingerprint";
import { repositoryRoot } from "./temp-index";
export { freePort } from "../../scripts/lib/free-port";
import { freePort } from "../../scripts/lib/free-port";

/** A fake key that looks real: the build and the servers get it, no output may contain it. */
export const canaryKey = "sk-test-canary-5c1f0e7d9a2b4e68";
export const nextBin = path.join(repositoryRoot, "node_modules", "next", "dist", "bin", "next");
const stampFile = path.join(repositoryRoot, ".next", "caravan-canary-build.json");


/** Removed rather than emptied: a provider SDK may read (and reject) an empty value itself. */
function baseEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", CACHE_DIR: path.join(repositoryRoot, ".cache") };
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANSWER_ENGINE", "CHAT_MODEL", "EMBEDDING_PROVIDER", "EMBEDDING_MODEL"]) delete env[name];
  return env;
}

interface BuildStamp {
  buildId: string;
  fingerprint: string;
  /** A digest, not the key: the stamp lives in .next, which the secrets test scans. */
  canaryDigest: string;
}

const canaryDigest = createHash("sha256").update(canaryKey).digest("hex");

async function currentStamp(): Promise<BuildStamp | undefined> {
  try {
    const stamp = JSON.parse(await readFile(stampFile, "utf8")) as BuildStamp;
    const buildId = (await readFile(path.join(repositoryRoot, ".next", "BUILD_ID"), "utf8")).trim();
    return stamp.buildId === buildId ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `.next` built from the current sources with the canary key in the environment. Reused while the
 * sources and the build are unchanged (another build, e.g. the UI suite's, invalidates the stamp).
 */
export async function ensureCanaryBuild(): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  const fingerprint = await sourceFingerprint(repositoryRoot);
  const stamp = await currentStamp();
  if (stamp?.fingerprint === fingerprint && stamp.canaryDigest === canaryDigest) return { built: false, ms: Date.now() - started };
  const env = { ...baseEnvironment(), OPENAI_API_KEY: canaryKey, OPENAI_BASE_URL: "http://127.0.0.1:9/v1" };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], { cwd: repositoryRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}:\n${output.slice(-4000)}`))));
  });
  const buildId = (await readFile(path.join(repositoryRoot, ".next", "BUILD_ID"), "utf8")).trim();
  await writeFile(stampFile, JSON.stringify({ buildId, fingerprint, canaryDigest } satisfies BuildStamp));
  return { built: true, ms: Date.now() - started };
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  /** The `next start` process (the server itself: Next runs in the process it was started in). */
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

/** Starts `next start` over an index on a free loopback port and waits until it answers. */
export async function startNextServer(options: { lancedbUri: string; corpusDir: string; env?: Record<string, string> }): Promise<RunningServer> {
  const port = await freePort();
  const env = {
    ...baseEnvironment(),
    ANSWER_ENGINE: "extractive",
    RATE_LIMIT_PER_MINUTE: "0",
    PAGE_RATE_LIMIT_PER_MINUTE: "0",
    LANCEDB_URI: options.lancedbUri,
    CORPUS_DIR: options.corpusDir,
    PORT: String(port),
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: repositoryRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${baseUrl}/api/documents`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 60 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, port, pid: child.pid!, log: () => log, stop };
}

/** Resident memory of a process and its descendants, from /proc (Linux), in bytes. */
export async function residentBytes(pid: number): Promise<number> {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const status = await readFile(`/proc/${current}/status`, "utf8").catch(() => "");
    total += Number(status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1] ?? 0) * 1024;
    for (const task of await readdir(`/proc/${current}/task`).catch(() => [] as string[])) {
      const children = await readFile(`/proc/${current}/task/${task}/children`, "utf8").catch(() => "");
      pending.push(...children.split(/\s+/).filter(Boolean).map(Number));
    }
  }
  return total;
}
