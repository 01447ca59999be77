// npm start: ingest when the index is missing or the corpus changed, build when the code
// changed, then serve. One command from a fresh clone to a running app.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { getConfig, loadEnvironmentFiles } from "../lib/config";
import { getEmbedder } from "../lib/embeddings";
import { ingestCorpus } from "../lib/ingest";

const root = process.cwd();
const buildInputs = ["app", "lib", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const buildStamp = path.join(root, ".next", "caravan-build-stamp");

/** Incremental: unchanged files are skipped by their hash, so this costs a second when nothing changed. */
async function ingestIfNeeded(): Promise<void> {
  const config = getConfig();
  const embedder = await getEmbedder(config);
  const summary = await ingestCorpus({ corpusDir: config.corpusDir, lancedbUri: config.lancedbUri, embedder });
  for (const skipped of summary.skipped) console.log(`skipped ${skipped.source}: ${skipped.reason}`);
  console.log(
    `index: ${summary.documents} documents, ${summary.chunks} chunks (${summary.added} added, ${summary.updated} updated, ${summary.removed} removed)`,
  );
}

async function listFiles(entry: string): Promise<string[]> {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!(await stat(full)).isDirectory()) return [entry];
  const entries = await readdir(full, { recursive: true, withFileTypes: true });
  return entries
    .filter((item) => item.isFile() && !item.name.endsWith(".test.ts"))
    .map((item) => path.relative(root, path.join(item.parentPath, item.name)))
    .sort();
}

/** A fingerprint of everything `next build` reads, so a changed checkout is rebuilt and an unchanged one is not. */
async function sourceFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const entry of buildInputs) {
    for (const file of await listFiles(entry)) hash.update(file).update(await readFile(path.join(root, file)));
  }
  return hash.digest("hex");
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

async function buildIfNeeded(): Promise<void> {
  const fingerprint = await sourceFingerprint();
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
