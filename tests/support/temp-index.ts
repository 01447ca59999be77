// Test support: a real LanceDB index of a corpus in a temp folder, built with the real embedder.
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig, type AppConfig } from "../../lib/server/config";
import { getEmbedder } from "../../lib/embeddings";
import { ingestCorpus, type IngestSummary } from "../../lib/ingest";
import { Store } from "../../lib/search/store";
import type { Embedder } from "../../lib/types";

export const repositoryRoot = path.resolve(import.meta.dirname, "../..");
export const seedCorpusDir = path.join(repositoryRoot, "corpus");
export const seedQuestionsPath = path.resolve(repositoryRoot, "../shared/eval/seed-qa.jsonl");

export interface TempIndex {
  root: string;
  corpusDir: string;
  lancedbUri: string;
  config: AppConfig;
  embedder: Embedder;
  store: Store;
  summary: IngestSummary;
  cleanup(): Promise<void>;
}

/** Copies a corpus into a temp folder (so tests may edit it) and ingests it into a temp index. */
export async function createTempIndex(options: { corpusDir?: string; environment?: Record<string, string | undefined> } = {}): Promise<TempIndex> {
  const root = await mkdtemp(path.join(os.tmpdir(), "caravan-test-"));
  const corpusDir = path.join(root, "corpus");
  const lancedbUri = path.join(root, "lancedb");
  await cp(options.corpusDir ?? seedCorpusDir, corpusDir, { recursive: true });
  const config = loadConfig(
    {
      CORPUS_DIR: corpusDir,
      LANCEDB_URI: lancedbUri,
      // The embedder cache is shared across tests: building it is the slow part.
      CACHE_DIR: path.join(repositoryRoot, ".cache"),
      ANSWER_ENGINE: "extractive",
      ...options.environment,
    },
    repositoryRoot,
  );
  const embedder = await getEmbedder(config);
  const summary = await ingestCorpus({ corpusDir, lancedbUri, embedder });
  const store = await Store.open(lancedbUri);
  return {
    root,
    corpusDir,
    lancedbUri,
    config,
    embedder,
    store,
    summary,
    async cleanup() {
      store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface SeedQuestion {
  id: string;
  kind: "fact" | "multi" | "compare" | "summary" | string;
  question: string;
  gold_docs: string[];
  answer_any: string[];
}

export async function readSeedQuestions(file = seedQuestionsPath): Promise<SeedQuestion[]> {
  const { readFile } = await import("node:fs/promises");
  return (await readFile(file, "utf8"))
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as SeedQuestion);
}

/** Whitespace-insensitive containment: expected answers may span a line break in the raw file. */
export function containsAnswer(text: string, answers: string[]): boolean {
  const normalise = (value: string) => value.replace(/\s+/g, " ").toLowerCase();
  const haystack = normalise(text);
  return answers.some((answer) => haystack.includes(normalise(answer)));
}

/** An article no seed question is about, added while servers answer: the re-ingest tests look for it. */
export const observatoryArticle = `The Zarafshan Star Observatory

The Zarafshan Star Observatory opened on the ridge above Penjikent in March 2031, with a telescope paid for by a consortium of five universities.
Its first director, the astronomer Dilnoza Rahimova, said the observatory would publish every night's sky survey for free.
`;
