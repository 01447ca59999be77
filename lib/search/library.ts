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

export async function listDocuments(): Promise<DocumentSummary[]> {
  const store = await getStore();
  if (!(await store.tableExists("documents"))) return [];
  return store.listDocuments();
}

export async function getDocument(id: string): Promise<(StoredDocument & { chunks: ChunkSummary[] }) | null> {
  // Ids are hex digests with a chunk suffix at most; anything else cannot exist, so it never reaches a query.
  if (!/^[a-f0-9]{8,64}$/.test(id)) return null;
  const store = await getStore();
  if (!(await store.tableExists("documents"))) return null;
  return store.getDocument(id);
}
