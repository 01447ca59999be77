import "server-only";
import { defaultOpenAIBaseUrl, type AppConfig } from "@/lib/server/config";
import type { Embedder } from "@/lib/types";
import { createLocalEmbedder } from "./local-embedder";
import { createOpenAIEmbedder } from "./openai-embedder";
import { loadWordVectors, type WordVectors } from "./word-vectors";

export { LOCAL_EMBEDDER_ID, createLocalEmbedder, normalise, type LocalEmbedder } from "./local-embedder";
export { createOpenAIEmbedder, type OpenAIEmbedder, type OpenAIEmbedderOptions } from "./openai-embedder";
export { tokenizeForEmbedding } from "../text/tokenize";
export { buildWordVectorCache, WORD_VECTOR_CACHE_FILE } from "./word-vector-cache";
export { NEIGHBOUR_SEARCH_WORDS, WordVectors, loadWordVectors, type NearWord } from "./word-vectors";

const embedders = new Map<string, Promise<Embedder>>();

function embedderKey(config: AppConfig): string {
  return config.embeddingProvider === "local"
    ? `local\0${config.cacheDir}`
    : `openai\0${config.embeddingModel}\0${config.openaiBaseUrl ?? ""}\0${config.openaiApiKey ?? ""}`;
}

/**
 * The configured embedder, one instance per provider and model per process. Its
 * `dimensions` is always known on return: an OpenAI-compatible model of unknown width is
 * asked to embed one word first, so the store can compare widths before any search.
 */
export function getEmbedder(config: AppConfig): Promise<Embedder> {
  const key = embedderKey(config);
  let pending = embedders.get(key);
  if (!pending) {
    pending = createEmbedder(config);
    embedders.set(key, pending);
    // A failure (server down, package missing) must not stick for the life of the process.
    pending.catch(() => embedders.delete(key));
  }
  return pending;
}

async function createEmbedder(config: AppConfig): Promise<Embedder> {
  if (config.embeddingProvider === "local") return createLocalEmbedder({ cacheDir: config.cacheDir });
  const embedder = createOpenAIEmbedder({
    apiKey: config.openaiApiKey,
    baseURL: config.openaiBaseUrl ?? defaultOpenAIBaseUrl,
    model: config.embeddingModel,
    timeoutMs: config.llmTimeoutMs,
  });
  if (embedder.dimensions === 0) await embedder.embed(["dimensions"]);
  return embedder;
}

/**
 * The local word vectors (for query expansion with nearestWords), whatever embedder is
 * configured; loaded once per process, sharing the local embedder's copy.
 */
export function getWordVectors(config: AppConfig): Promise<WordVectors> {
  return loadWordVectors({ cacheDir: config.cacheDir });
}
