import { describe, expect, it } from "vitest";
import { askedRoles, askedRolesIn, holdsRole, roleHolders } from "./roles";
import { contentTerms } from "./terms";

describe("roleHolders", () => {
  it("reads a country's office holder in the three ways articles write it", () => {
    const text =
      "On August 9, Kazakhstan's President Kassym-Jomart Tokayev hosted the summit. Shavkat Mirziyoyev, the President of Uzbekistan, spoke next. " +
      "The Prime Minister of India, Narendra Modi, sent greetings.";
    const holders = roleHolders(text).map((holder) => `${holder.place}/${holder.title}/${holder.name.join(" ")}`);
    expect(holders).toEqual(expect.arrayContaining(["kazakhstan/president/kassym jomart tokayev", "uzbekistan/president/shavkat mirziyoyev", "india/prim/narendra modi"]));
  });

  it("stops the name at the first word that is no name, and takes no body for a person", () => {
    expect(roleHolders("Kazakh president Tokayev The visit").map((holder) => holder.name)).toEqual([["tokayev"]]);
    expect(roleHolders("a letter from the President of the French Republic")).toEqual([]);
    expect(roleHolders("the Emperor of Austria, King of Hungary")).toEqual([]);
  });
});

describe("askedRoles and holdsRole", () => {
  const [tokayev] = roleHolders("Kazakhstan's President Kassym-Jomart Tokayev arrived.");

  it("finds a country word beside a role word, in either order", () => {
    expect(askedRoles(contentTerms("When is the Kazakh leader due in Dushanbe?"))).toEqual([{ place: "kazakh", role: "leader" }]);
    expect(askedRoles(contentTerms("what did the president of kazakhstan say"))).toEqual([{ place: "kazakhstan", role: "president" }]);
    expect(askedRoles(contentTerms("Which Kazakh city hosted the forum?"))).toEqual([]);
    // "Heading to" a country is going there; heading a country is leading it.
    expect(askedRolesIn("When is Tokayev heading to Tajikistan?")).toEqual([]);
    expect(askedRolesIn("Who heads Tajikistan these days?")).toEqual([{ place: "tajikistan", role: "head" }]);
  });

  it("matches the holder through the country's other names and any head-of-state word", () => {
    expect(holdsRole(tokayev, { place: "astana", role: "leader" })).toBe(true);
    expect(holdsRole(tokayev, { place: "kazakh", role: "president" })).toBe(true);
    expect(holdsRole(tokayev, { place: "tajik", role: "president" })).toBe(false);
    expect(holdsRole(tokayev, { place: "kazakh", role: "prim" })).toBe(false);
  });
});
