// Reading a JSON request body safely: the content type is checked, and the body is read as a
// stream with a byte cap, so a client cannot make the server buffer more than the limit, whether
// it declares a Content-Length or streams a chunked body without one.
import { CaravanError } from "./errors";

const jsonType = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** The body's bytes, or payload_too_large as soon as they pass `maxBytes` (the rest is never read). */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new CaravanError("payload_too_large");
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      // The client hung up mid-upload: an everyday event, not a server fault (no stack to log).
      throw new CaravanError("upload_dropped", undefined, { cause: error });
    }
    const { done, value } = chunk;
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      // Stop the upload here; the client gets its answer without the server reading on.
      await reader.cancel().catch(() => {});
      throw new CaravanError("payload_too_large");
    }
    parts.push(value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The parsed JSON body: 415 unless it is sent as JSON, 413 past `maxBytes`, 400 when it does not parse. */
export async function readJsonBody(request: Request, options: { maxBytes: number }): Promise<unknown> {
  if (!jsonType.test(request.headers.get("content-type") ?? "")) throw new CaravanError("unsupported_media_type");
  const bytes = await readBodyWithLimit(request, options.maxBytes);
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    throw new CaravanError("bad_request", "The request body is not valid JSON.");
  }
}
