// E2E harness: a real production server (next build + next start) over a temp index of the seed
// corpus, and Debian's chromium driven by playwright-core.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { ensureCanaryBuild, startNextServer, type RunningServer } from "../support/next-server";
import { createTempIndex, repositoryRoot, type TempIndex } from "../support/temp-index";

export const screenshotDir = path.join(repositoryRoot, ".artifacts", "screenshots");

export interface TestServer {
  baseUrl: string;
  index: TempIndex;
  timings: { ingestMs: number; buildMs: number; startMs: number };
  stop(): Promise<void>;
}

/**
 * The seed corpus in a temp index, served by the production build. The build is shared with the
 * other e2e files (one `next build` per run, made with the canary key the secrets test looks for).
 */
export async function startServer(): Promise<TestServer> {
  let started = Date.now();
  const index = await createTempIndex();
  const ingestMs = Date.now() - started;
  const build = await ensureCanaryBuild();
  started = Date.now();
  let server: RunningServer;
  try {
    server = await startNextServer({ lancedbUri: index.lancedbUri, corpusDir: index.corpusDir });
  } catch (error) {
    await index.cleanup();
    throw error;
  }
  const stop = async () => {
    await server.stop();
    await index.cleanup();
  };
  return { baseUrl: server.baseUrl, index, timings: { ingestMs, buildMs: build.ms, startMs: Date.now() - started }, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** A page that records every console error and uncaught exception, to fail the test on any. */
export async function openPage(
  context: BrowserContext,
): Promise<{ page: Page; errors: string[]; allow: (pattern: RegExp) => void }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error" && !(message.type() === "warning" && /hydrat/i.test(message.text()))) return;
    const where = message.location().url;
    const text = `${message.type()}: ${message.text()}${where ? ` (${where})` : ""}`;
    if (!allowed.some((pattern) => pattern.test(text))) errors.push(text);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return { page, errors, allow: (pattern) => allowed.push(pattern) };
}

/**
 * Opens the chat and waits until React has hydrated it and read the stored history: a question
 * typed before that is submitted by the browser itself, as a plain form, and never answered.
 */
export async function openChat(page: Page): Promise<void> {
  await page.goto("/");
  await page.locator('main[data-conversation]:not([data-conversation="new"])').waitFor();
}

/** Opens the chat, asks `request` in Compare mode and waits for the finished answer. */
export async function askToCompare(page: Page, request: string): Promise<Locator> {
  await openChat(page);
  await page.getByRole("radio", { name: "Compare" }).check({ force: true });
  const input = page.getByRole("textbox", { name: /what to compare/i });
  await input.fill(request);
  await input.press("Enter");
  const answer = page.locator('[data-role="assistant"][aria-busy="false"]').last();
  await answer.getByRole("button", { name: /copy/i }).waitFor({ timeout: 60_000 });
  return answer;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}

/**
 * An answer's chips in order, each with the text it follows in the rendered answer: back to the
 * previous chip or the start of its block (bold and other markup are already gone from the DOM).
 * Adjacent chips ("[1][2]") share the sentence before the first.
 */
export async function chipsWithSentences(answer: Locator): Promise<{ n: string; href: string; sentence: string }[]> {
  return answer.locator("[data-citation]").evaluateAll((links) => {
    const squash = (text: string) => text.replace(/\s+/g, " ").trim();
    const followed = new Map<Element, string>();
    for (const block of new Set(links.map((link) => link.closest("p, li, td, th, h1, h2, h3, h4, blockquote")))) {
      if (!block) continue;
      let text = "";
      let previous = "";
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node instanceof Element && node.matches("[data-citation]")) {
          previous = squash(text) || previous;
          followed.set(node, previous);
          text = "";
        } else if (node.nodeType === Node.TEXT_NODE && !node.parentElement?.closest("[data-citation]")) {
          text += node.textContent ?? "";
        }
      }
    }
    return links.map((link) => ({ n: link.getAttribute("data-citation") ?? "", href: link.getAttribute("href") ?? "", sentence: followed.get(link) ?? "" }));
  });
}
