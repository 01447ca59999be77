import { z } from "zod";
import type { ChatMessage } from "@/lib/answer/chat-message";
import { requestedMode } from "@/lib/answer/intent";
import { CaravanError } from "@/lib/server/errors";
import type { AnswerMode, RetrievalFilters } from "@/lib/types";

// The chat request body. Strict where it matters (the question), lenient where the client
// echoes back what the server sent (data-*, source-document parts of assistant messages).

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const otherPart = z.looseObject({ type: z.string().min(1).refine((type) => type !== "text") });

const message = z.object({
  id: z.string().max(200).optional(),
  // No "system": a client must not be able to speak with the server's voice.
  role: z.enum(["user", "assistant"]),
  parts: z.array(z.union([textPart, otherPart])),
  metadata: z.unknown().optional(),
});

const isoDate = z.string().regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, "expected an ISO date such as 2024-08-20");

const filters = z
  .object({
    documentIds: z.array(z.string().min(1).max(200)).max(500).optional(),
    outlets: z.array(z.string().min(1).max(300)).max(200).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .optional();

export const chatRequestSchema = z.object({
  id: z.string().max(200).optional(),
  messages: z.array(message).min(1, "messages must not be empty"),
  mode: z.enum(["ask", "summarize", "compare"]).default("ask"),
  filters,
});

export interface ChatRequest {
  id?: string;
  messages: ChatMessage[];
  mode: AnswerMode;
  filters?: RetrievalFilters;
}

/**
 * History beyond this is dropped, oldest first: answers come from the passages, not from old turns.
 * Each earlier turn counts at most `turnChars` (an earlier question at most the question limit):
 * a 20,000-character turn is cut to its opening, which is all a follow-up can lean on.
 */
export const historyBudget = { messages: 12, chars: 24_000, turnChars: 4_000 };

type Message = z.infer<typeof message>;
type Parts = Message["parts"];

function textOf(parts: Parts): string {
  return parts.map((part) => (part.type === "text" && "text" in part ? part.text : "")).join("");
}

/** The message with its text parts cut to `max` characters in all (other parts untouched). */
function clipMessage(turn: Message, max: number): Message {
  let left = max;
  const parts = turn.parts.map((part) => {
    if (part.type !== "text" || !("text" in part) || typeof part.text !== "string") return part;
    const text = part.text.slice(0, Math.max(0, left));
    left -= text.length;
    return { ...part, text };
  });
  return { ...turn, parts };
}

/** Validates a parsed JSON body; throws CaravanError("bad_request") with a readable message. */
export function parseChatRequest(body: unknown, limits: { maxMessageChars: number }): ChatRequest {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new CaravanError("bad_request", `Invalid request: ${where}${issue.message}`);
  }
  const { messages, mode, id } = parsed.data;
  const last = messages[messages.length - 1];
  if (last.role !== "user") throw new CaravanError("bad_request", "The last message must come from the user.");
  const question = textOf(last.parts).trim();
  if (question === "") throw new CaravanError("bad_request", "The question is empty.");
  if (question.length > limits.maxMessageChars) {
    throw new CaravanError("bad_request", `The question is too long (${question.length} characters; the limit is ${limits.maxMessageChars}).`);
  }

  // Keep the latest turns within the budget, always including the question itself.
  const kept = [last];
  let chars = question.length;
  for (let index = messages.length - 2; index >= 0 && kept.length < historyBudget.messages; index -= 1) {
    const earlier = messages[index];
    const limit = earlier.role === "user" ? Math.min(limits.maxMessageChars, historyBudget.turnChars) : historyBudget.turnChars;
    const clipped = clipMessage(earlier, limit);
    chars += textOf(clipped.parts).length;
    if (chars > historyBudget.chars) break;
    kept.unshift(clipped);
  }
  const chosenFilters = parsed.data.filters;
  const hasFilters = chosenFilters && Object.values(chosenFilters).some((value) => (Array.isArray(value) ? value.length > 0 : Boolean(value)));
  return {
    id,
    messages: kept as unknown as ChatMessage[],
    // "Summarize the article about…" typed with the switch on Ask wants a summary.
    mode: requestedMode(mode, question),
    filters: hasFilters ? chosenFilters : undefined,
  };
}
