// npm run ingest: bring the LanceDB index in line with the corpus folder.
import { getConfig, loadEnvironmentFiles } from "../lib/server/config";
import { getEmbedder } from "../lib/embeddings";
import { ingestCorpus, IngestLockedError, type IngestProgress, type IngestSummary } from "../lib/ingest";
import { workerThreads } from "../lib/ingest/prepare-pool";

function progressPrinter(): (progress: IngestProgress) => void {
  let lastPrint = 0;
  return (progress) => {
    const now = performance.now();
    // Long runs show progress; a five-article corpus finishes before the first line is due.
    if (progress.phase === "done" || now - lastPrint < 1000) return;
    lastPrint = now;
    const where = progress.source ? ` ${progress.source}` : "";
    process.stderr.write(`  ${progress.phase} ${progress.done}/${progress.total}${where}\n`);
  };
}

function printSummary(summary: IngestSummary): void {
  for (const skipped of summary.skipped) console.log(`skipped ${skipped.source}: ${skipped.reason}`);
  console.log(
    `ingest: ${summary.added} added, ${summary.updated} updated, ${summary.renamed} renamed, ${summary.unchanged} unchanged, ` +
      `${summary.removed} removed, ${summary.skipped.length} skipped; ${summary.chunksWritten} chunks embedded, ` +
      `${summary.documents} documents / ${summary.chunks} chunks in the index; ${summary.seconds.toFixed(1)} s` +
      (summary.rebuilt ? " (rebuilt: the embedder changed)" : ""),
  );
  const { integrity } = summary;
  if (integrity.duplicatesRemoved + integrity.leftoversRemoved > 0) {
    console.log(`integrity: removed ${integrity.duplicatesRemoved} duplicate and ${integrity.leftoversRemoved} leftover chunk rows (${integrity.stored} stored, ${integrity.expected} expected)`);
  }
  for (const source of integrity.incomplete) console.log(`integrity: ${source} has fewer visible chunks than its count (an index damaged outside ingest); change the file or delete the index to rewrite it`);
}

async function main(): Promise<void> {
  loadEnvironmentFiles();
  const config = getConfig();
  const embedder = await getEmbedder(config);
  console.log(`ingest: ${config.corpusDir} -> ${config.lancedbUri} (embedder ${embedder.id})`);
  const summary = await ingestCorpus({
    corpusDir: config.corpusDir,
    lancedbUri: config.lancedbUri,
    storageOptions: config.lancedbStorageOptions,
    embedder,
    onProgress: progressPrinter(),
    // INGEST_WORKERS=0 prepares every file in this thread (no time budget then).
    workers: config.ingestWorkers === 0 ? undefined : workerThreads({ count: config.ingestWorkers, fileBudgetMs: config.ingestFileBudgetMs }),
  });
  printSummary(summary);
}

main().catch((error: unknown) => {
  const message = error instanceof IngestLockedError || error instanceof Error ? error.message : String(error);
  console.error(`ingest failed: ${message}`);
  process.exit(1);
});
