import "server-only";
import type { Store } from "../search/store";

// The end-of-ingest check: the index must hold exactly the chunks its documents say they have.
// Two ingests that once ran together (before the lock lived in the index) could each write a
// document's chunks, and then every passage showed twice; nothing later removed the copies. The
// check counts the stored rows first (cheap), and only when the count is off reads the chunk keys
// and repairs: one row per visible chunk id stays, the others (copies, and rows of versions no
// document has) are deleted by row address.

export interface IntegrityReport {
  /** Chunks the documents say they have. */
  expected: number;
  /** Chunk rows stored before any repair. */
  stored: number;
  duplicatesRemoved: number;
  /** Rows of no committed version (a run that died mid-write). */
  leftoversRemoved: number;
  /** Documents with fewer visible chunks than their count; a re-ingest of those files rewrites them. */
  incomplete: string[];
}

interface CensusRow {
  id: string;
  document_id: string;
  version: string;
  rowId: bigint;
}

/** Which rows to delete and what stays short, from the stored keys and the committed documents. Pure, for tests. */
export function planRepair(
  rows: CensusRow[],
  documents: Map<string, { version: string; chunk_count: number; source: string }>,
): { duplicates: bigint[]; leftovers: bigint[]; incomplete: string[] } {
  const duplicates: bigint[] = [];
  const leftovers: bigint[] = [];
  const seen = new Set<string>();
  const visible = new Map<string, number>();
  for (const row of rows) {
    const document = documents.get(row.document_id);
    if (!document || document.version !== row.version) {
      leftovers.push(row.rowId);
    } else if (seen.has(row.id)) {
      duplicates.push(row.rowId);
    } else {
      seen.add(row.id);
      visible.set(row.document_id, (visible.get(row.document_id) ?? 0) + 1);
    }
  }
  const incomplete = [...documents.entries()]
    .filter(([id, document]) => (visible.get(id) ?? 0) !== Number(document.chunk_count))
    .map(([, document]) => document.source);
  return { duplicates, leftovers, incomplete };
}

export async function checkChunkIntegrity(store: Store): Promise<IntegrityReport> {
  const documents = await store.documentRows();
  let expected = 0;
  for (const document of documents.values()) expected += Number(document.chunk_count);
  const stored = await store.countChunks();
  const report: IntegrityReport = { expected, stored, duplicatesRemoved: 0, leftoversRemoved: 0, incomplete: [] };
  if (stored === expected) return report;
  const plan = planRepair(await store.chunkCensus(), documents);
  await store.deleteChunkRows([...plan.duplicates, ...plan.leftovers]);
  return { ...report, duplicatesRemoved: plan.duplicates.length, leftoversRemoved: plan.leftovers.length, incomplete: plan.incomplete };
}
