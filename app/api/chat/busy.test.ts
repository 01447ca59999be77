import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, type TempIndex } from "@/tests/support/temp-index";
import { createChatDependencies, provideChatDependencies } from "@/lib/answer/chat-dependencies";
import { POST } from "./route";

let index: TempIndex;

beforeAll(async () => {
  index = await createTempIndex();
  provideChatDependencies(
    createChatDependencies({ ...index.config, maxConcurrentHeavy: 1, rateLimitPerMinute: 0 }).then((dependencies) => ({ ...dependencies, streamDelayMs: 0 })),
  );
});

afterAll(async () => {
  await index?.cleanup();
});

function compare(signal?: AbortSignal): Promise<Response> {
  const messages = [{ id: "q", role: "user", parts: [{ type: "text", text: "How do the articles differ on China's role?" }] }];
  return POST(new Request("http://localhost/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages, mode: "compare" }), signal }));
}

describe("expensive modes under load", () => {
  it("answers a comparison past the concurrency limit with 503 and Retry-After, and admits the next once the first is gone", async () => {
    const first = await compare();
    expect(first.status).toBe(200);
    const refused = await compare();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect((await refused.json()).error.code).toBe("busy");
    // The first client hangs up: its slot is free again.
    await first.body!.cancel();
    const next = await compare();
    expect(next.status).toBe(200);
    await next.text();
    // A finished answer frees its slot too.
    const after = await compare();
    expect(after.status).toBe(200);
    await after.body!.cancel();
  });

  it("never gates a plain question", async () => {
    const holder = await compare();
    const messages = [{ id: "q", role: "user", parts: [{ type: "text", text: "When was the Treaty on Alliance Relations signed?" }] }];
    const ask = await POST(new Request("http://localhost/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages }) }));
    expect(ask.status).toBe(200);
    await ask.text();
    await holder.body!.cancel();
  });
});
