import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadThesaurus, type Thesaurus } from "./thesaurus";
import { stem } from "./terms";

describe("the WordNet thesaurus", () => {
  let folder: string;
  let thesaurus: Thesaurus;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "caravan-thesaurus-"));
    thesaurus = await loadThesaurus({ cacheDir: folder });
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  const related = (left: string, right: string) => thesaurus.related(stem(left), stem(right));

  it("links words that share one of their commonest senses, either way round", () => {
    expect(related("cut", "reduce")).toBe(true);
    expect(related("reduce", "cut")).toBe(true);
    expect(related("wages", "pay")).toBe(true);
    expect(related("country", "nation")).toBe(true);
  });

  it("leaves out rare senses, unrelated words and a word with itself", () => {
    // "Call" is "pay a brief visit" only in its seventh verb sense.
    expect(related("call", "visit")).toBe(false);
    expect(related("treaty", "railroad")).toBe(false);
    expect(related("cut", "cut")).toBe(false);
  });

  it("caches what it built, and rebuilds a cache it cannot use", async () => {
    const file = path.join(folder, "wordnet-thesaurus.json");
    const cached = JSON.parse(await readFile(file, "utf8")) as { links: Record<string, string[]> };
    expect(Object.keys(cached.links).length).toBe(thesaurus.size);
    await writeFile(file, "{ not json");
    const rebuilt = await loadThesaurus({ cacheDir: folder });
    expect(rebuilt.size).toBe(thesaurus.size);
    expect(JSON.parse(await readFile(file, "utf8")).links).toEqual(cached.links);
  });
});
