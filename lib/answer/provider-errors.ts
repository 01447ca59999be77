// Language-model failures turned into sentences a person can act on. Never the raw error:
// provider messages can echo request bodies, URLs with tokens, or partial keys.
import { APICallError, RetryError } from "ai";

export class ProviderFailure extends Error {
  override name = "ProviderFailure";
  readonly kind: "auth" | "rate_limit" | "server" | "timeout" | "connection" | "model" | "other";

  constructor(kind: ProviderFailure["kind"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

function unwrap(error: unknown): unknown {
  let current = error;
  // RetryError wraps the last attempt's error; that is the one that explains the failure.
  while (RetryError.isInstance(current) && current.lastError !== undefined) current = current.lastError;
  return current;
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error) && !(typeof DOMException === "function" && error instanceof DOMException)) return false;
  const named = error as { name?: string; message?: string };
  return named.name === "TimeoutError" || /timed? ?out|timeout/i.test(named.message ?? "");
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === "AbortError";
}

/** Classifies any error thrown by a model call. `timeoutMs` is only used to word the timeout message. */
export function toProviderFailure(error: unknown, options: { timeoutMs?: number } = {}): ProviderFailure {
  if (error instanceof ProviderFailure) return error;
  const cause = unwrap(error);
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    if (status === 401 || status === 403) {
      return new ProviderFailure("auth", `The language model refused the credentials (HTTP ${status}); check OPENAI_API_KEY.`, { cause });
    }
    if (status === 429) {
      return new ProviderFailure("rate_limit", "The language model is rate-limited or out of quota (HTTP 429); try again shortly.", { cause });
    }
    if (status === 404) {
      return new ProviderFailure("model", "The language model service does not know this model (HTTP 404); check CHAT_MODEL and OPENAI_BASE_URL.", { cause });
    }
    if (status !== undefined && status >= 500) {
      return new ProviderFailure("server", `The language model service failed (HTTP ${status}); try again later.`, { cause });
    }
    if (status !== undefined) {
      return new ProviderFailure("other", `The language model rejected the request (HTTP ${status}).`, { cause });
    }
    if (/cannot connect|fetch failed|ECONNREFUSED|ENOTFOUND|socket/i.test(cause.message)) {
      return new ProviderFailure("connection", "Could not reach the language model service; check OPENAI_BASE_URL and that the server is running.", { cause });
    }
  }
  if (isTimeout(cause)) {
    const seconds = options.timeoutMs ? ` within ${Math.round(options.timeoutMs / 1000)} s` : "";
    return new ProviderFailure("timeout", `The language model did not answer${seconds}.`, { cause });
  }
  if (isAbort(cause)) return new ProviderFailure("timeout", "The language model request was cancelled.", { cause });
  const code = (cause as { code?: string; cause?: { code?: string } } | undefined);
  if (code?.code === "ECONNREFUSED" || code?.cause?.code === "ECONNREFUSED") {
    return new ProviderFailure("connection", "Could not reach the language model service; check OPENAI_BASE_URL and that the server is running.", { cause });
  }
  return new ProviderFailure("other", "The language model could not answer.", { cause });
}
