// Written by `npm run train-summary -- --write`: the summary and compare point weights, learned from
// eval/seed-summary-dev.jsonl, eval/seed-summary3-dev.jsonl, eval/sotu-summary-dev.jsonl, eval/sotu-summary3-dev.jsonl (see point-ranking.ts for what each feature means).
import type { PointWeightSet } from "./point-ranking";

export const pointWeights: PointWeightSet = {
  article: { centrality: 0.0069, density: 0.0018, claim: 0.012, plain: 0.0405, anaphoric: -0.0033, brokenQuote: -0.0155, lead: 0.0018, paragraphOpening: 0.0097, paragraphClosing: -0.0133, commentary: -0.018, length: 0.0162, number: 0.0176, quoted: 0.0016, list: -0.0061, specific: 0.0028, novelty: -0.0001, topicCoverage: -0.0116, nearCoverage: 0.0221, topicLikeness: -0.0173, sectionCoverage: 0.0029 },
  topic: { centrality: -0.0658, density: -0.0146, claim: 0.02, plain: 0.1295, anaphoric: -0.0042, brokenQuote: 0, lead: 0.006, paragraphOpening: -0.0177, paragraphClosing: 0.0107, commentary: -0.0688, length: 0.1077, number: -0.0447, quoted: -0.0585, list: 0.0052, specific: 0.0704, novelty: 0.0393, topicCoverage: 0.0602, nearCoverage: 0.0071, topicLikeness: -0.0372, sectionCoverage: 0.0722 },
  compare: { centrality: -0.0034, density: 0.0119, claim: 0.0017, plain: 0.0126, anaphoric: -0.0064, brokenQuote: 0.0143, lead: -0.0054, paragraphOpening: -0.0079, paragraphClosing: 0.0014, commentary: -0.0754, length: 0.015, number: 0.0015, quoted: -0.0034, list: -0.0029, specific: 0.009, novelty: 0.0226, topicCoverage: -0.0004, nearCoverage: 0.0465, topicLikeness: 0.0322, sectionCoverage: 0.0315 },
};
