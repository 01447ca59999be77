import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CaravanError } from "@/lib/server/errors";
import { OPENAI_EMBEDDING_BATCH, createOpenAIEmbedder } from "./openai-embedder";
import { startEmbeddingServer, type EmbeddingServer } from "./test-embedding-server";

let server: EmbeddingServer;

beforeAll(async () => {
  server = await startEmbeddingServer({ dimensions: 4 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.answerNormally();
});

async function failureOf(promise: Promise<unknown>): Promise<CaravanError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CaravanError);
  return error as CaravanError;
}

describe("createOpenAIEmbedder", () => {
  it("posts the model and inputs with the key, and returns unit vectors", async () => {
    const embedder = createOpenAIEmbedder({ apiKey: "sk-test-key", baseURL: server.baseURL, model: "tiny-embed", maxRetries: 0 });
    expect(embedder.id).toBe("openai:tiny-embed");
    expect(embedder.dimensions).toBe(0);

    const vectors = await embedder.embed(["item 0", "item 12"]);

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", url: "/v1/embeddings", authorization: "Bearer sk-test-key" });
    expect(request.body).toMatchObject({ model: "tiny-embed", input: ["item 0", "item 12"] });
    expect(request.body.dimensions).toBeUndefined();
    expect(embedder.dimensions).toBe(4);
    expect(vectors[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(vectors[0])).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6), 0, 0]);
    expect(Array.from(vectors[1])).toEqual([expect.closeTo(3 / 13, 6), expect.closeTo(4 / 13, 6), expect.closeTo(12 / 13, 6), 0]);
  });

  it("splits large inputs into batches and keeps their order", async () => {
    const embedder = createOpenAIEmbedder({ baseURL: server.baseURL, model: "tiny-embed", maxRetries: 0 });
    const texts = Array.from({ length: OPENAI_EMBEDDING_BATCH * 2 + 5 }, (_, index) => `item ${index}`);
    const vectors = await embedder.embed(texts);
    expect(server.requests.map((request) => request.body.input?.length)).toEqual([OPENAI_EMBEDDING_BATCH, OPENAI_EMBEDDING_BATCH, 5]);
    expect(server.requests.flatMap((request) => request.body.input)).toEqual(texts);
    expect(vectors.map((vector) => Math.round((3 * vector[2]) / vector[0]))).toEqual(texts.map((_, index) => index));
  });

  it("works against a local server with no key and sends no request for no input", async () => {
    const embedder = createOpenAIEmbedder({ baseURL: `${server.baseURL}/`, model: "nomic-embed-text", maxRetries: 0 });
    expect(await embedder.embed([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
    await embedder.embed(["item 3", "   "]);
    expect(server.requests[0].authorization).toMatch(/^Bearer \S+/);
    expect(server.requests[0].body.input).toEqual(["item 3", " "]);
  });

  it("asks for a width when given one and refuses vectors of another", async () => {
    const embedder = createOpenAIEmbedder({ baseURL: server.baseURL, model: "tiny-embed", dimensions: 8, maxRetries: 0 });
    expect(embedder.dimensions).toBe(8);
    const error = await failureOf(embedder.embed(["item 0"]));
    expect(server.requests[0].body.dimensions).toBe(8);
    expect(error.code).toBe("provider_error");
    expect(error.message).toMatch(/returned 4-dimensional vectors; 8 were expected/);
  });

  it("knows OpenAI's own widths before the first call", () => {
    expect(createOpenAIEmbedder({ apiKey: "k", model: "text-embedding-3-small" }).dimensions).toBe(1536);
  });

  it("turns a refused key into a readable provider error that does not repeat the key", async () => {
    server.fail(401, { error: { message: "Incorrect API key provided: sk-test-very-secret-key.", type: "invalid_request_error" } });
    const embedder = createOpenAIEmbedder({ apiKey: "sk-test-very-secret-key", baseURL: server.baseURL, model: "tiny-embed", maxRetries: 0 });
    const error = await failureOf(embedder.embed(["item 0"]));
    expect(error.code).toBe("provider_error");
    expect(error.status).toBe(502);
    expect(error.message).toBe(`The embedding provider at ${new URL(server.baseURL).origin} refused the credentials (HTTP 401): check OPENAI_API_KEY.`);
    expect(error.message).not.toContain("secret");
  });

  it("reports a server failure with the provider's reason, minus anything key-like", async () => {
    server.fail(500, { error: { message: "model crashed while serving sk-abcdef123456" } });
    const embedder = createOpenAIEmbedder({ baseURL: server.baseURL, model: "tiny-embed", maxRetries: 0 });
    const error = await failureOf(embedder.embed(["item 0"]));
    expect(error.message).toMatch(/failed with HTTP 500\. The provider says: model crashed while serving \[redacted\]$/);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it("names an unknown model", async () => {
    server.fail(404, { error: { message: 'model "nope" not found, try pulling it first' } });
    const embedder = createOpenAIEmbedder({ baseURL: server.baseURL, model: "nope", maxRetries: 0 });
    const error = await failureOf(embedder.embed(["item 0"]));
    expect(error.message).toMatch(/does not know the model "nope" \(HTTP 404\): check EMBEDDING_MODEL/);
  });

  it("reports an unreachable server", async () => {
    const closed = await startEmbeddingServer({ dimensions: 4 });
    await closed.close();
    const embedder = createOpenAIEmbedder({ baseURL: closed.baseURL, model: "tiny-embed", maxRetries: 0 });
    const error = await failureOf(embedder.embed(["item 0"]));
    expect(error.message).toMatch(/^The embedding provider at http:\/\/127\.0\.0\.1:\d+ could not be reached/);
  });

  it("refuses to start without a key or a base URL", () => {
    expect(() => createOpenAIEmbedder({ model: "text-embedding-3-small" })).toThrow(/OPENAI_API_KEY/);
  });
});
