// The conversation around the answers: modes kept per conversation, keyboard focus, long input.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeedQuestions, type SeedQuestion } from "../support/temp-index";
import { launchBrowser, openChat, openPage, startServer, viewports, type TestServer } from "./harness";

let server: TestServer;
let browser: Browser;
let seeds: SeedQuestion[];

beforeAll(async () => {
  seeds = await readSeedQuestions();
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function seed(id: string): SeedQuestion {
  const found = seeds.find((question) => question.id === id);
  if (!found) throw new Error(`seed question ${id} is missing`);
  return found;
}

async function newContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const phone = viewport.width < 640;
  return browser.newContext({ viewport, baseURL: server.baseUrl, reducedMotion: "reduce", hasTouch: phone, isMobile: phone });
}

const composer = (page: Page) => page.getByRole("textbox", { name: /your question|what to summarize|what to compare/i });

async function checkedMode(page: Page): Promise<string | null> {
  return page.locator('input[name="answer-mode"]:checked').getAttribute("value");
}

async function finishedAnswer(page: Page) {
  const answer = page.locator('[data-role="assistant"][aria-busy="false"]').last();
  await answer.getByRole("button", { name: /copy/i }).waitFor({ timeout: 60_000 });
  return answer;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("Conversations in a real browser", () => {
  it("keeps each conversation's mode: reopening a Compare conversation restores Compare, New chat starts in Ask", async () => {
    const question = seed("seed-22");
    const context = await newContext(viewports.desktop);
    const { page, errors } = await openPage(context);
    await openChat(page);
    expect(await checkedMode(page)).toBe("ask");
    await page.getByRole("radio", { name: "Compare" }).check({ force: true });
    await composer(page).fill(question.question);
    await composer(page).press("Enter");
    await finishedAnswer(page);

    const history = page.getByRole("complementary", { name: "Conversations" });
    const entry = history.getByRole("link", { name: new RegExp(`^${escape(question.question.slice(0, 30))}`) });
    await entry.waitFor();

    // New chat: an empty thread in Ask.
    await history.getByRole("button", { name: /New chat/ }).click();
    await page.getByRole("heading", { level: 1, name: "Ask the articles." }).waitFor();
    expect(await checkedMode(page)).toBe("ask");

    // Reopen the comparison: Compare again.
    await entry.click();
    await page.locator('[data-role="assistant"][data-mode="compare"]').waitFor();
    expect(await checkedMode(page)).toBe("compare");

    // And after a reload (the comparison is still the open conversation).
    await page.reload();
    await page.locator('main[data-conversation]:not([data-conversation="new"])').waitFor();
    await page.locator('[data-role="assistant"][data-mode="compare"]').waitFor();
    expect(await checkedMode(page)).toBe("compare");

    // A mode picked in a new chat is not carried into the next one.
    await history.getByRole("button", { name: /New chat/ }).click();
    await page.getByRole("radio", { name: "Summarize" }).check({ force: true });
    expect(await checkedMode(page)).toBe("summarize");
    await history.getByRole("button", { name: /New chat/ }).click();
    expect(await checkedMode(page)).toBe("ask");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("focuses the composer on load and on '/', and words the citation hint for the keyboard", async () => {
    const context = await newContext(viewports.desktop);
    const { page, errors } = await openPage(context);
    await openChat(page);
    const input = composer(page);
    // Focused on load: zero Tab presses to reach it.
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true);

    // From the page body, "/" comes back to it without typing a slash.
    await input.evaluate((element) => (element as HTMLElement).blur());
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press("/");
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await input.inputValue()).toBe("");
    // In the composer, "/" is just a character.
    await page.keyboard.type("a/b");
    expect(await input.inputValue()).toBe("a/b");

    // A chip reached from the keyboard says "Press Enter"; hovered with the mouse, "Click".
    await input.fill(seed("seed-01").question);
    await input.press("Enter");
    const answer = await finishedAnswer(page);
    const chip = answer.locator("[data-citation]").first();
    await page.keyboard.press("/");
    await chip.focus();
    const preview = page.locator("[data-citation-preview]");
    await preview.waitFor({ state: "visible" });
    await expect(preview.innerText()).resolves.toMatch(/Press Enter to open the article/);
    await page.keyboard.press("Escape");
    await chip.blur();
    await preview.waitFor({ state: "detached" });
    await chip.hover();
    await preview.waitFor({ state: "visible" });
    await expect(preview.innerText()).resolves.toMatch(/Click the number to open the article/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a character counter near the limit and refuses, with a message, a question past it", async () => {
    const context = await newContext(viewports.desktop);
    const { page, errors } = await openPage(context);
    await openChat(page);
    const input = composer(page);
    const counter = page.locator("[data-char-counter]");

    await input.fill("word ".repeat(500).trim());
    await expect(counter.count()).resolves.toBe(0);

    const near = "a".repeat(3700);
    await input.fill(near);
    await counter.waitFor({ state: "visible" });
    await expect(counter.innerText()).resolves.toMatch(/3,700 \/ 4,000/);
    await expect(counter.innerText()).resolves.toMatch(/300 characters left/);
    await expect(page.getByRole("button", { name: "Send" }).isEnabled()).resolves.toBe(true);

    // Past the limit: nothing is cut, the message says why it cannot be sent, Send is off.
    const long = "b".repeat(4100);
    await input.fill(long);
    await expect(input.inputValue()).resolves.toHaveLength(4100);
    const message = page.locator("[data-over-limit]");
    await message.waitFor({ state: "visible" });
    await expect(message.innerText()).resolves.toMatch(/Too long to send/);
    await expect(counter.innerText()).resolves.toMatch(/4,100 \/ 4,000 \(100 over\)/);
    await expect(input.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.getByRole("button", { name: "Send" }).isDisabled()).resolves.toBe(true);
    await input.press("Enter");
    await expect(page.locator('[data-role="user"]').count()).resolves.toBe(0);
    await expect(input.inputValue()).resolves.toHaveLength(4100);

    // Shortened again: sendable.
    await input.fill("b".repeat(3990));
    await message.waitFor({ state: "detached" });
    await expect(page.getByRole("button", { name: "Send" }).isEnabled()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("wraps a long unbroken word in the user's bubble on a phone", async () => {
    const context = await newContext(viewports.phone);
    const { page, errors } = await openPage(context);
    const word = "x".repeat(300);
    // A saved conversation whose question is one 300-character word (no answer needed to render it).
    await context.addInitScript((text) => {
      if (window.localStorage.getItem("caravan.conversations.v1")) return;
      const now = Date.now();
      const conversation = { id: "long-word", title: text.slice(0, 77), createdAt: now, updatedAt: now, mode: "ask", messages: [{ id: "u1", role: "user", parts: [{ type: "text", text }] }] };
      window.localStorage.setItem("caravan.conversations.v1", JSON.stringify([conversation]));
      window.localStorage.setItem("caravan.active-conversation.v1", "long-word");
    }, word);
    await openChat(page);
    const bubble = page.locator('[data-role="user"] p');
    await bubble.waitFor({ state: "visible" });
    expect(await bubble.innerText()).toBe(word);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.body).toBeLessThanOrEqual(widths.viewport);
    const box = await bubble.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(widths.viewport);
    expect(errors).toEqual([]);
    await context.close();
  });
});
