// One bad file or folder never stops an ingest, and a file that cannot be read this time never
// takes its indexed document away. Real LanceDB in a temp folder, real file-system errors: tests
// run as root, where chmod 000 blocks nothing, so folders and files fail by path length instead
// (ENAMETOOLONG past PATH_MAX), reached through a chain of symlinks to the same corpus.
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getEmbedder } from "../embeddings";
import { Store } from "../search/store";
import { loadConfig } from "../server/config";
import type { Embedder } from "../types";
import { repositoryRoot } from "../../tests/support/temp-index";
import { documentIdFor, ingestCorpus } from "./";
import { loadArticle, scanCorpus } from "./corpus";

// A file holding this marker throws inside cleaning, and one holding the second inside chunking,
// as a pathological file once did (RangeError: Maximum call stack size exceeded).
const cleanBomb = "CLEANING-THROWS";
const chunkBomb = "CHUNKING-THROWS";
vi.mock("./clean", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./clean")>();
  return {
    ...actual,
    cleanArticle: (options: Parameters<typeof actual.cleanArticle>[0]) => {
      if (options.raw.includes(cleanBomb)) throw new RangeError("Maximum call stack size exceeded");
      return actual.cleanArticle(options);
    },
  };
});
vi.mock("./chunking", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./chunking")>();
  return {
    ...actual,
    chunkText: (text: string, options?: Parameters<typeof actual.chunkText>[1]) => {
      if (text.includes(chunkBomb)) throw new RangeError("Maximum call stack size exceeded");
      return actual.chunkText(text, options);
    },
  };
});

const pathMax = 4096;
const longName = "n".repeat(200);

function article(topic: string): string {
  return `The ${topic} caravan reached Otrar before the first snow, and the traders unloaded silk, tea and salt in the old market square.\n`;
}

let root: string;
let corpusDir: string;
/** The same corpus folder, named through symlinks so that its path is just under PATH_MAX. */
let farCorpusDir: string;
let lancedbUri: string;
let embedder: Embedder;

/**
 * A path to `target` exactly `length` characters long: symlinks that each point back to `target`'s
 * parent, chained until the string is long enough. The folder is the same; only its name is long.
 */
async function longPathTo(target: string, length: number): Promise<string> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  const link = async (size: number) => {
    const name = "l".repeat(size);
    await symlink(".", path.join(parent, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
    return name;
  };
  let far = parent;
  while (far.length + 251 + 1 + base.length + 2 <= length) far = path.join(far, await link(250));
  // The last link takes up exactly what is left.
  far = path.join(far, await link(length - far.length - 2 - base.length));
  const result = path.join(far, base);
  expect(result.length).toBe(length);
  return result;
}

function ingest(dir = corpusDir) {
  return ingestCorpus({ corpusDir: dir, lancedbUri, embedder });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "caravan-skips-"));
  corpusDir = path.join(root, "corpus");
  lancedbUri = path.join(root, "lancedb");
  await mkdir(corpusDir);
  farCorpusDir = await longPathTo(corpusDir, pathMax - 120);
  const config = loadConfig({ CORPUS_DIR: corpusDir, LANCEDB_URI: lancedbUri, CACHE_DIR: path.join(repositoryRoot, ".cache") }, repositoryRoot);
  embedder = await getEmbedder(config);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("scanCorpus and loadArticle", () => {
  it("reports a folder it cannot list and lists the rest", async () => {
    const dir = path.join(root, "scan");
    await mkdir(path.join(dir, "ok"), { recursive: true });
    await mkdir(path.join(dir, longName));
    await writeFile(path.join(dir, "a.txt"), article("first"));
    await writeFile(path.join(dir, "ok", "b.txt"), article("second"));
    await writeFile(path.join(dir, longName, "c.txt"), article("third"));
    const far = await longPathTo(dir, pathMax - 120);
    expect(far.length).toBeLessThan(pathMax);
    expect((path.join(far, longName)).length).toBeGreaterThan(pathMax);

    const scan = await scanCorpus(far);
    expect(scan.files).toEqual(["a.txt", "ok/b.txt"]);
    expect(scan.unreadableFolders).toEqual([{ source: longName, reason: "unreadable folder (ENAMETOOLONG)" }]);
    // The corpus folder itself failing is not a skip: there would be nothing to ingest from.
    await expect(scanCorpus(path.join(root, "missing"))).rejects.toThrow(/ENOENT/);
  });

  it("turns a failed read or a throw while cleaning into a skip that keeps any indexed version", async () => {
    const dir = path.join(root, "load");
    await mkdir(dir);
    await writeFile(path.join(dir, `${longName}.txt`), article("long"));
    await writeFile(path.join(dir, "bomb.txt"), `${article("bomb")}${cleanBomb}\n`);
    await writeFile(path.join(dir, "empty.txt"), "");
    await writeFile(path.join(dir, "binary.txt"), Buffer.from([0, 1, 2, 3, 0, 0, 7]));
    const far = await longPathTo(dir, pathMax - 120);

    expect(await loadArticle({ corpusDir: far, source: `${longName}.txt` })).toEqual({
      ok: false,
      skipped: { source: `${longName}.txt`, reason: "unreadable (ENAMETOOLONG)" },
      transient: true,
    });
    expect(await loadArticle({ corpusDir: dir, source: "bomb.txt" })).toEqual({
      ok: false,
      skipped: { source: "bomb.txt", reason: "could not be processed (RangeError: Maximum call stack size exceeded)" },
      transient: true,
    });
    expect(await loadArticle({ corpusDir: dir, source: "empty.txt" })).toMatchObject({ ok: false, transient: true });
    // Content that is plainly not an article is a verdict on the file, not a passing failure.
    expect(await loadArticle({ corpusDir: dir, source: "binary.txt" })).toMatchObject({ ok: false, transient: false });
  });
});

describe("ingest with unreadable folders and files", () => {
  let store: Store;
  afterAll(() => store?.close());

  it("skips an unreadable folder and a file that throws, with one-line reasons, and indexes the rest", async () => {
    await mkdir(path.join(corpusDir, "ok"));
    await mkdir(path.join(corpusDir, "deep", longName), { recursive: true });
    await writeFile(path.join(corpusDir, "a.txt"), article("first"));
    await writeFile(path.join(corpusDir, "ok", "b.txt"), article("second"));
    await writeFile(path.join(corpusDir, "deep", "d.txt"), article("deep"));
    await writeFile(path.join(corpusDir, "deep", longName, "c.txt"), article("unreachable"));
    await writeFile(path.join(corpusDir, "bomb.txt"), `${article("bomb")}${cleanBomb}\n`);
    await writeFile(path.join(corpusDir, "chunk-bomb.txt"), `${article("chunk bomb")}${chunkBomb}\n`);

    const summary = await ingest(farCorpusDir);
    expect(summary.added).toBe(3);
    expect(summary.skipped).toEqual([
      { source: `deep/${longName}/`, reason: "unreadable folder (ENAMETOOLONG)" },
      { source: "bomb.txt", reason: "could not be processed (RangeError: Maximum call stack size exceeded)" },
      { source: "chunk-bomb.txt", reason: "could not be split into passages (RangeError: Maximum call stack size exceeded)" },
    ]);
    store = await Store.open(lancedbUri);
    expect((await store.listDocuments()).map((document) => document.source).sort()).toEqual(["a.txt", "deep/d.txt", "ok/b.txt"]);
  });

  it("keeps documents it cannot read this time: a folder out of reach, a file out of reach, a file caught empty mid-save", async () => {
    // Everything indexed first through the short path.
    await writeFile(path.join(corpusDir, `${longName}.txt`), article("long-named"));
    await mkdir(path.join(corpusDir, longName));
    await writeFile(path.join(corpusDir, longName, "e.txt"), article("out of reach"));
    await rm(path.join(corpusDir, "bomb.txt"));
    await rm(path.join(corpusDir, "chunk-bomb.txt"));
    const first = await ingest();
    expect(first.skipped).toEqual([]);
    const indexed = (await store.listDocuments()).map((document) => document.source).sort();
    expect(indexed).toEqual(["a.txt", "deep/d.txt", `deep/${longName}/c.txt`, `${longName}.txt`, `${longName}/e.txt`, "ok/b.txt"]);

    // Then a save in progress empties a.txt, and the far path puts a folder and a file past PATH_MAX.
    await truncate(path.join(corpusDir, "a.txt"), 0);
    const second = await ingest(farCorpusDir);
    expect(second.removed).toBe(0);
    expect(second.skipped).toEqual([
      { source: `deep/${longName}/`, reason: "unreadable folder (ENAMETOOLONG); kept its 1 indexed document" },
      { source: `${longName}/`, reason: "unreadable folder (ENAMETOOLONG); kept its 1 indexed document" },
      { source: "a.txt", reason: "empty file; kept the indexed version" },
      { source: `${longName}.txt`, reason: "unreadable (ENAMETOOLONG); kept the indexed version" },
    ]);
    expect((await store.listDocuments()).map((document) => document.source).sort()).toEqual(indexed);
    const kept = await store.getDocument(documentIdFor("a.txt"));
    expect(kept?.text).toContain("first caravan reached Otrar");
    expect(kept?.chunks.length).toBeGreaterThan(0);

    // A file that throws while being cleaned keeps its indexed version too.
    await writeFile(path.join(corpusDir, "ok", "b.txt"), `${article("second")}${cleanBomb}\n`);
    const third = await ingest();
    expect(third.skipped).toContainEqual({ source: "ok/b.txt", reason: "could not be processed (RangeError: Maximum call stack size exceeded); kept the indexed version" });
    expect((await store.getDocument(documentIdFor("ok/b.txt")))?.text).toContain("second caravan");

    // Once the file is whole again it is simply unchanged; a file really deleted still goes.
    await writeFile(path.join(corpusDir, "a.txt"), article("first"));
    await writeFile(path.join(corpusDir, "ok", "b.txt"), article("second"));
    await rm(path.join(corpusDir, "deep", "d.txt"));
    const fourth = await ingest();
    expect(fourth).toMatchObject({ added: 0, updated: 0, removed: 1, skipped: [] });
    expect(fourth.unchanged).toBe(5);
  });
});
