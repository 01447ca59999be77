// npm start: ingest when the index is missing or the corpus changed, build when the code
// changed, then serve. One command from a fresh clone to a running app.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { getConfig, loadEnvironmentFiles } from "../lib/server/config";
import { sourceFingerprint } from "./lib/source-fingerprint";

const root = process.cwd();
const buildStamp = path.join(root, ".next", "caravan-build-stamp");
const usage = "usage: npm start   (serves on http://127.0.0.1:$PORT; HOST=0.0.0.0 serves other machines too)";

/** The child doing the current step (ingest, build or the server): a signal to us goes to it. */
let current: ChildProcess | undefined;
let stopping: NodeJS.Signals | undefined;

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    current = child;
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      current = undefined;
      if (stopping) process.exit(128 + (signal === "SIGINT" || stopping === "SIGINT" ? 2 : 15));
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`));
    });
  });
}

/**
 * SIGINT or SIGTERM stops whatever step is running (ingest, build, or the server) and then this
 * process: nothing it started keeps running after `npm start` is told to stop.
 */
function forwardSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      stopping ??= signal;
      if (current && current.exitCode === null && current.signalCode === null) current.kill(signal === "SIGHUP" ? "SIGTERM" : signal);
      else process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  }
}

/**
 * Incremental (unchanged files are skipped by hash), so it costs about a second when nothing
 * changed. A child process, so the server does not carry ingest's memory afterwards.
 */
function ingestIfNeeded(): Promise<void> {
  return run("npm", ["run", "--silent", "ingest"]);
}

async function buildIfNeeded(): Promise<void> {
  const fingerprint = await sourceFingerprint(root);
  const previous = await readFile(buildStamp, "utf8").catch(() => "");
  if (previous === fingerprint && existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.log("building the app (first start or changed code)…");
  await run("next", ["build"]);
  await writeFile(buildStamp, fingerprint);
}

/** The one address the server answers on, as a person would type it. */
function servedAddress(host: string, port: number): string {
  const shown = host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** Next's own banner lists a "Local" and a "Network" address; ours names the one it binds. */
function isAddressBanner(line: string): boolean {
  return /^\s*-\s+(?:Local|Network):/.test(line);
}

function serve(host: string, port: number): void {
  const child = spawn("next", ["start", "-H", host, "-p", String(port)], { stdio: ["inherit", "pipe", "inherit"], env: process.env });
  current = child;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!isAddressBanner(line)) console.log(line);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(usage);
    return;
  }
  forwardSignals();
  loadEnvironmentFiles();
  const config = getConfig();
  await ingestIfNeeded();
  await buildIfNeeded();
  const everywhere = config.host === "0.0.0.0" || config.host === "::";
  console.log(`Caravan: ${servedAddress(config.host, config.port)}${everywhere ? " (every interface)" : ""}`);
  serve(config.host, config.port);
}

main().catch((error: unknown) => {
  console.error(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
