import "server-only";
import { getConfig } from "../server/config";
import { Store } from "./store";
import type { DocumentSummary, StoredDocument } from "../types";
import type { ChunkSummary } from "./store";

// The process-wide handle on the index, shared by routes, pages and retrieval.

let shared: { uri: string; store: Promise<Store> } | undefined;

export function getStore(uri = getConfig().lancedbUri): Promise<Store> {
  if (shared?.uri !== uri) {
    const config = getConfig();
    const store = Store.open(uri, { storageOptions: config.lancedbStorageOptions, readConsistencyMs: config.lancedbReadConsistencyMs });
    // A failed open must not be cached: the next request tries again (e.g. after an ingest).
    store.catch(() => {
      if (shared?.store === store) shared = undefined;
    });
    shared = { uri, store };
  }
  return shared.store;
}

/** Every document's summary (no texts: display titles are stored at ingest), sorted by source. */
export async function listDocuments(): Promise<DocumentSummary[]> {
  const store = await getStore();
  if (!(await store.tableExists("documents"))) return [];
  return store.listDocuments();
}

export interface DocumentPage {
  documents: DocumentSummary[];
  /** Documents in the whole list (every page). */
  total: number;
  offset: number;
  limit: number;
}

/** Largest page a caller may ask for: a page renders every row it gets. */
export const maxPageSize = 200;

/**
 * One page of the library, in the order of `listDocuments`. The summaries come from the cached
 * document rows (no text is read), so a page costs the same at 5 documents or 5,000.
 */
export async function listDocumentsPage(options: { offset?: number; limit?: number } = {}): Promise<DocumentPage> {
  const limit = Math.min(maxPageSize, Math.max(1, Math.floor(options.limit ?? 50)));
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const all = await listDocuments();
  return { documents: all.slice(offset, offset + limit), total: all.length, offset, limit };
}

/** Some documents' texts, each cut to `maxChars`: what a bounded sample (starter questions) reads. */
export async function documentOpenings(ids: string[], maxChars: number): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const store = await getStore();
  const texts = await store.documentTexts(ids);
  return new Map([...texts].map(([id, text]) => [id, text.slice(0, maxChars)]));
}

export async function getDocument(id: string): Promise<(StoredDocument & { chunks: ChunkSummary[] }) | null> {
  // Ids are hex digests with a chunk suffix at most; anything else cannot exist, so it never reaches a query.
  if (!/^[a-f0-9]{8,64}$/.test(id)) return null;
  const store = await getStore();
  if (!(await store.tableExists("documents"))) return null;
  return store.getDocument(id);
}
