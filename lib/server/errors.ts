// One small error vocabulary: each code has an HTTP status and a message a person can read.
// Client-safe (no server-only): the UI maps the same codes to its messages.

export const errorCodes = {
  bad_request: { status: 400, message: "The request is not valid." },
  unsupported_media_type: { status: 415, message: "Send the request as application/json." },
  unprocessable: { status: 422, message: "The file could not be added." },
  payload_too_large: { status: 413, message: "The request is too large." },
  upload_dropped: { status: 400, message: "The connection closed before the request body arrived." },
  forbidden: {
    status: 403,
    message: "The library can be changed only from the machine Caravan runs on, or with the admin token (ADMIN_TOKEN).",
  },
  not_found: { status: 404, message: "Not found." },
  conflict: { status: 409, message: "That conflicts with what is in the library." },
  method_not_allowed: { status: 405, message: "This address does not accept that method." },
  rate_limited: { status: 429, message: "Too many requests; try again shortly." },
  busy: { status: 503, message: "Caravan is busy with other summaries and comparisons; try again in a few seconds." },
  index_missing: { status: 503, message: "The article index is missing: run `npm run ingest`." },
  index_mismatch: { status: 503, message: "The index was built with another embedder: run `npm run ingest` again." },
  provider_error: { status: 502, message: "The language model could not answer." },
  internal: { status: 500, message: "Something went wrong on our side." },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class CaravanError extends Error {
  override name = "CaravanError";
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? errorCodes[code].message, options);
    this.code = code;
    this.status = errorCodes[code].status;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId?: string };
}

/** The JSON body and status for any thrown value; unexpected errors never expose their details. */
export function toErrorBody(error: unknown, requestId?: string): { status: number; body: ErrorBody } {
  if (error instanceof CaravanError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, requestId } } };
  }
  const generic = errorCodes.internal;
  const message = requestId ? `${generic.message} (request ${requestId})` : generic.message;
  return { status: generic.status, body: { error: { code: "internal", message, requestId } } };
}
