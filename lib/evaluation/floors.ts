// Quality floors given on the command line: `--min-hybrid-doc1 0.96`, `--min-answer-contains 0.9`,
// `--max-false-abstention 0.1`. Each names one number in the evaluation report; a run that misses
// one exits non-zero and says which. Pure: parsing and checking only.
import { retrievalMetricNames } from "./metrics";

export interface Floor {
  /** The flag as given, e.g. "--min-hybrid-doc1". */
  flag: string;
  /** Where the value lives in the report, e.g. "retrieval.hybrid.doc1". */
  path: string;
  bound: number;
  /** "min": the value must be >= bound; "max": it must be <= bound. */
  direction: "min" | "max";
}

export interface FloorResult extends Floor {
  value: number;
  passed: boolean;
}

const strategies = ["hybrid", "vector", "fulltext", "rrf"];
const engines = ["extractive", "llm"];
/** Flag spelling -> the report's field name for answer metrics. */
const answerMetrics: Record<string, string> = {
  "answer-contains": "answerContains",
  "citation-precision": "citationPrecision",
  "citation-support": "citationSupport",
  abstention: "abstention",
  "false-abstention": "falseAbstention",
  "answer-first": "answerFirst",
  "answer-span": "answerSpan",
  "list-recall": "listRecall",
  "point-recall": "pointRecall",
  "statement-truth": "statementTruth",
  boilerplate: "boilerplate",
};

/** The report path a floor flag names, or undefined when the flag names nothing we measure. */
export function floorPath(name: string): string | undefined {
  const retrieval = name.match(/^([a-z]+)-([a-z0-9]+)$/);
  if (retrieval && strategies.includes(retrieval[1]) && (retrievalMetricNames as readonly string[]).includes(retrieval[2])) {
    return `retrieval.${retrieval[1]}.${retrieval[2]}`;
  }
  // Answer metrics default to the offline engine, which every run has: "--min-answer-contains".
  const engine = engines.find((candidate) => name.startsWith(`${candidate}-`));
  const metric = engine ? name.slice(engine.length + 1) : name;
  const field = answerMetrics[metric];
  return field ? `answers.${engine ?? "extractive"}.${field}` : undefined;
}

/**
 * Takes the floor flags out of an argument list (so the rest can go to a strict parser) and
 * returns them. `--min-x=0.9` and `--min-x 0.9` both work; an unknown name or a non-number is an error.
 */
export function extractFloors(argv: readonly string[]): { floors: Floor[]; rest: string[] } {
  const floors: Floor[] = [];
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const match = argument.match(/^--(min|max)-([a-z0-9-]+?)(?:=(.*))?$/);
    if (!match) {
      rest.push(argument);
      continue;
    }
    const [, direction, name, inline] = match;
    const flag = `--${direction}-${name}`;
    const path = floorPath(name);
    if (!path) throw new Error(`${flag}: unknown floor (retrieval: --min-<hybrid|vector|fulltext|rrf>-<${retrievalMetricNames.join("|")}>; answers: --min-[llm-]<${Object.keys(answerMetrics).join("|")}>)`);
    const raw = inline ?? argv[++index];
    const bound = Number(raw);
    if (raw === undefined || raw.trim() === "" || !Number.isFinite(bound)) throw new Error(`${flag} needs a number`);
    floors.push({ flag, path, bound, direction: direction as "min" | "max" });
  }
  return { floors, rest };
}

/** A missing value (NaN: nothing to measure it on) fails: a floor that was asked for must be measured. */
export function checkFloors(floors: readonly Floor[], read: (path: string) => number | undefined): FloorResult[] {
  return floors.map((floor) => {
    const value = read(floor.path) ?? Number.NaN;
    const passed = Number.isFinite(value) && (floor.direction === "min" ? value >= floor.bound - 1e-9 : value <= floor.bound + 1e-9);
    return { ...floor, value, passed };
  });
}

/** Reads a dotted path ("retrieval.hybrid.doc1") out of a report object. */
export function readPath(report: unknown, path: string): number | undefined {
  let current: unknown = report;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === "number" ? current : undefined;
}
