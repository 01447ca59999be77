import { createUIMessageStreamResponse } from "ai";
import { getChatDependencies } from "@/lib/answer/chat-dependencies";
import { createChatStream } from "@/lib/answer/chat-stream";
import { CaravanError, toErrorBody } from "@/lib/errors";
import { parseChatRequest } from "./schema";

// POST /api/chat: validate, then stream the answer (retrieval, engines and citations live in lib/answer).
export const runtime = "nodejs";

async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new CaravanError("unsupported_media_type");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new CaravanError("payload_too_large");
  const raw = await request.text();
  if (Buffer.byteLength(raw) > maxBytes) throw new CaravanError("payload_too_large");
  try {
    return JSON.parse(raw);
  } catch {
    throw new CaravanError("bad_request", "The request body is not valid JSON.");
  }
}

export async function POST(request: Request): Promise<Response> {
  const requestId = crypto.randomUUID().slice(0, 8);
  try {
    const dependencies = await getChatDependencies();
    const body = await readJson(request, dependencies.config.maxBodyBytes);
    const chat = parseChatRequest(body, { maxMessageChars: dependencies.config.maxMessageChars });
    const stream = createChatStream({
      messages: chat.messages,
      mode: chat.mode,
      filters: chat.filters,
      abortSignal: request.signal,
      dependencies,
    });
    return createUIMessageStreamResponse({ stream, headers: { "x-request-id": requestId } });
  } catch (error) {
    if (!(error instanceof CaravanError)) console.error(`[chat ${requestId}]`, error);
    const { status, body } = toErrorBody(error, requestId);
    return Response.json(body, { status });
  }
}
