import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paragraphsOf, writeSyntheticCorpus } from "./synthetic-corpus";

let root: string;
let sotuDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "caravan-synthetic-"));
  sotuDir = path.join(root, "sotu");
  await mkdir(sotuDir);
  for (let speech = 0; speech < 4; speech++) {
    const sentences = Array.from({ length: 60 }, (_, index) => `Speech ${speech} says thing number ${index} to the Congress.`);
    await writeFile(path.join(sotuDir, `${1900 + speech}-someone.txt`), sentences.join(" "));
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name), "utf8"));
  }
  return files;
}

describe("writeSyntheticCorpus", () => {
  it("cuts a one-line speech into paragraphs of whole sentences", () => {
    const paragraphs = paragraphsOf("One. Two! Three? Four. Five. Six and \"Seven.\" Eight.", 3);
    expect(paragraphs).toEqual(["One. Two! Three?", 'Four. Five. Six and "Seven."', "Eight."]);
  });

  it("writes at least the asked size in distinct files of shuffled paragraphs, the same folder every run", async () => {
    const first = await writeSyntheticCorpus({ sotuDir, targetDir: path.join(root, "a"), megabytes: 0.05, fileBytes: 2_000 });
    const second = await writeSyntheticCorpus({ sotuDir, targetDir: path.join(root, "b"), megabytes: 0.05, fileBytes: 2_000 });
    expect(first.bytes).toBeGreaterThanOrEqual(0.05 * 2 ** 20);
    const files = await filesOf(first.corpusDir);
    expect(files.size).toBe(first.files);
    expect(new Set(files.values()).size).toBe(files.size);
    expect(await filesOf(second.corpusDir)).toEqual(files);
    // Paragraphs from different speeches meet in one file: the order is shuffled.
    const opening = [...files.values()][0].split("\n\n").slice(0, 6).map((paragraph) => paragraph.match(/^Speech (\d)/)?.[1]);
    expect(new Set(opening).size).toBeGreaterThan(1);
  });
});
