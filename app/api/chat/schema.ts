import { z } from "zod";
import type { ChatMessage } from "@/lib/answer/chat-message";
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

/** History beyond this is dropped, oldest first: answers come from the passages, not from old turns. */
export const historyBudget = { messages: 12, chars: 24_000 };

function textOf(parts: z.infer<typeof message>["parts"]): string {
  return parts.map((part) => (part.type === "text" && "text" in part ? part.text : "")).join("");
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
    chars += textOf(messages[index].parts).length;
    if (chars > historyBudget.chars) break;
    kept.unshift(messages[index]);
  }
  const chosenFilters = parsed.data.filters;
  const hasFilters = chosenFilters && Object.values(chosenFilters).some((value) => (Array.isArray(value) ? value.length > 0 : Boolean(value)));
  return {
    id,
    messages: kept as unknown as ChatMessage[],
    mode,
    filters: hasFilters ? chosenFilters : undefined,
  };
}
