import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCorpusFiles, loadArticle, minArticleChars } from "./corpus";

const corpusDir = path.resolve(__dirname, "../../corpus");
const paragraph = "Kazakhstan hosted a summit of Central Asian leaders in Astana this week, and trade topped the agenda.";

describe("listCorpusFiles", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "caravan-list-"));
    mkdirSync(path.join(dir, "nested/deeper"), { recursive: true });
    mkdirSync(path.join(dir, ".hidden"));
    for (const name of ["b.txt", "a.md", "nested/c.HTML", "nested/deeper/d.markdown", "nested/e.htm", "x.pdf", "y.DOCX", "z.doc", ".dot.txt", ".hidden/f.txt", "notes.json"]) {
      writeFileSync(path.join(dir, name), paragraph);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists article files recursively, sorted, with forward slashes, skipping dotfiles", async () => {
    expect(await listCorpusFiles(dir)).toEqual(["a.md", "b.txt", "nested/c.HTML", "nested/deeper/d.markdown", "nested/e.htm", "x.pdf", "y.DOCX"]);
  });

  it("lists the five real articles", async () => {
    const files = await listCorpusFiles(corpusDir);
    expect(files).toHaveLength(5);
    expect(files.every((name) => name.endsWith(".txt") && !name.includes("/"))).toBe(true);
  });
});

describe("loadArticle", () => {
  let dir: string;
  const write = (name: string, content: string | Uint8Array) => writeFileSync(path.join(dir, name), content);
  const reason = async (source: string) => {
    const result = await loadArticle({ corpusDir: dir, source });
    expect(result.ok).toBe(false);
    return result.ok ? "" : result.skipped.reason;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "caravan-load-"));
    write("good.txt", `\ufeffSummit In Astana\n\n${paragraph}`);
    write("empty.txt", "");
    write("blank.txt", " \n\t\n  \n");
    write("binary.txt", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0x1a, 0x0a]));
    write("controls.txt", Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    write("latin1.txt", Buffer.from(`Caf\xe9 culture in Astana is growing fast, writes our correspondent.`, "latin1"));
    // "Привет, мир" and more in Windows-1251: not UTF-8, and not Western text either.
    write("cyrillic.txt", Buffer.from(Array.from({ length: 12 }, () => [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0, 0x2e, 0x20]).flat()));
    write("utf16.txt", Buffer.from(`\ufeff${paragraph}`, "utf16le"));
    write("short.txt", "Leave a Reply\nA stub.");
    write("page.html", `<html><head><title>Forum</title></head><body><p>${paragraph}</p></body></html>`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads a good file: BOM stripped, hash of the raw bytes, metadata filled", async () => {
    const result = await loadArticle({ corpusDir: dir, source: "good.txt" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bytes = readFileSync(path.join(dir, "good.txt"));
    expect(result.article).toMatchObject({ source: "good.txt", title: "Summit In Astana", text: paragraph });
    expect(result.article.contentHash).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("loads html by its extension", async () => {
    const result = await loadArticle({ corpusDir: dir, source: "page.html" });
    expect(result.ok && result.article.text).toBe(paragraph);
    expect(result.ok && result.article.title).toBe("Forum");
  });

  it("skips unusable files with a reason a person can act on", async () => {
    expect(await reason("empty.txt")).toMatch(/empty/);
    expect(await reason("blank.txt")).toMatch(/whitespace/);
    expect(await reason("binary.txt")).toMatch(/binary.*NUL/);
    expect(await reason("controls.txt")).toMatch(/binary.*control/);
    expect(await reason("cyrillic.txt")).toMatch(/not valid UTF-8, nor Western/);
    expect(await reason("utf16.txt")).toMatch(/UTF-16/);
    expect(await reason("short.txt")).toMatch(new RegExp(`too short.*${minArticleChars}`));
    expect(await reason("missing.txt")).toMatch(/unreadable \(ENOENT\)/);
    expect(await reason("notes.odt")).toMatch(/unsupported/);
    expect(await reason("../outside.txt")).toMatch(/outside/);
  });

  it("reads a Latin-1 (Windows-1252) file instead of skipping it", async () => {
    const result = await loadArticle({ corpusDir: dir, source: "latin1.txt" });
    expect(result.ok && result.article.text).toBe("Café culture in Astana is growing fast, writes our correspondent.");
  });

  it("names the size limit when a file is too large", async () => {
    const big = path.join(dir, "big.txt");
    // A sparse file: 51 MB on paper, no time spent writing it.
    writeFileSync(big, "");
    const { truncateSync } = await import("node:fs");
    truncateSync(big, 51 * 1024 * 1024);
    expect(await reason("big.txt")).toMatch(/too large \(51\.0 MB; the limit is 50\.0 MB\)/);
  });
});

describe("the seed corpus's metadata", () => {
  // Hash-like file names add nothing; the text's own hints decide. "Hamedia:" stays: nothing in the
  // article shows it is an outlet's name. 000's writer's note names no one, so it is no author.
  const expected = {
    "000_c89aac63a27f4af5.txt": { title: "Central Asia's Changing Trajectory", date: "2024-08-20", outlet: "", author: "" },
    "001_716145b03c7f7e3b.txt": { title: "Xi Meets Tokayev: Boosting Ties", date: "", outlet: "", author: "" },
    "002_86002aed7b40479d.txt": {
      title: "Hamedia: At the Intersection of China, Russia, and the U.S.: How Kazakhstan Advances Its Multi-Directional Diplomacy",
      date: "",
      outlet: "Kazakh International News Agency",
      author: "",
    },
    "003_ffec0f4112d3ede8.txt": { title: "", date: "", outlet: "", author: "" },
    "004_fa6b3102ab4728c5.txt": { title: "", date: "", outlet: "", author: "" },
  };

  it.each(Object.entries(expected))("%s", async (source, metadata) => {
    const result = await loadArticle({ corpusDir, source });
    expect(result.ok && { title: result.article.title, date: result.article.date, outlet: result.article.outlet, author: result.article.author }).toEqual(metadata);
  });
});

describe("loadArticle reads the file's path too", () => {
  let dir: string;
  const speech = "Mr. Speaker, Mr. President, Members of the Congress: the state of the Union is strong.";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "caravan-path-"));
    mkdirSync(path.join(dir, "reuters/2024"), { recursive: true });
    writeFileSync(path.join(dir, "1863-abraham-lincoln.txt"), speech);
    writeFileSync(path.join(dir, "reuters/2024/some-story.md"), speech);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes author, year and title from the name, outlet and year from the folders", async () => {
    const lincoln = await loadArticle({ corpusDir: dir, source: "1863-abraham-lincoln.txt" });
    expect(lincoln.ok && lincoln.article).toMatchObject({ title: "Abraham Lincoln, 1863", author: "Abraham Lincoln", date: "1863", text: speech });
    const story = await loadArticle({ corpusDir: dir, source: "reuters/2024/some-story.md" });
    expect(story.ok && story.article).toMatchObject({ title: "Some Story", outlet: "Reuters", date: "2024", author: "" });
  });
});

describe("seed answers survive cleaning", () => {
  const seedPath = "/work/shared/eval/seed-qa.jsonl";
  const seeds = existsSync(seedPath)
    ? readFileSync(seedPath, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { id: string; question: string; gold_docs: string[]; answer_any: string[] })
    : [];
  // Compare as a reader would: whitespace runs and quote styles do not matter.
  const normalise = (text: string) => text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, " ").trim();

  it.runIf(seeds.length > 0).each(seeds)("$id: $question", async (seed) => {
    let found = false;
    for (const source of seed.gold_docs) {
      const result = await loadArticle({ corpusDir, source });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const rawText = normalise(readFileSync(path.join(corpusDir, source), "utf8"));
      const cleanText = normalise(result.article.text);
      for (const answer of seed.answer_any.map(normalise)) {
        // Whatever answer the raw article holds, cleaning must not have removed it.
        if (rawText.includes(answer)) expect(cleanText, `${answer} in ${source}`).toContain(answer);
        if (cleanText.includes(answer)) found = true;
      }
    }
    expect(found).toBe(true);
  });
});
