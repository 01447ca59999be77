import { describe, expect, it } from "vitest";
import { chunkText } from "./chunking";
import { cleanArticle } from "./clean";

// A news page as sites serve it: navigation, a sidebar of links longer than a paragraph, the story
// with its byline in the markup, related links, a comment form, and the published time only in
// JSON-LD. Readability must find the story; the metadata comes from JSON-LD and the page head.
const story = [
  "Kazakhstan and Uzbekistan signed an agreement on Tuesday to share the water of the Syr Darya during the summer months.",
  "The deal sets quotas for each reservoir on the river and creates a joint commission that will meet every quarter in Tashkent.",
  "Farmers in the south of Kazakhstan have complained for years that upstream releases arrive too late for the cotton harvest.",
  "Officials said the commission would publish its release schedule a month ahead, so that farmers could plan their planting.",
  "Environmental groups welcomed the agreement but warned that the Aral Sea basin needs far more water than the quotas allow.",
];
const sidebar = Array.from({ length: 30 }, (_, index) => `<li><a href="/story/${index}">Most read story number ${index} about something else entirely</a></li>`).join("");
const page = `<!doctype html><html lang="en"><head>
<title>Water deal signed | Steppe Daily</title>
<meta property="og:site_name" content="Steppe Daily">
<link rel="canonical" href="https://steppe.example/water-deal">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Kazakhstan and Uzbekistan share the Syr Darya","datePublished":"2024-06-11T08:30:00Z","author":{"@type":"Person","name":"Aida Nurova"}}</script>
</head><body>
<nav class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="layout">
<aside class="sidebar"><h3>Most read</h3><ul>${sidebar}</ul></aside>
<div class="main-column"><div class="story-body">
<h1>Kazakhstan and Uzbekistan share the Syr Darya</h1>
<p class="byline">By <a rel="author" href="/authors/aida">Aida Nurova</a></p>
${story.map((sentence) => `<p>${sentence.replace("Syr Darya", "<em>Syr Darya</em>")}</p>`).join("\n")}
<div class="related"><a href="/a">Related: dam opens</a> <a href="/b">Related: river report</a></div>
</div></div></div>
<footer><p>&copy; 2024 Steppe Daily. All rights reserved.</p></footer>
</body></html>`;

describe("HTML through Readability", () => {
  const article = cleanArticle({ raw: page, format: "html", source: "news/water-deal.html" });

  it("keeps the story and nothing of the page around it", () => {
    expect(article.text.split("\n\n")).toEqual(story);
  });

  it("reads title, byline, date (JSON-LD), outlet and canonical address", () => {
    expect(article).toMatchObject({
      title: "Kazakhstan and Uzbekistan share the Syr Darya",
      author: "Aida Nurova",
      date: "2024-06-11",
      outlet: "Steppe Daily",
      url: "https://steppe.example/water-deal",
    });
  });

  it("offsets are exact: each chunk slices the text, and every sentence is found where a citation points", () => {
    const chunks = chunkText(article.text, { targetWords: 30, maxWords: 45 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(article.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    for (const sentence of story) {
      const start = article.text.indexOf(sentence);
      expect(article.text.slice(start, start + sentence.length)).toBe(sentence);
    }
  });

  it("a page too small for Readability still gives its article text", () => {
    const small = cleanArticle({ raw: `<html><body><nav>Menu</nav><article><p>${story[0]}</p></article></body></html>`, format: "html" });
    expect(small.text).toBe(story[0]);
  });

  it("an imported page without a canonical link keeps the address it was fetched from", () => {
    const imported = cleanArticle({ raw: `<html><head><meta name="caravan:url" content="https://example.org/a"></head><body><p>${story[1]}</p></body></html>`, format: "html" });
    expect(imported).toMatchObject({ url: "https://example.org/a", text: story[1] });
  });
});
