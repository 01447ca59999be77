import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanArticle, fieldLimits, detectHardWrap, normaliseCharacters, rebuildParagraphs } from "./clean";
import { decodeEntities } from "./formats";
import { parseDate } from "./metadata";

const corpusDir = path.resolve(__dirname, "../../corpus");
const files = readdirSync(corpusDir).filter((name) => name.endsWith(".txt")).sort();
const raw = (prefix: string) => readFileSync(path.join(corpusDir, files.find((name) => name.startsWith(prefix))!), "utf8");
const clean = (prefix: string) => cleanArticle({ raw: raw(prefix), format: "txt" });

describe("cleanArticle on the real corpus", () => {
  const all = files.map((name) => ({ name, article: cleanArticle({ raw: readFileSync(path.join(corpusDir, name), "utf8"), format: "txt" }) }));

  it.each(all)("$name: paragraphs separated by one blank line, no curly quotes or odd spaces", ({ article }) => {
    expect(article.text).not.toMatch(/[“”‘’\u00a0\t]/);
    expect(article.text).not.toMatch(/\n{3,}/);
    expect(article.text).not.toMatch(/ {2}/);
    expect(article.text).toBe(article.text.trim());
    for (const paragraph of article.text.split("\n\n")) {
      expect(paragraph).not.toContain("\n");
      expect(paragraph).toBe(paragraph.trim());
    }
  });

  it("000: date prefix read and removed, title taken from the first line, hard wrap undone", () => {
    const article = clean("000");
    expect(article.date).toBe("2024-08-20");
    expect(article.title).toBe("Central Asia's Changing Trajectory");
    expect(article.text.startsWith("Central Asia is a vibrant region")).toBe(true);
    expect(article.text).not.toMatch(/date 2024/);
    // 57 wrapped lines hold about seven paragraphs; every paragraph ends a sentence.
    const paragraphs = article.text.split("\n\n");
    expect(paragraphs.length).toBeGreaterThanOrEqual(5);
    expect(paragraphs.length).toBeLessThanOrEqual(12);
    for (const paragraph of paragraphs) expect(paragraph).toMatch(/[.!?]"?$/);
    expect(article.text).toContain("trade turnover to $2 billion.");
  });

  it("000: glued quotes get their space back from the curly quote's direction", () => {
    const article = clean("000");
    expect(article.text).toContain('projection of "soft power" within');
    expect(article.text).toContain('The "multi-vector" policy');
    expect(article.text).toContain('a "multi-vector policy." This approach');
  });

  it("000: the writer's note stays in the text; it describes the writer without a name, so no author", () => {
    const article = clean("000");
    expect(article.author).toBe("");
    expect(article.text.endsWith("The writer is an International Relations Expert from Islamabad, Pakistan.")).toBe(true);
  });

  it("001: title line, and the Chinese comment form at the end is gone", () => {
    const article = clean("001");
    expect(article.title).toBe("Xi Meets Tokayev: Boosting Ties");
    expect(article.text.startsWith("China's recent diplomatic engagement")).toBe(true);
    expect(article.text).not.toMatch(/评论|发表回复|邮箱|必填/);
    expect(article.text).toMatch(/pursuit of stability and prosperity across an intricate geopolitical landscape\.$/);
    expect(article.text).toContain("cooperation—one grounded");
    expect(article.date).toBe("");
  });

  it("002: headline kept whole, dateline read as outlet, trailers read and dropped", () => {
    const article = clean("002");
    expect(article.title).toBe(
      "Hamedia: At the Intersection of China, Russia, and the U.S.: How Kazakhstan Advances Its Multi-Directional Diplomacy",
    );
    expect(article.outlet).toBe("Kazakh International News Agency");
    expect(article.url).toBe("https://www.toutiao.com/article/1849731950056455/");
    expect(article.text).not.toMatch(/Original:|Statement:|toutiao/);
    expect(article.text.startsWith("Kazakh International News Agency - Located at the center of Eurasia")).toBe(true);
    // One paragraph per line: subheadings stay paragraphs of their own.
    expect(article.text.split("\n\n")).toContain("Core Competition: Transportation Corridors");
    expect(article.text).toMatch(/advance in changing circumstances\.$/);
  });

  it("003 and 004: no title line, so no title and the first paragraph stays", () => {
    const first = clean("003");
    expect(first.title).toBe("");
    expect(first.date).toBe("");
    expect(first.text.startsWith("In 2024, Astana became the epicenter")).toBe(true);
    const second = clean("004");
    expect(second.title).toBe("");
    expect(second.text.startsWith("Kazakhstan in Central Asia has been emerging")).toBe(true);
  });

  it("004: triple line breaks become single paragraph breaks, typos and en dashes kept", () => {
    const article = clean("004");
    expect(article.text).toContain("food and energy securtiy concerns of the world. The country");
    expect(article.text).toContain("at the Forum – to help");
    expect(article.text.split("\n\n")).toContain("Kazakhstan Inching Closer To Becoming Key EU Partner");
  });
});

describe("normaliseCharacters", () => {
  it("turns curly quotes straight and restores spaces around glued quotes", () => {
    expect(normaliseCharacters("said,“We go”now and it’s ‘fine’")).toBe(`said, "We go" now and it's 'fine'`);
    expect(normaliseCharacters("The“multi-vector” policy")).toBe('The "multi-vector" policy');
  });

  it("maps odd spaces to spaces, collapses runs and trims lines", () => {
    expect(normaliseCharacters("  a\u00a0\u00a0b\u2009c\t d \r\n e\u200b")).toBe("a b c d\ne");
  });
});

describe("paragraph rebuilding", () => {
  const prose =
    "Kazakhstan has pursued a balanced foreign policy since independence and keeps ties with all of its neighbours. " +
    "Its leaders describe the approach as pragmatic and open to partners in the east and the west alike. " +
    "Trade with the region has grown every year since the pandemic ended.";
  const wrap = (text: string, width: number) => {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    return [...lines, line];
  };

  it("detects hard wrapping and undoes it without merging paragraphs", () => {
    const second = "A second paragraph follows here with other words about the economy and energy and transport.";
    const lines = [...wrap(prose, 64), ...wrap(second, 64)];
    const detected = detectHardWrap(lines);
    expect(detected.hardWrapped).toBe(true);
    const paragraphs = rebuildParagraphs({ lines, mode: "wrapped", width: detected.width });
    expect(paragraphs).toEqual([prose, second]);
  });

  it("does not treat one-paragraph-per-line text as wrapped", () => {
    const lines = [prose, "A short one.", prose.slice(0, 150) + ".", "Heading Of A Section", prose];
    expect(detectHardWrap(lines).hardWrapped).toBe(false);
    expect(rebuildParagraphs({ lines, mode: "lines" })).toHaveLength(5);
  });

  it("joins blocks separated by blank lines in wrapped text", () => {
    const lines = [...wrap(prose, 60), "", ...wrap(prose, 60)];
    expect(rebuildParagraphs({ lines, mode: "wrapped", width: 60 })).toEqual([prose, prose]);
  });
});

describe("header and trailer hints", () => {
  const body = "Kazakhstan hosted a summit of Central Asian leaders in Astana this week, and trade topped the agenda.";

  it("reads bylines and labelled dates, and never a date from the body", () => {
    const article = cleanArticle({ raw: `Summit In Astana\nPublished: March 3, 2024\nBy Aida Karimova\n\n${body}\nOn August 9, 2024 they met again.`, format: "txt" });
    expect(article).toMatchObject({ title: "Summit In Astana", date: "2024-03-03", author: "Aida Karimova" });
    expect(article.text.startsWith("Kazakhstan hosted")).toBe(true);
    const undated = cleanArticle({ raw: `${body} On August 9, 2024 they met.`, format: "txt" });
    expect(undated.date).toBe("");
  });

  it("keeps a first sentence that only starts like a byline", () => {
    const raw = `By Tuesday, the forum had opened its doors to delegates.\n${body}`;
    const article = cleanArticle({ raw, format: "txt" });
    expect(article.author).toBe("");
    expect(article.text.startsWith("By Tuesday, the forum")).toBe(true);
  });

  it("reads a standalone day-month-year line", () => {
    expect(cleanArticle({ raw: `20 August 2024\n\n${body}`, format: "txt" }).date).toBe("2024-08-20");
  });

  it("drops an English comment form and share prompts but keeps the last real paragraph", () => {
    const raw = `${body}\n\nShare this:\nLeave a Reply\nYour email address will not be published. Required fields are marked *\nComment *\nName *\nEmail *\nWebsite\nPost Comment`;
    expect(cleanArticle({ raw, format: "txt" }).text).toBe(body);
  });

  it("reads a city dateline's agency as the outlet", () => {
    expect(cleanArticle({ raw: `ASTANA (Kazinform) — ${body}`, format: "txt" }).outlet).toBe("Kazinform");
  });

  it("parses the date forms headers use and rejects impossible ones", () => {
    expect(parseDate("2024-08-20T09:00:00Z")).toBe("2024-08-20");
    expect(parseDate("Aug. 5, 2023")).toBe("2023-08-05");
    expect(parseDate("2024年8月20日")).toBe("2024-08-20");
    expect(parseDate("March 2024")).toBe("2024-03");
    expect(parseDate("2023-02-30")).toBe("");
    expect(parseDate("next Tuesday")).toBe("");
  });
});

describe("markdown", () => {
  const markdown = [
    "---",
    'title: "Kazakhstan\'s Balancing Act"',
    "date: 2024-03-03",
    "source: The Diplomat",
    "author:",
    "  - Jane Doe",
    "  - John Roe",
    "url: https://example.com/balancing",
    "---",
    "",
    "# Kazakhstan's Balancing Act",
    "",
    "Astana keeps **close ties** with *both* Moscow and Beijing, says [the report](https://x.example/r).",
    "This soft-wrapped line belongs to the same paragraph.",
    "",
    "![a map](map.png)",
    "",
    "## Energy and Transport",
    "",
    "- The first point keeps snake_case_name and `code` words.",
    "- The second point stays a paragraph of its own.",
  ].join("\n");

  it("reads front matter and strips syntax lightly", () => {
    const article = cleanArticle({ raw: markdown, format: "md" });
    expect(article).toMatchObject({
      title: "Kazakhstan's Balancing Act",
      date: "2024-03-03",
      outlet: "The Diplomat",
      author: "Jane Doe, John Roe",
      url: "https://example.com/balancing",
    });
    expect(article.text.split("\n\n")).toEqual([
      "Astana keeps close ties with both Moscow and Beijing, says the report. This soft-wrapped line belongs to the same paragraph.",
      "Energy and Transport",
      "The first point keeps snake_case_name and code words.",
      "The second point stays a paragraph of its own.",
    ]);
    expect(article.text).not.toMatch(/[#*`!\[\]]|https?:|map\.png/);
  });

  it("takes the first heading as the title when there is no front matter", () => {
    const article = cleanArticle({ raw: "# Steppe Diplomacy\n\nKazakhstan balances its neighbours with care and patience, as always.", format: "md" });
    expect(article.title).toBe("Steppe Diplomacy");
    expect(article.text).toBe("Kazakhstan balances its neighbours with care and patience, as always.");
  });
});

describe("html", () => {
  const page = `<!doctype html><html><head><title>Ignored | Site</title>
<meta property="og:title" content="Tokayev &amp; the Forum">
<meta property="og:site_name" content="Astana Times">
<meta name="author" content="Aida K.">
<meta property="article:published_time" content="2024-08-20T09:00:00+05:00">
<link rel="canonical" href="https://example.com/forum">
<style>p { color: red }</style><script>var html = "<p>script text</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<header><h1>Site header</h1></header>
<article><h1>Tokayev &amp; the Forum</h1>
<p class="lead">The forum&nbsp;opened in <b>Astana</b> on Tuesday, &ldquo;a bridge&rdquo; between East&#x20;and&#32;West.</p>
<!-- <p>hidden comment</p> -->
<div>Another   paragraph
 spanning source lines, 5 &lt; 7 &amp; more.</div>
<aside>Related: something else</aside>
<form>Leave a reply <input name="x"></form>
</article>
<footer>&copy; 2024 Site</footer></body></html>`;

  it("takes metadata from the head and the article's text only", () => {
    const article = cleanArticle({ raw: page, format: "html" });
    expect(article).toMatchObject({
      title: "Tokayev & the Forum",
      date: "2024-08-20",
      outlet: "Astana Times",
      author: "Aida K.",
      url: "https://example.com/forum",
    });
    expect(article.text).toBe(
      'The forum opened in Astana on Tuesday, "a bridge" between East and West.\n\nAnother paragraph spanning source lines, 5 < 7 & more.',
    );
    expect(article.text).not.toMatch(/<\/?[a-z]+[\s>]|script text|hidden comment|Related|Leave a reply|Home|Site header|©/);
  });

  it("decodes named and numeric entities and leaves unknown ones alone", () => {
    expect(decodeEntities("&eacute;&#233;&#xE9; AT&T &bogus; &mdash;")).toBe("ééé AT&T &bogus; —");
  });
});

describe("metadata from the file's name and folders", () => {
  const speech = "Mr. Speaker, Mr. President, Members of the Congress: The state of the Union is strong, and the year behind us was one of work.";

  it("fills what the text does not say: title, author and year from `1863-abraham-lincoln.txt`", () => {
    const article = cleanArticle({ raw: speech, format: "txt", source: "1863-abraham-lincoln.txt" });
    expect(article).toMatchObject({ title: "Abraham Lincoln, 1863", author: "Abraham Lincoln", date: "1863", outlet: "" });
    expect(article.text).toBe(speech);
  });

  it("a text's own title line, byline and dateline win over the file name", () => {
    const raw = `Summit In Astana\nBy Aida Nurova\nAugust 20, 2024\n\n${speech}`;
    const article = cleanArticle({ raw, format: "txt", source: "reuters/1863-abraham-lincoln.txt" });
    expect(article).toMatchObject({ title: "Summit In Astana", author: "Aida Nurova", date: "2024-08-20", outlet: "Reuters" });
  });

  it("front matter and HTML meta win over the file name", () => {
    const md = `---\ntitle: Forum Opens\ndate: 2024-05-01\nauthor: Aida Nurova\nsource: Kazinform\n---\n\n${speech}`;
    expect(cleanArticle({ raw: md, format: "md", source: "reuters/2023/1863-abraham-lincoln.md" })).toMatchObject({
      title: "Forum Opens",
      date: "2024-05-01",
      author: "Aida Nurova",
      outlet: "Kazinform",
    });
    const html = `<html><head><title>Forum Opens</title><meta name="author" content="Aida Nurova"></head><body><p>${speech}</p></body></html>`;
    expect(cleanArticle({ raw: html, format: "html", source: "1863-abraham-lincoln.html" })).toMatchObject({ title: "Forum Opens", author: "Aida Nurova", date: "1863" });
  });

  it("a hash-like file name adds nothing", () => {
    expect(cleanArticle({ raw: speech, format: "txt", source: "003_ffec0f4112d3ede8.txt" })).toMatchObject({ title: "", date: "", author: "", outlet: "" });
  });

  it("an author that only describes the writer is dropped, and the sentence stays in the text", () => {
    const raw = `${speech}\n\nThe writer is a senior analyst at a think tank in Almaty.`;
    const article = cleanArticle({ raw, format: "txt", source: "2024-08-20 Central Asia's changing trajectory.txt" });
    expect(article).toMatchObject({ author: "", title: "Central Asia's changing trajectory", date: "2024-08-20" });
    expect(article.text.endsWith("The writer is a senior analyst at a think tank in Almaty.")).toBe(true);
    const named = cleanArticle({ raw: `${speech}\n\nThe writer is Aida Nurova, a senior analyst in Almaty.`, format: "txt" });
    expect(named.author).toBe("Aida Nurova");
  });
});

describe("an outlet prefix in a title", () => {
  const body = "Kazakhstan hosted a summit of Central Asian leaders in Astana this week, and trade topped the agenda.";

  it("is kept when nothing in the article says it is the outlet", () => {
    const article = cleanArticle({ raw: `Hamedia: At the Intersection of China and Russia\n\n${body}`, format: "txt" });
    expect(article.title).toBe("Hamedia: At the Intersection of China and Russia");
    expect(article.outlet).toBe("");
    expect(cleanArticle({ raw: `Xi Meets Tokayev: Boosting Ties\n\n${body}`, format: "txt" }).title).toBe("Xi Meets Tokayev: Boosting Ties");
  });

  it("goes when a dateline, the outlet field or the url names the same outlet", () => {
    const dateline = cleanArticle({ raw: `Kazinform: Summit Opens In Astana\n\nASTANA (Kazinform) — ${body}`, format: "txt" });
    expect(dateline).toMatchObject({ title: "Summit Opens In Astana", outlet: "Kazinform" });
    const frontMatter = cleanArticle({ raw: `---\ntitle: "Reuters: Summit Opens"\nsource: Reuters\n---\n\n${body}`, format: "md" });
    expect(frontMatter).toMatchObject({ title: "Summit Opens", outlet: "Reuters" });
    const url = cleanArticle({ raw: `---\ntitle: "Astana Times: Summit Opens"\nurl: https://astanatimes.com/2024/summit\n---\n\n${body}`, format: "md" });
    expect(url).toMatchObject({ title: "Summit Opens", outlet: "Astana Times" });
  });
});

describe("metadata length caps", () => {
  it("cuts a huge front-matter title, author and outlet at a word, and drops an over-long url", () => {
    const huge = (word: string) => Array.from({ length: 40_000 }, () => word).join(" ");
    const raw = `---\ntitle: ${huge("caravan")}\nauthor: ${huge("writer")}\nsource: ${huge("outlet")}\nurl: https://example.org/${"a".repeat(5_000)}\n---\n\nThe caravan reached Otrar before the first snow of the year, and the traders unloaded silk.\n`;
    const cleaned = cleanArticle({ raw, format: "md" });
    expect(cleaned.title.length).toBeLessThanOrEqual(fieldLimits.title);
    expect(cleaned.title).toMatch(/^caravan caravan .*caravan…$/);
    expect(cleaned.ownTitle).toBe(cleaned.title);
    expect(cleaned.author.length).toBeLessThanOrEqual(fieldLimits.author);
    expect(cleaned.outlet.length).toBeLessThanOrEqual(fieldLimits.outlet);
    expect(cleaned.url).toBe("");
    expect(cleaned.text).toMatch(/^The caravan reached Otrar/);
  });

  it("leaves ordinary fields alone", () => {
    const cleaned = cleanArticle({ raw: "---\ntitle: Grain Corridors Open\nauthor: Aigerim Sultanova\nsource: Reuters\n---\n\nFreight trains carried grain to the Caspian ports this autumn, officials said.\n", format: "md" });
    expect(cleaned).toMatchObject({ title: "Grain Corridors Open", author: "Aigerim Sultanova", outlet: "Reuters" });
  });
});
