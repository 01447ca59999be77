// How well a sentence's stems match one stem of a question or topic: the ask engine and the
// summaries score sentences by it. 1 for the same stem or another name of the same country
// ("Moscow" for "Russia"), the cosine for a near-synonym in the word vectors, else 0.
import type { StemVectors } from "../search/soft-coverage";
import { placeEquivalents } from "../text/places";
import type { Thesaurus } from "../text/thesaurus";
import { cosine, wordRoot } from "../text/terms";

/** Below this cosine (common direction removed) two stems are not near-synonyms. */
export const synonymThreshold = 0.6;
/** Names need a closer neighbour ("USSR" for "Soviet") than common words do. */
export const nameSynonymThreshold = 0.7;

export type TermMatcher = (term: string, sentenceTerms: readonly string[]) => number;

/**
 * Places and numbers mean only themselves: "Turkmenistan" is no near-synonym of "Kazakhstan", nor
 * "1937" of "1938" (other names of a country come from the gazetteer instead). `exact` adds terms
 * that must match exactly too (by default: any with a digit).
 */
/**
 * "Who leads Turkmenistan?" is answered by "Turkmenistan's President Serdar Berdimuhamedov": for a
 * question about a person, the verbs and nouns of leading meet the titles leaders hold (the word
 * vectors put "lead" and "president" at cosine -0.07). Stems, as `stem` makes them.
 */
const leadingWords = new Set(["lead", "led", "leader", "head", "govern", "chair", "command", "run", "ran", "rule"]);
const leaderTitles = new Set(["leader", "president", "head", "chairman", "chair", "chief", "premier", "king", "queen", "ruler", "governor", "prim", "minister", "chancellor", "emir", "sultan", "mayor", "commander", "director"]);
/** Another form of the same word ("independence" for "independent"): almost the word itself. */
const rootMatch = 0.9;
/** Shorter shared roots ("organ" of "organization") join unrelated words too often. */
const minimumRoot = 5;

/** What a leader's title counts for a question's "leads": less than the word itself. */
const titleMatch = 0.8;

/**
 * What a WordNet synonym counts for: just above the synonym threshold, so it covers the word, but
 * below a close neighbour in the vectors. 0.65 to 0.9 scored within one held-out answer.
 */
const thesaurusMatch = 0.65;

export function termMatcher(options: {
  stems?: StemVectors;
  /** WordNet's synonyms; by default the ones that came with `stems`. */
  thesaurus?: Thesaurus;
  names?: ReadonlySet<string>;
  exact?: (term: string) => boolean;
  threshold?: number;
  roles?: boolean;
}): TermMatcher {
  const { stems, names } = options;
  const thesaurus = options.thesaurus ?? stems?.thesaurus;
  const exact = options.exact ?? ((term: string) => /\d/.test(term));
  const threshold = options.threshold ?? synonymThreshold;
  const units = new Map<string, Float64Array | undefined>();
  const unit = (term: string) => {
    if (!units.has(term)) units.set(term, stems?.unit(term));
    return units.get(term);
  };
  const products = new Map<string, number>();
  return (asked, sentenceTerms) => {
    const places = placeEquivalents(asked);
    const own = places || exact(asked) ? undefined : unit(asked);
    const floor = names?.has(asked) ? nameSynonymThreshold : threshold;
    let best = 0;
    const leading = options.roles === true && leadingWords.has(asked);
    const root = places || exact(asked) ? undefined : wordRoot(asked);
    // A name the question uses means that one ("Washington" the man is no "capital").
    const synonyms = root !== undefined && !names?.has(asked);
    for (const [at, term] of sentenceTerms.entries()) {
      if (term === asked || places?.has(term)) return 1;
      // "gunboats" for "gun boats", "railroad" for "rail road": one word written as two.
      if (best < rootMatch && asked.length >= 6 && asked.startsWith(term) && term + (sentenceTerms[at + 1] ?? "") === asked) best = rootMatch;
      if (leading && leaderTitles.has(term)) best = Math.max(best, titleMatch);
      if (root !== undefined && root.length >= minimumRoot && best < rootMatch && wordRoot(term) === root) best = rootMatch;
      if (synonyms && best < thesaurusMatch && thesaurus?.related(asked, term)) best = thesaurusMatch;
      if (!own) continue;
      const key = `${asked}\u0000${term}`;
      let dot = products.get(key);
      if (dot === undefined) {
        const other = unit(term);
        dot = other ? cosine(own, other) : 0;
        products.set(key, dot);
      }
      if (dot >= floor && dot > best) best = dot;
    }
    return best;
  };
}
