// Other names of the same country, for retrieval's term coverage: a reader asks about "Moscow" or
// "the Kazakh leader" where the article says "Russia" or "Kazakhstan". The names come from the
// `world-countries` dataset (lib/text/places.ts), never from word likeness: the word vectors put
// "Tajikistan" near "Pakistan" and "1937" near "1938", which are different places and years.
import { placeEquivalents } from "../text/places";

/**
 * For each stem that names the same country as one of the question's stems, the question stems it
 * stands for ("russia" -> ["moscow"] for a question about Moscow). A question stem stands for
 * itself too, so a question naming both "Astana" and "Kazakhstan" has each cover the other.
 */
export function placeAliases(queryTerms: readonly string[]): Map<string, string[]> {
  const aliases = new Map<string, string[]>();
  for (const term of new Set(queryTerms)) {
    for (const other of placeEquivalents(term) ?? []) {
      if (other === term) continue;
      const list = aliases.get(other) ?? [];
      list.push(term);
      aliases.set(other, list);
    }
  }
  return aliases;
}

/**
 * Adds to `terms` (in place) each question stem that one of its place names stands for, so that
 * coverage counts "Russia" in a passage as the question's "Moscow". Returns `terms`.
 */
export function addPlaceAliases(terms: Set<string>, aliases: ReadonlyMap<string, readonly string[]>): Set<string> {
  if (aliases.size === 0) return terms;
  const found: string[] = [];
  for (const term of terms) for (const stands of aliases.get(term) ?? []) found.push(stands);
  for (const term of found) terms.add(term);
  return terms;
}

/**
 * The question stems that must match exactly, not by likeness in the word vectors: numbers and
 * places. Capitalised names are left to likeness: at the start of a clause or in a title
 * ("Union", "Congress") capitals say little about whether a word is a name.
 */
export function exactOnlyTerms(queryTerms: readonly string[]): Set<string> {
  return new Set(queryTerms.filter((term) => /\d/.test(term) || placeEquivalents(term) !== undefined));
}
