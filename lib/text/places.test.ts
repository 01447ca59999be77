import { describe, expect, it } from "vitest";
import { countryNameFor, placeEquivalents } from "./places";
import { stem as stemOf } from "./terms";

const stem = (word: string) => stemOf(word.toLowerCase());

const names = (word: string) => [...(placeEquivalents(stem(word)) ?? [])].sort();

describe("other names of a country", () => {
  it("links a country's name, capital and demonyms", () => {
    expect(names("Moscow")).toEqual(expect.arrayContaining(names("Russia")));
    expect(names("Kazakh")).toContain(stem("Kazakhstan"));
    // The dataset's capital is "Washington D.C.": readers say "Washington" for the United States.
    expect(names("Washington")).toEqual(names("American"));
  });

  it("gives a demonym a state shares only with its territories to the state", () => {
    // "Dutch" is also Caribbean Netherlands', "American" American Samoa's, "French" the French Southern Lands'.
    expect(names("Dutch")).toEqual(expect.arrayContaining([stem("Netherlands"), stem("Holland")]));
    expect(names("American")).toEqual(expect.arrayContaining([stem("America"), stem("USA")]));
    expect(names("French")).toEqual(expect.arrayContaining([stem("France"), stem("Paris")]));
  });

  it("gives a capital to the former state that had it, without making that state today's country", () => {
    // "Moscow" in a question about 1975 means the Soviet Union; the Soviet Union is not Russia.
    expect(names("Moscow")).toEqual(expect.arrayContaining([stem("Soviet"), stem("USSR"), stem("Russia")]));
    expect(names("USSR")).toContain(stem("Moscow"));
    expect(names("USSR")).not.toContain(stem("Russia"));
    expect(names("Russia")).not.toContain(stem("Soviet"));
    expect(names("Berlin")).toEqual(expect.arrayContaining([stem("Prussia"), stem("Germany")]));
    expect(names("Prussia")).not.toContain(stem("Germany"));
  });

  it("reads 'Korea' as the South, whose capital readers name", () => {
    expect(names("Seoul")).toContain(stem("Korea"));
  });

  it("links a name two states share to neither", () => {
    expect(names("Congolese")).toEqual([stem("Congolese")]);
    expect(names("Dominican")).toEqual([stem("Dominican")]);
  });

  it("knows no country for an everyday word", () => {
    expect(placeEquivalents(stem("harbour"))).toBeUndefined();
  });

  it("gives the country's one-word name for its capital or people, not for the name itself", () => {
    expect(countryNameFor(stem("Dushanbe"))).toBe("Tajikistan");
    expect(countryNameFor(stem("Kazakh"))).toBe("Kazakhstan");
    expect(countryNameFor(stem("Tokyo"))).toBe("Japan");
    expect(countryNameFor(stem("Tajikistan"))).toBeUndefined();
    expect(countryNameFor(stem("harbour"))).toBeUndefined();
  });
});
