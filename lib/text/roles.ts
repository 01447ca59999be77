// Who holds a country's top office, as the articles themselves say it: "Kazakhstan's President
// Kassym-Jomart Tokayev", "Shavkat Mirziyoyev, the President of Uzbekistan". A reader asks about
// "the Kazakh leader" where a later sentence says only "Tokayev"; the sentence answers all the
// same. The links are read from the text at hand, never typed in, so they hold for any corpus.
import { placeEquivalents } from "./places";
import { contentTerms, stem } from "./terms";

/** A person the text names as holding a title of a country. */
export interface RoleHolder {
  /** The stem of the country word as written ("kazakhstan"); compare through `placeEquivalents`. */
  place: string;
  /** The title's stem: "president", "minister" (a prime or foreign minister), "king"… */
  title: string;
  /** The stems of the person's name ("kassym", "jomart", "tokayev"). */
  name: string[];
}

/** A country word and a role word standing together in a question: "Kazakh leader", "president of Tajikistan". */
export interface AskedRole {
  place: string;
  role: string;
}

const titles = ["President", "Prime Minister", "Foreign Minister", "Premier", "Chancellor", "Chairman", "Leader", "King", "Queen", "Emperor", "Empress", "Sultan", "Emir", "Shah", "Tsar", "Czar"];
// As a title before a name or in lower case after one ("Kazakh president Tokayev").
const titleWords = [...titles, ...titles.map((title) => title.toLowerCase())].join("|");
const nameWord = "[A-Z][\\p{L}'’-]+";
const personName = `(?:${nameWord}\\s+){0,2}${nameWord}`;

/** "Kazakhstan's President Kassym-Jomart Tokayev", "Chinese President Xi Jinping". */
const placeTitleName = new RegExp(`\\b(${nameWord})(?:['’]s)?\\s+(${titleWords})\\s+(${personName})`, "gu");
/** "the President of Uzbekistan, Shavkat Mirziyoyev". */
const titleOfPlaceName = new RegExp(`\\b(${titleWords})\\s+of\\s+(?:the\\s+)?(${nameWord}),?\\s+(${personName})`, "gu");
/** "Shavkat Mirziyoyev, the President of Uzbekistan". */
const nameTitleOfPlace = new RegExp(`(${personName}),\\s+(?:the\\s+)?(${titleWords})\\s+of\\s+(?:the\\s+)?(${nameWord})`, "gu");

/** Words that may not start or end a name: "…President Tokayev The…" stops at the name. */
const notName = /^(the|a|an|and|of|on|in|at|to|for|with|said|says|has|had|was|is|will|who|which|this|that|mr|mrs|ms|dr)$/i;

function countryStem(word: string): string | undefined {
  const term = contentTerms(word)[0];
  return term !== undefined && placeEquivalents(term) !== undefined ? term : undefined;
}

/** Words of a body or an office, not of a person: "the President of the French Republic", "Emperor of Austria, King of …". */
const notPersonal = /^(republic|confederation|federation|kingdom|empire|government|council|majesty|highness|excellency|bank|state|states|union|assembly|congress|parliament|cabinet|ministry|king|queen|emperor|empress|president|minister|prince|princess)$/i;

function nameStems(name: string): string[] {
  const kept: string[] = [];
  for (const word of name.split(/\s+/)) {
    if (notName.test(word)) break;
    if (notPersonal.test(word)) return [];
    kept.push(word);
  }
  // A country word is no part of a person's name ("Tokayev Kazakhstan" from a run-on caption).
  return contentTerms(kept.join(" ")).filter((term) => placeEquivalents(term) === undefined);
}

/** "president"; of two words the first tells the office: "prim" (minister), "foreign" (minister). */
function titleStem(title: string): string {
  return stem(title.toLowerCase().split(/\s+/)[0]);
}

/** Every country office holder the text names, in the three ways articles write it. */
export function roleHolders(text: string): RoleHolder[] {
  const holders: RoleHolder[] = [];
  const add = (placeWord: string, title: string, name: string) => {
    const place = countryStem(placeWord);
    const stems = nameStems(name);
    if (place !== undefined && stems.length > 0) holders.push({ place, title: titleStem(title), name: stems });
  };
  for (const found of text.matchAll(placeTitleName)) add(found[1], found[2], found[3]);
  for (const found of text.matchAll(titleOfPlaceName)) add(found[2], found[1], found[3]);
  for (const found of text.matchAll(nameTitleOfPlace)) add(found[3], found[2], found[1]);
  return holders;
}

/** Words a reader uses for whoever leads a country. Stems, as `stem` makes them. */
const leaderWords = new Set(["leader", "head", "ruler", "boss", "strongman", "chief", "counterpart", "president", "premier", "prim", "king", "queen", "emperor", "chancellor", "chairman", "sultan", "emir", "shah", "tsar", "czar"]);
/** Titles a head of state or government holds: the generic words above mean any of them. */
const headTitles = new Set(["president", "premier", "prim", "king", "queen", "emperor", "empress", "chancellor", "chairman", "leader", "sultan", "emir", "shah", "tsar", "czar"]);
const genericWords = new Set(["leader", "head", "ruler", "boss", "strongman", "chief", "counterpart"]);

/** Country and role words that stand next to each other in the question's content terms. */
export function askedRoles(terms: readonly string[]): AskedRole[] {
  const roles: AskedRole[] = [];
  terms.forEach((term, at) => {
    if (placeEquivalents(term) === undefined) return;
    for (const other of [terms[at + 1], terms[at - 1]]) {
      if (other !== undefined && leaderWords.has(other)) roles.push({ place: term, role: other });
    }
  });
  return roles;
}

/** "Tokayev heading to Tajikistan" goes there: "head" before a direction is a verb of motion, no role. */
const headingSomewhere = /\bhead(?:s|ed|ing)?(?=\s+(?:to|for|toward|towards|back|home|off|out|into|over|up|down|across)\b)/gi;

/** The roles a question asks about, read from its text ("Who is Tajikistan's leader?", not "…heading to Tajikistan"). */
export function askedRolesIn(question: string): AskedRole[] {
  return askedRoles(contentTerms(question.replace(headingSomewhere, "travel")));
}

/** Whether a holder is who a reader means by the asked role: same country, and a fitting title. */
export function holdsRole(holder: RoleHolder, asked: AskedRole): boolean {
  const samePlace = holder.place === asked.place || (placeEquivalents(asked.place)?.has(holder.place) ?? false);
  if (!samePlace) return false;
  if (genericWords.has(asked.role)) return headTitles.has(holder.title);
  if (asked.role === "prim" || asked.role === "premier") return holder.title === "prim" || holder.title === "premier";
  return holder.title === asked.role;
}
