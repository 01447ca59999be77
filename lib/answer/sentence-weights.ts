// Written by `npm run train-ranker -- --write`: the ask engine's sentence weights, learned from
// eval/seed-ask-dev.jsonl, eval/sotu-ask-dev.jsonl (see sentence-ranking.ts for what each feature means).
import type { SentenceFeature } from "./sentence-ranking";

export const sentenceWeights: Readonly<Record<SentenceFeature, number>> = {
  contextCoverage: 0.6183,
  coverage: 0.259,
  looseCoverage: 0.0312,
  typed: 0.1274,
  typedNear: 0.036,
  focused: 0.022,
  passageRank: 0.0737,
  fragment: -0.1676,
  exactShare: 0.0107,
  phrase: 0.0277,
  quoted: -0.003,
  novelty: -0.0815,
  anaphoric: -0.0378,
  lede: -0.0012,
};
