// The ask engine ranks candidate sentences by a weighted sum of features. The features say, each
// in its own way, whether a sentence answers the question (how much of it it covers, whether it
// holds a thing of the asked type next to the question's words, …); the weights are learned by
// `npm run train-ranker` from the development splits of the blind-written question sets, so that
// the sentence holding the answer ranks first. Held-out splits check that the weights generalise.
import { sentenceWeights } from "./sentence-weights";

export const sentenceFeatures = [
  /** Weighted share of the question's key terms the sentence (with its neighbours) covers. */
  "contextCoverage",
  /** The same share, the sentence alone (an opening "It…" borrows from the sentence before). */
  "coverage",
  /** The sentence's coverage when weaker near-synonyms count too (cosine from 0.3, not 0.6). */
  "looseCoverage",
  /** It holds a thing of the asked type (a date for "when", a person for "who"), not named in the question. */
  "typed",
  /** That thing stands within a few words of a word the question used: "Turkmenistan's President Serdar Berdimuhamedov". */
  "typedNear",
  /** It uses the noun a "which X" question asks about. */
  "focused",
  /** Retrieval's order of its passage, 1 for the first passage down to 0. */
  "passageRank",
  /** A fragment: under six words, or no closing punctuation (a headline, a caption). */
  "fragment",
  /** Share of the question's key terms it matches exactly, not by a near-synonym. */
  "exactShare",
  /** Share of the question's adjacent key-term pairs it holds next to each other: phrase matches. */
  "phrase",
  /** A short quoted phrase the question does not use (how an article names its own idea). */
  "quoted",
  /** Share of its own content words that the question does not use: it says something new. */
  "novelty",
  /** It opens with "It", "This", "They"…: it leans on the sentence before. */
  "anaphoric",
  /** It is one of an article's first two sentences: the lede states the news. */
  "lede",
] as const;

export type SentenceFeature = (typeof sentenceFeatures)[number];
export type FeatureVector = Record<SentenceFeature, number>;

/**
 * The weights the engine used before any were learned: training starts from them and its L2
 * penalty pulls towards them, so a feature the development questions say little about keeps
 * its hand-set weight (0 for the features added with the learned ranker).
 */
export const startingWeights: Readonly<Record<SentenceFeature, number>> = {
  contextCoverage: 0.6,
  coverage: 0.25,
  looseCoverage: 0,
  typed: 0.2,
  typedNear: 0,
  focused: 0.1,
  passageRank: 0.03,
  fragment: -0.2,
  exactShare: 0,
  phrase: 0,
  quoted: 0,
  novelty: 0,
  anaphoric: 0,
  lede: 0,
};

export function rankScore(features: FeatureVector, weights: Readonly<Record<SentenceFeature, number>> = sentenceWeights): number {
  let score = 0;
  for (const name of sentenceFeatures) score += weights[name] * features[name];
  return score;
}
