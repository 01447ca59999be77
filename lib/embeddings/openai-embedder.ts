import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import { APICallError, RetryError, embedMany } from "ai";
import { CaravanError } from "@/lib/server/errors";
import type { Embedder } from "@/lib/types";

/** Inputs per request: small enough for local servers (Ollama, vLLM), large enough to amortise latency. */
export const OPENAI_EMBEDDING_BATCH = 96;

const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
// Local OpenAI-compatible servers ignore the key, but the provider insists on one.
const PLACEHOLDER_KEY = "not-needed";
/** Widths of OpenAI's own models, so the embedder knows its width before the first call. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

export interface OpenAIEmbedderOptions {
  /** Optional with a baseURL (local servers need none); required for api.openai.com. */
  apiKey?: string;
  baseURL?: string;
  model: string;
  /** Requested output width (text-embedding-3 can shorten its vectors); also the width expected back. */
  dimensions?: number;
  /** Per request; defaults to 60 s. */
  timeoutMs?: number;
  /** Retries of rate-limited and 5xx responses, with backoff; defaults to 2. */
  maxRetries?: number;
}

export interface OpenAIEmbedder extends Embedder {
  /**
   * The vector width. Known up front when `dimensions` is given or the model is one of
   * OpenAI's; otherwise 0 until the first embed() call, which learns it from the response
   * (getEmbedder makes that call for you, so the store can always read it).
   */
  readonly dimensions: number;
}

/**
 * An embedder over any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, vLLM,
 * LM Studio). Vectors come back unit length; failures become CaravanError("provider_error")
 * with a reason a person can act on and never the key.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): OpenAIEmbedder {
  const baseURL = (options.baseURL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!options.apiKey && !options.baseURL) {
    throw new CaravanError(
      "provider_error",
      "OpenAI embeddings need OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server).",
    );
  }
  // Both passed explicitly: the provider would otherwise read process.env itself.
  const provider = createOpenAI({ apiKey: options.apiKey ?? PLACEHOLDER_KEY, baseURL });
  const model = provider.embedding(options.model);
  let dimensions = options.dimensions ?? KNOWN_DIMENSIONS[options.model] ?? 0;
  const secrets = options.apiKey ? [options.apiKey] : [];

  async function embedBatch(values: string[]): Promise<Float32Array[]> {
    let embeddings: number[][];
    try {
      ({ embeddings } = await embedMany({
        model,
        // Some servers reject empty inputs; a space embeds as "nothing" just the same.
        values: values.map((value) => (value.trim() === "" ? " " : value)),
        dimensions: options.dimensions,
        maxRetries: options.maxRetries ?? 2,
        abortSignal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      }));
    } catch (error) {
      throw new CaravanError("provider_error", describeFailure({ error, model: options.model, baseURL, secrets }), {
        cause: error,
      });
    }
    if (embeddings.length !== values.length) {
      throw new CaravanError(
        "provider_error",
        `The embedding provider returned ${embeddings.length} vectors for ${values.length} inputs.`,
      );
    }
    return embeddings.map((embedding) => {
      if (dimensions === 0) dimensions = embedding.length;
      if (embedding.length !== dimensions) {
        throw new CaravanError(
          "provider_error",
          `The embedding model "${options.model}" returned ${embedding.length}-dimensional vectors; ${dimensions} were expected.`,
        );
      }
      return unitLength(embedding, options.model);
    });
  }

  return {
    id: `openai:${options.model}`,
    get dimensions() {
      return dimensions;
    },
    async embed(texts: string[]): Promise<Float32Array[]> {
      const vectors: Float32Array[] = [];
      // Sequential batches: polite to local servers, and order is kept trivially.
      for (let start = 0; start < texts.length; start += OPENAI_EMBEDDING_BATCH) {
        vectors.push(...(await embedBatch(texts.slice(start, start + OPENAI_EMBEDDING_BATCH))));
      }
      return vectors;
    },
  };
}

function unitLength(embedding: number[], model: string): Float32Array {
  let squares = 0;
  for (const value of embedding) squares += value * value;
  if (!(squares > 0) || !Number.isFinite(squares)) {
    // A zero or NaN vector has no direction: cosine search would rank it arbitrarily.
    throw new CaravanError("provider_error", `The embedding model "${model}" returned an empty or invalid vector.`);
  }
  const inverse = 1 / Math.sqrt(squares);
  return Float32Array.from(embedding, (value) => value * inverse);
}

function describeFailure(options: { error: unknown; model: string; baseURL: string; secrets: string[] }): string {
  const { model, baseURL, secrets } = options;
  let error = options.error;
  if (RetryError.isInstance(error)) error = error.lastError;
  const where = safeOrigin(baseURL);
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const detail = providerDetail(error, secrets);
    if (status === 401 || status === 403) {
      return `The embedding provider at ${where} refused the credentials (HTTP ${status}): check OPENAI_API_KEY.`;
    }
    if (status === 404) {
      return `The embedding provider at ${where} does not know the model "${model}" (HTTP 404): check EMBEDDING_MODEL.${detail}`;
    }
    if (status === 429) return `The embedding provider at ${where} is rate-limiting requests or the quota is used up (HTTP 429).${detail}`;
    if (status !== undefined) return `The embedding provider at ${where} failed with HTTP ${status}.${detail}`;
    return `The embedding provider at ${where} could not be reached${networkReason(error.cause)}.`;
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `The embedding provider at ${where} did not answer in time.`;
  }
  return `The embedding provider at ${where} could not be used${networkReason(error)}.`;
}

/** The provider's own short explanation, with anything key-like removed. */
function providerDetail(error: APICallError, secrets: string[]): string {
  let text = error.message ?? "";
  try {
    const body = JSON.parse(error.responseBody ?? "") as { error?: { message?: unknown } | string };
    const message = typeof body.error === "string" ? body.error : body.error?.message;
    if (typeof message === "string") text = message;
  } catch {
    // Not JSON: keep the SDK's message.
  }
  for (const secret of secrets) text = text.split(secret).join("[redacted]");
  text = text.replace(/\b(?:sk|pk|rk)-[\w*-]{4,}/g, "[redacted]").replace(/\s+/g, " ").trim();
  if (text === "") return "";
  return ` The provider says: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

function networkReason(cause: unknown): string {
  const code = (cause as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ??
    (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === "string" ? ` (${code})` : "";
}

function safeOrigin(baseURL: string): string {
  try {
    return new URL(baseURL).origin;
  } catch {
    return "the configured URL";
  }
}
