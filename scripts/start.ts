// npm start: ingest when the index is missing or the corpus changed, build when the code
// changed, then serve. One command from a fresh clone to a running app.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { getConfig, loadEnvironmentFiles } from "../lib/server/config";
import { sourceFingerprint } from "./lib/source-fingerprint";

const root = process.cwd();
const buildStamp = path.join(root, ".next", "caravan-build-stamp");

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
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

function serve(port: number): void {
  const child = spawn("next", ["start", "-p", String(port)], { stdio: "inherit", env: process.env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

async function main(): Promise<void> {
  loadEnvironmentFiles();
  const config = getConfig();
  await ingestIfNeeded();
  await buildIfNeeded();
  console.log(`Caravan: http://localhost:${config.port}`);
  serve(config.port);
}

main().catch((error: unknown) => {
  console.error(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
