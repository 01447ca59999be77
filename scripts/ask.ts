// npm run --silent ask -- [--mode ask|summarize|compare] [--json | --markdown] [--history FILE] "question"
// Reads the very stream the chat route sends (createChatStream), so the CLI and the UI cannot drift.
// Prints plain text by default (a terminal shows markdown's marks as noise), the markdown with
// --markdown, and the answer with its citations as JSON with --json.
import { readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { readUIMessageStream } from "ai";
import { z } from "zod";
import { createChatDependencies } from "../lib/answer/chat-dependencies";
import { createChatStream } from "../lib/answer/chat-stream";
import { requestedMode } from "../lib/answer/intent";
import type { ChatMessage, CitationCheck, PassageData } from "../lib/answer/chat-message";
import { getConfig, loadEnvironmentFiles } from "../lib/server/config";
import type { AnswerMode } from "../lib/types";

export const usage = `usage: npm run --silent ask -- [--mode ask|summarize|compare] [--json | --markdown] [--history FILE] "question"

  --mode MODE     ask (default: a message that asks for a summary or a comparison gets one), summarize or compare
  --history FILE  a conversation: earlier turns are read from FILE (JSON, created if missing) and
                  this question and its answer are added to it, so the next question can follow up
  --markdown      print the answer as markdown (default: plain text, citations as [n])
  --json        print { answer, engine, abstained, citations } as JSON (the answer as markdown)
  -h, --help    print this help and exit

Exit status: 0 answered (or declined), 1 the answer failed, 2 usage error.`;
const modes: AnswerMode[] = ["ask", "summarize", "compare"];

/** A mistake in the command line: reported with the usage, exit status 2. */
export class UsageError extends Error {}

export interface AskOptions {
  question: string;
  mode: AnswerMode;
  json: boolean;
  markdown: boolean;
  history?: string;
}

/** The options, or "help" when the help was asked for. Throws a UsageError on a bad command line. */
export function parseOptions(argv: string[]): AskOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        mode: { type: "string", default: "ask" },
        json: { type: "boolean", default: false },
        markdown: { type: "boolean", default: false },
        history: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    // Unknown options, a --mode without its value: node's own message, then the usage.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const question = positionals.join(" ").trim();
  if (!question) throw new UsageError("a question is required");
  if (!modes.includes(values.mode as AnswerMode)) throw new UsageError(`--mode is one of ${modes.join(", ")}`);
  if (values.json && values.markdown) throw new UsageError("--json and --markdown do not go together");
  return { question, mode: requestedMode(values.mode as AnswerMode, question), json: values.json, markdown: values.markdown, ...(values.history ? { history: values.history } : {}) };
}

/** Inline markdown as plain text: marks gone, link targets in parentheses, citations [n] kept. */
function plainInline(line: string): string {
  // Code spans are verbatim: only the text between them is unmarked.
  return line
    .split(/(`+[^`]*`+)/)
    .map((piece, index) => {
      if (index % 2 === 1) return piece.replace(/^`+\s?|\s?`+$/g, "");
      return piece
        .replace(/!\[([^\]]*)\]\([^)\s]*(?:\s+"[^"]*")?\)/g, "$1")
        .replace(/\[([^\]]+)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/g, (_, label: string, url: string) => (!url || label === url ? label || url : `${label} (${url})`))
        .replace(/<(https?:\/\/[^>\s]+)>/g, "$1")
        .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "$1")
        .replace(/(?<!\w)__(?=\S)([\s\S]*?\S)__(?!\w)/g, "$1")
        .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "$1")
        .replace(/(?<![\w*\\])\*(?=[^\s*])([^*\n]*?[^\s*\\])\*(?![\w*])/g, "$1")
        .replace(/(?<![\w\\])_(?=[^\s_])([^_\n]*?[^\s_\\])_(?!\w)/g, "$1")
        .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, "$1");
    })
    .join("");
}

/**
 * Markdown as plain text for a terminal: headings become plain lines, emphasis marks go, links
 * read "text (url)", citations stay [n]. Line by line, one output line per input line, so the
 * plain form of a text's complete lines is a prefix of the plain form of the whole (it can stream).
 */
export function toPlainText(markdown: string): string {
  let fence: string | undefined;
  return markdown
    .split("\n")
    .map((line) => {
      const fenceMark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence !== undefined) {
        if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
        return fence === undefined ? "" : line;
      }
      if (fenceMark) {
        fence = fenceMark;
        return "";
      }
      if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s{0,3}=+\s*$/.test(line)) return "";
      const heading = /^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
      if (heading) return plainInline(heading[1] ?? "");
      const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
      if (quote) return `  ${plainInline(quote[1])}`;
      const bullet = /^(\s*)[*+]\s+(.*)$/.exec(line);
      if (bullet) return `${bullet[1]}- ${plainInline(bullet[2])}`;
      return plainInline(line);
    })
    .join("\n");
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

export interface HistoryTurn {
  role: "user" | "assistant";
  text: string;
}

const historyFile = z.array(z.object({ role: z.enum(["user", "assistant"]), text: z.string() }));

/** The conversation so far from a --history file; a missing file is a new conversation. */
export async function readHistory(file: string): Promise<HistoryTurn[]> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new UsageError(`${file} is not JSON (expected [{ "role": "user" | "assistant", "text": "…" }, …])`);
  }
  const turns = historyFile.safeParse(parsed);
  if (!turns.success) throw new UsageError(`${file} is not a conversation (expected [{ "role": "user" | "assistant", "text": "…" }, …])`);
  return turns.data;
}

/** Runs one question through the chat stream; `onText` sees the answer text grow as it streams. */
export async function ask(options: {
  question: string;
  mode: AnswerMode;
  dependencies: Parameters<typeof createChatStream>[0]["dependencies"];
  history?: HistoryTurn[];
  onText?: (text: string) => void;
}): Promise<{ message: ChatMessage; errors: string[] }> {
  const errors: string[] = [];
  const earlier: ChatMessage[] = (options.history ?? []).map((turn, index) => ({ id: `cli-${index}`, role: turn.role, parts: [{ type: "text", text: turn.text }] }));
  const stream = createChatStream({
    messages: [...earlier, { id: "cli-question", role: "user", parts: [{ type: "text", text: options.question }] }],
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

export interface Output {
  write(text: string): unknown;
}

/**
 * The command: exit status 0 once answered (a decline is an answer), 1 when answering failed, 2
 * on a usage error (reported with the usage on stderr). `--help` prints the usage on stdout.
 */
export async function run(
  argv: string[],
  io: { stdout: Output; stderr: Output },
  options: { dependencies?: Parameters<typeof createChatStream>[0]["dependencies"] } = {},
): Promise<number> {
  let parsed: AskOptions | "help";
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`ask: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (parsed === "help") {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const parsedOptions = parsed;
  let dependencies = options.dependencies;
  if (!dependencies) {
    loadEnvironmentFiles();
    dependencies = { ...(await createChatDependencies(getConfig())), streamDelayMs: 0 };
  }
  // The text streams as it grows: raw for --markdown, else plain, one finished line at a time.
  const render = parsedOptions.markdown ? (text: string) => text : toPlainText;
  let printed = 0;
  let rendered = 0;
  const print = (text: string, final: boolean) => {
    const ready = final ? text : text.slice(0, text.lastIndexOf("\n") + 1);
    // Rendering is of the whole text so far; a long briefing grows in many steps, so it is
    // re-rendered only when a few more lines are ready (and once at the end).
    if (!final && ready.length - rendered < 2000) return;
    rendered = ready.length;
    const shown = render(ready);
    if (shown.length > printed) io.stdout.write(shown.slice(printed));
    printed = Math.max(printed, shown.length);
  };
  let history: HistoryTurn[] = [];
  try {
    history = parsedOptions.history ? await readHistory(parsedOptions.history) : [];
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`ask: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  const { message, errors } = await ask({
    question: parsedOptions.question,
    mode: parsedOptions.mode,
    dependencies,
    history,
    onText: parsedOptions.json ? undefined : (text) => print(text, parsedOptions.markdown),
  });
  if (errors.length > 0) {
    io.stderr.write(`ask failed: ${errors.join("; ")}\n`);
    return 1;
  }
  const result = toAskResult(message);
  if (parsedOptions.history) {
    const turns = [...history, { role: "user", text: parsedOptions.question }, { role: "assistant", text: result.answer }];
    await writeFile(parsedOptions.history, `${JSON.stringify(turns, null, 2)}\n`);
  }
  if (parsedOptions.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    print(result.answer, true);
    io.stdout.write(`\n\n${formatSources(result, message.metadata)}\n`);
  }
  return 0;
}

// Only when run as a script: the test imports the helpers above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `npm run ask -- … | head`: a reader that stops reading ends the answer quietly, not with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`ask failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
