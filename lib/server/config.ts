import "server-only";
import path from "node:path";
import nextEnvironment from "@next/env";
import { z } from "zod";

// The only module that reads process.env. Everything else receives a typed AppConfig.

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const integer = (fallback: number, min: number) =>
  z.coerce.number().int().min(min).default(fallback);

const environmentSchema = z.object({
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url({ message: "OPENAI_BASE_URL must be a URL" }).optional()),
  CHAT_MODEL: optionalString,
  EMBEDDING_PROVIDER: z.enum(["local", "openai"]).default("local"),
  EMBEDDING_MODEL: optionalString,
  CORPUS_DIR: optionalString,
  LANCEDB_URI: optionalString,
  ANSWER_ENGINE: z.enum(["auto", "extractive", "llm"]).default("auto"),
  CACHE_DIR: optionalString,
  PORT: integer(3000, 1),
  MAX_MESSAGE_CHARS: integer(4000, 1),
  MAX_BODY_BYTES: integer(256_000, 1024),
  RATE_LIMIT_PER_MINUTE: integer(60, 0),
  LLM_TIMEOUT_MS: integer(60_000, 1000),
  MAX_CONCURRENT_HEAVY: integer(4, 1),
  // The standard AWS variables, for an s3:// index (LanceDB's object store reads the same names).
  AWS_ENDPOINT_URL: optionalString,
  AWS_REGION: optionalString,
  AWS_DEFAULT_REGION: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  AWS_SESSION_TOKEN: optionalString,
  LANCEDB_STORAGE_OPTIONS: optionalString,
  LANCEDB_READ_CONSISTENCY_MS: z.coerce.number().int().min(0).optional(),
  PAGE_RATE_LIMIT_PER_MINUTE: integer(600, 0),
  TRUSTED_PROXY: optionalString,
  HOST: optionalString,
  ADMIN_TOKEN: optionalString.pipe(z.string().min(16, "ADMIN_TOKEN must be at least 16 characters").optional()),
  MAX_UPLOAD_BYTES: integer(25 * 1024 * 1024, 1024),
  URL_IMPORT_ALLOW: optionalString,
  URL_IMPORT_TIMEOUT_MS: integer(15_000, 100),
  URL_IMPORT_MAX_BYTES: integer(5 * 1024 * 1024, 1024),
  INGEST_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  INGEST_FILE_BUDGET_MS: integer(30_000, 100),
});

export interface AppConfig {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  chatModel: string;
  embeddingProvider: "local" | "openai";
  embeddingModel: string;
  corpusDir: string;
  lancedbUri: string;
  /** Object-store settings for an s3:// (gs://, az://) index: endpoint, region, credentials. Empty for a folder. */
  lancedbStorageOptions: Record<string, string>;
  /** How stale a server's view of the index may get, in milliseconds; 0 checks for new versions on every read. */
  lancedbReadConsistencyMs: number;
  answerEngine: "auto" | "extractive" | "llm";
  /** Where derived, rebuildable files live (the embedder's binary cache). */
  cacheDir: string;
  port: number;
  maxMessageChars: number;
  maxBodyBytes: number;
  /** Requests per minute per client; 0 turns the limit off. */
  rateLimitPerMinute: number;
  llmTimeoutMs: number;
  /** Summaries and comparisons read many passages: at most this many run at once; the next gets 503. */
  maxConcurrentHeavy: number;
  /** Page and document requests per client per minute (static assets not counted); 0 turns it off. */
  pageRateLimitPerMinute: number;
  /** Proxies (addresses) whose X-Forwarded-For names the client; without one, the socket address is the client. */
  trustedProxies: string[];
  /** Where `npm start` listens: loopback unless set ("0.0.0.0" for every interface). */
  host: string;
  /** Lets requests from other machines change the library when they present it; unset, only this machine may. */
  adminToken?: string;
  /** Largest upload request (all its files together), in bytes. */
  maxUploadBytes: number;
  /** Hosts, addresses or CIDR ranges URL import may fetch although they are private or loopback. */
  urlImportAllow: string[];
  urlImportTimeoutMs: number;
  urlImportMaxBytes: number;
  /** Worker threads `npm run ingest` prepares files in; undefined: one per core, at most four; 0: none. */
  ingestWorkers?: number;
  /** How long one file may take to be read, cleaned and split before ingest skips it (with workers). */
  ingestFileBudgetMs: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A URI with a scheme (s3://, gs://, db://, az://) is an object store or LanceDB Cloud, not a folder. */
function resolveUri(value: string | undefined, fallback: string, root: string): string {
  const chosen = value ?? fallback;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : path.resolve(root, chosen);
}

/**
 * Object-store options in the names LanceDB takes: the AWS_* variables for S3 (an http:// endpoint,
 * such as a MinIO or test server on loopback, also allows plain HTTP), then LANCEDB_STORAGE_OPTIONS,
 * a JSON object of any other options (gs:// and az:// credentials, `aws_virtual_hosted_style_request`…),
 * which wins.
 */
function storageOptions(env: z.infer<typeof environmentSchema>): Record<string, string> {
  const options: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set("aws_endpoint", env.AWS_ENDPOINT_URL);
  if (env.AWS_ENDPOINT_URL?.startsWith("http://")) options.allow_http = "true";
  set("aws_region", env.AWS_REGION ?? env.AWS_DEFAULT_REGION);
  set("aws_access_key_id", env.AWS_ACCESS_KEY_ID);
  set("aws_secret_access_key", env.AWS_SECRET_ACCESS_KEY);
  set("aws_session_token", env.AWS_SESSION_TOKEN);
  if (env.LANCEDB_STORAGE_OPTIONS) {
    let extra: unknown;
    try {
      extra = JSON.parse(env.LANCEDB_STORAGE_OPTIONS);
    } catch {
      extra = undefined;
    }
    const parsed = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).safeParse(extra);
    if (!parsed.success) throw new ConfigError('Invalid configuration: LANCEDB_STORAGE_OPTIONS must be a JSON object of strings, e.g. {"aws_region":"eu-west-1"}');
    for (const [key, value] of Object.entries(parsed.data)) options[key] = String(value);
  }
  return options;
}

/**
 * A folder is checked for a new version on every read (a local listing, well under a millisecond);
 * an object store at most once a second: there each check is a LIST request per table, and
 * `npm run bench -- --object-store` measured hybrid p50 185-241 ms at 0 against 74-127 ms at 1 s on SOTU.
 * Servers then see a new ingest within about a second.
 */
function defaultReadConsistencyMs(uri: string): number {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? 1_000 : 0;
}

export function loadConfig(environment: Record<string, string | undefined> = process.env, root = process.cwd()): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const env = parsed.data;
  return {
    openaiApiKey: env.OPENAI_API_KEY,
    openaiBaseUrl: env.OPENAI_BASE_URL,
    chatModel: env.CHAT_MODEL ?? "gpt-4o-mini",
    embeddingProvider: env.EMBEDDING_PROVIDER,
    embeddingModel: env.EMBEDDING_MODEL ?? "text-embedding-3-small",
    corpusDir: path.resolve(root, env.CORPUS_DIR ?? "corpus"),
    lancedbUri: resolveUri(env.LANCEDB_URI, ".lancedb", root),
    lancedbStorageOptions: storageOptions(env),
    lancedbReadConsistencyMs: env.LANCEDB_READ_CONSISTENCY_MS ?? defaultReadConsistencyMs(resolveUri(env.LANCEDB_URI, ".lancedb", root)),
    answerEngine: env.ANSWER_ENGINE,
    cacheDir: path.resolve(root, env.CACHE_DIR ?? ".cache"),
    port: env.PORT,
    maxMessageChars: env.MAX_MESSAGE_CHARS,
    maxBodyBytes: env.MAX_BODY_BYTES,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    llmTimeoutMs: env.LLM_TIMEOUT_MS,
    maxConcurrentHeavy: env.MAX_CONCURRENT_HEAVY,
    pageRateLimitPerMinute: env.PAGE_RATE_LIMIT_PER_MINUTE,
    trustedProxies: (env.TRUSTED_PROXY ?? "").split(",").map((address) => address.trim()).filter(Boolean),
    host: env.HOST ?? "127.0.0.1",
    adminToken: env.ADMIN_TOKEN,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    urlImportAllow: (env.URL_IMPORT_ALLOW ?? "").split(/[\s,]+/).filter(Boolean),
    urlImportTimeoutMs: env.URL_IMPORT_TIMEOUT_MS,
    urlImportMaxBytes: env.URL_IMPORT_MAX_BYTES,
    ingestWorkers: env.INGEST_WORKERS,
    ingestFileBudgetMs: env.INGEST_FILE_BUDGET_MS,
  };
}

/**
 * Passed explicitly to the OpenAI provider, which would otherwise read OPENAI_BASE_URL from the
 * environment itself (and fail on an empty value) behind this module's back.
 */
export const defaultOpenAIBaseUrl = "https://api.openai.com/v1";

/** True when a language model is reachable by configuration: a key, or a base URL (Ollama needs no key). */
export function hasLanguageModel(config: AppConfig): boolean {
  return Boolean(config.openaiApiKey || config.openaiBaseUrl);
}

/**
 * Scripts read `.env` and `.env.local` the way Next.js does for the server, so the CLI and the app
 * agree on configuration. Variables already set in the environment win.
 */
export function loadEnvironmentFiles(root = process.cwd()): void {
  nextEnvironment.loadEnvConfig(root, false, { info: () => {}, error: console.error });
  cached = undefined;
}

let cached: AppConfig | undefined;

/** The process-wide configuration, read once. */
export function getConfig(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
