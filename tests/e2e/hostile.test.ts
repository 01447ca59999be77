// Hostile articles in a real browser: scripts, event handlers, javascript: links and fake citation
// markers in the corpus must reach the screen as inert text, through the answer, the citation
// preview and the reader. Any dialog, injected element or console error fails the test.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectionQuestion, phishQuestion, writeHostileCorpus, xssQuestion } from "../support/hostile-corpus";
import { ensureCanaryBuild, startNextServer, type RunningServer } from "../support/next-server";
import { createTempIndex, type TempIndex } from "../support/temp-index";
import { launchBrowser, openChat, openPage, screenshot, viewports } from "./harness";

let corpusRoot: string;
let index: TempIndex;
let server: RunningServer;
let browser: Browser;
const dialogs: string[] = [];

beforeAll(async () => {
  await ensureCanaryBuild();
  corpusRoot = await mkdtemp(path.join(os.tmpdir(), "caravan-hostile-e2e-"));
  await writeHostileCorpus(corpusRoot);
  index = await createTempIndex({ corpusDir: corpusRoot });
  server = await startNextServer({ lancedbUri: index.lancedbUri, corpusDir: index.corpusDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await index?.cleanup();
  if (corpusRoot) await rm(corpusRoot, { recursive: true, force: true });
});

async function hostilePage(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: viewports.desktop, baseURL: server.baseUrl, reducedMotion: "reduce" });
  // An alert that slipped through would call one of these; both are recorded.
  await context.addInitScript(() => {
    for (const name of ["alert", "confirm", "prompt"] as const) {
      window[name] = ((...args: unknown[]) => {
        (window as unknown as { __injected: unknown[] }).__injected ??= [];
        (window as unknown as { __injected: unknown[] }).__injected.push([name, ...args]);
        return null;
      }) as never;
    }
  });
  const { page, errors } = await openPage(context);
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, errors, close: () => context.close() };
}

/** Nothing the hostile articles carry may exist in the page as live markup. */
async function expectNothingInjected(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => ({
    injectedCalls: (window as unknown as { __injected?: unknown[] }).__injected ?? [],
    imageX: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
    handlers: [...document.querySelectorAll("*")].filter((element) => [...element.attributes].some((attribute) => /^on/i.test(attribute.name))).map((element) => element.outerHTML.slice(0, 120)),
    // Next's own inline scripts carry the page data (article text included) as strings; any other script with alert( was injected.
    scriptsWithAlert: [...document.scripts].filter((script) => /alert\(/.test(script.textContent ?? "") && !/__next_f/.test(script.textContent ?? "")).length,
    javascriptLinks: [...document.querySelectorAll("a[href]")].filter((link) => /^\s*javascript:/i.test(link.getAttribute("href") ?? "")).map((link) => link.outerHTML),
    svgs: [...document.querySelectorAll("svg[onload]")].length,
  }));
  expect(found, where).toEqual({ injectedCalls: [], imageX: 0, handlers: [], scriptsWithAlert: 0, javascriptLinks: [], svgs: 0 });
  expect(dialogs, where).toEqual([]);
}

async function ask(page: Page, question: string) {
  const input = page.getByRole("textbox", { name: /your question/i });
  await input.fill(question);
  await input.press("Enter");
  const answer = page.locator('[data-role="assistant"][aria-busy="false"]').last();
  await answer.getByRole("button", { name: /copy/i }).waitFor({ timeout: 60_000 });
  return answer;
}

describe("hostile articles in the browser", () => {
  it("answers about the script-laden article, previews and opens it, and runs none of it", async () => {
    const { page, errors, close } = await hostilePage();
    await openChat(page);
    const answer = await ask(page, xssQuestion);
    expect(await answer.innerText()).toMatch(/lantern/i);
    await expectNothingInjected(page, "answer");

    const chip = answer.locator("[data-citation]").first();
    await chip.hover();
    await page.locator("[data-citation-preview]").waitFor({ state: "visible" });
    await expectNothingInjected(page, "citation preview");
    await screenshot(page, "hostile-preview");

    await chip.click();
    await page.waitForURL(/\/documents\/[a-f0-9]+/);
    await page.locator("mark#passage").waitFor({ state: "visible" });
    await expectNothingInjected(page, "reader");
    expect(errors).toEqual([]);
    await close();
  });

  it("shows every hostile document in the reader as text", async () => {
    const { page, errors, close } = await hostilePage();
    const { documents } = (await (await fetch(`${server.baseUrl}/api/documents`)).json()) as { documents: { id: string; source: string }[] };
    const hostile = documents.filter((document) => /xss|injection/.test(document.source));
    expect(hostile.map((document) => document.source).sort()).toEqual(["injection.md", "xss-festival-notes.txt", "xss-festival-page.html", "xss-festival.md"]);
    for (const document of hostile) {
      await page.goto(`/documents/${document.id}`);
      await page.waitForLoadState("networkidle");
      await expectNothingInjected(page, document.source);
      // The plain-text file's markup is part of its text: it must be visible, as text.
      if (document.source.endsWith(".txt")) await page.getByText("<img src=x onerror=alert(1)>").first().waitFor({ state: "visible", timeout: 10_000 });
    }
    expect(errors).toEqual([]);
    await close();
  });

  it("shows a Markdown link from an article as its words, never as a link", async () => {
    const { page, errors, close } = await hostilePage();
    await openChat(page);
    const answer = await ask(page, phishQuestion);
    expect(await answer.innerText()).toMatch(/customs house/);
    // The link's words are there, as text: nothing in the answer leads to the address.
    await answer.locator("[data-inert-link]", { hasText: "Login" }).first().waitFor({ state: "visible" });
    expect(await page.locator('a[href*="phish.example"]').count()).toBe(0);
    expect(await answer.locator("[data-inert-link]").first().evaluate((element) => element.closest("a"))).toBeNull();
    const url = page.url();
    await answer.locator("[data-inert-link]").first().click();
    expect(page.url()).toBe(url);
    expect(page.context().pages()).toHaveLength(1);
    expect(errors).toEqual([]);
    await close();
  });

  it("turns only real citations into chips, never the article's own [1] and [99]", async () => {
    const { page, errors, close } = await hostilePage();
    await openChat(page);
    const answer = await ask(page, injectionQuestion);
    const text = await answer.innerText();
    expect(text).toMatch(/twelve silver coins \(1\), and merchants paid twice that in winter \(99\)/);
    const sources = await answer.locator("[data-citation]").evaluateAll((chips) => chips.map((chip) => Number(chip.getAttribute("data-citation"))));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((n) => n >= 1 && n <= 8)).toBe(true);
    expect(sources).not.toContain(99);
    await expectNothingInjected(page, "injection answer");
    await screenshot(page, "hostile-injection-answer");
    expect(errors).toEqual([]);
    await close();
  });
});
