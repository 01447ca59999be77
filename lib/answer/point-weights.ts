// Written by `npm run train-summary -- --write`: the summary and compare point weights, learned from
// eval/seed-summary-dev.jsonl, eval/seed-summary3-dev.jsonl, eval/sotu-summary-dev.jsonl, eval/sotu-summary3-dev.jsonl (see point-ranking.ts for what each feature means).
import type { PointWeightSet } from "./point-ranking";

export const pointWeights: PointWeightSet = {
  article: { centrality: 0.0377, density: 0.0213, claim: 0.0321, plain: 0.1154, anaphoric: -0.0103, brokenQuote: -0.0298, lead: 0.01, paragraphOpening: 0.0296, length: 0.0265, number: 0.0326, quoted: 0.0052, list: -0.0209, specific: 0.0238, novelty: 0.0084, topicCoverage: -0.0059, nearCoverage: 0.0362, topicLikeness: -0.0477 },
  topic: { centrality: -0.0414, density: -0.0346, claim: -0.086, plain: 0.2765, anaphoric: -0.0048, brokenQuote: 0, lead: -0.1056, paragraphOpening: 0.0354, length: 0.0641, number: 0.0019, quoted: -0.0838, list: 0.0505, specific: 0.1201, novelty: -0.1202, topicCoverage: 0.3477, nearCoverage: -0.1549, topicLikeness: -0.1473 },
  compare: { centrality: -0.023, density: 0.0358, claim: 0.0046, plain: 0.0348, anaphoric: -0.0151, brokenQuote: 0.007, lead: 0.0048, paragraphOpening: -0.0192, length: 0.0401, number: 0.002, quoted: -0.0012, list: -0.0153, specific: 0.0225, novelty: 0.0447, topicCoverage: -0.0065, nearCoverage: 0.1805, topicLikeness: 0.1216 },
};
