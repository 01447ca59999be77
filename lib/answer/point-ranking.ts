// Summaries and comparisons rank an article's candidate sentences by a weighted sum of named
// features, one weight set per kind of request (one article, a topic across articles, a
// comparison), then pick their points by MMR over that score. The weights are learned by
// `npm run train-summary` from the development splits of the blind-written summary and compare
// requests, so that sentences stating an expected point (the agreement, the list, the number)
// outrank the generic sentences around them; held-out splits check that they generalise.
import { pointWeights } from "./point-weights";

export const pointFeatures = [
  /** LexRank centrality in the article's own sentence graph, 0..1 (the most central is 1). */
  "centrality",
  /** Names, numbers and quoted terms, rare names counting more, 0..1. */
  "density",
  /** It reports an act: something agreed, signed, announced, built, asked for. */
  "claim",
  /** 1 minus twice the share of its words that judge or frame rather than report (0 from half). */
  "plain",
  /** It opens with "It", "This", "They"…: it leans on the sentence before. */
  "anaphoric",
  /** An odd number of quotation marks: it starts or ends inside a quotation. */
  "brokenQuote",
  /** Position in the article: 1 for the first sentence down to 0 for the last. */
  "lead",
  /** It opens its paragraph. */
  "paragraphOpening",
  /** It closes a paragraph of three or more sentences: where an article comments on what it reported. */
  "paragraphClosing",
  /** It opens by summing up or commenting ("Altogether, …", "Thus …", "By enhancing cooperation, …"). */
  "commentary",
  /** Length, min(1, words / 50). */
  "length",
  /** It holds a digit: a date, an amount, a count. */
  "number",
  /** It holds a short quoted term ("true multilateralism"), how an article names its own idea. */
  "quoted",
  /** It lists three or more things ("trade, technology, tourism and investment"). */
  "list",
  /** Share of its content words that at most two of the article's sentences use: specific rather than the article's refrain. */
  "specific",
  /** How little it shares with the article's gist (1 - likeness): it adds something the gist does not say. */
  "novelty",
  /** Weighted share of the request's topic terms it holds (0 when the request names no topic). */
  "topicCoverage",
  /** The same, or 0.6 of a neighbour's within two sentences: a speech names its subject once and goes on about it. */
  "nearCoverage",
  /** Word-vector likeness to the request's topic, 0..1. */
  "topicLikeness",
  /** How much of the stretch around it (nine sentences) treats the topic, over the article's best stretch, 0..1. */
  "sectionCoverage",
  /** How much it names what its stretch of the article (five sentences each way) goes on about, 0..1. */
  "localTheme",
  /** The speaker asks for or commits to an act: "I recommend", "we must", "I announce that", "let us". */
  "recommendation",
  /** An obligation stated as policy: "should be repealed", "ought to", "must". */
  "obligation",
  /** An amount with its unit ("$4.25 an hour", "40 percent", "2 million tons"), not a date. */
  "amount",
  /** Emphasis that marks a main point: "the first requisite", "above all", "most important". */
  "emphasis",
  /** How far past 40 words it runs, 0..1 at 80: a paragraph in one sentence reads poorly as a point. */
  "long",
  /** How much it names what the whole article keeps returning to (terms in three or more of its sentences, uncommon words counting more), 0..1. */
  "keyness",
] as const;

export type PointFeature = (typeof pointFeatures)[number];

/**
 * Features `npm run train-summary` holds at their current weights unless asked to fit them
 * (`--fit-held`): every refit with them gained development points and lost held-out ones, so
 * they keep small hand-set weights (a speech's proposals and marked main points count a little;
 * keyness 0.05 for one article: a refit left it near 0, while 0.05 gained 7 SOTU dev points and
 * 1 held-out, losing 1 seed held-out).
 */
export const heldPointFeatures: readonly PointFeature[] = ["localTheme", "recommendation", "obligation", "amount", "emphasis", "long", "keyness"];
export type PointFeatureVector = Record<PointFeature, number>;
export type PointWeights = Readonly<Record<PointFeature, number>>;

/** The kinds of request, each with its own weights: what makes a point differs between them. */
export const pointContexts = ["article", "topic", "compare"] as const;
export type PointContext = (typeof pointContexts)[number];
export type PointWeightSet = Readonly<Record<PointContext, PointWeights>>;

const zero = Object.fromEntries(pointFeatures.map((name) => [name, 0])) as Record<PointFeature, number>;

/**
 * The hand-set weights the summaries used before any were learned (their formulas written as
 * weighted sums): training starts from them and its L2 penalty pulls towards them, so a feature
 * the development requests say little about keeps its hand-set weight (0 for the new ones).
 */
export const startingPointWeights: PointWeightSet = {
  // 0.3 centrality + 0.3 density + 0.2 claim + 0.2 plain, x0.7 for an opening "This…" or a broken quote, + 0.25 focus.
  article: { ...zero, centrality: 0.3, density: 0.3, claim: 0.2, plain: 0.2, anaphoric: -0.15, brokenQuote: -0.15, topicCoverage: 0.25 },
  // 0.55 coverage + 0.3 density + 0.15 centrality - 0.1 for an opening "This…".
  topic: { ...zero, topicCoverage: 0.55, density: 0.3, centrality: 0.15, anaphoric: -0.1 },
  // 0.3 relevance (own or a neighbour's) + 0.3 likeness to the question + 0.4 of the article score.
  compare: { ...zero, nearCoverage: 0.3, topicLikeness: 0.3, centrality: 0.12, density: 0.12, claim: 0.08, plain: 0.08, anaphoric: -0.06, brokenQuote: -0.06 },
};

export function pointScore(features: PointFeatureVector, weights: PointWeights): number {
  let score = 0;
  for (const name of pointFeatures) score += weights[name] * features[name];
  return score;
}

/** The weights in use: the learned ones, unless a caller (the trainer) brings its own. */
export function weightsFor(context: PointContext, weights: PointWeightSet = pointWeights): PointWeights {
  return weights[context];
}
