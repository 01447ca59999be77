// The standalone query for retrieval: the latest message, made self-contained using the
// conversation. With a model, the model rewrites it; offline, a follow-up borrows the previous
// question's subject.
import { generateText, type LanguageModel } from "ai";
import type { ChatMessage } from "./chat-message";
import type { Embedder } from "../types";
import { buildRewritePrompt, rewriteInstructions, type ConversationTurn } from "./prompts";
import { calendarWord, contentTerms, cosine, isStopword, words } from "../text/terms";
import { taggedTokens } from "../text/nlp";

/** User and assistant turns as plain text (data and source parts carry no conversation). */
export function conversationTurns(messages: ChatMessage[]): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  for (const message of messages) {
    if (message.role !== "user" && message.role !== "assistant") continue;
    const text = message.parts
      .map((part) => (part.type === "text" ? part.text : ""))
      .join("")
      .trim();
    if (text) turns.push({ role: message.role, text: message.role === "user" ? withoutShouting(text) : text });
  }
  return turns;
}

/**
 * "WHICH CAPITAL CITY HOSTED THE SUMMIT?": a message in capitals throughout names nothing by its
 * capitals, so it is read in lower case, as a casual all-lower-case question already is (names,
 * authors and places are then found by their words, not their capitals).
 */
function withoutShouting(text: string): string {
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  return upper >= 8 && !/\p{Ll}/u.test(text) ? text.toLowerCase() : text;
}

const leadingConnective = /^\s*(?:and|but|also|so|then|what about|how about|and what about|what of|same for|what else|tell me more|more on|and how)\b/i;
/** "Why?", "Why not?", "How so?" lean on the answer before; "Why did Madison…" is a question of its own. */
const bareWhy = /^\s*(?:why|why not|how so)\b/i;
const referringWord = /\b(?:it|its|they|them|their|this|that|these|those|he|him|his|she|her|there|the same|such|then|former|latter)\b/i;
const demonstrative = /^(?:this|that|these|those)$/i;
/** "What are the two sides aiming for?", "did both countries sign it?": a pair named before. */
const namedPair = /\b(?:the two|both)\s+(?:of them|sides|countries|nations|leaders|men|presidents|parties|states|governments|neighbou?rs|capitals)\b/i;

/** Not "it": "is it true that…", "how long did it take the train to…" stand on their own. */
const pronoun = /^(?:its|they|them|their|he|him|his|she|her)$/i;

/**
 * "…that peace", "this summit", "those countries": a demonstrative before a noun points at something
 * said before. So do "that year" when the message names no year, and a pronoun before any noun
 * when the message names no one ("How many of its stations were running as of June 30?"): "In
 * his 1885 message, what did Cleveland say…" finds its man later in the sentence.
 */
function pointsBack(message: string): boolean {
  const tokens = taggedTokens(message);
  const firstNoun = tokens.findIndex((token) => token.pos === "NOUN" || token.pos === "PROPN");
  const firstPronoun = tokens.findIndex((token) => pronoun.test(token.text));
  const namesSomeone = tokens.some((token) => token.pos === "PROPN" && !calendarWord.test(token.text));
  if (firstPronoun !== -1 && (firstNoun === -1 || firstPronoun < firstNoun) && !namesSomeone) return true;
  const namesYear = /\b\d{4}s?\b/.test(message);
  return tokens.some((token, index) => {
    const next = tokens[index + 1];
    if (/^(?:that|those)$/i.test(token.text) && next && timeNoun.test(next.text) && !namesYear) return true;
    // "the loan that Washington mentioned" is a relative clause; "this century" a time of its own.
    return demonstrative.test(token.text) && token.pos !== "SCONJ" && ["NOUN", "ADJ"].includes(next?.pos ?? "") && !timeNoun.test(next.text);
  });
}
const timeNoun = /^(?:year|years|century|decade|week|month|morning|evening|time|session|day)$/i;
/** "Why is his country…", "did he back…": a person named before; "it" is too often the question's own subject. */
const personalPronoun = /\b(?:he|him|his|she|her|hers)\b/i;

/** A message that leans on the previous one: "What about Uzbekistan?", "When did he go there?", "Since what year?". */
export function looksLikeFollowUp(message: string): boolean {
  const terms = contentTerms(message);
  if (leadingConnective.test(message)) return true;
  if (terms.length <= 2 && (bareWhy.test(message) || !/\p{Lu}/u.test(message.slice(1)))) return true;
  if (referringWord.test(message) && terms.length <= 4) return true;
  if (namedPair.test(message) && !/\s\p{Lu}/u.test(message)) return true;
  if (personalPronoun.test(message) && terms.length <= 6 && !/\s\p{Lu}/u.test(message)) return true;
  // "How long did the trip take?", "how many of the people on board were executed?": a short question about "the"
  // thing, naming nothing, means the thing just talked about.
  if (terms.length <= 3 && /\bthe\b/i.test(message) && !/\s\p{Lu}/u.test(message)) return true;
  return pointsBack(message);
}

const questionOpeners = new Set(["when", "what", "which", "who", "whom", "whose", "where", "why", "how", "is", "are", "was", "were", "did", "do", "does", "can", "could", "will", "would", "should", "has", "have", "had", "tell", "give", "list", "name", "summarize", "summarise", "compare", "describe", "explain"]);

/** Capitalised word runs ("President Tokayev", "Tajikistan") with their positions; possessive 's left outside. */
function namedSpans(text: string): { value: string; start: number; end: number }[] {
  const spans: { value: string; start: number; end: number }[] = [];
  for (const match of text.matchAll(/\p{Lu}[\p{L}\p{N}-]*(?:\s+\p{Lu}[\p{L}\p{N}-]*)*/gu)) {
    let value = match[0];
    let start = match.index;
    const first = value.split(/\s+/)[0];
    if (questionOpeners.has(first.toLowerCase())) {
      value = value.slice(first.length).trimStart();
      start = match.index + match[0].length - value.length;
    }
    if (value.length > 1) spans.push({ value, start, end: start + value.length });
  }
  return spans;
}

/**
 * In `previous`, the word before the subject's head noun and that noun ("energy ministers" for "the
 * transport ministers"), when the subject is no name (no capital) and its head noun stands there.
 */
function sameHeadPhrase(previous: string, subject: string): { start: number; end: number } | undefined {
  const parts = subject.replace(/^(?:the|a|an)\s+/i, "").split(/\s+/);
  if (parts.length < 2 || parts.length > 4 || /\p{Lu}/u.test(subject)) return undefined;
  const head = parts.at(-1)!;
  const found = new RegExp(`\\b([\\p{L}-]+)\\s+${head.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "iu").exec(previous);
  if (!found || isStopword(found[1].toLowerCase()) || questionOpeners.has(found[1].toLowerCase())) return undefined;
  return { start: found.index, end: found.index + found[0].length };
}

function subjectOf(followUp: string): string | undefined {
  // "And what about Washington — what did it back?": the subject ends where the question goes on.
  const match = followUp.match(/^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)(?:\s*[—–,;:]|\s+-\s|[\s?.!]*$)/i) ?? followUp.match(/^\s*(?:and|same for|what of)\s+(.+?)[\s?.!]*$/i);
  // "And Uzbekistan?" names a new subject; "and how many days did the trip take?" is a question of its own.
  if (!match || /^(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|did|do|does|has|have|had|can|could|will|would|should)\b/i.test(match[1]) || match[1].split(/\s+/).length > 6) return undefined;
  return match[1];
}

/** The previous question's key words, in their written form, that the follow-up does not already have. */
function keyWords(previous: string, latest: string): string[] {
  const present = new Set(contentTerms(latest));
  const seen = new Set<string>();
  const keep: string[] = [];
  for (const match of previous.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    const word = match[0].replace(/['’]s$/u, "");
    const lower = word.toLowerCase();
    if (isStopword(lower) || questionOpeners.has(lower) || lower.length < 2) continue;
    const [term] = contentTerms(word);
    if (!term || present.has(term) || seen.has(term)) continue;
    seen.add(term);
    keep.push(word);
  }
  return keep;
}

/**
 * Offline rewrite. "What about X?" after a question naming something of the same kind as X
 * becomes that question with X in its place (the closest name by word vectors when an embedder
 * is given, else the last name). Other follow-ups get the previous question's key words appended.
 */
/**
 * What a follow-up may take from the previous question: a question's worth, never a pasted
 * article. A 20,000-character earlier turn would otherwise join the next query whole (its every
 * key word appended, or the whole turn with one name swapped).
 */
export const followUpBudget = { previousChars: 500, borrowedWords: 8 };

/** The opening `max` characters of a text, cut at a word. */
function openingOf(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.search(/\s\S*$/);
  return space > max / 2 ? cut.slice(0, space) : cut;
}

export async function rewriteFollowUp(options: { latest: string; previous: string; embedder?: Embedder }): Promise<string> {
  const latest = options.latest;
  const previous = openingOf(options.previous, followUpBudget.previousChars);
  const subject = subjectOf(latest);
  // "When did the energy ministers meet?" then "And the transport ministers?": a thing named by a
  // common noun takes the place of the phrase with the same head noun ("energy ministers").
  const sameKind = subject ? sameHeadPhrase(previous, subject) : undefined;
  if (subject && sameKind) return `${previous.slice(0, sameKind.start)}${subject.replace(/^(?:the|a|an)\s+/i, "")}${previous.slice(sameKind.end)}`.trim();
  const names = namedSpans(previous);
  if (subject && names.length > 0) {
    let chosen = names[names.length - 1];
    if (options.embedder && names.length > 1) {
      const [subjectVector, ...nameVectors] = await options.embedder.embed([subject, ...names.map((name) => name.value)]);
      let best = -Infinity;
      names.forEach((name, index) => {
        const similarity = cosine(subjectVector, nameVectors[index]);
        if (similarity > best) {
          best = similarity;
          chosen = name;
        }
      });
    }
    return `${previous.slice(0, chosen.start)}${subject}${previous.slice(chosen.end)}`.trim();
  }
  const borrowed = keyWords(previous, latest).slice(0, followUpBudget.borrowedWords);
  return borrowed.length > 0 ? `${latest.trim()} ${borrowed.join(" ")}` : latest.trim();
}

/**
 * The sentence the previous answer led with: its words before the first citation marker, bold
 * marks dropped. A follow-up ("what year was it created?", "how old was she?") is about what that
 * sentence's article says. Undefined when the previous turn declined (`declined` is its opening)
 * or cited nothing.
 */
export function previousLead(turns: ConversationTurn[], declined: string): string | undefined {
  const latestUser = turns.map((turn) => turn.role).lastIndexOf("user");
  const answer = turns.slice(0, Math.max(0, latestUser)).reverse().find((turn) => turn.role === "assistant");
  if (!answer || answer.text.trimStart().startsWith(declined)) return undefined;
  const before = answer.text.match(/^([\s\S]*?)\[\d+(?:\s*,\s*\d+)*\]/)?.[1];
  const sentence = before?.split("\n").at(-1)?.replace(/\*\*/g, "").replace(/^\s*[-*]\s+/, "").trim();
  return sentence && words(sentence).length >= 4 ? sentence : undefined;
}

export interface StandaloneQueryOptions {
  turns: ConversationTurn[];
  model?: LanguageModel;
  embedder?: Embedder;
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

export interface StandaloneQuery {
  query: string;
  how: "as-is" | "model" | "follow-up";
}

/** The latest user turn, made standalone. Never throws: a failed model rewrite falls back to the offline one. */
export async function buildStandaloneQuery(options: StandaloneQueryOptions): Promise<StandaloneQuery> {
  const userTurns = options.turns.filter((turn) => turn.role === "user");
  const latest = userTurns.at(-1)?.text ?? "";
  const previous = userTurns.at(-2)?.text;
  if (!previous) return { query: latest, how: "as-is" };

  if (options.model) {
    try {
      const history = options.turns.slice(0, options.turns.lastIndexOf(userTurns.at(-1)!));
      const { text } = await generateText({
        model: options.model,
        instructions: rewriteInstructions,
        prompt: buildRewritePrompt(history, latest),
        temperature: 0,
        maxRetries: 0,
        timeout: { totalMs: Math.min(options.timeoutMs ?? 15_000, 15_000) },
        abortSignal: options.abortSignal,
      });
      const rewritten = text.trim().split("\n")[0].replace(/^["'“]|["'”]$/g, "").trim();
      // A rewrite that lost every word of the message is a wrong rewrite.
      if (rewritten && rewritten.length <= 500 && sharesWords(rewritten, latest)) return { query: rewritten, how: "model" };
    } catch {
      // The answer step will report a broken provider; here the offline rewrite is good enough.
    }
  }
  if (!looksLikeFollowUp(latest)) return { query: latest, how: "as-is" };
  return { query: await rewriteFollowUp({ latest, previous, embedder: options.embedder }), how: "follow-up" };
}

function sharesWords(rewritten: string, latest: string): boolean {
  const latestTerms = contentTerms(latest);
  if (latestTerms.length === 0) return true;
  const rewrittenTerms = new Set(contentTerms(rewritten));
  return latestTerms.some((term) => rewrittenTerms.has(term)) || words(latest).length <= 3;
}
