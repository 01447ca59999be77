// Runs one benchmark task (scripts/lib/bench-children.ts) in a fresh Node process, bounded in
// time, and returns its result. The child is this repository's Node 24 with tsx, in the
// react-server condition like every script.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { resultMarker } from "./bench-children";

const benchScript = path.resolve(import.meta.dirname, "../bench.ts");

export class ChildTaskError extends Error {
  override name = "ChildTaskError";
}

export async function runInChild<T>(task: string, args: unknown, options: { timeoutMs: number; maxOldSpaceMB?: number; exposeGc?: boolean }): Promise<T> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "caravan-bench-args-"));
  const argsFile = path.join(directory, "args.json");
  await writeFile(argsFile, JSON.stringify(args));
  const nodeOptions = ["--conditions=react-server", "--import", "tsx"];
  if (options.maxOldSpaceMB) nodeOptions.push(`--max-old-space-size=${options.maxOldSpaceMB}`);
  if (options.exposeGc) nodeOptions.push("--expose-gc");
  try {
    return await new Promise<T>((resolve, reject) => {
      const child = spawn(process.execPath, [...nodeOptions, benchScript, "--child", task, argsFile], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NODE_ENV: "production" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new ChildTaskError(`${task} did not finish within ${Math.round(options.timeoutMs / 1000)} s`));
      }, options.timeoutMs);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        const line = stdout.split("\n").find((candidate) => candidate.startsWith(resultMarker));
        if (code === 0 && line) {
          resolve(JSON.parse(line.slice(resultMarker.length)) as T);
          return;
        }
        const why = signal ? `was killed (${signal}${signal === "SIGKILL" ? ", likely out of memory or time" : ""})` : `exited with ${code}`;
        reject(new ChildTaskError(`${task} ${why}: ${stderr.split("\n").filter((text) => text && !/nodedir/.test(text)).slice(-6).join(" | ")}`));
      });
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
