// Compare answers as a comparison: a table inside the chat column on wide screens, stacked cards
// on phones, every chip opening the very sentence it follows.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askToCompare, chipsWithSentences, launchBrowser, openPage, screenshot, startServer, type TestServer } from "./harness";

const question = "How do the articles differ on how Kazakhstan balances Russia and China?";
const wide = { width: 1366, height: 900 };
const phone = { width: 390, height: 844 };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const touch = viewport.width < 640;
  return browser.newContext({ viewport, baseURL: server.baseUrl, reducedMotion: "reduce", hasTouch: touch, isMobile: touch, colorScheme: "light" });
}

/** Asks the question in Compare mode and waits for the finished answer. */
async function compare(page: Page): Promise<Locator> {
  const answer = await askToCompare(page, question);
  await expect(answer.getAttribute("data-mode")).resolves.toBe("compare");
  return answer;
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The chip's preview marks the sentence it follows: all of it, or (an aspect cell showing the
 * words around the aspect, "…" where cut) the whole sentence that excerpt is part of.
 */
function expectMarks(marked: string, followed: string, label: string): void {
  if (!/^…|…$/.test(followed)) {
    expect(marked, label).toBe(followed);
    return;
  }
  const core = followed.replace(/^…|…$/g, "");
  expect(core.length, label).toBeGreaterThan(20);
  expect(marked, label).toContain(core);
  if (!followed.startsWith("…")) expect(marked.startsWith(core), label).toBe(true);
  if (!followed.endsWith("…")) expect(marked.endsWith(core), label).toBe(true);
}

/** Scrolls an element to the top of the screen, below the sticky site header. */
async function scrollToTop(locator: Locator): Promise<void> {
  await locator.evaluate((element) => {
    const header = document.querySelector("header")?.getBoundingClientRect().height ?? 0;
    window.scrollBy(0, element.getBoundingClientRect().top - header - 12);
  });
}


async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error("element has no box (not visible)");
  return found;
}

async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe("a compare answer as a comparison", () => {
  it("on a wide screen: a table of the articles inside the chat column, every chip opening its own sentence", async () => {
    const context = await newContext(wide);
    const { page, errors } = await openPage(context);
    const answer = await compare(page);
    await answer.locator('[data-compare-view="table"]').waitFor();
    const table = answer.locator("[data-compare-table]");
    await table.waitFor({ state: "visible" });
    expect(await answer.locator("[data-compare-cards]").count()).toBe(0);

    // One column per article, its title as the header.
    const headers = table.locator("thead th[data-compare-column]");
    const columns = await headers.count();
    expect(columns).toBeGreaterThanOrEqual(2);
    for (const title of await headers.allInnerTexts()) expect(squash(title).length).toBeGreaterThan(5);
    // One row of what each article says, one cell per article, each with its chips.
    const sections = table.locator("td[data-compare-card]");
    expect(await sections.count()).toBe(columns);
    for (let index = 0; index < columns; index += 1) expect(await sections.nth(index).locator("[data-citation]").count()).toBeGreaterThanOrEqual(1);
    // Aspect rows, when the engine sent the comparison part: a cell per article.
    for (const row of await table.locator("tbody[data-compare-aspect]").all()) {
      expect(await row.locator("td").count()).toBe(columns);
    }
    // Then where they agree and differ, below the table.
    const statements = answer.locator("[data-compare-statements]");
    await expect(statements.innerText()).resolves.toMatch(/Where they agree and differ/);
    expect((await box(statements)).y).toBeGreaterThanOrEqual((await box(table)).y + (await box(table)).height);

    // Inside the chat column, columns of even width, nothing wider than the page.
    const column = await box(page.locator("[data-chat-column]"));
    const tableBox = await box(table);
    expect(tableBox.x).toBeGreaterThanOrEqual(column.x - 0.5);
    expect(tableBox.x + tableBox.width).toBeLessThanOrEqual(column.x + column.width + 0.5);
    const widths = await headers.evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(2);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);

    await scrollToTop(table);
    await screenshot(page, "compare-table-wide");
    await statements.evaluate((element) => element.scrollIntoView({ block: "center" }));
    await screenshot(page, "compare-table-wide-end");

    // Every chip in the table previews the very sentence it follows, and links to that span.
    const chips = await chipsWithSentences(table);
    expect(chips.length).toBeGreaterThanOrEqual(columns);
    const links = table.locator("[data-citation]");
    const hrefBySentence = new Map<string, string>();
    for (const [index, chip] of chips.entries()) {
      const label = `chip ${index + 1} [${chip.n}] after "${chip.sentence}"`;
      expect(chip.sentence.length, label).toBeGreaterThan(10);
      await links.nth(index).hover();
      const preview = page.locator(`[data-citation-preview="${chip.n}"]`);
      await preview.waitFor({ state: "visible" });
      expectMarks(squash(await preview.locator("mark").innerText()), chip.sentence, label);
      await expect(preview.innerText()).resolves.toMatch(/Supported by this passage|Weak support/);
      await page.mouse.move(0, 0);
      await preview.waitFor({ state: "detached" });
      expect(chip.href, label).toMatch(/^\/documents\/[a-f0-9]+\?start=\d+&end=\d+&from=%2Fc%2F[\w-]+%23turn-\d+#passage$/);
      // A sentence quoted twice (in its article's section and on an aspect) opens one span.
      const whole = chip.sentence.replace(/^…|…$/g, "");
      const seen = [...hrefBySentence].find(([sentence]) => sentence.includes(whole));
      if (seen) expect(chip.href, label).toBe(seen[1]);
      hrefBySentence.set(chip.sentence, chip.href);
    }

    // The reader highlights exactly the sentence of an aspect cell's chip (or of the last chip).
    const aspectChip = table.locator("tbody[data-compare-aspect] [data-citation]").first();
    const target = (await aspectChip.count()) > 0 ? aspectChip : links.last();
    const targetIndex = await target.evaluate((element) => [...element.closest("table")!.querySelectorAll("[data-citation]")].indexOf(element));
    await target.click();
    await page.waitForURL(/\/documents\/[a-f0-9]+\?start=\d+&end=\d+/);
    await page.locator("mark#passage").waitFor({ state: "visible" });
    expectMarks(squash((await page.locator("mark[data-highlight]").allInnerTexts()).join(" ")), chips[targetIndex].sentence, "reader highlight");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("on a phone: one card per article, stacked, none wider than the screen", async () => {
    const context = await newContext(phone);
    const { page, errors } = await openPage(context);
    const answer = await compare(page);
    const cards = answer.locator("[data-compare-cards] [data-compare-card]");
    await cards.first().waitFor({ state: "visible" });
    expect(await answer.locator("[data-compare-table]").count()).toBe(0);
    const count = await cards.count();
    expect(count).toBeGreaterThanOrEqual(2);

    const boxes = await cards.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect));
    for (const [index, card] of boxes.entries()) {
      expect(card.left, `card ${index + 1}`).toBeGreaterThanOrEqual(0);
      expect(card.right, `card ${index + 1}`).toBeLessThanOrEqual(phone.width);
      // Stacked: same left edge and width as the first, below the one before.
      expect(Math.abs(card.left - boxes[0].left)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(card.width - boxes[0].width)).toBeLessThanOrEqual(0.5);
      if (index > 0) expect(card.top).toBeGreaterThanOrEqual(boxes[index - 1].bottom);
    }
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    for (let index = 0; index < count; index += 1) expect(await cards.nth(index).locator("[data-citation]").count()).toBeGreaterThanOrEqual(1);
    await expect(answer.locator("[data-compare-statements]").innerText()).resolves.toMatch(/Where they agree and differ/);

    // A tap on a chip previews its sentence (the second tap would open the reader).
    const chips = await chipsWithSentences(answer.locator("[data-compare-cards]"));
    const links = answer.locator("[data-compare-cards] [data-citation]");
    const lastAspect = await links.evaluateAll((elements) => elements.findLastIndex((element) => element.closest("[data-compare-aspect]") !== null));
    for (const index of new Set([0, lastAspect >= 0 ? lastAspect : chips.length - 1])) {
      await links.nth(index).tap();
      const preview = page.locator(`[data-citation-preview="${chips[index].n}"]`);
      await preview.waitFor({ state: "visible" });
      expectMarks(squash(await preview.locator("mark").innerText()), chips[index].sentence, `chip ${index + 1}`);
      const card = await box(preview);
      expect(card.x + card.width).toBeLessThanOrEqual(phone.width);
      await page.keyboard.press("Escape");
      await preview.waitFor({ state: "detached" });
    }

    await scrollToTop(cards.first());
    await screenshot(page, "compare-cards-phone");
    await scrollToTop(cards.nth(1));
    await screenshot(page, "compare-cards-phone-second");
    expect(errors).toEqual([]);
    await context.close();
  });
});
