// Written by `npm run train-ask -- --write`: the ask engine's answer-or-decline model, learned from
// eval/seed-ask-dev.jsonl, eval/seed-ask2-dev.jsonl, eval/sotu-ask-dev.jsonl, eval/sotu-ask2-dev.jsonl (see answer-model.ts for what each signal means).
import type { AnswerModel } from "./answer-model";

export const answerWeights: AnswerModel = {
  bias: -2.5148,
  weights: {
    bestCoverage: 0.3819,
    leadCoverage: 0.1815,
    leadExact: 0.2005,
    missingTerm: 0.1035,
    leadUnmatched: -0.1662,
    wantsType: -0.0237,
    typedNear: 0.8147,
    focusMatched: 0.516,
    leadScore: 0.1788,
    termCount: 1.5188,
    matchedTerms: 2.0286,
  },
  threshold: 0.4441,
};
