// Countries, their capitals and demonyms, from the `world-countries` dataset: a reader says
// "Moscow" or "Beijing" where the article says "Russia" or "China", "Kazakh" where it says
// "Kazakhstan". Each single-word name maps to the stems of every other name of its country.
import countries from "world-countries";
import { stem, words } from "./terms";

type Country = (typeof countries)[number];

/**
 * What readers call a country whose dataset names are all several words ("United States", "Great
 * Britain"), or by a name or spelling the dataset lacks ("Turkey" beside "Türkiye", "Peking").
 */
const everydayNames: Record<string, string[]> = {
  USA: ["America", "Washington"],
  GBR: ["Britain", "England", "English"],
  RUS: ["Petersburg"],
  TUR: ["Turkey"],
  CHN: ["Peking", "Pekin"],
  TWN: ["Formosa"],
  JPN: ["Tokio"],
  // Both Koreas' dataset names are two words; "Korea" alone, as American speeches use it, is the South.
  KOR: ["Korea", "Korean", "Koreans"],
};

/**
 * Former states that old speeches name, each with the capital a reader uses for it: "Moscow" may
 * mean the Soviet Union and "Berlin" Prussia, but the Soviet Union is not Russia, so a former state
 * shares its capital with today's country and nothing else.
 */
const formerStates: string[][] = [
  ["Soviet", "Soviets", "USSR", "Moscow"],
  ["Prussia", "Prussian", "Prussians", "Berlin"],
  ["Ottoman", "Ottomans", "Turkey", "Turkish", "Constantinople"],
  ["Persia", "Persian", "Persians", "Tehran"],
  ["Siam", "Siamese", "Bangkok"],
  ["Ceylon", "Colombo"],
];

/** The single-word names a reader may use for a country: common name, capital, demonyms, ASCII alternatives. */
function namesOf(country: Country): string[] {
  const demonyms = Object.values(country.demonyms?.eng ?? {});
  // Capitalised words ("Emirates") and acronyms of three or more letters ("UAE", "DPRK"; the
  // text side reads "U.S." and "US" as "usa"); two-letter codes collide with words ("IN", "IT").
  const alternatives = country.altSpellings.filter((name) => /^[A-Za-z][a-z]{3,}$/.test(name) || /^[A-Z]{3,4}$/.test(name) || name === "UK");
  const candidates = [country.name.common, ...country.capital, ...demonyms, ...alternatives, ...(everydayNames[country.cca3] ?? [])];
  return candidates.flatMap((name) => {
    const tokens = words(name);
    return tokens.length === 1 ? [tokens[0]] : [];
  });
}

/**
 * "-stan" countries are also named by their people's short form (Kazakh, Tajik, Uzbek, Turkmen):
 * the dataset's demonyms are the long ones ("Kazakhstani").
 */
function shortForms(country: Country): string[] {
  const short = country.name.common.toLowerCase().replace(/i?stan$/, "");
  return short !== country.name.common.toLowerCase() && short.length >= 5 ? [short] : [];
}

let groups: Map<string, Set<string>> | undefined;
let commonNames: Map<string, string> | undefined;

/**
 * The country's everyday one-word name for a stem that names it otherwise: "dushanb" -> "Tajikistan",
 * "kazakh" -> "Kazakhstan", "moscow" -> "Russia"; undefined for the name itself, for a place the
 * dataset does not tie to one state, and for a country whose name is several words.
 */
export function countryNameFor(term: string): string | undefined {
  if (!commonNames) {
    commonNames = new Map();
    for (const country of countries) {
      const name = country.name.common;
      const tokens = words(name);
      if (tokens.length !== 1) continue;
      const itself = stem(tokens[0]);
      for (const key of placeEquivalents(itself) ?? []) if (key !== itself) commonNames.set(key, name);
    }
  }
  return commonNames.get(term);
}

function build(): Map<string, Set<string>> {
  const owners = new Map<string, Country[]>();
  for (const country of countries) {
    for (const key of new Set([...namesOf(country), ...shortForms(country)].map(stem))) owners.set(key, [...(owners.get(key) ?? []), country]);
  }
  // A name a state shares only with territories ("French", "Dutch", "American", "Indian") is the
  // state's; one that two states share ("Congolese", "Dominican", "Kingston") names neither.
  const ownerOf = new Map<string, Country | undefined>();
  for (const [key, named] of owners) {
    const states = named.filter((country) => country.unMember);
    ownerOf.set(key, named.length === 1 ? named[0] : states.length === 1 ? states[0] : undefined);
  }
  const namesByCountry = new Map<Country, Set<string>>();
  for (const [key, owner] of ownerOf) if (owner) namesByCountry.set(owner, (namesByCountry.get(owner) ?? new Set()).add(key));
  const byStem = new Map<string, Set<string>>();
  for (const [key, owner] of ownerOf) byStem.set(key, owner ? namesByCountry.get(owner)! : new Set([key]));
  // A former state's names mean one another; its capital means both it and today's country.
  for (const names of formerStates) {
    const former = new Set(names.map((name) => stem(words(name)[0])));
    for (const key of former) byStem.set(key, new Set([...former, ...(byStem.get(key) ?? [])]));
  }
  return byStem;
}

/**
 * Every stem that names the same country as `term` (itself included), and for a former state's
 * capital the former state's names too; undefined when it names none.
 */
export function placeEquivalents(term: string): ReadonlySet<string> | undefined {
  groups ??= build();
  return groups.get(term);
}
