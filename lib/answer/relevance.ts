// Whether the retrieved passages speak to the question at all. Below the line, both engines
// say the articles do not cover it and cite nothing, rather than quote the least bad passage.
import type { Passage } from "../types";
import { placeEquivalents } from "../text/places";
import { contentTerms, questionNames } from "../text/terms";

/** Whether a set of terms holds a term or another name of the same country ("America" for "United States"). */
function holdsTerm(set: ReadonlySet<string>, term: string): boolean {
  if (set.has(term)) return true;
  const others = placeEquivalents(term);
  return others !== undefined && [...others].some((other) => set.has(other));
}

/**
 * The share of the question's content words (weighted by rarity among the passages) that the
 * best single passage contains. A word no passage has gets the highest weight: "boiling point of
 * mercury" may share "point" with an article, but "mercury" and "boiling" are what it is about.
 */
export function questionCoverage(question: string, passages: Passage[], ignore?: (term: string) => boolean): number {
  const terms = [...new Set(contentTerms(question))].filter((term) => !ignore?.(term));
  if (terms.length === 0 || passages.length === 0) return 0;
  const passageTerms = passages.map((passage) => new Set(contentTerms(`${passage.title} ${passage.text}`)));
  const weights = terms.map((term) => {
    const frequency = passageTerms.filter((set) => holdsTerm(set, term)).length;
    return Math.log(1 + (passages.length + 1) / (1 + frequency));
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let best = 0;
  for (const set of passageTerms) {
    const found = terms.reduce((sum, term, index) => sum + (holdsTerm(set, term) ? weights[index] : 0), 0);
    best = Math.max(best, found / total);
  }
  return best;
}

/**
 * The share of the question's names that no passage contains. A question about France, the
 * World Cup or the iPhone is not answered by passages that merely share its common words.
 */
export function missingNameShare(question: string, passages: Passage[]): number {
  const names = questionNames(question).filter((name) => contentTerms(name).length > 0);
  if (names.length === 0) return 0;
  const present = new Set(passages.flatMap((passage) => contentTerms(`${passage.title} ${passage.text}`)));
  const missing = names.filter((name) => !contentTerms(name).every((term) => holdsTerm(present, term)));
  return missing.length / names.length;
}

/**
 * Calibrated on the seed questions (all must pass; the lowest, "Which summit took place right
 * after the meeting between Xi Jinping and Tokayev?", scores 0.34) and on ten off-topic
 * questions (must abstain; the highest, "When did World War II end?", scores 0.23): see
 * extractive.test.ts. Retrieval's own relevance blends the same kind of lexical evidence with
 * vector similarity; the two are averaged so neither alone decides, then names nobody mentions
 * halve the score.
 */
export const answerableThreshold = 0.3;

export interface AnswerabilityOptions {
  question: string;
  passages: Passage[];
  relevance: number;
  /**
   * Terms that frame the request rather than say what it is about ("describe", "speeches", "the
   * op-ed"): a summary or comparison is not declined because no article says "describe".
   */
  ignore?: (term: string) => boolean;
}

export function answerability(options: AnswerabilityOptions): number {
  const base = 0.5 * questionCoverage(options.question, options.passages, options.ignore) + 0.5 * options.relevance;
  return base * (1 - 0.5 * missingNameShare(options.question, options.passages));
}

export function isAnswerable(options: AnswerabilityOptions): boolean {
  return options.passages.length > 0 && answerability(options) >= answerableThreshold;
}
