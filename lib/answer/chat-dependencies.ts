import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { defaultOpenAIBaseUrl, getConfig, hasLanguageModel, type AppConfig } from "../server/config";
import { getEmbedder } from "../embeddings";
import { getStore } from "../search/library";
import { passageFromHit, retrieve } from "../search/retrieve";
import type { ChatDependencies } from "./chat-stream";

// Where the chat route and the ask script get their parts. One factory from a config, so a
// test (or a script) can point the very same code at another index or another model server.

/**
 * The configured chat model, or undefined when none is configured. The chat-completions API is
 * the one every OpenAI-compatible server (Ollama, vLLM, LM Studio) speaks; such servers often
 * need no key, but the client insists on one, so a placeholder stands in.
 */
export function createLanguageModel(config: AppConfig): LanguageModel | undefined {
  if (!hasLanguageModel(config)) return undefined;
  const provider = createOpenAI({
    apiKey: config.openaiApiKey ?? "no-key-needed",
    baseURL: config.openaiBaseUrl ?? defaultOpenAIBaseUrl,
  });
  return provider.chat(config.chatModel);
}

export async function createChatDependencies(config: AppConfig): Promise<ChatDependencies> {
  const embedder = await getEmbedder(config);
  const store = await getStore(config.lancedbUri);
  return {
    config,
    embedder,
    model: createLanguageModel(config),
    retrieve: (options) => retrieve(options, { store, embedder }),
    listDocuments: async () => ((await store.tableExists("documents")) ? store.listDocuments() : []),
    documentPassages: async (documentId) => (await store.chunksOf([documentId])).map((hit) => passageFromHit(hit, 0)),
  };
}

let current: Promise<ChatDependencies> | undefined;

/** The process-wide dependencies, built from the environment's config on first use. */
export function getChatDependencies(): Promise<ChatDependencies> {
  if (!current) {
    const building = createChatDependencies(getConfig());
    // A failure (say, the index is missing) must not stick: the next request tries again.
    building.catch(() => {
      if (current === building) current = undefined;
    });
    current = building;
  }
  return current;
}

/** Replaces the process-wide dependencies: for tests and scripts that bring their own config. */
export function provideChatDependencies(dependencies: ChatDependencies | Promise<ChatDependencies>): void {
  current = Promise.resolve(dependencies);
}
