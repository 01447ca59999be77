// npm run --silent ask -- [--mode ask|summarize|compare] [--json] "question"
// Reads the very stream the chat route sends (createChatStream), so the CLI and the UI cannot drift.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { readUIMessageStream } from "ai";
import { createChatDependencies } from "../lib/answer/chat-dependencies";
import { createChatStream } from "../lib/answer/chat-stream";
import type { ChatMessage, CitationCheck, PassageData } from "../lib/answer/chat-message";
import { getConfig, loadEnvironmentFiles } from "../lib/server/config";
import type { AnswerMode } from "../lib/types";

const usage = 'usage: npm run --silent ask -- [--mode ask|summarize|compare] [--json] "question"';
const modes: AnswerMode[] = ["ask", "summarize", "compare"];

export interface AskOptions {
  question: string;
  mode: AnswerMode;
  json: boolean;
}

export function parseOptions(argv: string[]): AskOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      mode: { type: "string", default: "ask" },
      json: { type: "boolean", default: false },
    },
  });
  const question = positionals.join(" ").trim();
  if (!question) throw new Error(usage);
  if (!modes.includes(values.mode as AnswerMode)) throw new Error(`--mode is one of ${modes.join(", ")}`);
  return { question, mode: values.mode as AnswerMode, json: values.json };
}

export interface AskCitation {
  n: number;
  documentId: string;
  source: string;
  title: string;
  start: number;
  end: number;
  text: string;
  support: "supported" | "weak";
}

export interface AskResult {
  answer: string;
  engine: string;
  /** The engine declined: the articles do not answer the question (any citations are the closest passages, not an answer). */
  abstained: boolean;
  citations: AskCitation[];
}

function partsOf<T extends ChatMessage["parts"][number]["type"]>(message: ChatMessage, type: T) {
  return message.parts.filter((part): part is Extract<ChatMessage["parts"][number], { type: T }> => part.type === type);
}

/** One entry per cited passage; a passage is "weak" when any sentence citing it is. */
export function toAskResult(message: ChatMessage): AskResult {
  const answer = partsOf(message, "text").map((part) => part.text).join("");
  const checks: CitationCheck[] = partsOf(message, "data-citations").at(-1)?.data.checks ?? [];
  const passages: PassageData[] = partsOf(message, "data-passage").map((part) => part.data);
  const citations = passages.map((passage) => {
    const own = checks.filter((check) => check.n === passage.n);
    const support: AskCitation["support"] = own.length > 0 && own.every((check) => check.support === "supported") ? "supported" : "weak";
    const { n, documentId, source, title, start, end, text } = passage;
    return { n, documentId, source, title, start, end, text, support };
  });
  return { answer, engine: message.metadata?.engine ?? "unknown", abstained: message.metadata?.abstained === true, citations };
}

export function formatSources(result: AskResult, metadata: ChatMessage["metadata"]): string {
  const lines = result.citations.map((citation) => {
    const label = citation.title || "Untitled";
    return `[${citation.n}] ${label} (${citation.source}, chars ${citation.start}-${citation.end}) ${citation.support}`;
  });
  const engine = `Answered by: ${result.engine}${metadata?.fallbackReason ? ` (${metadata.fallbackReason})` : ""}`;
  return [lines.length > 0 ? `Sources:\n${lines.join("\n")}` : "Sources: none", engine].join("\n\n");
}

/** Runs one question through the chat stream; `onText` sees the answer text grow as it streams. */
export async function ask(options: {
  question: string;
  mode: AnswerMode;
  dependencies: Parameters<typeof createChatStream>[0]["dependencies"];
  onText?: (text: string) => void;
}): Promise<{ message: ChatMessage; errors: string[] }> {
  const errors: string[] = [];
  const stream = createChatStream({
    messages: [{ id: "cli-question", role: "user", parts: [{ type: "text", text: options.question }] }],
    mode: options.mode,
    dependencies: options.dependencies,
  });
  let last: ChatMessage | undefined;
  for await (const message of readUIMessageStream<ChatMessage>({ stream, onError: (error) => errors.push(error instanceof Error ? error.message : String(error)) })) {
    last = message;
    options.onText?.(partsOf(message, "text").map((part) => part.text).join(""));
  }
  if (!last) throw new Error(errors[0] ?? "The answer stream was empty.");
  return { message: last, errors };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  loadEnvironmentFiles();
  const dependencies = { ...(await createChatDependencies(getConfig())), streamDelayMs: 0 };
  let printed = 0;
  const { message, errors } = await ask({
    ...options,
    dependencies,
    onText: options.json
      ? undefined
      : (text) => {
          process.stdout.write(text.slice(printed));
          printed = text.length;
        },
  });
  if (errors.length > 0) {
    console.error(`ask failed: ${errors.join("; ")}`);
    process.exitCode = 1;
    return;
  }
  const result = toAskResult(message);
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`\n\n${formatSources(result, message.metadata)}\n`);
}

// Only when run as a script: the test imports the helpers above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`ask failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
