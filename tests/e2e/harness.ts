// E2E harness: a real production server (next build + next start) over a temp index of the seed
// corpus, and Debian's chromium driven by playwright-core.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createTempIndex, repositoryRoot, type TempIndex } from "../support/temp-index";

export const screenshotDir = path.join(repositoryRoot, ".artifacts", "screenshots");
const nextBin = path.join(repositoryRoot, "node_modules", "next", "dist", "bin", "next");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // process.execPath is the Node 24 running vitest: Next and LanceDB need it, not the system node.
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: repositoryRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args.join(" ")} exited with ${code}:\n${output.slice(-4000)}`))));
  });
}

async function waitForServer(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not answer at ${url} within ${timeoutMs} ms:\n${log()}`);
}

export interface TestServer {
  baseUrl: string;
  index: TempIndex;
  timings: { ingestMs: number; buildMs: number; startMs: number };
  stop(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  let started = Date.now();
  const index = await createTempIndex();
  const ingestMs = Date.now() - started;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    CORPUS_DIR: index.corpusDir,
    LANCEDB_URI: index.lancedbUri,
    CACHE_DIR: path.join(repositoryRoot, ".cache"),
    // Offline and deterministic: the extractive engine, whatever keys the developer has set.
    ANSWER_ENGINE: "extractive",
    RATE_LIMIT_PER_MINUTE: "0",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // Removed rather than emptied: a provider SDK may read (and reject) an empty base URL itself.
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  started = Date.now();
  await run(["build"], env);
  const buildMs = Date.now() - started;

  started = Date.now();
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: repositoryRoot,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    await index.cleanup();
  };
  try {
    await waitForServer(`${baseUrl}/api/documents`, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, index, timings: { ingestMs, buildMs, startMs: Date.now() - started }, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** A page that records every console error and uncaught exception, to fail the test on any. */
export async function openPage(
  context: BrowserContext,
): Promise<{ page: Page; errors: string[]; allow: (pattern: RegExp) => void }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error" && !(message.type() === "warning" && /hydrat/i.test(message.text()))) return;
    const where = message.location().url;
    const text = `${message.type()}: ${message.text()}${where ? ` (${where})` : ""}`;
    if (!allowed.some((pattern) => pattern.test(text))) errors.push(text);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return { page, errors, allow: (pattern) => allowed.push(pattern) };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}
