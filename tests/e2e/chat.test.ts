import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeedQuestions, type SeedQuestion } from "../support/temp-index";
import { chipsWithSentences, launchBrowser, openChat, openPage, screenshot, startServer, viewports, type TestServer } from "./harness";

let server: TestServer;
let browser: Browser;
let seeds: SeedQuestion[];
const suiteStarted = Date.now();

function seed(id: string): SeedQuestion {
  const found = seeds.find((question) => question.id === id);
  if (!found) throw new Error(`seed question ${id} is missing`);
  return found;
}

beforeAll(async () => {
  seeds = await readSeedQuestions();
  server = await startServer();
  browser = await launchBrowser();
  console.info(`e2e setup: ingest ${server.timings.ingestMs} ms, build ${server.timings.buildMs} ms, start ${server.timings.startMs} ms`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  console.info(`e2e total: ${Date.now() - suiteStarted} ms`);
});

async function newContext(viewport: { width: number; height: number }, colorScheme: "light" | "dark" = "light"): Promise<BrowserContext> {
  // Phones get touch (no hover): the chip's first tap previews, the second opens the reader.
  const phone = viewport.width < 640;
  return browser.newContext({ viewport, baseURL: server.baseUrl, reducedMotion: "reduce", hasTouch: phone, isMobile: phone, colorScheme });
}

/** Types a question into the composer and sends it with Enter. */
async function ask(page: Page, question: string): Promise<void> {
  const input = page.getByRole("textbox", { name: /your question|what to summarize|what to compare/i });
  await input.fill(question);
  await input.press("Enter");
}

/** The last answer once it has finished streaming (its actions bar appears when it is done). */
async function finishedAnswer(page: Page) {
  const answer = page.locator('[data-role="assistant"][aria-busy="false"]').last();
  await answer.getByRole("button", { name: /copy/i }).waitFor({ timeout: 60_000 });
  return answer;
}

async function chooseMode(page: Page, label: "Ask" | "Summarize" | "Compare"): Promise<void> {
  await page.getByRole("radio", { name: label }).check({ force: true });
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim();


describe("Caravan in a real browser", () => {
  it("shows what Caravan is, the indexed articles and suggestions on an empty chat", async () => {
    for (const [name, viewport] of Object.entries(viewports)) {
      const context = await newContext(viewport);
      const { page, errors } = await openPage(context);
      await openChat(page);
      await page.getByRole("heading", { level: 1, name: "Ask the articles." }).waitFor({ state: "visible", timeout: 10_000 });
      await page.getByRole("heading", { name: "5 articles indexed" }).waitFor({ state: "visible", timeout: 10_000 });
      expect(await page.locator("[data-suggestion]").count()).toBeGreaterThanOrEqual(2);
      // Every article title links to the reader.
      expect(await page.locator('[data-empty-state] a[href^="/documents/"]').count()).toBe(5);
      await page.waitForLoadState("networkidle");
      await screenshot(page, `empty-state-${name}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("answers a seed question with citation chips, a preview and a link to the highlighted passage", async () => {
    const question = seed("seed-01");
    for (const [name, viewport] of Object.entries(viewports)) {
      const context = await newContext(viewport);
      const { page, errors } = await openPage(context);
      await openChat(page);
      await ask(page, question.question);
      const answer = await finishedAnswer(page);
      const text = (await answer.innerText()).replace(/\s+/g, " ");
      expect(question.answer_any.some((expected) => text.includes(expected))).toBe(true);
      await answer.getByText("Offline extractive").waitFor({ state: "visible", timeout: 10_000 });
      expect(await answer.locator("[data-source]").count()).toBeGreaterThanOrEqual(1);

      // Hover a chip: the preview card shows the article and the passage with the cited sentence marked.
      const chip = answer.locator("[data-citation]").first();
      await expect(chip.getAttribute("aria-label")).resolves.toMatch(/^Source \d+: .+/);
      if (name === "phone") await chip.tap();
      else await chip.hover();
      const preview = page.locator("[data-citation-preview]");
      await preview.waitFor({ state: "visible" });
      const previewText = await preview.innerText();
      expect(previewText.length).toBeGreaterThan(60);
      expect(previewText).toMatch(/Supported by this passage|Weak support/);
      expect((await preview.locator("mark").innerText()).length).toBeGreaterThan(10);
      await screenshot(page, `answer-preview-${name}`);

      // Keyboard focus opens the same card; Escape closes it.
      if (name === "phone") {
        await page.keyboard.press("Escape");
      } else {
        await page.mouse.move(0, 0);
      }
      await preview.waitFor({ state: "detached" });
      await chip.blur();
      await chip.focus();
      await preview.waitFor({ state: "visible" });
      await page.keyboard.press("Escape");
      await preview.waitFor({ state: "detached" });

      // Click: the reader opens with the cited span highlighted and scrolled into view.
      const href = await chip.getAttribute("href");
      expect(href).toMatch(/^\/documents\/[a-f0-9]+\?start=\d+&end=\d+&from=%2Fc%2F[\w-]+%23turn-\d+#passage$/);
      if (name === "phone") {
        await chip.tap();
        await preview.waitFor({ state: "visible" });
        await expect(preview.innerText()).resolves.toMatch(/Tap the number again/);
        await chip.tap();
      } else {
        await chip.click();
      }
      await page.waitForURL(/\/documents\/[a-f0-9]+\?start=\d+&end=\d+/);
      const mark = page.locator("mark#passage");
      await mark.waitFor({ state: "visible" });
      await page.waitForFunction(() => {
        const rect = document.getElementById("passage")?.getBoundingClientRect();
        return rect !== undefined && rect.top >= 0 && rect.bottom <= window.innerHeight;
      });
      const marked = (await page.locator("mark[data-highlight]").allInnerTexts()).join(" ").replace(/\s+/g, " ");
      expect(marked.length).toBeGreaterThan(10);
      await screenshot(page, `reader-${name}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("opens every chip at the very sentence it follows: preview, reader highlight and source card", async () => {
    const context = await newContext(viewports.desktop);
    const { page, errors } = await openPage(context);
    await openChat(page);
    // The offline answer to this question cites several sentences, two of one passage in one paragraph.
    await ask(page, seed("seed-07").question);
    let answer = await finishedAnswer(page);
    let chips = await chipsWithSentences(answer);
    if (new Set(chips.map((chip) => chip.sentence)).size < 2) {
      // Should the engine ever cite one sentence only, a summary cites several.
      await chooseMode(page, "Summarize");
      await ask(page, seed("seed-24").question);
      answer = page.locator('[data-role="assistant"]').nth(1);
      await answer.getByRole("button", { name: /copy/i }).waitFor({ timeout: 60_000 });
      chips = await chipsWithSentences(answer);
    }
    expect(chips.length).toBeGreaterThanOrEqual(2);
    expect(new Set(chips.map((chip) => chip.sentence)).size).toBeGreaterThanOrEqual(2);
    for (const chip of chips) expect(chip.sentence.length, `chip [${chip.n}] follows no text`).toBeGreaterThan(10);

    const reader = await context.newPage();
    const chipLinks = answer.locator("[data-citation]");
    for (const [index, chip] of chips.entries()) {
      const label = `chip ${index + 1} [${chip.n}] after "${chip.sentence}"`;
      // The preview marks the chip's own sentence.
      await chipLinks.nth(index).hover();
      const preview = page.locator(`[data-citation-preview="${chip.n}"]`);
      await preview.waitFor({ state: "visible" });
      expect(squash(await preview.locator("mark").innerText()), label).toBe(chip.sentence);
      await page.mouse.move(0, 0);
      await preview.waitFor({ state: "detached" });
      // Its reader link highlights exactly that sentence.
      expect(chip.href, label).toMatch(/^\/documents\/[a-f0-9]+\?start=\d+&end=\d+&from=%2Fc%2F[\w-]+%23turn-\d+#passage$/);
      await reader.goto(chip.href);
      await reader.locator("mark#passage").waitFor({ state: "visible" });
      expect(squash((await reader.locator("mark[data-highlight]").allInnerTexts()).join(" ")), label).toBe(chip.sentence);
    }
    await reader.close();

    // A source card quotes, and opens, the sentence its passage's first chip follows.
    for (const n of new Set(chips.map((chip) => chip.n))) {
      const first = chips.find((chip) => chip.n === n)!;
      const card = answer.locator(`[data-source="${n}"]`);
      await expect(card.getAttribute("href")).resolves.toBe(first.href);
      const quoted = squash(await card.locator("[data-source-quote]").innerText());
      expect(first.sentence.startsWith(quoted.replace(/…$/, "")), `source card [${n}]: "${quoted}"`).toBe(true);
    }

    // Clicking a chip (not only following its link) opens the same highlight.
    const last = chips.at(-1)!;
    await chipLinks.nth(chips.length - 1).click();
    await page.waitForURL(/\/documents\/[a-f0-9]+\?start=\d+&end=\d+/);
    await page.locator("mark#passage").waitFor({ state: "visible" });
    expect(squash((await page.locator("mark[data-highlight]").allInnerTexts()).join(" "))).toBe(last.sentence);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("renders a compare answer as one card per article and keeps conversations across reloads", async () => {
    const question = seed("seed-22");
    for (const [name, viewport] of Object.entries(viewports)) {
      const context = await newContext(viewport);
      const { page, errors } = await openPage(context);
      await openChat(page);
      await chooseMode(page, "Compare");
      await ask(page, question.question);
      const answer = await finishedAnswer(page);
      await expect(answer.getAttribute("data-mode")).resolves.toBe("compare");
      expect(await answer.locator("[data-compare-card]").count()).toBeGreaterThanOrEqual(3);
      expect(await answer.locator("[data-compare-card] [data-citation]").count()).toBeGreaterThanOrEqual(3);
      await answer.locator("[data-compare-card]").first().scrollIntoViewIfNeeded();
      await screenshot(page, `compare-${name}`);

      // Reload: the conversation is reopened and listed in the sidebar.
      await page.reload();
      await page.locator('main[data-conversation]:not([data-conversation="new"])').waitFor();
      await finishedAnswer(page);
      if (name === "phone") await page.getByRole("button", { name: "Conversations" }).click();
      const history = page.getByRole("complementary", { name: "Conversations" });
      await history.getByRole("link", { name: new RegExp(`^${question.question.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).waitFor();
      if (name === "phone") await screenshot(page, "sidebar-phone");
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("summarizes one article with every point cited from that article, and deletes a conversation", async () => {
    const question = seed("seed-24");
    const context = await newContext(viewports.desktop);
    const { page, errors } = await openPage(context);
    await openChat(page);
    await chooseMode(page, "Summarize");
    await ask(page, question.question);
    const answer = await finishedAnswer(page);
    await expect(answer.getAttribute("data-mode")).resolves.toBe("summarize");
    const text = (await answer.innerText()).replace(/\s+/g, " ");
    expect(question.answer_any.some((expected) => text.includes(expected))).toBe(true);
    const chips = answer.locator("[data-citation]");
    expect(await chips.count()).toBeGreaterThanOrEqual(3);
    // A summary of one article cites that article only: every chip opens the same document.
    const targets = new Set<string>();
    for (const href of await chips.evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""))) {
      targets.add(href.replace(/\?.*$/, ""));
    }
    expect(targets.size).toBe(1);
    await screenshot(page, "summary-desktop");

    // Delete it from the sidebar: gone from the list, and still gone after a reload.
    const history = page.getByRole("complementary", { name: "Conversations" });
    const entryName = new RegExp(`^${question.question.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    await history.getByRole("link", { name: entryName }).waitFor();
    await history.getByRole("button", { name: /^Delete/ }).first().click();
    await history.getByRole("link", { name: entryName }).waitFor({ state: "detached" });
    await page.reload();
    await page.locator("main[data-conversation]").waitFor();
    expect(await history.getByRole("link", { name: entryName }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("renders in dark mode", async () => {
    const context = await newContext(viewports.desktop, "dark");
    const { page, errors } = await openPage(context);
    await openChat(page);
    await screenshot(page, "empty-state-dark-desktop");
    await ask(page, seed("seed-14").question);
    const answer = await finishedAnswer(page);
    await answer.locator("[data-citation]").first().hover();
    await page.locator("[data-citation-preview]").waitFor();
    await screenshot(page, "answer-preview-dark-desktop");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("limits answers to chosen articles, copies with footnotes, and offers no Regenerate for the offline engine", async () => {
    const context = await newContext(viewports.desktop);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });
    const { page, errors } = await openPage(context);
    await openChat(page);
    const listing = (await (await page.request.get("/api/documents")).json()) as { documents: { id: string; title: string }[] };
    const chosen = listing.documents.find((document) => document.title.trim().length > 0);
    if (!chosen) throw new Error("no titled document in the seed index");

    await page.getByRole("button", { name: /^Filters/ }).click();
    await page.getByRole("group", { name: "Articles" }).getByRole("checkbox", { name: chosen.title }).check();
    await page.getByRole("button", { name: /^Filters/ }).click();
    await ask(page, "What do the articles say about Tokayev?");
    const answer = await finishedAnswer(page);
    const sources = await answer.locator("[data-source]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    expect(sources.length).toBeGreaterThanOrEqual(1);
    for (const href of sources) expect(href.startsWith(`/documents/${chosen.id}?`)).toBe(true);

    await answer.getByRole("button", { name: /copy/i }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/\[1\]/);
    expect(copied).toContain("Sources\n[1] ");
    expect(copied).toContain(chosen.title);

    // The offline engine gives the same question the same answer: no Regenerate, and its label says why.
    await expect(answer.getByRole("button", { name: "Regenerate" }).count()).resolves.toBe(0);
    await expect(answer.locator('[data-engine="extractive"] [title]').getAttribute("title")).resolves.toMatch(/the same question always gets the same answer/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("stops a streaming answer", async () => {
    const context = await newContext(viewports.desktop);
    const { page, errors } = await openPage(context);
    await openChat(page);
    // A slow network makes the (fast) offline engine's stream last long enough to stop it midway.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    // An ask now answers in a sentence or two; a summary streams long enough to be stopped midway.
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: 1500, uploadThroughput: -1 });
    await chooseMode(page, "Summarize");
    await ask(page, "Summarize all the articles.");
    const stop = page.getByRole("button", { name: "Stop" });
    await stop.waitFor();
    await page.locator('[data-role="assistant"][aria-busy="true"]').waitFor({ timeout: 30_000 });
    await stop.click();
    await page.getByRole("button", { name: "Send" }).waitFor();
    await expect(stop.count()).resolves.toBe(0);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    // Stopped, not failed: no error message; the thread keeps the question.
    await expect(page.locator("[data-chat-error]").count()).resolves.toBe(0);
    await expect(page.locator('[data-role="user"]').count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a readable error with Retry when the server refuses, and recovers", async () => {
    const context = await newContext(viewports.desktop);
    const { page, errors, allow } = await openPage(context);
    // The browser itself logs the refused request; that line is the point of this test.
    allow(/Failed to load resource: the server responded with a status of 429/);
    await openChat(page);
    await page.route("**/api/chat", (route) =>
      route.fulfill({
        status: 429,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "rate_limited", message: "Too many requests; try again shortly." } }),
      }),
    );
    await ask(page, seed("seed-05").question);
    const alert = page.locator("[data-chat-error]");
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toMatch(/Too many requests; try again shortly\./);
    await page.unroute("**/api/chat");
    await alert.getByRole("button", { name: "Retry" }).click();
    const answer = await finishedAnswer(page);
    expect(await answer.locator("[data-citation]").count()).toBeGreaterThanOrEqual(1);
    await expect(alert.count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lists the library and answers unknown ids with a 404 page", async () => {
    const context = await newContext(viewports.desktop);
    const { page, errors, allow } = await openPage(context);
    allow(/Failed to load resource: the server responded with a status of 404/);
    await page.goto("/documents");
    expect(await page.locator("[data-document-list] > li").count()).toBe(5);
    await screenshot(page, "library-desktop");
    const response = await page.goto("/documents/ffffffffffffffff");
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "Not found" }).waitFor({ state: "visible", timeout: 10_000 });
    const api = await page.request.get("/api/documents/not-an-id");
    expect(api.status()).toBe(404);
    expect((await api.json()) as unknown).toMatchObject({ error: { code: "not_found" } });
    expect(errors).toEqual([]);
    await context.close();
  });
});
