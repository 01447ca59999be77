// A large corpus folder made from the State of the Union speeches, for measuring ingest at scale:
// the speeches are cut into paragraphs of a few sentences, the paragraphs shuffled (a fixed seed, so
// every run reads the same folder) and written into files of about a speech's size until the folder
// holds the asked size. Real English throughout, so sentence splitting, terms and embedding cost
// what they cost on real articles; every file's content differs, so none is a duplicate.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
// The benchmark datasets' seeded PRNG, so the shuffle (and the folder) is the same every run.
import { seededRandom } from "./bench-dataset";


/** A speech (one long line in the package) as paragraphs of `sentences` sentences. */
export function paragraphsOf(speech: string, sentences = 5): string[] {
  const parts = speech.trim().split(/(?<=[.!?]["')\]]?)\s+(?=["'(\[]?[A-Z])/);
  const paragraphs: string[] = [];
  for (let index = 0; index < parts.length; index += sentences) paragraphs.push(parts.slice(index, index + sentences).join(" "));
  return paragraphs.filter((paragraph) => paragraph.length > 0);
}

export interface SyntheticCorpus {
  corpusDir: string;
  files: number;
  bytes: number;
}

/** Writes about `megabytes` MB of shuffled SOTU paragraphs into `targetDir`, in files of ~`fileBytes` each. */
export async function writeSyntheticCorpus(options: { sotuDir: string; targetDir: string; megabytes: number; fileBytes?: number; seed?: number }): Promise<SyntheticCorpus> {
  const fileBytes = options.fileBytes ?? 45_000;
  const random = seededRandom(options.seed ?? 20_240_601);
  const names = (await readdir(options.sotuDir)).filter((name) => name.endsWith(".txt")).sort();
  const paragraphs: string[] = [];
  for (const name of names) paragraphs.push(...paragraphsOf(await readFile(path.join(options.sotuDir, name), "utf8")));
  await mkdir(options.targetDir, { recursive: true });
  const target = options.megabytes * 2 ** 20;
  let bytes = 0;
  let files = 0;
  // A fresh shuffle per pass over the paragraphs: consecutive passes never repeat a file.
  let order: number[] = [];
  while (bytes < target) {
    const parts: string[] = [];
    let size = 0;
    while (size < fileBytes) {
      if (order.length === 0) {
        order = paragraphs.map((_, index) => index);
        for (let index = order.length - 1; index > 0; index--) {
          const other = Math.floor(random() * (index + 1));
          [order[index], order[other]] = [order[other], order[index]];
        }
      }
      const paragraph = paragraphs[order.pop()!];
      parts.push(paragraph);
      size += Buffer.byteLength(paragraph) + 2;
    }
    const text = `${parts.join("\n\n")}\n`;
    // Spread over folders of 500 files, as a large library would be.
    const file = path.join(options.targetDir, `part-${String(Math.floor(files / 500)).padStart(2, "0")}`, `synthetic-${String(files).padStart(5, "0")}.txt`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    bytes += Buffer.byteLength(text);
    files += 1;
  }
  return { corpusDir: options.targetDir, files, bytes };
}
