// Whether the best sentence the ask engine found answers the question at all, or only shares
// its topic ("What is Kazakhstan's GDP?" against sentences on Kazakhstan's economic growth).
// A logistic model over a few signals of the question and its lead sentence, learned by
// `npm run train-ask` from the development splits (answerable against unanswerable questions);
// its threshold is set there so that few answerable development questions are declined.
import { answerWeights } from "./answer-weights";

export const answerFeatures = [
  /** The best weighted share of the question's key terms any sentence covers with its neighbours. */
  "bestCoverage",
  /** The lead's own weighted coverage. */
  "leadCoverage",
  /** The lead's share of key terms matched exactly, not by near-synonyms. */
  "leadExact",
  /** The heaviest single key term that no candidate sentence matches, as a share of the weight. */
  "missingTerm",
  /** Weighted share of key terms that the lead, with its neighbours, leaves unmatched. */
  "leadUnmatched",
  /** The question asks for a date, number, person, place or name… */
  "wantsType",
  /** …and the lead holds one next to the question's words. */
  "typedNear",
  /** The question asks "which X" and the lead says X. */
  "focusMatched",
  /** The lead's ranking score. */
  "leadScore",
  /** How many key terms the question has (over 8, capped at 1): long questions cover less. */
  "termCount",
  /** How many key terms the lead (with its neighbours) matches (over 4, capped at 1). */
  "matchedTerms",
] as const;

export type AnswerFeature = (typeof answerFeatures)[number];
export type AnswerFeatureVector = Record<AnswerFeature, number>;

export interface AnswerModel {
  bias: number;
  weights: Readonly<Record<AnswerFeature, number>>;
  /** Below this probability the engine declines. */
  threshold: number;
}

export function answerProbability(features: AnswerFeatureVector, model: AnswerModel = answerWeights): number {
  let logit = model.bias;
  for (const name of answerFeatures) logit += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-logit));
}
