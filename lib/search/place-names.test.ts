import { describe, expect, it } from "vitest";
import { contentTerms } from "../text/terms";
import { addPlaceAliases, exactOnlyTerms, placeAliases } from "./place-names";

const terms = (text: string) => new Set(contentTerms(text));

describe("placeAliases", () => {
  it("maps the other names of a country the question names to the question's word", () => {
    const aliases = placeAliases(contentTerms("What did Moscow offer the Kazakh delegation?"));
    expect(aliases.get("russia")).toEqual(["moscow"]);
    expect(aliases.get("russian")).toEqual(["moscow"]);
    expect(aliases.get("kazakhstan")).toEqual(["kazakh"]);
    expect(aliases.get("astana")).toEqual(["kazakh"]);
    // The question's own words are not aliases of themselves, and ordinary words have none.
    expect(aliases.has("moscow")).toBe(false);
    expect(aliases.has("delegation")).toBe(false);
  });

  it("links two names of the same country in one question to each other", () => {
    const aliases = placeAliases(contentTerms("Astana and Kazakhstan"));
    expect(aliases.get("kazakhstan")).toEqual(["astana"]);
    expect(aliases.get("astana")).toEqual(["kazakhstan"]);
  });

  it("is empty for a question that names no country", () => {
    expect(placeAliases(contentTerms("How much did the tariff raise?")).size).toBe(0);
  });
});

describe("addPlaceAliases", () => {
  it("lets a passage naming the country cover the question's capital", () => {
    const aliases = placeAliases(contentTerms("Moscow gas deal"));
    const passage = addPlaceAliases(terms("Russia signed the gas deal."), aliases);
    expect(passage.has("moscow")).toBe(true);
    expect(passage.has("russia")).toBe(true);
  });

  it("never adds a place by likeness: a neighbouring country stays itself", () => {
    const aliases = placeAliases(contentTerms("Tajikistan water"));
    const passage = addPlaceAliases(terms("Uzbekistan and Pakistan share water."), aliases);
    expect(passage.has("tajikistan")).toBe(false);
    expect([...passage].sort()).toEqual([...terms("Uzbekistan and Pakistan share water.")].sort());
  });

  it("returns the set it was given, unchanged without aliases", () => {
    const passage = terms("Russia signed.");
    expect(addPlaceAliases(passage, new Map())).toBe(passage);
    expect([...passage]).toEqual(contentTerms("Russia signed."));
  });
});

describe("exactOnlyTerms", () => {
  it("holds the question's numbers and places, not its other words", () => {
    const only = exactOnlyTerms(contentTerms("What did Tajikistan export in 1937 to Moscow after the drought?"));
    expect([...only].sort()).toEqual(["1937", "moscow", "tajikistan"]);
  });
});
