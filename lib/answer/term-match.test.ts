import { describe, expect, it } from "vitest";
import { contentTerms } from "../text/terms";
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
});
