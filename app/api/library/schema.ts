import { z } from "zod";
import type { UploadedFile } from "@/lib/ingest/library-actions";
import { CaravanError, toErrorBody } from "@/lib/server/errors";
import { readBodyWithLimit, readJsonBody } from "@/lib/server/request-body";

// Requests that change the library: what each route accepts, and the one way they answer errors.

export const pasteSchema = z.object({
  title: z.string().trim().min(1, "Give the text a title.").max(300, "The title is too long (300 characters at most)."),
  text: z.string().refine((text) => text.trim().length > 0, "Paste some text."),
});

export const importSchema = z.object({
  url: z.string().trim().min(1, "Give an address.").max(4000, "The address is too long."),
});

export const jobParamsSchema = z.object({ id: z.uuid("Unknown job id") });

export const documentParamsSchema = z.object({ id: z.string().regex(/^[a-f0-9]{8,64}$/, "Unknown document id") });

/** A zod failure as a 400 with its first message; anything else goes on. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CaravanError("bad_request", parsed.error.issues[0]?.message ?? "The request is not valid.");
  return parsed.data;
}

export async function readJson<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  return parseOrThrow(schema, await readJsonBody(request, { maxBytes }));
}

/**
 * The files of a multipart upload (field `files`, several allowed), read with a byte cap on the whole
 * body: 415 unless multipart, 413 past `maxBytes`, 400 without a file.
 */
export async function readUploadedFiles(request: Request, maxBytes: number): Promise<UploadedFile[]> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) throw new CaravanError("unsupported_media_type", "Send files as multipart/form-data (field \"files\").");
  const megabytes = (maxBytes / (1024 * 1024)).toFixed(0);
  let body: Uint8Array;
  try {
    body = await readBodyWithLimit(request, maxBytes);
  } catch (error) {
    if (error instanceof CaravanError && error.code === "payload_too_large") {
      throw new CaravanError("payload_too_large", `The upload is too large: at most ${megabytes} MB at once (MAX_UPLOAD_BYTES).`);
    }
    throw error;
  }
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "content-type": type } }).formData();
  } catch {
    throw new CaravanError("bad_request", "The upload could not be read as form data.");
  }
  const files = form.getAll("files").filter((entry): entry is File => typeof entry !== "string");
  if (files.length === 0) throw new CaravanError("bad_request", "Choose at least one file.");
  return Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

export function errorResponse(error: unknown): Response {
  const { status, body } = toErrorBody(error);
  return Response.json(body, { status });
}
