// npm run train-ask -- [--write] [--show] [--epochs N] [--l2 X] [--max-false-decline X]
//
// Learns the ask engine's two models from the development splits of the blind-written question
// sets and reports both on those splits and on the held-out ones, current against learned. The
// test splits of rounds 1-20, each scored once in a release, count as held-out; a release's
// own final test split is never read before it is scored. Needs both indexes: run `npm run eval` and
// `npm run eval -- --sotu` once first.
//
// 1. Sentence ranking (lib/answer/sentence-weights.ts): a sentence's score is a weighted sum of
//    its features; for a question, a softmax over its candidates' scores should put its mass on
//    the sentences that hold the answer (listwise ranking, as in ListNet). Gradient descent with
//    an L2 penalty towards the hand-set starting weights (sentence-ranking.ts), so a feature with
//    little evidence keeps its old weight.
// 2. Answer or decline (lib/answer/answer-weights.ts): logistic regression over the signals of
//    the question and its lead sentence (answer-model.ts), answerable against unanswerable
//    questions; the threshold is the highest that declines at most --max-false-decline of the
//    answerable development questions.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyzeQuestion, withoutMetadataWords, type QuestionAnalysis } from "../lib/answer/question";
import { planAsk, scoreSentences } from "../lib/answer/ask";
import { answerFeatures, answerProbability, type AnswerFeature, type AnswerFeatureVector, type AnswerModel } from "../lib/answer/answer-model";
import { answerWeights } from "../lib/answer/answer-weights";
import { rankScore, sentenceFeatures, startingWeights, type FeatureVector, type SentenceFeature } from "../lib/answer/sentence-ranking";
import { sentenceWeights } from "../lib/answer/sentence-weights";
import { getEmbedder } from "../lib/embeddings";
import type { Embedder, Passage } from "../lib/types";
import type { StemVectors } from "../lib/search/soft-coverage";
import { containsAnyAnswer } from "../lib/evaluation/metrics";
import { isUnanswerable, parseQuestions, type EvalQuestion } from "../lib/evaluation/questions";
import { retrieve, stemVectorsFor } from "../lib/search/retrieve";
import { Store } from "../lib/search/store";
import { getConfig } from "../lib/server/config";
import { roundFiles, roundsThrough } from "./lib/eval-rounds";

const root = path.resolve(import.meta.dirname, "..");
const usage = "usage: npm run train-ask -- [--write] [--show] [--epochs 400] [--l2 2] [--max-false-decline 0.05] [--help]";

/** Rounds learned from (their dev splits) and checked on (their held-out splits). */
const rounds = roundsThrough(20);
/** Rounds whose test split was scored once in an earlier release: held-out questions since. */
const scoredTestRounds = roundsThrough(20);

/** Development splits to learn from and held-out splits to check on, each with its corpus. */
const corpora = (["seed", "sotu"] as const).map((name) => ({
  name,
  index: name === "sotu" ? ".cache/sotu-index" : undefined,
  dev: roundFiles(`${name}-ask`, "dev", rounds),
  holdout: [...roundFiles(`${name}-ask`, "holdout", rounds), ...roundFiles(`${name}-ask`, "test", scoredTestRounds)],
}));

/** One single-turn question as the chat route would see it: analysed, with its retrieved passages. */
interface Asked {
  question: EvalQuestion;
  analysis: QuestionAnalysis;
  passages: Passage[];
}

interface Example {
  id: string;
  texts: string[];
  features: FeatureVector[];
  positive: boolean[];
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      write: { type: "boolean", default: false },
      show: { type: "boolean", default: false },
      epochs: { type: "string", default: "400" },
      l2: { type: "string", default: "2" },
      "max-false-decline": { type: "string", default: "0.05" },
      help: { type: "boolean", default: false },
    },
  });
  const epochs = Number(values.epochs);
  const l2 = Number(values.l2);
  const maxFalseDecline = Number(values["max-false-decline"]);
  if (!Number.isInteger(epochs) || epochs < 1 || !(l2 >= 0) || !(maxFalseDecline >= 0 && maxFalseDecline < 1)) throw new Error(usage);
  return { write: values.write, show: values.show, epochs, l2, maxFalseDecline, help: values.help };
}

/** The single-turn questions of a file, retrieved as the chat route retrieves (follow-ups depend on the conversation's rewrite). */
async function askedFor(questions: EvalQuestion[], dependencies: { store: Store; embedder: Embedder }): Promise<Asked[]> {
  const asked: Asked[] = [];
  for (const question of questions) {
    if (question.history.length > 0) continue;
    const gathered = await retrieve({ query: question.question, k: 8, mode: "ask" }, dependencies);
    const analysis = withoutMetadataWords(analyzeQuestion(question.question), gathered.applied?.named ?? []);
    // Questions about an article's author or outlet are answered from its metadata, not by ranking.
    if (analysis.metadata) continue;
    asked.push({ question, analysis, passages: gathered.passages });
  }
  return asked;
}

/** Candidate sentences of the answerable questions whose answer is among them, labelled by whether they hold it. */
function rankingExamples(asked: Asked[], stems: StemVectors | undefined): Example[] {
  const examples: Example[] = [];
  for (const { question, analysis, passages } of asked) {
    if (isUnanswerable(question) || question.answers.length === 0) continue;
    const scored = scoreSentences({ analysis, passages, stems });
    const positive = scored.map((sentence) => containsAnyAnswer(sentence.text, question.answers));
    if (!positive.some(Boolean)) continue;
    examples.push({ id: question.id, texts: scored.map((sentence) => `${question.question} => ${sentence.text}`), features: scored.map((sentence) => sentence.features!), positive });
  }
  return examples;
}

type Weights = Record<SentenceFeature, number>;

/** Share of questions whose top-scored sentence holds the answer. */
function topOneAccuracy(examples: Example[], weights: Weights): number {
  if (examples.length === 0) return 0;
  let hits = 0;
  for (const example of examples) {
    let best = -Infinity;
    let bestIndex = 0;
    example.features.forEach((features, index) => {
      const score = rankScore(features, weights);
      if (score > best) [best, bestIndex] = [score, index];
    });
    if (example.positive[bestIndex]) hits += 1;
  }
  return hits / examples.length;
}

/** Development questions whose top sentence misses the answer, with that sentence and the best one holding it. */
function showMisses(examples: Example[], weights: Weights): void {
  for (const example of examples) {
    const scores = example.features.map((features) => rankScore(features, weights));
    const order = scores.map((_, index) => index).sort((a, b) => scores[b] - scores[a]);
    if (example.positive[order[0]]) continue;
    const gold = order.find((index) => example.positive[index])!;
    const describe = (index: number) => sentenceFeatures.map((name) => `${name.slice(0, 5)}=${example.features[index][name].toFixed(2)}`).join(" ");
    console.log(`\n${example.id} gold at ${order.indexOf(gold) + 1}/${order.length}\n  top  ${scores[order[0]].toFixed(3)} ${example.texts[order[0]].slice(0, 220)}\n       ${describe(order[0])}\n  gold ${scores[gold].toFixed(3)} ${example.texts[gold].split(" => ")[1].slice(0, 160)}\n       ${describe(gold)}`);
  }
}

/** How sharply the softmax separates scores: scores span roughly 0..1.5, answers by a few hundredths. */
const temperature = 0.05;

/** Listwise softmax loss and its gradient, plus the L2 pull towards the starting weights. */
function lossAndGradient(examples: Example[], weights: Weights, prior: Weights, l2: number): { loss: number; gradient: Weights } {
  const gradient = Object.fromEntries(sentenceFeatures.map((name) => [name, 0])) as Weights;
  let loss = 0;
  for (const example of examples) {
    const scores = example.features.map((features) => rankScore(features, weights) / temperature);
    const top = Math.max(...scores);
    const exp = scores.map((score) => Math.exp(score - top));
    const all = exp.reduce((sum, value) => sum + value, 0);
    const good = exp.reduce((sum, value, index) => sum + (example.positive[index] ? value : 0), 0);
    loss -= Math.log(good / all);
    example.features.forEach((features, index) => {
      // d(-log good/all)/d score_i = p_i(all) - p_i(good)
      const coefficient = (exp[index] / all - (example.positive[index] ? exp[index] / good : 0)) / temperature;
      for (const name of sentenceFeatures) gradient[name] += coefficient * features[name];
    });
  }
  for (const name of sentenceFeatures) {
    gradient[name] = gradient[name] / examples.length + 2 * l2 * (weights[name] - prior[name]);
    loss += l2 * (weights[name] - prior[name]) ** 2 * examples.length;
  }
  return { loss: loss / examples.length, gradient };
}

/** Adam on the listwise loss. */
function train(examples: Example[], options: { epochs: number; l2: number }): Weights {
  const prior = { ...startingWeights } as Weights;
  const weights = { ...prior };
  const first = Object.fromEntries(sentenceFeatures.map((name) => [name, 0])) as Weights;
  const second = { ...first };
  const [rate, beta1, beta2] = [0.01, 0.9, 0.999];
  for (let epoch = 1; epoch <= options.epochs; epoch += 1) {
    const { loss, gradient } = lossAndGradient(examples, weights, prior, options.l2);
    for (const name of sentenceFeatures) {
      first[name] = beta1 * first[name] + (1 - beta1) * gradient[name];
      second[name] = beta2 * second[name] + (1 - beta2) * gradient[name] ** 2;
      const corrected = first[name] / (1 - beta1 ** epoch) / (Math.sqrt(second[name] / (1 - beta2 ** epoch)) + 1e-8);
      weights[name] -= rate * corrected;
    }
    if (epoch % 100 === 0 || epoch === options.epochs) process.stderr.write(`epoch ${epoch}: loss ${loss.toFixed(4)}\n`);
  }
  return weights;
}

/** One question's answer-or-decline signals; `forced` when the engine declines whatever the model says. */
interface DeclineExample {
  id: string;
  answerable: boolean;
  forced: boolean;
  signals?: AnswerFeatureVector;
}

/** Never declines by the model: the signals of every question, whatever the current threshold. */
const alwaysAnswer: AnswerModel = { ...answerWeights, threshold: 0 };

function declineExamples(asked: Asked[], options: { stems: StemVectors | undefined; weights: Weights }): DeclineExample[] {
  return asked.map(({ question, analysis, passages }) => {
    const plan = planAsk({ analysis, passages, stems: options.stems, weights: options.weights, answerModel: alwaysAnswer });
    return { id: question.id, answerable: !isUnanswerable(question), forced: plan.abstained, signals: plan.answerSignals };
  });
}

/** Declines of unanswerable questions and of answerable ones, as shares. */
function declineRates(examples: DeclineExample[], model: AnswerModel): { decline: number; falseDecline: number } {
  const declined = (example: DeclineExample) => example.forced || !example.signals || answerProbability(example.signals, model) < model.threshold;
  const unanswerable = examples.filter((example) => !example.answerable);
  const answerable = examples.filter((example) => example.answerable);
  return {
    decline: unanswerable.filter(declined).length / Math.max(1, unanswerable.length),
    falseDecline: answerable.filter(declined).length / Math.max(1, answerable.length),
  };
}

/** Logistic regression by gradient descent (answerable = 1), with a small L2 penalty; the threshold is then set on the same examples. */
function trainDecline(examples: DeclineExample[], options: { maxFalseDecline: number; epochs: number }): AnswerModel {
  const usable = examples.filter((example) => !example.forced && example.signals);
  const weights = Object.fromEntries(answerFeatures.map((name) => [name, 0])) as Record<AnswerFeature, number>;
  let bias = 0;
  const rate = 0.5;
  const l2 = 0.001;
  for (let epoch = 0; epoch < options.epochs * 10; epoch += 1) {
    const gradient = Object.fromEntries(answerFeatures.map((name) => [name, 0])) as Record<AnswerFeature, number>;
    let biasGradient = 0;
    for (const example of usable) {
      const error = answerProbability(example.signals!, { bias, weights, threshold: 0 }) - (example.answerable ? 1 : 0);
      biasGradient += error;
      for (const name of answerFeatures) gradient[name] += error * example.signals![name];
    }
    bias -= (rate * biasGradient) / usable.length;
    for (const name of answerFeatures) weights[name] -= rate * (gradient[name] / usable.length + 2 * l2 * weights[name]);
  }
  // The highest threshold that keeps false declines within the limit (forced declines count too).
  const probabilities = usable.filter((example) => example.answerable).map((example) => answerProbability(example.signals!, { bias, weights, threshold: 0 })).sort((a, b) => a - b);
  let threshold = 0;
  for (const candidate of probabilities) {
    const model = { bias, weights, threshold: candidate };
    if (declineRates(examples, model).falseDecline <= options.maxFalseDecline) threshold = candidate;
    else break;
  }
  return { bias, weights, threshold };
}

function answerModelSource(model: AnswerModel, trainedOn: string[]): string {
  const lines = answerFeatures.map((name) => `    ${name}: ${Number(model.weights[name].toFixed(4))},`);
  return [
    "// Written by `npm run train-ask -- --write`: the ask engine's answer-or-decline model, learned from",
    `// ${trainedOn.join(", ")} (see answer-model.ts for what each signal means).`,
    'import type { AnswerModel } from "./answer-model";',
    "",
    "export const answerWeights: AnswerModel = {",
    `  bias: ${Number(model.bias.toFixed(4))},`,
    "  weights: {",
    ...lines,
    "  },",
    `  threshold: ${Number(model.threshold.toFixed(4))},`,
    "};",
    "",
  ].join("\n");
}

function weightsSource(weights: Weights, trainedOn: string[]): string {
  const lines = sentenceFeatures.map((name) => `  ${name}: ${Number(weights[name].toFixed(4))},`);
  return [
    "// Written by `npm run train-ask -- --write`: the ask engine's sentence weights, learned from",
    `// ${trainedOn.join(", ")} (see sentence-ranking.ts for what each feature means).`,
    'import type { SentenceFeature } from "./sentence-ranking";',
    "",
    "export const sentenceWeights: Readonly<Record<SentenceFeature, number>> = {",
    ...lines,
    "};",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(usage);
    return;
  }
  const config = getConfig();
  const embedder = await getEmbedder(config);
  const stems = await stemVectorsFor(embedder);
  const dev: Asked[] = [];
  const holdout: Asked[] = [];
  for (const corpus of corpora) {
    const store = await Store.open(corpus.index ? path.join(root, corpus.index) : config.lancedbUri);
    try {
      for (const [files, into] of [[corpus.dev, dev], [corpus.holdout, holdout]] as const) {
        for (const file of files) {
          const asked = await askedFor(parseQuestions(await readFile(path.join(root, file), "utf8"), file), { store, embedder });
          process.stderr.write(`${file}: ${asked.length} single questions\n`);
          into.push(...asked);
        }
      }
    } finally {
      store.close();
    }
  }
  const [devRanking, holdoutRanking] = [rankingExamples(dev, stems), rankingExamples(holdout, stems)];
  const learned = train(devRanking, options);
  console.log(`sentence ranking (${devRanking.length} dev, ${holdoutRanking.length} held-out questions with the answer among the candidates)`);
  console.log("top sentence holds the answer      dev     held-out");
  console.log(`current weights                  ${topOneAccuracy(devRanking, sentenceWeights).toFixed(3)}   ${topOneAccuracy(holdoutRanking, sentenceWeights).toFixed(3)}`);
  console.log(`learned weights                  ${topOneAccuracy(devRanking, learned).toFixed(3)}   ${topOneAccuracy(holdoutRanking, learned).toFixed(3)}`);
  for (const name of sentenceFeatures) console.log(`  ${name.padEnd(16)} ${sentenceWeights[name].toFixed(3).padStart(7)} -> ${learned[name].toFixed(3).padStart(7)}`);
  if (options.show) showMisses(devRanking, learned);

  const [devDecline, holdoutDecline] = [declineExamples(dev, { stems, weights: learned }), declineExamples(holdout, { stems, weights: learned })];
  const model = trainDecline(devDecline, options);
  const rates = (examples: DeclineExample[], which: AnswerModel) => {
    const { decline, falseDecline } = declineRates(examples, which);
    return `${decline.toFixed(3)} / ${falseDecline.toFixed(3)}`;
  };
  console.log(`\nanswer or decline (${devDecline.length} dev, ${holdoutDecline.length} held-out questions)`);
  console.log("decline / false decline            dev               held-out");
  console.log(`current model                    ${rates(devDecline, answerWeights)}    ${rates(holdoutDecline, answerWeights)}`);
  console.log(`learned model                    ${rates(devDecline, model)}    ${rates(holdoutDecline, model)}`);
  console.log(`  bias ${model.bias.toFixed(3)}, threshold ${model.threshold.toFixed(3)}`);
  for (const name of answerFeatures) console.log(`  ${name.padEnd(16)} ${answerWeights.weights[name].toFixed(3).padStart(8)} -> ${model.weights[name].toFixed(3).padStart(8)}`);

  if (options.write) {
    const trainedOn = corpora.flatMap((corpus) => corpus.dev);
    await writeFile(path.join(root, "lib/answer/sentence-weights.ts"), weightsSource(learned, trainedOn));
    await writeFile(path.join(root, "lib/answer/answer-weights.ts"), answerModelSource(model, trainedOn));
    console.log("wrote lib/answer/sentence-weights.ts and lib/answer/answer-weights.ts");
  }
}

main().catch((error: unknown) => {
  console.error(`train-ask failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
