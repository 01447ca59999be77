// Turn whatever useChat reports into one sentence a reader can act on. Never show raw bodies.
import { APICallError } from "ai";
import { errorCodes, type ErrorCode } from "@/lib/server/errors";

export interface ReadableError {
  title: string;
  detail: string;
  /** Whether asking again can help (everything except a request the server will always refuse). */
  retryable: boolean;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && value in errorCodes;
}

function parseBody(body: string | undefined): { code?: ErrorCode; message?: string } {
  if (!body) return {};
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = isErrorCode(parsed.error?.code) ? parsed.error.code : undefined;
    const message = typeof parsed.error?.message === "string" ? parsed.error.message : undefined;
    return { code, message };
  } catch {
    return {};
  }
}

const titles: Partial<Record<ErrorCode, string>> = {
  rate_limited: "Too many questions at once",
  busy: "Caravan is busy",
  provider_error: "The language model did not answer",
  index_missing: "No articles are indexed",
  index_mismatch: "The index needs rebuilding",
  bad_request: "Caravan could not read that request",
  payload_too_large: "That message is too long",
};

export function readableError(error: Error): ReadableError {
  if (APICallError.isInstance(error)) {
    const { code, message } = parseBody(error.responseBody ?? error.message);
    const status = error.statusCode ?? 500;
    const known = code ?? (status === 429 ? "rate_limited" : undefined);
    const detail = message ?? (known ? errorCodes[known].message : `The server answered with status ${status}.`);
    return {
      title: (known && titles[known]) ?? "Caravan could not answer",
      detail,
      retryable: status === 429 || status >= 500,
    };
  }
  // fetch() rejects with a TypeError when the server cannot be reached at all.
  if (error.name === "TypeError" || /failed to fetch|networkerror|load failed|network/i.test(error.message)) {
    return {
      title: "Could not reach Caravan",
      detail: "The connection to the server failed. Check that it is running and try again.",
      retryable: true,
    };
  }
  // Errors sent inside the stream already carry a readable message from the server.
  const detail = error.message && error.message.length < 400 ? error.message : errorCodes.internal.message;
  return { title: "The answer stopped", detail, retryable: true };
}
