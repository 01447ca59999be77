// Written by `npm run train-ask -- --write`: the ask engine's sentence weights, learned from
// eval/seed-ask-dev.jsonl, eval/seed-ask2-dev.jsonl, eval/sotu-ask-dev.jsonl, eval/sotu-ask2-dev.jsonl (see sentence-ranking.ts for what each feature means).
import type { SentenceFeature } from "./sentence-ranking";

export const sentenceWeights: Readonly<Record<SentenceFeature, number>> = {
  contextCoverage: 0.5956,
  coverage: 0.2322,
  looseCoverage: 0.0147,
  typed: 0.1388,
  typedNear: 0.0289,
  focused: 0.0537,
  passageRank: 0.0783,
  fragment: -0.1744,
  exactShare: 0.0168,
  phrase: 0.0096,
  quoted: 0.0076,
  novelty: -0.0658,
  anaphoric: -0.0586,
  lede: -0.0008,
};
