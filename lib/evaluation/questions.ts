// Evaluation question files: JSON Lines, one question a line. Two spellings are accepted for
// the same fields (the shared seed file uses the plural ones): `gold_docs` or `gold_doc`,
// `answer_any` or `answer`. Pure parsing: the caller reads the file.
import { z } from "zod";
import type { AnswerMode } from "../types";

const stringOrList = z.union([z.string().min(1), z.array(z.string())]).transform((value) => (typeof value === "string" ? [value] : value));

const questionLine = z.object({
  id: z.string().min(1).optional(),
  kind: z.string().min(1).default("fact"),
  question: z.string().trim().min(1),
  gold_docs: stringOrList.optional(),
  gold_doc: stringOrList.optional(),
  answer_any: stringOrList.optional(),
  answer: stringOrList.optional(),
  /** Free-form tag for breakdowns, e.g. "lexical" (reuses the text's words) or "paraphrase". */
  style: z.string().optional(),
  /** Earlier user turns of the conversation: the question is a follow-up to them. */
  history: z.array(z.string().trim().min(1)).optional(),
  /** List questions: every item a complete answer names (each verbatim in a gold article). */
  answer_all: z.array(z.string().min(1)).optional(),
  /** Summary and compare requests: the points a good answer makes, each found by any of its phrases. */
  points: z
    .array(z.object({ point: z.string().min(1), any: stringOrList, docs: z.array(z.string()).default([]) }))
    .optional(),
});

export interface ExpectedPoint {
  point: string;
  /** Phrases (verbatim in the articles) any one of which shows the point is made. */
  any: string[];
  docs: string[];
}

export interface EvalQuestion {
  id: string;
  kind: string;
  question: string;
  gold: string[];
  answers: string[];
  style?: string;
  history: string[];
  answersAll: string[];
  points: ExpectedPoint[];
  /** The file it came from (its base name), for reports that merge several sets. */
  set: string;
}

/** Questions the corpus cannot answer: the engines should abstain on them. */
export function isUnanswerable(question: EvalQuestion): boolean {
  return question.kind === "unanswerable" || question.gold.length === 0;
}

/** The answer mode a question kind calls for: summaries summarise, comparisons compare, the rest ask. */
export function modeForKind(kind: string): AnswerMode {
  if (kind === "summary") return "summarize";
  if (kind === "compare") return "compare";
  return "ask";
}

export class QuestionFileError extends Error {
  override name = "QuestionFileError";
}

export function parseQuestions(text: string, set: string): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  const seen = new Set<string>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "" || line.trimStart().startsWith("//")) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new QuestionFileError(`${set}:${index + 1}: not valid JSON`);
    }
    const parsed = questionLine.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new QuestionFileError(`${set}:${index + 1}: ${issue.path.join(".") || "line"}: ${issue.message}`);
    }
    const value = parsed.data;
    const id = value.id ?? `${set}:${index + 1}`;
    if (seen.has(id)) throw new QuestionFileError(`${set}:${index + 1}: duplicate id "${id}"`);
    seen.add(id);
    const question: EvalQuestion = {
      id,
      kind: value.kind,
      question: value.question,
      gold: [...(value.gold_docs ?? []), ...(value.gold_doc ?? [])],
      answers: [...(value.answer_any ?? []), ...(value.answer ?? [])].filter((answer) => answer.trim() !== ""),
      style: value.style,
      history: value.history ?? [],
      answersAll: value.answer_all ?? [],
      points: value.points ?? [],
      set,
    };
    if (question.kind !== "unanswerable" && question.gold.length === 0) {
      throw new QuestionFileError(`${set}:${index + 1}: a "${question.kind}" question needs gold_docs (or kind "unanswerable")`);
    }
    questions.push(question);
  });
  return questions;
}
