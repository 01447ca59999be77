// npm run eval -- [--qa FILE]... [--corpus DIR] [--index DIR] [--sotu] [--name NAME] [--k 10]
//                 [--engines extractive,llm] [--no-answers] [--require-hybrid-best]
//                 [--min-<metric> N]...
//
// Measures retrieval (vector, full-text, hybrid, and plain reciprocal-rank fusion as the naive
// reference) and the answer engines on a question set, prints a table, writes
// .artifacts/eval/<name>.json, and exits non-zero when a floor given with --min-/--max- is missed.
//   npm run eval -- --min-hybrid-doc1 0.96 --min-hybrid-ans3 0.96 --min-hybrid-mrr 0.95 \
//                   --min-answer-contains 0.9 --min-citation-support 1
//   npm run eval -- --sotu --require-hybrid-best      (State of the Union corpus and questions)
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { readUIMessageStream } from "ai";
import { createChatDependencies } from "../lib/answer/chat-dependencies";
import { createChatStream, type ChatDependencies } from "../lib/answer/chat-stream";
import { noAnswerText } from "../lib/answer/extractive";
import type { ChatMessage, ComparisonData, ComparisonStatement } from "../lib/answer/chat-message";
import { getConfig, hasLanguageModel, loadEnvironmentFiles, type AppConfig } from "../lib/server/config";
import { getEmbedder } from "../lib/embeddings";
import { checkFloors, extractFloors, readPath, type Floor, type FloorResult } from "../lib/evaluation/floors";
import {
  averageScores,
  containsAnyAnswer,
  isGoldSource,
  mean,
  percentile,
  plainText,
  retrievalMetricNames,
  scorePoints,
  type PointObservation,
  type PointScores,
  scoreAnswers,
  scoreRetrieval,
  type AnswerObservation,
  type AnswerScores,
  type RetrievalScores,
} from "../lib/evaluation/metrics";
import { statementHolds } from "../lib/evaluation/statements";
import { isUnanswerable, modeForKind, parseQuestions, type EvalQuestion } from "../lib/evaluation/questions";
import { ingestCorpus, type IngestProgress, type IngestSummary } from "../lib/ingest";
import { retrieve, type RetrievalStrategy } from "../lib/search/retrieve";
import { Store } from "../lib/search/store";
import type { Embedder } from "../lib/types";
import { prepareSotuCorpus } from "./lib/sotu-corpus";

const repositoryRoot = path.resolve(import.meta.dirname, "..");
const seedQuestions = path.resolve(repositoryRoot, "../shared/eval/seed-qa.jsonl");
const seedExtraQuestions = path.join(repositoryRoot, "eval/seed-extra.jsonl");
// The SOTU questions: the development set the retriever was tuned on, a held-out set checked
// while tuning, and a test set looked at only for the final configuration. `--sotu` scores all
// 120 together (the floor), and the per-question JSON lets each set be read on its own.
const sotuQuestions = ["eval/sotu-qa.jsonl", "eval/sotu-qa-holdout.jsonl", "eval/sotu-qa-test.jsonl"].map((file) => path.join(repositoryRoot, file));
const sotuIndex = path.join(repositoryRoot, ".cache/sotu-index");
const strategies: RetrievalStrategy[] = ["vector", "fulltext", "hybrid", "rrf"];
/** The three real retrievers; rrf is only the naive reference and does not compete for "best". */
const competitors: RetrievalStrategy[] = ["vector", "fulltext", "hybrid"];
type Engine = "extractive" | "llm";

const usage =
  "usage: npm run eval -- [--qa FILE]... [--corpus DIR] [--index DIR] [--sotu] [--name NAME] [--k 10] " +
  "[--engines extractive,llm] [--no-answers] [--require-hybrid-best] [--min-<metric> N]...";

interface EvalOptions {
  qaFiles: string[];
  corpusDir?: string;
  lancedbUri?: string;
  sotu: boolean;
  name: string;
  k: number;
  engines?: Engine[];
  answers: boolean;
  requireHybridBest: boolean;
  floors: Floor[];
}

export function parseOptions(argv: string[]): EvalOptions {
  const { floors, rest } = extractFloors(argv);
  const { values } = parseArgs({
    args: rest,
    options: {
      qa: { type: "string", multiple: true },
      corpus: { type: "string" },
      index: { type: "string" },
      sotu: { type: "boolean", default: false },
      name: { type: "string" },
      k: { type: "string", default: "10" },
      engines: { type: "string" },
      "no-answers": { type: "boolean", default: false },
      "require-hybrid-best": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) throw new Error(usage);
  const k = Number(values.k);
  // Document recall@10 needs at least ten passages to rank documents from.
  if (!Number.isInteger(k) || k < 10) throw new Error("--k must be an integer >= 10");
  const engines = values.engines?.split(",").map((engine) => engine.trim());
  if (engines?.some((engine) => engine !== "extractive" && engine !== "llm")) throw new Error("--engines takes extractive and/or llm");
  const qaFiles = (values.qa ?? (values.sotu ? sotuQuestions : [seedQuestions, seedExtraQuestions])).map((file) => path.resolve(file));
  const name = values.name ?? (values.sotu ? "sotu" : values.qa ? path.basename(qaFiles[0]).replace(/\.jsonl?$/, "") : "seed");
  if (!/^[\w.-]+$/.test(name)) throw new Error("--name may hold letters, digits, '.', '_' and '-' only");
  return {
    qaFiles,
    corpusDir: values.corpus ? path.resolve(values.corpus) : undefined,
    lancedbUri: values.index ? path.resolve(values.index) : values.sotu ? sotuIndex : undefined,
    sotu: values.sotu,
    name,
    k,
    engines: engines as Engine[] | undefined,
    answers: !values["no-answers"],
    requireHybridBest: values["require-hybrid-best"],
    floors,
  };
}

async function loadQuestions(files: string[]): Promise<EvalQuestion[]> {
  const sets = await Promise.all(files.map(async (file) => parseQuestions(await readFile(file, "utf8"), path.basename(file))));
  return sets.flat();
}

function progressLine(label: string): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 1000) return;
    last = now;
    process.stderr.write(`  ${label} ${done}/${total}\n`);
  };
}

/** Brings the index in line with the corpus first: ingest is incremental, so an unchanged corpus costs a scan. */
async function prepareIndex(options: { corpusDir: string; lancedbUri: string; embedder: Embedder }): Promise<IngestSummary> {
  process.stderr.write(`eval: ingest ${options.corpusDir} -> ${options.lancedbUri}\n`);
  let last = 0;
  const onProgress = (progress: IngestProgress) => {
    const now = performance.now();
    if (progress.phase === "done" || now - last < 2000) return;
    last = now;
    process.stderr.write(`  ingest ${progress.phase} ${progress.done}/${progress.total}${progress.source ? ` ${progress.source}` : ""}\n`);
  };
  const summary = await ingestCorpus({ ...options, onProgress });
  process.stderr.write(
    `  ${summary.documents} documents, ${summary.chunks} chunks (${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged) in ${summary.seconds.toFixed(1)} s\n`,
  );
  return summary;
}

/**
 * The question set checks itself against the corpus: each gold document must be in the index and
 * hold one of the expected answers (after cleaning). A broken question would otherwise count as
 * a retrieval failure.
 */
async function verifyQuestions(questions: EvalQuestion[], store: Store): Promise<string[]> {
  const documents = await store.listDocuments();
  const problems: string[] = [];
  const texts = new Map<string, string>();
  for (const question of questions.filter((candidate) => !isUnanswerable(candidate))) {
    const gold = documents.filter((document) => isGoldSource(document.source, question.gold));
    const missing = question.gold.filter((name) => !gold.some((document) => isGoldSource(document.source, [name])));
    if (missing.length > 0) problems.push(`${question.id}: gold document(s) not in the index: ${missing.join(", ")}`);
    if (question.answers.length === 0 || gold.length === 0) continue;
    let found = false;
    for (const document of gold) {
      // An answer may be in the text or in what ingest read into metadata (a date line, a title prefix, a source URL).
      if (!texts.has(document.id)) {
        const stored = await store.getDocument(document.id);
        texts.set(document.id, stored ? [stored.title, stored.date, stored.outlet, stored.author, stored.url, stored.text].join("\n") : "");
      }
      if (containsAnyAnswer(texts.get(document.id) ?? "", question.answers)) found = true;
    }
    if (!found) problems.push(`${question.id}: no expected answer occurs in its gold document(s)`);
  }
  return problems;
}

interface RetrievalRecord {
  id: string;
  strategy: RetrievalStrategy;
  scores: RetrievalScores;
  ranking: string[];
  milliseconds: number;
}

interface StrategySummary extends RetrievalScores {
  questions: number;
  p50Ms: number;
  p95Ms: number;
}

async function evaluateRetrieval(options: {
  questions: EvalQuestion[];
  store: Store;
  embedder: Embedder;
  k: number;
}): Promise<{ summary: Record<string, StrategySummary>; byStyle: Record<string, Record<string, RetrievalScores>>; records: RetrievalRecord[] }> {
  const answerable = options.questions.filter((question) => !isUnanswerable(question));
  const records: RetrievalRecord[] = [];
  const tick = progressLine("retrieval");
  let done = 0;
  for (const question of answerable) {
    for (const strategy of strategies) {
      const started = performance.now();
      const { passages } = await retrieve({ query: question.question, k: options.k, strategy }, { store: options.store, embedder: options.embedder });
      const milliseconds = performance.now() - started;
      records.push({
        id: question.id,
        strategy,
        scores: scoreRetrieval({ passages, gold: question.gold, answers: question.answers }),
        ranking: [...new Set(passages.map((passage) => passage.source))],
        milliseconds,
      });
    }
    tick(++done, answerable.length);
  }
  const summary: Record<string, StrategySummary> = {};
  const byStyle: Record<string, Record<string, RetrievalScores>> = {};
  for (const strategy of strategies) {
    const own = records.filter((record) => record.strategy === strategy);
    const times = own.map((record) => record.milliseconds);
    summary[strategy] = { ...averageScores(own.map((record) => record.scores)), questions: own.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
    const styles = [...new Set(answerable.map((question) => question.style ?? question.kind))];
    for (const style of styles) {
      const ids = new Set(answerable.filter((question) => (question.style ?? question.kind) === style).map((question) => question.id));
      byStyle[style] ??= {};
      byStyle[style][strategy] = averageScores(own.filter((record) => ids.has(record.id)).map((record) => record.scores));
    }
  }
  return { summary, byStyle, records };
}

interface AnswerRecord {
  id: string;
  kind: string;
  mode: string;
  engine: string;
  text: string;
  abstained: boolean;
  contains?: boolean;
  citedSources: string[];
  citationSupport: ("supported" | "weak")[];
  bullets: string[];
  statements: ComparisonStatement[];
  /** Each statement re-checked against the compared articles' full texts. */
  statementsTrue?: boolean[];
  firstTextMs: number;
  totalMs: number;
  error?: string;
  set: string;
}

/** What the UI would show for one conversation: the last assistant message of the stream. */
async function runTurn(messages: ChatMessage[], mode: ReturnType<typeof modeForKind>, dependencies: ChatDependencies) {
  const errors: string[] = [];
  const started = performance.now();
  let firstTextMs = Number.NaN;
  const stream = createChatStream({ messages, mode, dependencies });
  let last: ChatMessage | undefined;
  for await (const message of readUIMessageStream<ChatMessage>({ stream, onError: (error) => errors.push(error instanceof Error ? error.message : String(error)) })) {
    last = message;
    if (Number.isNaN(firstTextMs) && message.parts.some((part) => part.type === "text" && part.text.length > 0)) firstTextMs = performance.now() - started;
  }
  return { last, errors, firstTextMs, totalMs: performance.now() - started };
}

/**
 * Runs one question through the same stream the chat route sends and reads what the UI would see.
 * A follow-up first asks its earlier turns, so the history holds the answers the user saw.
 */
async function answerOne(question: EvalQuestion, dependencies: ChatDependencies): Promise<Omit<AnswerRecord, "id" | "kind" | "engine" | "set">> {
  const mode = modeForKind(question.kind);
  const messages: ChatMessage[] = [];
  for (const [index, earlier] of question.history.entries()) {
    messages.push({ id: `eval-${question.id}-u${index}`, role: "user", parts: [{ type: "text", text: earlier }] });
    const turn = await runTurn(messages, mode, dependencies);
    const text = (turn.last?.parts ?? []).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
    messages.push({ id: `eval-${question.id}-a${index}`, role: "assistant", parts: [{ type: "text", text }] });
  }
  messages.push({ id: `eval-${question.id}`, role: "user", parts: [{ type: "text", text: question.question }] });
  const { last, errors, firstTextMs, totalMs } = await runTurn(messages, mode, dependencies);
  const parts = last?.parts ?? [];
  const text = parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  const passages = new Map(parts.flatMap((part) => (part.type === "data-passage" ? [[part.data.n, part.data.source] as const] : [])));
  const checks = parts.flatMap((part) => (part.type === "data-citations" ? [part.data.checks] : [])).at(-1) ?? [];
  const comparison = parts.flatMap((part) => (part.type === "data-comparison" ? [part.data] : [])).at(-1);
  // One entry per cited passage: the llm engine sends every retrieved passage, the extractive one only cited ones.
  const citedNumbers = [...new Set(checks.map((check) => check.n))];
  const citedSources = citedNumbers.flatMap((n) => (passages.has(n) ? [passages.get(n) as string] : []));
  const error = errors.at(0);
  return {
    mode,
    text,
    // The stream says when it declined; an answer that cites nothing is no answer either.
    abstained: !error && (last?.metadata?.abstained === true || checks.length === 0 || text.trim() === noAnswerText),
    citedSources,
    citationSupport: checks.map((check) => check.support),
    bullets: bulletsOf(text, comparison),
    statements: comparison?.statements ?? [],
    firstTextMs,
    totalMs,
    error,
  };
}

/** The points an answer states: its bullets, and a comparison's table cells. */
function bulletsOf(text: string, comparison: ComparisonData | undefined): string[] {
  const bullets = text.split("\n").flatMap((line) => (/^\s*[-*]\s+/.test(line) ? [line.replace(/^\s*[-*]\s+/, "")] : []));
  const cells = comparison?.rows.flatMap((row) => row.cells.flatMap((cell) => (cell.sentence ? [cell.sentence] : []))) ?? [];
  return [...bullets, ...cells];
}

type AnswerResult = {
  scores: AnswerScores;
  byMode: Record<string, AnswerScores>;
  bySet: Record<string, AnswerScores>;
  points: PointScores;
  pointsBySet: Record<string, PointScores>;
  records: AnswerRecord[];
  p50Ms: number;
  errors: number;
};

async function evaluateAnswers(options: {
  questions: EvalQuestion[];
  engine: Engine;
  dependencies: ChatDependencies;
  documentText: (documentId: string) => Promise<string>;
}): Promise<AnswerResult> {
  const records: AnswerRecord[] = [];
  const observations: (AnswerObservation & { mode: string; set: string })[] = [];
  const pointObservations: (PointObservation & { set: string })[] = [];
  const tick = progressLine(`answers (${options.engine})`);
  for (const question of options.questions) {
    const result = await answerOne(question, options.dependencies);
    const answerable = !isUnanswerable(question);
    // Every ask-mode question with an answer string counts, follow-ups included; lists without one are scored by list recall.
    const fact = modeForKind(question.kind) === "ask" && question.answers.length > 0;
    const statementsTrue: boolean[] = [];
    for (const statement of result.statements) {
      const texts = new Map<string, string>();
      for (const documentId of statement.comparedIds) texts.set(documentId, await options.documentText(documentId));
      statementsTrue.push(statementHolds(statement, texts));
    }
    records.push({
      id: question.id,
      kind: question.kind,
      engine: options.engine,
      set: question.set,
      ...result,
      statementsTrue,
      contains: answerable && fact ? !result.abstained && containsAnyAnswer(plainText(result.text), question.answers) : undefined,
    });
    observations.push({
      mode: result.mode,
      set: question.set,
      answerable,
      fact,
      answers: question.answers,
      answersAll: question.answersAll,
      gold: question.gold,
      text: result.text,
      citedSources: result.citedSources,
      citationSupport: result.citationSupport,
      abstained: result.abstained,
    });
    if (question.points.length > 0) {
      pointObservations.push({ set: question.set, text: result.text, points: question.points, bullets: result.bullets, statements: statementsTrue });
    }
    tick(records.length, options.questions.length);
  }
  const group = <T, S>(items: T[], key: (item: T) => string, score: (items: T[]) => S) =>
    Object.fromEntries([...new Set(items.map(key))].map((value) => [value, score(items.filter((item) => key(item) === value))]));
  return {
    scores: scoreAnswers(observations),
    byMode: group(observations, (observation) => observation.mode, scoreAnswers),
    bySet: group(observations, (observation) => observation.set, scoreAnswers),
    points: scorePoints(pointObservations),
    pointsBySet: group(pointObservations, (observation) => observation.set, scorePoints),
    records,
    p50Ms: percentile(records.map((record) => record.totalMs), 50),
    errors: records.filter((record) => record.error).length,
  };
}

/** Where hybrid is below the better of vector and full-text, metric by metric. */
export function hybridShortfalls(summary: Record<string, RetrievalScores>): string[] {
  const shortfalls: string[] = [];
  for (const metric of retrievalMetricNames) {
    const best = Math.max(...competitors.filter((strategy) => strategy !== "hybrid").map((strategy) => summary[strategy][metric]));
    if (summary.hybrid[metric] < best - 1e-9) shortfalls.push(`${metric}: hybrid ${format(summary.hybrid[metric])} < ${format(best)}`);
  }
  return shortfalls;
}

function format(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

function retrievalTable(summary: Record<string, StrategySummary>): string {
  return table(
    ["strategy", "doc@1", "doc@5", "doc@10", "MRR", "nDCG@10", "ans@3", "p50 ms", "p95 ms"],
    strategies.map((strategy) => {
      const row = summary[strategy];
      return [strategy, ...retrievalMetricNames.map((metric) => format(row[metric])), row.p50Ms.toFixed(1), row.p95Ms.toFixed(1)];
    }),
  );
}

function styleTable(byStyle: Record<string, Record<string, RetrievalScores>>, counts: Record<string, number>): string {
  const rows = Object.entries(byStyle).flatMap(([style, perStrategy]) =>
    competitors.map((strategy) => [`${style} (${counts[style]}) ${strategy}`, ...retrievalMetricNames.map((metric) => format(perStrategy[strategy][metric]))]),
  );
  return table(["subset / strategy", "doc@1", "doc@5", "doc@10", "MRR", "nDCG@10", "ans@3"], rows);
}

function answerTable(results: Record<string, AnswerResult>): string {
  const row = (label: string, scores: AnswerScores, p50?: number, errors?: number) => [
    label,
    `${format(scores.answerContains)} (${scores.factQuestions})`,
    format(scores.answerFirst),
    format(scores.answerSpan),
    `${format(scores.listRecall)} (${scores.listQuestions})`,
    `${format(scores.citationPrecision)} (${scores.citedPassages})`,
    `${format(scores.citationSupport)} (${scores.citationMarkers})`,
    `${format(scores.abstention)} (${scores.unanswerableQuestions})`,
    `${format(scores.falseAbstention)} (${scores.answerableQuestions})`,
    p50 === undefined ? "" : p50.toFixed(0),
    errors === undefined ? "" : String(errors),
  ];
  const rows = Object.entries(results).flatMap(([engine, result]) => [
    row(`${engine} (all)`, result.scores, result.p50Ms, result.errors),
    ...Object.entries(result.byMode).map(([mode, scores]) => row(`  ${engine} ${mode}`, scores)),
    ...(Object.keys(result.bySet).length > 1 ? Object.entries(result.bySet).map(([set, scores]) => row(`  ${engine} ${set}`, scores)) : []),
  ]);
  return table(
    ["engine / subset", "contains (n)", "first", "span", "list (n)", "cite prec (n)", "cite support (n)", "decline (n)", "false decl (n)", "p50 ms", "errors"],
    rows,
  );
}

function pointTable(results: Record<string, AnswerResult>): string {
  const row = (label: string, scores: PointScores) => [
    label,
    `${format(scores.pointRecall)} (${scores.points})`,
    `${format(scores.statementTruth)} (${scores.statements})`,
    `${format(scores.boilerplate)} (${scores.bullets})`,
  ];
  const rows = Object.entries(results).flatMap(([engine, result]) =>
    result.points.requests === 0
      ? []
      : [row(`${engine} (all)`, result.points), ...(Object.keys(result.pointsBySet).length > 1 ? Object.entries(result.pointsBySet).map(([set, scores]) => row(`  ${engine} ${set}`, scores)) : [])],
  );
  return table(["engine / subset", "point recall (n)", "statements true (n)", "boilerplate (n)"], rows);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  loadEnvironmentFiles();
  const base = getConfig();
  const corpusDir = options.corpusDir ?? (options.sotu ? (await prepareSotuCorpus()).corpusDir : base.corpusDir);
  const lancedbUri = options.lancedbUri ?? base.lancedbUri;
  const config: AppConfig = { ...base, corpusDir, lancedbUri };
  const questions = await loadQuestions(options.qaFiles);
  const answerable = questions.filter((question) => !isUnanswerable(question));
  console.log(`eval "${options.name}": ${questions.length} questions (${answerable.length} answerable) from ${options.qaFiles.map((file) => path.relative(process.cwd(), file)).join(", ")}`);

  const embedder = await getEmbedder(config);
  const ingest = await prepareIndex({ corpusDir, lancedbUri, embedder });
  const store = await Store.open(lancedbUri);
  try {
    const problems = await verifyQuestions(questions, store);
    for (const problem of problems) console.log(`warning: ${problem}`);

    const retrieval = await evaluateRetrieval({ questions, store, embedder, k: options.k });
    console.log(`\nRetrieval (${answerable.length} answerable questions, k=${options.k} passages; doc@k ranks documents by first appearance)`);
    console.log(retrievalTable(retrieval.summary));
    const counts = Object.fromEntries(Object.keys(retrieval.byStyle).map((style) => [style, answerable.filter((question) => (question.style ?? question.kind) === style).length]));
    if (Object.keys(retrieval.byStyle).length > 1) console.log(`\nBy ${questions.some((question) => question.style) ? "style" : "kind"}\n${styleTable(retrieval.byStyle, counts)}`);
    const shortfalls = hybridShortfalls(retrieval.summary);
    console.log(shortfalls.length === 0 ? "\nhybrid is the best of vector / fulltext / hybrid at every metric" : `\nhybrid is NOT the best at: ${shortfalls.join("; ")}`);

    const engines: Engine[] = options.engines ?? (hasLanguageModel(config) ? ["extractive", "llm"] : ["extractive"]);
    const answers: Record<string, Awaited<ReturnType<typeof evaluateAnswers>>> = {};
    if (options.answers) {
      for (const engine of engines) {
        const dependencies = { ...(await createChatDependencies({ ...config, answerEngine: engine })), streamDelayMs: 0 };
        if (engine === "llm" && !dependencies.model) {
          console.log("\nllm engine: not configured (set OPENAI_API_KEY or OPENAI_BASE_URL); skipped");
          continue;
        }
        const documentText = async (documentId: string) => (await store.getDocument(documentId))?.text ?? "";
        answers[engine] = await evaluateAnswers({ questions, engine, dependencies, documentText });
      }
      if (Object.keys(answers).length > 0) {
        console.log("\nAnswers (contains: fact questions; cite prec: cited passages from a gold article; abstain: unanswerable questions declined)");
        console.log(answerTable(answers));
        if (Object.values(answers).some((result) => result.points.requests > 0)) {
          console.log("\nSummaries and comparisons (points: expected points in a cited line; statements: agreement/difference claims true against the full texts)");
          console.log(pointTable(answers));
        }
      }
    }

    const report = {
      name: options.name,
      createdAt: new Date().toISOString(),
      questionFiles: options.qaFiles.map((file) => path.relative(repositoryRoot, file)),
      corpusDir: path.relative(repositoryRoot, corpusDir) || ".",
      lancedbUri,
      embedder: embedder.id,
      k: options.k,
      ingest,
      questionProblems: problems,
      retrieval: retrieval.summary,
      retrievalBySubset: retrieval.byStyle,
      hybridShortfalls: shortfalls,
      answers: Object.fromEntries(
        Object.entries(answers).map(([engine, result]) => [
          engine,
          { ...result.scores, ...result.points, byMode: result.byMode, bySet: result.bySet, pointsBySet: result.pointsBySet, p50Ms: result.p50Ms, errors: result.errors },
        ]),
      ),
      perQuestion: {
        retrieval: retrieval.records,
        answers: Object.values(answers).flatMap((result) => result.records),
      },
      floors: [] as FloorResult[],
    };
    report.floors = checkFloors(options.floors, (floorPath) => readPath(report, floorPath));
    const file = path.join(repositoryRoot, ".artifacts/eval", `${options.name}.json`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nreport: ${path.relative(process.cwd(), file)}`);

    const failed = report.floors.filter((floor) => !floor.passed);
    for (const floor of report.floors) {
      console.log(`${floor.passed ? "ok  " : "FAIL"} ${floor.flag} ${floor.bound}: measured ${format(floor.value)}`);
    }
    if (options.requireHybridBest) console.log(`${shortfalls.length === 0 ? "ok  " : "FAIL"} --require-hybrid-best${shortfalls.length ? `: ${shortfalls.join("; ")}` : ""}`);
    if (failed.length > 0 || (options.requireHybridBest && shortfalls.length > 0) || problems.length > 0) {
      if (problems.length > 0) console.log(`FAIL the question set has ${problems.length} problem(s) (see warnings above)`);
      process.exitCode = 1;
    }
    // The mean over questions is what the floors read; print it once more for a log reader.
    if (answers.extractive) console.log(`extractive mean answer time ${mean(answers.extractive.records.map((record) => record.totalMs)).toFixed(0)} ms`);
  } finally {
    store.close();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error: unknown) => {
    console.error(`eval failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
