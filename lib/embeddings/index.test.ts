import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/server/config";
import { LOCAL_EMBEDDER_ID, getEmbedder, getWordVectors, type LocalEmbedder } from "./index";
import { startEmbeddingServer, type EmbeddingServer } from "./test-embedding-server";

let server: EmbeddingServer;

beforeAll(async () => {
  server = await startEmbeddingServer({ dimensions: 6 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.answerNormally();
});

const openaiConfig = (model: string) =>
  loadConfig({ EMBEDDING_PROVIDER: "openai", OPENAI_BASE_URL: server.baseURL, EMBEDDING_MODEL: model });

describe("getEmbedder", () => {
  it("returns one OpenAI-compatible embedder per model, its width learned up front", async () => {
    const [first, second] = await Promise.all([getEmbedder(openaiConfig("model-a")), getEmbedder(openaiConfig("model-a"))]);
    expect(second).toBe(first);
    expect(first.id).toBe("openai:model-a");
    expect(first.dimensions).toBe(6);
    expect(server.requests).toHaveLength(1);

    const other = await getEmbedder(openaiConfig("model-b"));
    expect(other).not.toBe(first);
    expect(other.id).toBe("openai:model-b");
  });

  it("does not keep a failed embedder", async () => {
    server.fail(401, { error: { message: "no" } });
    await expect(getEmbedder(openaiConfig("model-c"))).rejects.toMatchObject({ code: "provider_error" });
    server.answerNormally();
    expect((await getEmbedder(openaiConfig("model-c"))).dimensions).toBe(6);
  });

  it("returns the local embedder by default, once, sharing its word vectors", async () => {
    const config = loadConfig({});
    const embedder = (await getEmbedder(config)) as LocalEmbedder;
    expect(embedder.id).toBe(LOCAL_EMBEDDER_ID);
    expect(await getEmbedder(loadConfig({}))).toBe(embedder);
    expect(await getWordVectors(config)).toBe(embedder.vectors);
  });
});
