// Test support: a real S3-compatible server on loopback (s3rver, files in a temp folder), for the
// index on object storage. s3rver predates S3's conditional writes, which LanceDB commits with
// (`PUT` with `If-None-Match: *`: create the version's manifest only if absent), so two changes
// here give it what AWS S3, GCS, Azure, MinIO and R2 do: that precondition (412 when the object
// exists, checked and written under a per-key queue), and a write that becomes visible whole (to
// a temp name, then renamed into place; s3rver answers before its file is flushed, so a reader
// could see half a manifest). Nothing else is touched: listing, reads, multipart and deletes are s3rver's.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** LanceDB storage options for this server. */
  storageOptions: Record<string, string>;
  /** The same settings as the AWS_* variables a Caravan process reads. */
  environment: Record<string, string>;
  /** The folder s3rver keeps objects in. */
  directory: string;
  /** Requests served so far, by method (what a benchmark counts per query). */
  requests: Record<string, number>;
  close(): Promise<void>;
}

interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | NodeJS.ReadableStream;
  metadata: Record<string, string>;
}

interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
}

async function readAll(content: Buffer | NodeJS.ReadableStream): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  const parts: Buffer[] = [];
  for await (const part of content as AsyncIterable<Buffer | string>) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part));
  return Buffer.concat(parts);
}

/** s3rver's putObject, made atomic: metadata first, then the object renamed into place. */
function atomicPut(store: FilesystemStore): FilesystemStore["putObject"] {
  return async (object) => {
    const body = await readAll(object.content);
    const md5 = createHash("md5").update(body).digest("hex");
    const target = store.getResourcePath(object.bucket, object.key, "object");
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.partial`;
    await writeFile(temporary, body);
    await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    await rename(temporary, target);
    return { size: body.length, md5 };
  };
}

/** Bucket and key of a path-style request (`/bucket/some/key`). */
function objectOf(url: string): { bucket: string; key: string } | null {
  const pathname = new URL(url, "http://localhost").pathname;
  const [bucket, ...rest] = pathname.slice(1).split("/");
  if (!bucket || rest.length === 0) return null;
  return { bucket: decodeURIComponent(bucket), key: rest.map(decodeURIComponent).join("/") };
}

const preconditionFailed =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>';

export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? "caravan";
  const directory = await mkdtemp(path.join(os.tmpdir(), "caravan-s3-"));
  const s3 = new S3rver({ silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  await s3.configureBuckets();
  const store = (s3 as unknown as { store: FilesystemStore }).store;
  store.putObject = atomicPut(store);
  const handle = s3.callback();
  // Conditional puts of one key wait for each other, so check-then-write is atomic per key.
  const queues = new Map<string, Promise<void>>();

  const requests: Record<string, number> = {};
  const server = http.createServer((request, response) => {
    const method = request.method ?? "?";
    requests[method] = (requests[method] ?? 0) + 1;
    const target = request.method === "PUT" && request.headers["if-none-match"] === "*" ? objectOf(request.url ?? "/") : null;
    if (!target) return void handle(request, response);
    const name = `${target.bucket}/${target.key}`;
    const previous = queues.get(name) ?? Promise.resolve();
    const turn = previous.then(async () => {
      if (await store.existsObject(target.bucket, target.key)) {
        request.resume();
        response.writeHead(412, { "content-type": "application/xml" }).end(preconditionFailed);
        return;
      }
      await new Promise<void>((resolve) => {
        response.once("close", resolve);
        handle(request, response);
      });
    });
    const settled = turn.catch(() => {});
    queues.set(name, settled);
    void settled.then(() => {
      if (queues.get(name) === settled) queues.delete(name);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { key: "S3RVER", secret: "S3RVER", region: "us-east-1" };
  return {
    endpoint,
    bucket,
    directory,
    requests,
    storageOptions: {
      aws_endpoint: endpoint,
      aws_region: credentials.region,
      aws_access_key_id: credentials.key,
      aws_secret_access_key: credentials.secret,
      allow_http: "true",
    },
    environment: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: credentials.region,
      AWS_ACCESS_KEY_ID: credentials.key,
      AWS_SECRET_ACCESS_KEY: credentials.secret,
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
