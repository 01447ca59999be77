// npm run ingest:memory [-- --mb 20 --count 1 | --small 5000]: ingests the hostile test corpus plus
// generated long reports (one of 20 MB by default) into a temp index and prints time, progress and
// peak memory. With --count 3 the peak should stay about the same: memory is bounded per file, not
// per corpus. --small N ingests N small untitled articles instead (many files, not big ones); a
// second run over the same files then shows what an unchanged corpus costs.
// A measurement, not a test: figures depend on the machine.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../lib/server/config";
import { getEmbedder } from "../lib/embeddings";
import { ingestCorpus } from "../lib/ingest";
import { writeHostileCorpus, writeLongReport, writeSmallCorpus } from "../tests/support/hostile-corpus";
import { repositoryRoot } from "../tests/support/temp-index";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;

/** The kernel's peak resident set size for this process (VmHWM), in bytes. */
async function peakRss(): Promise<number> {
  const status = await readFile("/proc/self/status", "utf8");
  const kilobytes = Number(status.match(/^VmHWM:\s+(\d+)\s+kB/m)?.[1] ?? 0);
  return kilobytes * 1024;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log("usage: npm run ingest:memory [-- --mb 20 --count 1 | --small 5000]");
    return;
  }
  const reportMegabytes = option("mb", 20);
  const reports = option("count", 1);
  const small = option("small", 0);
  const root = await mkdtemp(path.join(os.tmpdir(), "caravan-ingest-memory-"));
  try {
    const corpusDir = path.join(root, "corpus");
    const lancedbUri = path.join(root, "lancedb");
    if (small > 0) {
      await writeSmallCorpus(corpusDir, small);
    } else {
      await writeHostileCorpus(corpusDir, { longReportBytes: reportMegabytes * 1024 * 1024 });
      // Further reports differ in their first line, so they are not duplicates of the first.
      for (let extra = 1; extra < reports; extra += 1) {
        await writeLongReport(path.join(corpusDir, `long-report-${extra}.txt`), reportMegabytes * 1024 * 1024, { edition: extra });
      }
    }
    const config = loadConfig({ CORPUS_DIR: corpusDir, LANCEDB_URI: lancedbUri, CACHE_DIR: path.join(repositoryRoot, ".cache") }, repositoryRoot);
    const embedder = await getEmbedder(config);
    await embedder.embed(["warm up the word vectors"]);
    const baseline = process.memoryUsage().rss;
    const baselinePeak = await peakRss();
    const described = small > 0 ? `${small} small files` : `hostile files + ${reports} report(s) of ${reportMegabytes} MB`;
    console.log(`corpus: ${described}; RSS after loading the embedder ${mb(baseline)} (peak so far ${mb(baselinePeak)})`);

    let sampledPeak = baseline;
    const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 50);
    let lastPrint = 0;
    const started = performance.now();
    const summary = await ingestCorpus({
      corpusDir,
      lancedbUri,
      embedder,
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastPrint < 2000) return;
        lastPrint = now;
        const rss = process.memoryUsage().rss;
        sampledPeak = Math.max(sampledPeak, rss);
        console.log(`  ${((now - started) / 1000).toFixed(1)} s  ${progress.phase} ${progress.done}/${progress.total} ${progress.source ?? ""}  RSS ${mb(rss)} (JS heap ${mb(process.memoryUsage().heapUsed)}, native buffers ${mb(process.memoryUsage().arrayBuffers)})`);
      },
    });
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    for (const skipped of summary.skipped) console.log(`skipped ${skipped.source}: ${skipped.reason}`);
    console.log(
      `ingest: ${summary.added} added, ${summary.skipped.length} skipped, ${summary.chunksWritten} chunks in ${seconds.toFixed(1)} s; ` +
        `peak RSS ${mb(Math.max(sampledPeak, await peakRss()))} (kernel VmHWM ${mb(await peakRss())}), ` +
        `${mb(Math.max(sampledPeak, await peakRss()) - baseline)} above the loaded-embedder baseline`,
    );
    const again = performance.now();
    const second = await ingestCorpus({ corpusDir, lancedbUri, embedder });
    console.log(`again, nothing changed: ${second.unchanged} unchanged in ${((performance.now() - again) / 1000).toFixed(1)} s`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
