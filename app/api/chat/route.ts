import { createUIMessageStreamResponse } from "ai";
import { getChatDependencies } from "@/lib/answer/chat-dependencies";
import { createChatStream } from "@/lib/answer/chat-stream";
import { CaravanError, toErrorBody } from "@/lib/server/errors";
import { releasingWhenDone, sharedGate } from "@/lib/server/concurrency";
import { clientKey, sharedRateLimiter } from "@/lib/server/rate-limit";
import { readJsonBody } from "@/lib/server/request-body";
import { parseChatRequest } from "./schema";

// POST /api/chat: rate-limit, validate, then stream the answer (retrieval, engines and citations live in lib/answer).
export const runtime = "nodejs";

function errorResponse(error: unknown, requestId: string, headers: Record<string, string> = {}): Response {
  // Our own errors are expected answers; anything else is a bug, logged here with its id and never shown.
  if (!(error instanceof CaravanError)) console.error(`[chat ${requestId}]`, error);
  const { status, body } = toErrorBody(error, requestId);
  return Response.json(body, { status, headers: { "x-request-id": requestId, ...headers } });
}

export async function POST(request: Request): Promise<Response> {
  const requestId = crypto.randomUUID().slice(0, 8);
  try {
    const dependencies = await getChatDependencies();
    const { config } = dependencies;
    const decision = sharedRateLimiter(config.rateLimitPerMinute).take(clientKey(request.headers));
    if (!decision.allowed) {
      return errorResponse(new CaravanError("rate_limited"), requestId, { "retry-after": String(decision.retryAfterSeconds) });
    }
    const body = await readJsonBody(request, { maxBytes: config.maxBodyBytes });
    const chat = parseChatRequest(body, { maxMessageChars: config.maxMessageChars });
    // Summaries and comparisons read many passages: past the limit, say so rather than queue.
    const release = chat.mode === "ask" ? () => {} : sharedGate(config.maxConcurrentHeavy).tryEnter();
    if (!release) return errorResponse(new CaravanError("busy", "Too many summaries and comparisons are running; try again in a few seconds."), requestId, { "retry-after": "5" });
    // The work stops when the client goes away, whether the request is aborted or the body cancelled.
    const departed = new AbortController();
    request.signal.addEventListener("abort", () => (release(), departed.abort()), { once: true });
    const stream = createChatStream({
      messages: chat.messages,
      mode: chat.mode,
      filters: chat.filters,
      abortSignal: departed.signal,
      requestId,
      dependencies,
    });
    return createUIMessageStreamResponse({ stream: releasingWhenDone(stream, release, () => departed.abort()), headers: { "x-request-id": requestId } });
  } catch (error) {
    // The unread rest of a refused upload would stall a kept-alive connection (the client never
    // sees the 413): closing it delivers the answer and drops the rest.
    const tooLarge = error instanceof CaravanError && error.code === "payload_too_large";
    if (error instanceof CaravanError && error.code === "upload_dropped") console.warn(`[chat ${requestId}] client closed the connection mid-upload`);
    return errorResponse(error, requestId, tooLarge ? { connection: "close" } : {});
  }
}

/** Next answers other methods with a bare 405; this one says so in the same JSON as every other error. */
function methodNotAllowed(): Response {
  const { status, body } = toErrorBody(new CaravanError("method_not_allowed", "Send questions with POST."));
  return Response.json(body, { status, headers: { allow: "POST" } });
}

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
