import { describe, expect, it } from "vitest";
import { contentTerms, decodeSentenceTerms, encodeSentenceTerms, scoringSentences, stem, withinOneEdit, wordRoot, words } from "./terms";

describe("words", () => {
  it("splits ASCII text into lowercased words without possessive 's", () => {
    expect(words("Kazakhstan's President visited Tashkent's 2nd forum, didn't he?")).toEqual([
      "kazakhstan",
      "president",
      "visited",
      "tashkent",
      "2nd",
      "forum",
      "didn't",
      "he",
    ]);
  });

  it("finds the same words in text with non-ASCII letters and curly apostrophes", () => {
    expect(words("Tokayev’s visit to Türkiye and Almaty’s café")).toEqual(["tokayev", "visit", "to", "türkiye", "and", "almaty", "café"]);
  });

  it("gives the same words whether or not one non-ASCII character is present", () => {
    const ascii = "The Caspian Sea's pipeline, O'Neill's report and 3 ministers' talks.";
    expect(words(`${ascii} —`)).toEqual(words(ascii));
  });
});

describe("stem", () => {
  it("meets plural and past forms with their base word", () => {
    expect(stem("countries")).toBe("country");
    expect(stem("approved")).toBe(stem("approve"));
  });

  it("meets British spellings with American ones, and leaves look-alikes alone", () => {
    expect(contentTerms("the centre of the organisation's labour defence programme")).toEqual(contentTerms("the center of the organization's labor defense program"));
    expect(stem("recognised")).toBe(stem("recognized"));
    expect(contentTerms("four hours of size and rise")).toEqual(["four", "hour", "size", "rise"]);
  });

  it("reads U.S., US and USA as one word for the country, and 'us' as the pronoun", () => {
    expect(contentTerms("The U.S. and the US and the USA")).toEqual(["usa", "usa", "usa"]);
    expect(contentTerms("US-China trade")).toEqual(["usa", "china", "trad"]);
    expect(contentTerms("told us")).not.toContain("usa");
  });

  it("meets inflected forms in content terms", () => {
    expect(contentTerms("The visits were approved")).toEqual(contentTerms("visit approve"));
  });
});

describe("sentence terms", () => {
  const text = "Tokayev visited Dushanbe. The talks covered water and energy.\n\nOf the, and a.";

  it("stores one line of unique content terms per scoring sentence, and reads back the same sets", () => {
    expect(scoringSentences(text)).toHaveLength(3);
    const encoded = encodeSentenceTerms(`${text} Water, water everywhere.`);
    const sentences = decodeSentenceTerms(encoded);
    expect(sentences.map((terms) => [...terms])).toEqual([
      contentTerms("Tokayev visited Dushanbe."),
      contentTerms("The talks covered water and energy."),
      [],
      [stem("water"), stem("everywhere")],
    ]);
  });

  it("reads an empty encoding as one sentence without terms", () => {
    expect(decodeSentenceTerms("")).toEqual([new Set()]);
  });
});

describe("wordRoot", () => {
  it("gives forms of one word family one root, and unrelated words different roots", () => {
    const root = (word: string) => wordRoot(stem(word));
    expect(root("independence")).toBe(root("independent"));
    expect(root("investment")).toBe(root("invest"));
    expect(root("elections")).toBe(root("elected"));
    expect(root("community")).not.toBe(root("communication"));
    expect(root("statement")).not.toBe(root("state"));
  });
});

describe("United States", () => {
  it("is one word however it is written, so a question and a sentence meet on it", () => {
    expect(contentTerms("the United States")).toEqual(contentTerms("the U.S."));
    expect(contentTerms("the United States of America")).toEqual(["usa"]);
    // Other "united" things stay as they are.
    expect(contentTerms("the United Nations")).not.toContain("usa");
  });
});

describe("phrasal verbs", () => {
  it("are the single verb of their meaning, on either side", () => {
    expect(contentTerms("when was the centre set up")).toContain(stem("establish"));
    expect(contentTerms("the centre was established in 2007")).toContain(stem("establish"));
    expect(contentTerms("who took part in the summit")).toEqual(contentTerms("who participated in the summit"));
    // "up" alone, or "set" without it, stays as it is.
    expect(contentTerms("they set the table")).toContain("set");
  });
});


describe("contractions", () => {
  it("are no content terms, with either apostrophe", () => {
    expect(contentTerms("xi and tokayev said they're both into what kind of multilateralism")).toEqual(["xi", "tokayev", "multilateralism"]);
    expect(contentTerms("We’ve seen that they’ll come, and I'm glad")).toEqual(["seen", "come", "glad"]);
  });
});

describe("withinOneEdit", () => {
  it("allows one letter added, dropped, changed, or two neighbours swapped", () => {
    expect(withinOneEdit("commision", "commission")).toBe(true);
    expect(withinOneEdit("presidnet", "president")).toBe(true);
    expect(withinOneEdit("polic", "polici")).toBe(true);
    expect(withinOneEdit("tarrif", "tariff")).toBe(false);
    expect(withinOneEdit("burden", "buren")).toBe(true);
    expect(withinOneEdit("border", "harbor")).toBe(false);
  });
});
