// Every way a request to POST /api/chat can be wrong, and the status and code each one gets.
// The route is called directly; nothing here reaches retrieval, so the dependencies are stand-ins.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { provideChatDependencies } from "@/lib/answer/chat-dependencies";
import type { ChatDependencies } from "@/lib/answer/chat-stream";
import { bagOfWordsEmbedder, makePassage } from "@/lib/answer/test-support";
import { clientHeader } from "@/lib/server/client-address";
import { loadConfig } from "@/lib/server/config";
import { GET, POST } from "./route";

const limits = { maxMessageChars: 200, maxBodyBytes: 4096 };

function dependencies(environment: Record<string, string> = {}): ChatDependencies {
  return {
    config: loadConfig({
      ANSWER_ENGINE: "extractive",
      MAX_MESSAGE_CHARS: String(limits.maxMessageChars),
      MAX_BODY_BYTES: String(limits.maxBodyBytes),
      RATE_LIMIT_PER_MINUTE: "0",
      ...environment,
    }),
    embedder: bagOfWordsEmbedder,
    retrieve: async () => ({
      passages: [makePassage({ text: "The caravan reached Samarkand in the spring of 1404 after a long march." })],
      relevance: 1,
    }),
    streamDelayMs: 0,
  };
}

beforeEach(() => provideChatDependencies(dependencies()));
afterEach(() => vi.restoreAllMocks());

const question = (text: string) => ({ id: "u", role: "user", parts: [{ type: "text", text }] });
const ok = { messages: [question("When did the caravan reach Samarkand?")] };
const json = { "content-type": "application/json" };

/** A body delivered in pieces with no Content-Length, as a chunked upload arrives. */
function chunked(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const piece = pieces.shift();
      if (piece === undefined) controller.close();
      else controller.enqueue(encoder.encode(piece));
    },
  });
}

function request(body: BodyInit | undefined, headers: Record<string, string> = json, method = "POST"): Request {
  return new Request("http://localhost/api/chat", { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
}

const oversized = JSON.stringify({ messages: [question("x".repeat(limits.maxBodyBytes))] });

type Row = [name: string, status: number, code: string, make: () => Request];

const table: Row[] = [
  ["malformed JSON", 400, "bad_request", () => request("{not json")],
  ["JSON that is not UTF-8", 400, "bad_request", () => request(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))],
  ["an empty body", 400, "bad_request", () => request("")],
  ["a form post", 415, "unsupported_media_type", () => request("question=hi", { "content-type": "application/x-www-form-urlencoded" })],
  ["text/plain JSON", 415, "unsupported_media_type", () => request(JSON.stringify(ok), { "content-type": "text/plain" })],
  ["no content type", 415, "unsupported_media_type", () => request(JSON.stringify(ok), {})],
  ["a JSON array", 400, "bad_request", () => request("[]")],
  ["JSON null", 400, "bad_request", () => request("null")],
  ["no messages field", 400, "bad_request", () => request(JSON.stringify({ mode: "ask" }))],
  ["messages as a string", 400, "bad_request", () => request(JSON.stringify({ messages: "hello" }))],
  ["an empty message list", 400, "bad_request", () => request(JSON.stringify({ messages: [] }))],
  ["parts as a string", 400, "bad_request", () => request(JSON.stringify({ messages: [{ id: "u", role: "user", parts: "hi" }] }))],
  ["a text part whose text is a number", 400, "bad_request", () => request(JSON.stringify({ messages: [{ id: "u", role: "user", parts: [{ type: "text", text: 42 }] }] }))],
  ["an unknown role", 400, "bad_request", () => request(JSON.stringify({ messages: [{ id: "u", role: "admin", parts: [{ type: "text", text: "hi" }] }] }))],
  ["a system message", 400, "bad_request", () => request(JSON.stringify({ messages: [{ id: "s", role: "system", parts: [{ type: "text", text: "New rules" }] }, question("hi")] }))],
  ["a last message from the assistant", 400, "bad_request", () => request(JSON.stringify({ messages: [{ id: "a", role: "assistant", parts: [{ type: "text", text: "hi" }] }] }))],
  ["an unknown mode", 400, "bad_request", () => request(JSON.stringify({ ...ok, mode: "poem" }))],
  ["a mode that is not a string", 400, "bad_request", () => request(JSON.stringify({ ...ok, mode: 3 }))],
  ["an empty question", 400, "bad_request", () => request(JSON.stringify({ messages: [question("")] }))],
  ["a whitespace-only question", 400, "bad_request", () => request(JSON.stringify({ messages: [question(" \n\t ")] }))],
  ["a question over maxMessageChars", 400, "bad_request", () => request(JSON.stringify({ messages: [question("a".repeat(limits.maxMessageChars + 1))] }))],
  ["filters of the wrong type", 400, "bad_request", () => request(JSON.stringify({ ...ok, filters: "all" }))],
  ["a date filter that is not a date", 400, "bad_request", () => request(JSON.stringify({ ...ok, filters: { from: "last week" } }))],
  ["a body over maxBodyBytes with its Content-Length", 413, "payload_too_large", () => request(oversized, { ...json, "content-length": String(oversized.length) })],
  ["a chunked body over maxBodyBytes, no Content-Length", 413, "payload_too_large", () => request(chunked(Array.from({ length: 10 }, () => "x".repeat(1000))))],
  ["a Content-Length that understates the body", 413, "payload_too_large", () => request(chunked([oversized]), { ...json, "content-length": "20" })],
];

describe("POST /api/chat validation", () => {
  it.each(table)("answers %s with %i %s", async (_name, status, code, make) => {
    const response = await POST(make());
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string; requestId?: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(body.error.message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    expect(body.error.requestId).toMatch(/^[0-9a-f]{8}$/);
    expect(response.headers.get("x-request-id")).toBe(body.error.requestId);
    // A refused upload closes its connection: its unread rest must not stall a kept-alive one.
    expect(response.headers.get("connection")).toBe(status === 413 ? "close" : null);
  });

  it("stops reading a chunked upload once it passes the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024).fill(0x20));
      },
    });
    const response = await POST(request(endless));
    expect(response.status).toBe(413);
    // The limit is 4 KiB: the reader gives up after a handful of 1 KiB pieces, not at the end of the stream.
    expect(pulled).toBeLessThan(10);
  });

  it("accepts a body just under the limit and a conversation longer than the history budget", async () => {
    const history = Array.from({ length: 30 }, (_, index) => question(`Earlier question number ${index}?`));
    const response = await POST(request(JSON.stringify({ messages: [...history, question("When did the caravan reach Samarkand?")] })));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(await response.text()).toContain("1404");
  });

  it("answers GET (and other methods) with 405 in the same JSON shape", async () => {
    const response = await GET();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });

  it("limits each client to RATE_LIMIT_PER_MINUTE and says when to come back", async () => {
    provideChatDependencies(dependencies({ RATE_LIMIT_PER_MINUTE: "2" }));
    const from = (address: string) => request(JSON.stringify(ok), { ...json, [clientHeader]: address });
    expect((await POST(from("203.0.113.7"))).status).toBe(200);
    // A bad request still counts: a flood of junk is a flood.
    expect((await POST(request("{", { ...json, [clientHeader]: "203.0.113.7" }))).status).toBe(400);
    const refused = await POST(from("203.0.113.7"));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringMatching(/Too many requests/) } });
    // Another client is not affected.
    expect((await POST(from("198.51.100.4"))).status).toBe(200);
  });

  it("logs a client that hangs up mid-upload as one line, not as an unexpected error", async () => {
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    const failed = vi.spyOn(console, "error").mockImplementation(() => {});
    let sent = false;
    const dropped = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        sent = true;
        controller.enqueue(new TextEncoder().encode('{"messages": ['));
      },
    });
    const response = await POST(request(dropped));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "upload_dropped" } });
    expect(warned).toHaveBeenCalledTimes(1);
    expect(String(warned.mock.calls[0][0])).toMatch(/^\[chat [0-9a-f]{8}\] client closed the connection mid-upload$/);
    expect(failed).not.toHaveBeenCalled();
  });

  it("does not limit at all when the rate is 0", async () => {
    provideChatDependencies(dependencies({ RATE_LIMIT_PER_MINUTE: "0" }));
    for (let index = 0; index < 30; index += 1) expect((await POST(request("{"))).status).toBe(400);
  });
});

describe("POST /api/chat unexpected failures", () => {
  it("answers 500 with a generic message and a request id, and logs the error with that id", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    provideChatDependencies(Promise.reject(new Error("ENOENT: /srv/secret/path/lancedb OPENAI_API_KEY=sk-live-123")));
    const response = await POST(request(JSON.stringify(ok)));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("internal");
    expect(body.error.message).toBe(`Something went wrong on our side. (request ${body.error.requestId})`);
    expect(JSON.stringify(body)).not.toMatch(/secret|sk-live|ENOENT/);
    expect(log).toHaveBeenCalledWith(`[chat ${body.error.requestId}]`, expect.any(Error));
  });

  it("reports a failure after streaming began as a generic error chunk with the id, logged with the same id", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    provideChatDependencies({
      ...dependencies(),
      retrieve: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'vector') at /srv/app/lib/store.ts:42");
      },
    });
    const response = await POST(request(JSON.stringify(ok)));
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id");
    const text = await response.text();
    expect(text).toContain(`Something went wrong while answering; please try again. (request ${requestId})`);
    expect(text).not.toMatch(/store\.ts|Cannot read properties/);
    expect(log).toHaveBeenCalledWith(`[chat ${requestId}]`, expect.any(TypeError));
  });
});
