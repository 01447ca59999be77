// npm run load [-- --quick]: load test of the real server on loopback. Builds if the sources
// changed, ingests the seed corpus into a temp index, starts `next start` on a free port (offline
// engine, no rate limit), then: N concurrent clients asking seed questions for a fixed time, then
// M sequential requests. Prints failures, latency and time-to-first-byte percentiles, and the
// server's resident memory before, during and after. Bounded in time and requests; exits 1 on
// any failed request or if the server's memory keeps growing.
//
// npm run load -- --bursts [--quick]: the hostile bursts instead (scripts/lib/load-bursts.ts):
// summarize-all requests abandoned after 1 s then an ordinary question, 20 summarize-all at once
// and the memory they leave, and the home page and library at 5,000 documents. --quick uses 40
// speeches and 1,000 documents (the short form for CI).
import { createTempIndex, readSeedQuestions, type SeedQuestion } from "../tests/support/temp-index";
import { ensureCanaryBuild, residentBytes, startNextServer, type RunningServer } from "../tests/support/next-server";
import { runBursts } from "./lib/load-bursts";

interface Options {
  clients: number;
  seconds: number;
  sequential: number;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes("--quick");
  const number = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    const value = index === -1 ? Number.NaN : Number(argv[index + 1]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return { clients: number("clients", quick ? 20 : 50), seconds: number("seconds", quick ? 10 : 60), sequential: number("sequential", quick ? 100 : 1000) };
}

interface Sample {
  ok: boolean;
  ttfbMs: number;
  totalMs: number;
  problem?: string;
}

const modeOf = (question: SeedQuestion) => (question.kind === "compare" ? "compare" : question.kind === "summary" ? "summarize" : "ask");

/** One question, read to the end: ok only for a 200 stream that finishes without an error chunk. */
async function ask(baseUrl: string, question: SeedQuestion, index: number): Promise<Sample> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: `load-${index}`, mode: modeOf(question), messages: [{ id: `q-${index}`, role: "user", parts: [{ type: "text", text: question.question }] }] }),
      signal: AbortSignal.timeout(60_000),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let ttfbMs = Number.NaN;
    let body = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (Number.isNaN(ttfbMs)) ttfbMs = performance.now() - started;
      body += decoder.decode(value, { stream: true });
    }
    const totalMs = performance.now() - started;
    if (response.status !== 200) return { ok: false, ttfbMs, totalMs, problem: `HTTP ${response.status}: ${body.slice(0, 200)}` };
    if (body.includes('"type":"error"')) return { ok: false, ttfbMs, totalMs, problem: `error chunk: ${body.match(/"errorText":"([^"]*)"/)?.[1]}` };
    if (!body.includes('"type":"finish"')) return { ok: false, ttfbMs, totalMs, problem: "stream ended without finishing" };
    return { ok: true, ttfbMs, totalMs };
  } catch (error) {
    return { ok: false, ttfbMs: Number.NaN, totalMs: performance.now() - started, problem: error instanceof Error ? error.message : String(error) };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(name: string, samples: Sample[], seconds: number): void {
  const failed = samples.filter((sample) => !sample.ok);
  const totals = samples.map((sample) => sample.totalMs).sort((a, b) => a - b);
  const ttfbs = samples.map((sample) => sample.ttfbMs).filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(`\n${name}: ${samples.length} requests in ${seconds.toFixed(1)} s (${(samples.length / seconds).toFixed(1)} req/s), ${failed.length} failed`);
  console.log(`  latency  p50 ${ms(percentile(totals, 50))}  p95 ${ms(percentile(totals, 95))}  p99 ${ms(percentile(totals, 99))}  max ${ms(totals.at(-1) ?? Number.NaN)}`);
  console.log(`  TTFB     p50 ${ms(percentile(ttfbs, 50))}  p95 ${ms(percentile(ttfbs, 95))}  p99 ${ms(percentile(ttfbs, 99))}  max ${ms(ttfbs.at(-1) ?? Number.NaN)}`);
  const problems = new Map<string, number>();
  for (const sample of failed) problems.set(sample.problem ?? "?", (problems.get(sample.problem ?? "?") ?? 0) + 1);
  for (const [problem, count] of problems) console.log(`  ${count} x ${problem}`);
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;

async function concurrentPhase(server: RunningServer, questions: SeedQuestion[], options: Options): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = performance.now() + options.seconds * 1000;
  let next = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      const index = next++;
      samples.push(await ask(server.baseUrl, questions[index % questions.length], index));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return samples;
}

const usage = "usage: npm run load [-- --quick] [--clients N --seconds N --sequential N] | [-- --bursts [--quick]]";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help")) {
    console.log(usage);
    return;
  }
  const options = parseOptions(argv);
  const build = await ensureCanaryBuild();
  console.log(build.built ? `built the app in ${(build.ms / 1000).toFixed(0)} s` : "using the existing build (sources unchanged)");
  if (argv.includes("--bursts")) {
    const quick = argv.includes("--quick");
    const started = performance.now();
    await runBursts({ speeches: quick ? 40 : 233, libraryDocuments: quick ? 1_000 : 5_000, abandoned: 10, concurrent: 20 });
    console.log(`
bursts done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  const index = await createTempIndex();
  const server = await startNextServer({ lancedbUri: index.lancedbUri, corpusDir: index.corpusDir, env: { RATE_LIMIT_PER_MINUTE: "0", ANSWER_ENGINE: "extractive" } });
  const stopAll = async () => {
    await server.stop();
    await index.cleanup();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
  try {
    const questions = await readSeedQuestions();
    console.log(`server ${server.baseUrl} (pid ${server.pid}) over ${index.summary.documents} seed articles; ${questions.length} seed questions, offline engine`);
    // Warm-up: every question once, so the first measured requests do not pay for JIT and caches.
    const warmup = await Promise.all(questions.map((question, i) => ask(server.baseUrl, question, -1 - i)));
    if (warmup.some((sample) => !sample.ok)) throw new Error(`warm-up failed: ${warmup.find((sample) => !sample.ok)?.problem}`);
    const memory: { label: string; bytes: number }[] = [{ label: "after warm-up", bytes: await residentBytes(server.pid) }];
    let peak = memory[0].bytes;
    const sampler = setInterval(() => void residentBytes(server.pid).then((bytes) => (peak = Math.max(peak, bytes))), 1000);

    let started = performance.now();
    const concurrent = await concurrentPhase(server, questions, options);
    report(`${options.clients} concurrent clients for ${options.seconds} s`, concurrent, (performance.now() - started) / 1000);
    memory.push({ label: "after the concurrent phase", bytes: await residentBytes(server.pid) });

    // Sequential requests, with the server's memory read after every tenth of them: a leak raises
    // the floor that garbage collection returns to; collection alone only moves the peaks.
    started = performance.now();
    const sequential: Sample[] = [];
    const trend: number[] = [];
    for (let i = 0; i < options.sequential; i += 1) {
      sequential.push(await ask(server.baseUrl, questions[i % questions.length], 1_000_000 + i));
      if ((i + 1) % Math.max(1, Math.floor(options.sequential / 10)) === 0) trend.push(await residentBytes(server.pid));
    }
    report(`${options.sequential} sequential requests`, sequential, (performance.now() - started) / 1000);
    memory.push({ label: "after the sequential phase", bytes: await residentBytes(server.pid) });
    clearInterval(sampler);

    console.log(`\nserver memory (RSS): ${memory.map((entry) => `${entry.label} ${mb(entry.bytes)}`).join(", ")}; peak ${mb(peak)}`);
    console.log(`  during the sequential phase, every ${Math.floor(options.sequential / 10)} requests: ${trend.map(mb).join(", ")}`);
    const firstHalf = trend.slice(0, Math.ceil(trend.length / 2));
    const lastThird = trend.slice(-Math.max(1, Math.floor(trend.length / 3)));
    const floorRise = Math.min(...lastThird) - Math.max(...firstHalf);
    const growing = floorRise > 0.1 * Math.max(...firstHalf);
    console.log(growing ? `memory GREW: the last third never fell below ${mb(Math.min(...lastThird))}, above the first half's peak` : "memory stable: no rise in the floor over the sequential phase");
    const failures = [...concurrent, ...sequential].filter((sample) => !sample.ok).length;
    if (failures > 0 || growing) process.exitCode = 1;
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
