import { describe, expect, it } from "vitest";
import { contentTerms } from "../text/terms";
import { Thesaurus } from "../text/thesaurus";
import { termMatcher } from "./term-match";

describe("termMatcher", () => {
  const match = termMatcher({});
  const terms = (text: string) => contentTerms(text);

  it("matches the same stem fully and another form of the word almost fully", () => {
    expect(match("kazakhstan", terms("Kazakhstan signed it"))).toBe(1);
    const [independent] = terms("independent");
    expect(match(independent, terms("Tajikistan's independence"))).toBeGreaterThanOrEqual(0.8);
    expect(match(independent, terms("Tajikistan's independence"))).toBeLessThan(1);
  });

  it("matches a capital to its country, never numbers or countries to their neighbours", () => {
    expect(match("russia", terms("talks in Moscow"))).toBe(1);
    expect(match("2023", terms("in 2024"))).toBe(0);
    expect(match("kazakhstan", terms("Kyrgyzstan and Tajikistan"))).toBe(0);
  });

  it("matches one word written as two, in their order", () => {
    const [gunboats] = terms("gunboats");
    expect(match(gunboats, terms("the gun boats authorized"))).toBeGreaterThanOrEqual(0.8);
    expect(match(gunboats, terms("a boat with a gun"))).toBe(0);
  });

  it("does not join words by a short shared root", () => {
    // "business" and "busy" share the Porter root "busi".
    const [busy] = terms("busy");
    expect(match(busy, terms("business leaders"))).toBe(0);
  });

  it("lets the verbs of leading meet leaders' titles, for questions about a person only", () => {
    const [runs] = terms("runs");
    expect(termMatcher({ roles: true })(runs, terms("Turkmenistan's President Serdar Berdimuhamedov"))).toBeGreaterThan(0);
    expect(match(runs, terms("Turkmenistan's President Serdar Berdimuhamedov"))).toBe(0);
  });

  it("counts a WordNet synonym as covering the word, below the word itself, and never for numbers or places", () => {
    const [cut, reduced, wages, pay] = terms("cut reduced wages pay");
    const thesaurus = new Thesaurus(new Map([[cut, [reduced]], [wages, [pay]], ["1937", ["1938"]], ["russia", ["belarus"]]]));
    const withSynonyms = termMatcher({ thesaurus });
    expect(withSynonyms(cut, terms("The Army will be reduced"))).toBeGreaterThanOrEqual(0.6);
    expect(withSynonyms(cut, terms("The Army will be reduced"))).toBeLessThan(0.9);
    // Either word may be the question's.
    expect(withSynonyms(pay, terms("Average wages have increased"))).toBeGreaterThanOrEqual(0.6);
    expect(match(cut, terms("The Army will be reduced"))).toBe(0);
    expect(withSynonyms("1937", terms("in 1938"))).toBe(0);
    expect(withSynonyms("russia", terms("talks in Belarus"))).toBe(0);
  });
});
