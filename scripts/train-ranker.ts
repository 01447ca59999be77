// npm run train-ranker -- [--write] [--epochs N] [--l2 X]
//
// Learns the ask engine's sentence weights (lib/answer/sentence-weights.ts) from the development
// splits of the blind-written question sets, and reports how often the top-ranked sentence holds
// the answer on those splits and on the held-out ones, for the current weights and the learned
// ones. The test splits are never read. Needs both indexes: run `npm run eval` and
// `npm run eval -- --sotu` once first.
//
// The model: each candidate sentence's score is a weighted sum of its features; for a question,
// a softmax over its candidates' scores should put its mass on the sentences that hold the
// answer (listwise ranking, as in ListNet). Fitted by gradient descent with an L2 penalty that
// keeps weights near the hand-set starting ones (sentence-ranking.ts), so a feature with little evidence keeps its old weight.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyzeQuestion, withoutMetadataWords } from "../lib/answer/question";
import { scoreSentences } from "../lib/answer/ask";
import { rankScore, sentenceFeatures, startingWeights, type FeatureVector, type SentenceFeature } from "../lib/answer/sentence-ranking";
import { sentenceWeights } from "../lib/answer/sentence-weights";
import { getEmbedder } from "../lib/embeddings";
import type { Embedder } from "../lib/types";
import { containsAnyAnswer } from "../lib/evaluation/metrics";
import { isUnanswerable, parseQuestions, type EvalQuestion } from "../lib/evaluation/questions";
import { retrieve, stemVectorsFor } from "../lib/search/retrieve";
import { Store } from "../lib/search/store";
import { getConfig } from "../lib/server/config";

const root = path.resolve(import.meta.dirname, "..");
const usage = "usage: npm run train-ranker -- [--write] [--epochs 400] [--l2 2] [--help]";

/** Development splits to learn from and held-out splits to check on, each with its corpus. */
const corpora = [
  { name: "seed", index: undefined, dev: "eval/seed-ask-dev.jsonl", holdout: "eval/seed-ask-holdout.jsonl" },
  { name: "sotu", index: ".cache/sotu-index", dev: "eval/sotu-ask-dev.jsonl", holdout: "eval/sotu-ask-holdout.jsonl" },
];

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
      help: { type: "boolean", default: false },
    },
  });
  const epochs = Number(values.epochs);
  const l2 = Number(values.l2);
  if (!Number.isInteger(epochs) || epochs < 1 || !(l2 >= 0)) throw new Error(usage);
  return { write: values.write, show: values.show, epochs, l2, help: values.help };
}

/** The candidate sentences of one question as the chat route would rank them, labelled by whether they hold the answer. */
async function examplesFor(questions: EvalQuestion[], dependencies: { store: Store; embedder: Embedder }): Promise<Example[]> {
  const stems = await stemVectorsFor(dependencies.embedder);
  const examples: Example[] = [];
  for (const question of questions) {
    // Follow-ups depend on the rewrite of the conversation; single questions are what the ranker sees directly.
    if (isUnanswerable(question) || question.history.length > 0 || question.answers.length === 0) continue;
    const gathered = await retrieve({ query: question.question, k: 8, mode: "ask" }, dependencies);
    const analysis = withoutMetadataWords(analyzeQuestion(question.question), gathered.applied?.named ?? []);
    if (analysis.metadata) continue;
    const scored = scoreSentences({ analysis, passages: gathered.passages, stems });
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

function weightsSource(weights: Weights, trainedOn: string[]): string {
  const lines = sentenceFeatures.map((name) => `  ${name}: ${Number(weights[name].toFixed(4))},`);
  return [
    "// Written by `npm run train-ranker -- --write`: the ask engine's sentence weights, learned from",
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
  const dev: Example[] = [];
  const holdout: Example[] = [];
  for (const corpus of corpora) {
    const store = await Store.open(corpus.index ? path.join(root, corpus.index) : config.lancedbUri);
    try {
      for (const [file, into] of [[corpus.dev, dev], [corpus.holdout, holdout]] as const) {
        const questions = parseQuestions(await readFile(path.join(root, file), "utf8"), file);
        const examples = await examplesFor(questions, { store, embedder });
        process.stderr.write(`${file}: ${examples.length} answerable single questions with the answer among the candidates\n`);
        into.push(...examples);
      }
    } finally {
      store.close();
    }
  }
  const learned = train(dev, options);
  console.log("top sentence holds the answer      dev     held-out");
  console.log(`current weights                  ${topOneAccuracy(dev, sentenceWeights).toFixed(3)}   ${topOneAccuracy(holdout, sentenceWeights).toFixed(3)}`);
  console.log(`learned weights                  ${topOneAccuracy(dev, learned).toFixed(3)}   ${topOneAccuracy(holdout, learned).toFixed(3)}`);
  for (const name of sentenceFeatures) console.log(`  ${name.padEnd(16)} ${sentenceWeights[name].toFixed(3).padStart(7)} -> ${learned[name].toFixed(3).padStart(7)}`);
  if (options.show) showMisses(dev, learned);
  if (options.write) {
    const target = path.join(root, "lib/answer/sentence-weights.ts");
    await writeFile(target, weightsSource(learned, corpora.map((corpus) => corpus.dev)));
    console.log(`wrote ${path.relative(root, target)}`);
  }
}

main().catch((error: unknown) => {
  console.error(`train-ranker failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
