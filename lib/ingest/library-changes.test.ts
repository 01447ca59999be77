import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addFile, markdownWithFrontMatter, pastedFileName, removeFile, safeFileName } from "./library-changes";
import { loadArticle } from "./read";

const article = "Kazakhstan hosted a summit of Central Asian leaders in Astana this week, and trade topped the agenda.\n";
const encode = (text: string) => new TextEncoder().encode(text);

let corpusDir: string;
beforeEach(async () => {
  corpusDir = await mkdtemp(path.join(os.tmpdir(), "caravan-changes-"));
});
afterEach(async () => {
  await rm(corpusDir, { recursive: true, force: true });
});

describe("safeFileName", () => {
  it("keeps the last path segment, drops characters special in paths, refuses unsupported types", () => {
    expect(safeFileName("../../etc/Summit: Astana?.md")).toEqual({ name: "Summit Astana.md" });
    expect(safeFileName("C:\\Users\\me\\report.PDF")).toEqual({ name: "report.pdf" });
    expect(safeFileName(".hidden.txt")).toEqual({ name: "hidden.txt" });
    expect(safeFileName("photo.png")).toEqual({ reason: expect.stringMatching(/^unsupported file type/) });
    expect(safeFileName("....txt")).toEqual({ reason: "the file name has no usable characters" });
  });

  it("names pasted text after its title", () => {
    expect(pastedFileName("Water deal / signed")).toBe("Water deal signed.md");
  });
});

describe("addFile", () => {
  it("puts a good file in the corpus folder, leaves no staging behind, and ingest reads it with the same metadata", async () => {
    const result = await addFile({ corpusDir, name: "1863-abraham-lincoln.txt", bytes: encode(article), knownHashes: new Map() });
    expect(result).toEqual({ name: "1863-abraham-lincoln.txt", ok: true, source: "1863-abraham-lincoln.txt" });
    expect((await readdir(corpusDir)).sort()).toEqual([".caravan-incoming", "1863-abraham-lincoln.txt"]);
    expect(await readdir(path.join(corpusDir, ".caravan-incoming"))).toEqual([]);
    const loaded = await loadArticle({ corpusDir, source: "1863-abraham-lincoln.txt" });
    expect(loaded).toMatchObject({ ok: true, article: { author: "Abraham Lincoln", date: "1863" } });
  });

  it("refuses with ingest's own reasons, and writes nothing", async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["blob.txt", new Uint8Array(4096).map((_, i) => (i * 131) % 256), /^binary file/],
      ["short.md", encode("Hi."), /^too short after cleaning/],
      ["scan.pdf", encode("%PDF-1.7 garbage"), /^corrupt or unreadable PDF/],
      ["empty.txt", new Uint8Array(0), /^empty file/],
      ["photo.jpg", encode(article), /^unsupported file type/],
    ];
    for (const [name, bytes, reason] of cases) {
      const result = await addFile({ corpusDir, name, bytes, knownHashes: new Map() });
      expect(result.ok, name).toBe(false);
      expect(result.reason, name).toMatch(reason);
    }
    expect((await readdir(corpusDir)).filter((name) => !name.startsWith("."))).toEqual([]);
  });

  it("refuses a file past the size limit, a name already taken, and the same bytes under a new name", async () => {
    expect(await addFile({ corpusDir, name: "big.txt", bytes: encode(article.repeat(100)), knownHashes: new Map(), maxBytes: 1024 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^too large/),
    });
    await writeFile(path.join(corpusDir, "taken.txt"), "old");
    expect(await addFile({ corpusDir, name: "taken.txt", bytes: encode(article), knownHashes: new Map() })).toMatchObject({ ok: false, reason: expect.stringMatching(/already in the library/) });
    expect(await readFile(path.join(corpusDir, "taken.txt"), "utf8")).toBe("old");
    const knownHashes = new Map<string, string>();
    expect((await addFile({ corpusDir, name: "first.txt", bytes: encode(article), knownHashes })).ok).toBe(true);
    expect(await addFile({ corpusDir, name: "second.txt", bytes: encode(article), knownHashes })).toMatchObject({ ok: false, reason: "duplicate of first.txt" });
  });
});

describe("pasted text and removal", () => {
  it("pasted text keeps its title in front matter, whatever characters it holds", async () => {
    const title = 'Summit: "Trade" --- tops # the agenda';
    const result = await addFile({ corpusDir, name: pastedFileName(title), bytes: encode(markdownWithFrontMatter({ title }, article)), knownHashes: new Map() });
    expect(result.ok).toBe(true);
    expect(await loadArticle({ corpusDir, source: result.source! })).toMatchObject({ ok: true, article: { title, text: article.trim() } });
  });

  it("removes a file, is fine when it is already gone, and never leaves the corpus folder", async () => {
    await writeFile(path.join(corpusDir, "a.txt"), article);
    await removeFile({ corpusDir, source: "a.txt" });
    await removeFile({ corpusDir, source: "a.txt" });
    expect(await readdir(corpusDir)).toEqual([]);
    await expect(removeFile({ corpusDir, source: "../outside.txt" })).rejects.toThrow(/outside the corpus folder/);
  });
});
