import "server-only";
import { streamText, type LanguageModel } from "ai";
import type { AnswerMode, Passage } from "../types";
import { createMarkerFilter } from "./citations";
import { buildInstructions, buildMessages, type ConversationTurn } from "./prompts";
import { ProviderFailure, toProviderFailure } from "./provider-errors";

export interface LlmAnswerOptions {
  model: LanguageModel;
  question: string;
  mode: AnswerMode;
  passages: Passage[];
  history?: ConversationTurn[];
  /** The whole call, first byte to last. */
  timeoutMs: number;
  abortSignal?: AbortSignal;
  /**
   * Retries of a failed call. One by default: a chat answer that waits through several
   * back-offs feels hung, and in 'auto' mode the extractive engine is a better fallback.
   */
  maxRetries?: number;
}

/**
 * Streams the model's answer as text deltas, with citation markers that point at no passage
 * already removed. Provider failures are thrown as ProviderFailure with a readable message.
 */
export async function* streamLlmAnswer(options: LlmAnswerOptions): AsyncGenerator<string> {
  const filter = createMarkerFilter(options.passages.length);
  let result: ReturnType<typeof streamText>;
  try {
    result = streamText({
      model: options.model,
      instructions: buildInstructions(options.mode),
      messages: buildMessages(options),
      temperature: 0.2,
      maxRetries: options.maxRetries ?? 1,
      timeout: { totalMs: options.timeoutMs },
      abortSignal: options.abortSignal,
      // The failure arrives as an error part below and is reported there; the default handler
      // would also print the raw provider error (request details included) to the server log.
      onError: () => {},
    });
  } catch (error) {
    throw toProviderFailure(error, options);
  }
  let produced = false;
  try {
    for await (const part of result.stream) {
      if (part.type === "text-delta") {
        const text = filter.push(part.text);
        if (text) {
          produced = true;
          yield text;
        }
      } else if (part.type === "error") {
        throw toProviderFailure(part.error, options);
      } else if (part.type === "abort") {
        // Either the caller went away or the timeout fired; only the second deserves a timeout message.
        throw options.abortSignal?.aborted
          ? new ProviderFailure("timeout", "The language model request was cancelled.")
          : new ProviderFailure("timeout", `The language model did not answer within ${Math.round(options.timeoutMs / 1000)} s.`);
      }
    }
  } catch (error) {
    throw toProviderFailure(error, options);
  }
  const rest = filter.flush();
  if (rest) {
    produced = true;
    yield rest;
  }
  if (!produced) throw new ProviderFailure("other", "The language model returned an empty answer.");
}
