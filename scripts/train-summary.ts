// npm run train-summary -- [--write] [--show] [--epochs 300] [--l2 0.3] [--temperature 0.02]
//
// Learns the weights by which summaries and comparisons rank an article's sentences
// (lib/answer/point-weights.ts, one set per kind of request: one article, a topic, a
// comparison) from the development splits of the blind-written summary and compare requests,
// and reports point recall on those splits and on the held-out ones, current against learned.
// The test splits of rounds scored in a release count as held-out; a release's own final one
// is never read before it is scored. Needs both indexes: run `npm run eval` and
// `npm run eval -- --sotu` once first.
//
// Each request goes through the chat route's own steps (gather the passages, decline or
// answer, compose the extractive answer) with a listener that receives its candidate sentences
// and their features. A sentence is a positive for an expected point when it holds one of the
// point's phrases. The loss is listwise, per article and point: a softmax over the article's
// candidates should put its mass on the point's positives (so every point, not only the easiest,
// pulls its sentences up), averaged over points, plus an L2 pull towards the hand-set starting
// weights (point-ranking.ts), so a feature with little evidence keeps its old weight. Recall is
// then measured by running the summary's own selection (MMR over the score, in article order)
// with each set of weights.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createChatDependencies } from "../lib/answer/chat-dependencies";
import { gatherPassages, requestAnswerable } from "../lib/answer/chat-stream";
import { composeExtractiveAnswer } from "../lib/answer/extractive";
import { heldPointFeatures, pointContexts, pointFeatures, pointScore, startingPointWeights, type PointContext, type PointFeature, type PointWeightSet } from "../lib/answer/point-ranking";
import { pointWeights } from "../lib/answer/point-weights";
import type { PointTrace } from "../lib/answer/summary";
import { containsAnyAnswer } from "../lib/evaluation/metrics";
import { modeForKind, parseQuestions, type EvalQuestion } from "../lib/evaluation/questions";
import { getConfig } from "../lib/server/config";
import { roundFiles, roundsThrough } from "./lib/eval-rounds";

const root = path.resolve(import.meta.dirname, "..");
const usage = "usage: npm run train-summary -- [--write] [--show] [--fit-held] [--epochs 300] [--l2 0.3] [--temperature 0.02] [--help]";

/** Rounds with summary requests ("" is round 1; round 2 wrote none): their dev splits teach, their held-out splits check. */
const rounds = roundsThrough(20).filter((round) => round !== "2");
/** Rounds whose test split was scored once in an earlier release: held-out requests since. */
const scoredTestRounds = roundsThrough(20).filter((round) => round !== "2");

/** Development splits to learn from and held-out splits to check on, each with its corpus. */
const corpora = (["seed", "sotu"] as const).map((name) => ({
  name,
  index: name === "sotu" ? ".cache/sotu-index" : undefined,
  dev: roundFiles(`${name}-summary`, "dev", rounds),
  holdout: [...roundFiles(`${name}-summary`, "holdout", rounds), ...roundFiles(`${name}-summary`, "test", scoredTestRounds)],
}));

type Split = "dev" | "holdout";
type Weights = Record<PointFeature, number>;

/** One request as the chat route answers it: whether it was declined, and its candidates. */
interface Request {
  question: EvalQuestion;
  corpus: string;
  split: Split;
  declined: boolean;
  trace?: PointTrace;
}

/** One article's candidates for one expected point: the indexes of those holding its phrase. */
interface Group {
  context: PointContext;
  features: number[][];
  positives: number[];
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      write: { type: "boolean", default: false },
      show: { type: "boolean", default: false },
      "fit-held": { type: "boolean", default: false },
      epochs: { type: "string", default: "300" },
      l2: { type: "string", default: "0.3" },
      temperature: { type: "string", default: "0.02" },
      help: { type: "boolean", default: false },
    },
  });
  const epochs = Number(values.epochs);
  const l2 = Number(values.l2);
  const temperature = Number(values.temperature);
  if (!Number.isInteger(epochs) || epochs < 1 || !(l2 >= 0) || !(temperature > 0)) throw new Error(usage);
  return { write: values.write, show: values.show, fitHeld: values["fit-held"], epochs, l2, temperature, help: values.help };
}

/** Every summary and compare request of the splits, answered once with a listener on its candidates. */
async function collectRequests(): Promise<Request[]> {
  const config = getConfig();
  const requests: Request[] = [];
  for (const corpus of corpora) {
    const dependencies = await createChatDependencies({ ...config, lancedbUri: corpus.index ? path.join(root, corpus.index) : config.lancedbUri, answerEngine: "extractive" });
    for (const [split, files] of [["dev", corpus.dev], ["holdout", corpus.holdout]] as const) {
      for (const file of files) {
        const questions = parseQuestions(await readFile(path.join(root, file), "utf8"), path.basename(file)).filter((question) => question.points.length > 0);
        for (const [index, question] of questions.entries()) {
          process.stderr.write(`\r${file}: ${index + 1}/${questions.length}`);
          const mode = modeForKind(question.kind);
          const gathered = await gatherPassages({ query: question.question, mode, dependencies });
          // A briefing of everything is no ranking of one article's sentences: it has no candidates to learn from.
          if (gathered.scope?.kind === "all") continue;
          const declined = !requestAnswerable(gathered, question.question);
          const request: Request = { question, corpus: corpus.name, split, declined };
          await composeExtractiveAnswer({
            question: question.question,
            mode,
            passages: gathered.passages,
            embedder: dependencies.embedder,
            scope: gathered.scope,
            ranking: { trace: (trace) => (request.trace = trace) },
          });
          requests.push(request);
        }
        process.stderr.write("\n");
      }
    }
  }
  return requests;
}

function holdsPoint(text: string, point: EvalQuestion["points"][number]): boolean {
  return containsAnyAnswer(text, point.any);
}

/** Per article and expected point, its candidates and which of them state the point. */
function groupsOf(requests: Request[]): Group[] {
  const groups: Group[] = [];
  for (const request of requests) {
    if (!request.trace) continue;
    for (const list of request.trace.lists) {
      const features = list.candidates.map((candidate) => pointFeatures.map((name) => candidate.features[name]));
      for (const point of request.question.points) {
        const positives = list.candidates.flatMap((candidate, index) => (holdsPoint(candidate.text, point) ? [index] : []));
        if (positives.length > 0 && positives.length < list.candidates.length) groups.push({ context: request.trace.context, features, positives });
      }
    }
  }
  return groups;
}

/** Listwise loss of one context's groups and its gradient, plus the L2 pull towards the starting weights. */
function lossAndGradient(groups: Group[], weights: number[], prior: number[], options: { l2: number; temperature: number }): { loss: number; gradient: number[] } {
  const gradient = weights.map(() => 0);
  let loss = 0;
  for (const group of groups) {
    const scores = group.features.map((row) => row.reduce((sum, value, index) => sum + value * weights[index], 0) / options.temperature);
    const top = Math.max(...scores);
    const exp = scores.map((score) => Math.exp(score - top));
    const all = exp.reduce((sum, value) => sum + value, 0);
    const positive = new Set(group.positives);
    const good = group.positives.reduce((sum, index) => sum + exp[index], 0);
    loss -= Math.log(good / all);
    group.features.forEach((row, index) => {
      // d(-log good/all)/d score_i = p_i(all) - p_i(good)
      const coefficient = (exp[index] / all - (positive.has(index) ? exp[index] / good : 0)) / options.temperature;
      row.forEach((value, feature) => (gradient[feature] += coefficient * value));
    });
  }
  const count = Math.max(1, groups.length);
  weights.forEach((weight, index) => {
    gradient[index] = gradient[index] / count + 2 * options.l2 * (weight - prior[index]);
    loss += options.l2 * (weight - prior[index]) ** 2 * count;
  });
  return { loss: loss / count, gradient };
}

/** Adam on each context's listwise loss; a context with no groups keeps its starting weights. */
function train(groups: Group[], options: { epochs: number; l2: number; temperature: number; fitHeld: boolean }): PointWeightSet {
  const learned = {} as Record<PointContext, Weights>;
  // Held features keep their current weights (point-ranking.ts says why) unless --fit-held.
  const held = new Set<PointFeature>(options.fitHeld ? [] : heldPointFeatures);
  for (const context of pointContexts) {
    const own = groups.filter((group) => group.context === context);
    const prior = pointFeatures.map((name) => (held.has(name) ? pointWeights : startingPointWeights)[context][name]);
    const weights = [...prior];
    if (own.length > 0) {
      const first = weights.map(() => 0);
      const second = weights.map(() => 0);
      const [rate, beta1, beta2] = [0.01, 0.9, 0.999];
      for (let epoch = 1; epoch <= options.epochs; epoch += 1) {
        const { loss, gradient } = lossAndGradient(own, weights, prior, options);
        gradient.forEach((value, index) => {
          if (held.has(pointFeatures[index])) return;
          first[index] = beta1 * first[index] + (1 - beta1) * value;
          second[index] = beta2 * second[index] + (1 - beta2) * value ** 2;
          weights[index] -= (rate * first[index]) / (1 - beta1 ** epoch) / (Math.sqrt(second[index] / (1 - beta2 ** epoch)) + 1e-8);
        });
        if (epoch % 100 === 0 || epoch === options.epochs) process.stderr.write(`${context} (${own.length} article-point lists) epoch ${epoch}: loss ${loss.toFixed(4)}\n`);
      }
    }
    learned[context] = Object.fromEntries(pointFeatures.map((name, index) => [name, weights[index]])) as Weights;
  }
  return learned;
}

interface Recall {
  hit: number;
  reachable: number;
  total: number;
  lines: number;
  requests: number;
}

/** Point recall of the requests under some weights, by corpus, split and kind; `reachable`: points some candidate states. */
function recallBy(requests: Request[], weights: PointWeightSet): Map<string, Recall> {
  const table = new Map<string, Recall>();
  for (const request of requests) {
    const key = `${request.corpus} ${request.split.padEnd(7)} ${request.question.kind}`;
    const entry = table.get(key) ?? { hit: 0, reachable: 0, total: 0, lines: 0, requests: 0 };
    const chosen = request.declined || !request.trace ? [] : request.trace.select(weights);
    const candidates = request.trace?.lists.flatMap((list) => list.candidates) ?? [];
    for (const point of request.question.points) {
      entry.total += 1;
      if (chosen.some((sentence) => holdsPoint(sentence.text, point))) entry.hit += 1;
      if (candidates.some((candidate) => holdsPoint(candidate.text, point))) entry.reachable += 1;
    }
    entry.lines += chosen.length;
    entry.requests += 1;
    table.set(key, entry);
  }
  return table;
}

function report(requests: Request[], learned: PointWeightSet): void {
  const [current, after] = [recallBy(requests, pointWeights), recallBy(requests, learned)];
  console.log("point recall (chosen lines per request)   current            learned          reachable");
  for (const key of [...current.keys()].sort()) {
    const [before, now] = [current.get(key)!, after.get(key)!];
    const cell = (entry: Recall) => `${String(entry.hit).padStart(3)}/${entry.total} ${(entry.hit / entry.total).toFixed(3)} (${(entry.lines / entry.requests).toFixed(1)})`;
    console.log(`${key.padEnd(40)} ${cell(before)}   ${cell(now)}   ${before.reachable}/${before.total}`);
  }
  for (const context of pointContexts) {
    console.log(`\n${context}`);
    for (const name of pointFeatures) console.log(`  ${name.padEnd(16)} ${pointWeights[context][name].toFixed(3).padStart(7)} -> ${learned[context][name].toFixed(3).padStart(7)}`);
  }
}

/** Development points the learned weights miss though a candidate states them: the best such candidate and what was chosen. */
function showMisses(requests: Request[], learned: PointWeightSet): void {
  for (const request of requests.filter((entry) => entry.split === "dev" && entry.trace && !entry.declined)) {
    const trace = request.trace!;
    const chosen = trace.select(learned);
    for (const point of request.question.points) {
      if (chosen.some((sentence) => holdsPoint(sentence.text, point))) continue;
      if (!trace.lists.some((list) => list.candidates.some((candidate) => holdsPoint(candidate.text, point)))) {
        console.log(`\n${request.question.id} (${trace.context}) "${point.point}": no candidate states it (${point.any.join(" | ")})`);
        continue;
      }
      for (const list of trace.lists) {
        const ranked = list.candidates.map((candidate) => ({ candidate, score: pointScore(candidate.features, learned[trace.context]) })).sort((a, b) => b.score - a.score);
        const rank = ranked.findIndex((entry) => holdsPoint(entry.candidate.text, point));
        if (rank < 0) continue;
        const { candidate, score } = ranked[rank];
        const describe = pointFeatures.map((name) => `${name.slice(0, 5)}=${candidate.features[name].toFixed(2)}`).join(" ");
        console.log(`\n${request.question.id} (${trace.context}) "${point.point}": rank ${rank + 1}/${ranked.length}, score ${score.toFixed(3)} vs top ${ranked[0].score.toFixed(3)}\n  ${candidate.text.slice(0, 200)}\n  ${describe}`);
        break;
      }
    }
  }
}

function weightsSource(weights: PointWeightSet, trainedOn: string[]): string {
  const set = (context: PointContext) => `  ${context}: { ${pointFeatures.map((name) => `${name}: ${Number(weights[context][name].toFixed(4))}`).join(", ")} },`;
  return [
    "// Written by `npm run train-summary -- --write`: the summary and compare point weights, learned from",
    `// ${trainedOn.join(", ")} (see point-ranking.ts for what each feature means).`,
    'import type { PointWeightSet } from "./point-ranking";',
    "",
    "export const pointWeights: PointWeightSet = {",
    ...pointContexts.map(set),
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
  const requests = await collectRequests();
  const groups = groupsOf(requests.filter((request) => request.split === "dev"));
  const learned = train(groups, options);
  report(requests, learned);
  if (options.show) showMisses(requests, learned);
  if (options.write) {
    await writeFile(path.join(root, "lib/answer/point-weights.ts"), weightsSource(learned, corpora.flatMap((corpus) => corpus.dev)));
    console.log("wrote lib/answer/point-weights.ts");
  }
}

main().catch((error: unknown) => {
  console.error(`train-summary failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
