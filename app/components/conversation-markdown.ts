// A conversation as a Markdown file: each question, each answer with its [n] markers, and under
// every answer its sources (title, outlet, date, file) with the very sentences the answer cites.
// Pure: unit-tested in conversation-markdown.test.ts.
import type { ChatMessage, PassageData } from "@/lib/answer/chat-message";
import type { AnswerMode } from "@/lib/types";
import { byline, displayTitle, formatDate } from "./format";
import { citedNumbers, messageChecks, messagePassages, messageText, quotedSentence } from "./message-parts";

const modeNames: Record<AnswerMode, string> = { ask: "Ask", summarize: "Summarize", compare: "Compare" };

/** Markdown's inline syntax characters, escaped so a title prints as written. */
function escapeInline(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/([\\`*_[\]<>#|])/g, "\\$1");
}

function quoteBlock(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((line) => (line.trim() ? `> ${line}` : ">"))
    .join("\n");
}

/** The sentences of a passage that the answer's checks quote, in order, each once; the passage itself when none. */
function citedSentences(passage: PassageData, message: ChatMessage): string[] {
  const sentences = messageChecks(message)
    .filter((check) => check.n === passage.n)
    .map((check) => quotedSentence(passage, check).replace(/\s+/g, " ").trim())
    .filter((sentence) => sentence.length > 0);
  const unique = [...new Set(sentences)];
  return unique.length > 0 ? unique : [passage.text.replace(/\s+/g, " ").trim()];
}

function sourcesOf(message: ChatMessage, titleOf: (passage: PassageData) => string): string {
  const passages = messagePassages(message);
  const lines: string[] = [];
  for (const n of citedNumbers(messageText(message)).sort((a, b) => a - b)) {
    const passage = passages.get(n);
    if (!passage) continue;
    const meta = byline({ outlet: passage.outlet, date: passage.date });
    lines.push(`- [${n}] **${escapeInline(titleOf(passage))}**${meta ? ` — ${escapeInline(meta)}` : ""} (${escapeInline(passage.source)})`);
    for (const sentence of citedSentences(passage, message)) lines.push(`  > ${sentence}`);
  }
  return lines.length > 0 ? `**Sources**\n\n${lines.join("\n")}` : "";
}

export function conversationMarkdown(options: {
  title: string;
  messages: ChatMessage[];
  exportedAt: Date;
  titleOf?: (passage: PassageData) => string;
}): string {
  const titleOf = options.titleOf ?? ((passage: PassageData) => displayTitle(passage.title));
  const blocks = [`# ${escapeInline(options.title)}`, `Exported from Caravan on ${formatDate(options.exportedAt.toISOString().slice(0, 10))}.`];
  let turn = 0;
  for (const message of options.messages) {
    const text = messageText(message).trim();
    if (message.role === "user") {
      turn += 1;
      blocks.push(`## Question ${turn}`, quoteBlock(text));
      continue;
    }
    if (message.role !== "assistant") continue;
    const metadata = message.metadata;
    const engine = metadata ? (metadata.engineKind === "extractive" ? "offline extractive engine" : metadata.engine) : "";
    const heading = metadata ? `**Answer** (${modeNames[metadata.mode] ?? metadata.mode}, ${engine})` : "**Answer**";
    blocks.push(heading, text || "_No answer._");
    const sources = sourcesOf(message, titleOf);
    if (sources) blocks.push(sources);
  }
  return `${blocks.join("\n\n")}\n`;
}

/** A file name for the export: the title's words, lower case, joined by hyphens. */
export function exportFileName(title: string): string {
  const slug = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `caravan-${slug || "conversation"}.md`;
}
