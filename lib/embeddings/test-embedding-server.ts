// Test support: a tiny OpenAI-compatible /v1/embeddings server on 127.0.0.1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
  body: { model?: string; input?: string[]; dimensions?: number; encoding_format?: string };
}

export interface EmbeddingServer {
  baseURL: string;
  requests: RecordedRequest[];
  /** The next responses' status and body; reset with `answerNormally()`. */
  fail(status: number, body: unknown): void;
  answerNormally(): void;
  close(): Promise<void>;
}

/**
 * The text "item <n>" gets the deliberately non-unit vector [3, 4, n, 0, ..., 0] (of
 * `dimensions` entries): "item 0" normalises to [0.6, 0.8, 0, ...], "item 12" to
 * [3/13, 4/13, 12/13, ...], and n can be read back from any normalised vector as 3 v[2] / v[0].
 */
export async function startEmbeddingServer(options: { dimensions: number }): Promise<EmbeddingServer> {
  const requests: RecordedRequest[] = [];
  let failure: { status: number; body: unknown } | undefined;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as RecordedRequest["body"];
      requests.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization, body });
      response.setHeader("content-type", "application/json");
      if (failure) {
        response.statusCode = failure.status;
        response.end(JSON.stringify(failure.body));
        return;
      }
      if (request.method !== "POST" || request.url !== "/v1/embeddings") {
        response.statusCode = 404;
        response.end(JSON.stringify({ error: { message: "no such route" } }));
        return;
      }
      const data = (body.input ?? []).map((text, index) => {
        const n = Number(/item (\d+)/.exec(text)?.[1] ?? 0);
        const embedding = new Array<number>(options.dimensions).fill(0);
        embedding[0] = 3;
        embedding[1] = 4;
        embedding[2] = n;
        return { object: "embedding", index, embedding };
      });
      response.end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: data.length, total_tokens: data.length } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    fail(status, body) {
      failure = { status, body };
    },
    answerNormally() {
      failure = undefined;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
