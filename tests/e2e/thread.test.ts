// The conversation as a place: the view follows the newest turn, each conversation has an address,
// the reader leads back to the answer, the keyboard gets around in a few steps, and a decline
// under filters says so.
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openChat, openPage, screenshot, startServer, type TestServer } from "./harness";

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

// The sizes the issue was reported at.
const sizes = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

async function newContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const phone = viewport.width < 640;
  return browser.newContext({ viewport, baseURL: server.baseUrl, reducedMotion: "reduce", hasTouch: phone, isMobile: phone, acceptDownloads: true });
}

const composer = (page: Page) => page.getByRole("textbox", { name: /your question|what to summarize|what to compare/i });

async function ask(page: Page, question: string): Promise<Locator> {
  const before = await page.locator('[data-role="assistant"]').count();
  await composer(page).fill(question);
  await composer(page).press("Enter");
  const answer = page.locator('[data-role="assistant"]').nth(before);
  await answer.getByRole("button", { name: /copy/i }).waitFor({ timeout: 60_000 });
  return answer;
}

async function composerTop(page: Page): Promise<number> {
  const box = await page.locator("[data-composer]").boundingBox();
  if (!box) throw new Error("no composer");
  return box.y;
}

/** The top of the first line of an answer's text, relative to the viewport. */
async function firstLineTop(answer: Locator): Promise<number> {
  const box = await answer.locator("p, li, h3, [data-compare-card]").first().boundingBox();
  if (!box) throw new Error("the answer has no text block");
  return box.y;
}

async function chooseFilterArticle(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: /^Filters/ }).click();
  await page.getByRole("group", { name: "Articles" }).getByRole("checkbox", { name: title }).check();
  await page.getByRole("button", { name: /^Filters/ }).click();
}

describe("The conversation view in a real browser", () => {
  it("puts a follow-up's question at the top and its answer above the composer, and offers Jump to latest instead of scrolling", async () => {
    for (const [name, viewport] of Object.entries(sizes)) {
      const context = await newContext(viewport);
      const { page, errors } = await openPage(context);
      await openChat(page);
      await ask(page, "What trade target have Kazakhstan and Tajikistan set?");
      const second = await ask(page, "And what challenges strain their cooperation?");
      // The follow-up's question sits just below the header, its answer's first line above the composer.
      const question = page.locator('[data-role="user"]').nth(1);
      const questionBox = await question.boundingBox();
      expect(questionBox!.y, name).toBeGreaterThanOrEqual(56);
      expect(questionBox!.y, name).toBeLessThan(160);
      const lineTop = await firstLineTop(second);
      expect(lineTop, name).toBeGreaterThan(questionBox!.y);
      expect(lineTop + 24, name).toBeLessThanOrEqual(await composerTop(page));
      console.info(`follow-up at ${viewport.width}x${viewport.height}: question y ${Math.round(questionBox!.y)}, answer's first line y ${Math.round(lineTop)}, composer top y ${Math.round(await composerTop(page))}`);
      await screenshot(page, `follow-up-${name}`);

      // A long answer: the page stays on its question while it streams; the rest is one click away.
      await page.getByRole("radio", { name: "Summarize" }).check({ force: true });
      const summary = await ask(page, "Summarize all the articles.");
      const summaryQuestion = await page.locator('[data-role="user"]').nth(2).boundingBox();
      expect(summaryQuestion!.y, name).toBeLessThan(160);
      expect(await firstLineTop(summary), name).toBeLessThan(await composerTop(page));
      const jump = page.getByRole("button", { name: "Jump to latest" });
      await jump.waitFor();
      await screenshot(page, `jump-to-latest-${name}`);
      await jump.click();
      await jump.waitFor({ state: "detached" });
      const end = await summary.getByRole("button", { name: /copy/i }).boundingBox();
      expect(end!.y + end!.height, name).toBeLessThanOrEqual(await composerTop(page));
      // Scrolled back up to the first answer: the control comes back; the page is left where the reader put it.
      await page.evaluate(() => window.scrollTo(0, 0));
      await jump.waitFor();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("gives each conversation an address that reopens it in a new page, and says when a browser does not have it", async () => {
    for (const [name, viewport] of Object.entries(sizes)) {
      const context = await newContext(viewport);
      const { page, errors } = await openPage(context);
      await openChat(page);
      expect(new URL(page.url()).pathname).toBe("/");
      await ask(page, "What trade turnover target do Kazakhstan and Tajikistan share?");
      await page.waitForURL(/\/c\/[A-Za-z0-9_-]+$/);
      const address = new URL(page.url()).pathname;

      const second = await context.newPage();
      await second.goto(address);
      await second.locator('[data-role="assistant"] [data-citation]').first().waitFor();
      await expect(second.locator('[data-role="user"] p').innerText()).resolves.toBe("What trade turnover target do Kazakhstan and Tajikistan share?");
      await expect(second.locator("[data-conversation-title]").innerText()).resolves.toBe("What trade turnover target do Kazakhstan and Tajikistan share?");
      await second.getByRole("button", { name: "Conversation actions" }).click();
      await second.getByRole("button", { name: "Export as Markdown" }).waitFor();
      await screenshot(second, `conversation-address-${name}`);
      await second.keyboard.press("Escape");

      // A link this browser does not hold: a plain sentence, and a way on.
      await second.goto("/c/not-in-this-browser");
      await second.getByRole("heading", { name: "This conversation is not in this browser" }).waitFor();
      await screenshot(second, `conversation-missing-${name}`);
      await second.getByRole("button", { name: "Start a new chat" }).click();
      await second.getByRole("heading", { level: 1, name: "Ask the articles." }).waitFor();
      await second.waitForURL((url) => url.pathname === "/");
      await second.close();

      // The history's entries are links to the same addresses.
      if (name === "phone") await page.getByRole("button", { name: "Conversations" }).click();
      const history = page.getByRole("complementary", { name: "Conversations" });
      await expect(history.getByRole("link", { name: /^What trade turnover/ }).getAttribute("href")).resolves.toBe(address);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("renames, searches, deletes with undo and exports a conversation as Markdown with its sources", async () => {
    const context = await newContext(sizes.desktop);
    const { page, errors } = await openPage(context);
    await openChat(page);
    const history = page.getByRole("complementary", { name: "Conversations" });
    await ask(page, "When was President Tokayev's visit to Tajikistan scheduled?");
    await history.getByRole("button", { name: /New chat/ }).click();
    await ask(page, "What kind of agricultural goods does China want to import from Kazakhstan?");

    // Rename from the conversation's menu; the name stays after another question and a reload.
    await page.getByRole("button", { name: "Conversation actions" }).click();
    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByRole("textbox", { name: "Conversation name" }).fill("China farm imports");
    await page.getByRole("textbox", { name: "Conversation name" }).press("Enter");
    await history.getByRole("link", { name: /^China farm imports/ }).waitFor();
    await ask(page, "Which cooperation mechanism does Kazakhstan hope to join?");
    await page.reload();
    await expect(page.locator("[data-conversation-title]").innerText()).resolves.toBe("China farm imports");

    // Search: by a word of an answer, not only of the title.
    const search = history.getByRole("searchbox", { name: "Search conversations" });
    await search.fill("tajikistan");
    await expect(history.getByRole("link").count()).resolves.toBe(1);
    await history.getByRole("link", { name: /^When was President Tokayev/ }).waitFor();
    await search.fill("BRICS");
    await history.getByRole("link", { name: /^China farm imports/ }).waitFor();
    await expect(history.getByRole("link").count()).resolves.toBe(1);
    await search.fill("");

    // Export: a Markdown file with the questions, answers and their sources.
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Conversation actions" }).click();
    await page.getByRole("button", { name: "Export as Markdown" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("caravan-china-farm-imports.md");
    const markdown = await readFile((await download.path())!, "utf8");
    expect(markdown).toMatch(/^# China farm imports\n/);
    expect(markdown).toContain("## Question 1\n\n> What kind of agricultural goods does China want to import from Kazakhstan?");
    expect(markdown).toContain("## Question 2\n\n> Which cooperation mechanism does Kazakhstan hope to join?");
    expect(markdown).toMatch(/green agricultural/);
    // Each source: its title in bold, outlet and date, the file, then the cited sentence quoted.
    expect(markdown).toMatch(/\*\*Sources\*\*\n\n- \[1\] \*\*[^\n]+\*\*( — [^\n]+)? \([^)\n]+\.txt\)\n {2}> [^\n]{20,}/);

    // Opening another conversation from the history is a new history entry: Back returns.
    await history.getByRole("link", { name: /^When was President Tokayev/ }).click();
    await expect.poll(() => page.locator("[data-conversation-title]").innerText()).toBe("When was President Tokayev's visit to Tajikistan scheduled?");
    const other = new URL(page.url()).pathname;
    await page.goBack();
    await expect.poll(() => page.locator("[data-conversation-title]").innerText()).toBe("China farm imports");
    expect(new URL(page.url()).pathname).not.toBe(other);
    await page.goForward();
    await expect.poll(() => page.locator("[data-conversation-title]").innerText()).toBe("When was President Tokayev's visit to Tajikistan scheduled?");
    await page.goBack();
    await expect.poll(() => page.locator("[data-conversation-title]").innerText()).toBe("China farm imports");

    // Delete is undoable: gone from the list, back with Undo, its address reopening it.
    const entry = history.getByRole("link", { name: /^China farm imports/ });
    await page.getByRole("button", { name: "Conversation actions" }).click();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await entry.waitFor({ state: "detached" });
    await page.getByRole("heading", { level: 1, name: "Ask the articles." }).waitFor();
    const toast = page.locator("[data-undo-delete]");
    await expect(toast.innerText()).resolves.toMatch(/Deleted “China farm imports”/);
    await screenshot(page, "undo-delete-desktop");
    await toast.getByRole("button", { name: "Undo" }).click();
    await entry.waitFor();
    await expect(page.locator("[data-conversation-title]").innerText()).resolves.toBe("China farm imports");
    await page.waitForURL(/\/c\/[A-Za-z0-9_-]+$/);
    // Deleted from the history list and not undone: gone, also after a reload.
    await history.getByRole("button", { name: "Delete conversation: When was President Tokayev's visit to Tajikistan scheduled?" }).click();
    await history.getByRole("link", { name: /^When was President Tokayev/ }).waitFor({ state: "detached" });
    await page.reload();
    await history.getByRole("link", { name: /^China farm imports/ }).waitFor();
    await expect(history.getByRole("link").count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("leads from a citation to the reader and back to the very turn it came from", async () => {
    for (const [name, viewport] of Object.entries(sizes)) {
      const context = await newContext(viewport);
      const { page, errors } = await openPage(context);
      await openChat(page);
      await ask(page, "What trade turnover target do Kazakhstan and Tajikistan share?");
      await ask(page, "Which regional challenge often tests cooperation between Kazakhstan and Tajikistan?");
      await page.waitForURL(/\/c\/[A-Za-z0-9_-]+$/);
      const address = new URL(page.url()).pathname;
      const chip = page.locator('[data-role="assistant"]').nth(0).locator("[data-citation]").first();
      await expect(chip.getAttribute("href")).resolves.toContain(`&from=${encodeURIComponent(`${address}#turn-1`)}#passage`);
      await page.goto((await chip.getAttribute("href"))!);
      await page.locator("mark#passage").waitFor();
      const back = page.getByRole("link", { name: "← Back to the answer" });
      await expect(back.getAttribute("href")).resolves.toBe(`${address}#turn-1`);
      await screenshot(page, `reader-passage-${name}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `reader-back-${name}`);
      await back.click();
      await page.waitForURL((url) => url.pathname === address && url.hash === "#turn-1");
      // The first turn is at the top, though the conversation went on after it.
      const turn = page.locator("#turn-1");
      await turn.waitFor();
      await expect.poll(async () => (await turn.boundingBox())?.y ?? -1).toBeLessThan(160);
      expect((await turn.boundingBox())!.y).toBeGreaterThanOrEqual(40);
      expect(errors).toEqual([]);
      await context.close();
    }
    // A "from" that is not a conversation address is ignored: no way off the site.
    const context = await newContext(sizes.desktop);
    const page = await context.newPage();
    const listing = (await (await page.request.get(`${server.baseUrl}/api/documents`)).json()) as { documents: { id: string }[] };
    await page.goto(`/documents/${listing.documents[0].id}?from=${encodeURIComponent("https://example.com/c/x")}`);
    await page.getByRole("link", { name: "← Library" }).waitFor();
    await expect(page.getByRole("link", { name: /Back to the answer/ }).count()).resolves.toBe(0);
    await context.close();
  });

  it("gets a keyboard user to the composer and to the newest answer's citations in at most 3 Tab presses", async () => {
    const context = await newContext(sizes.desktop);
    const { page, errors } = await openPage(context);
    await openChat(page);
    await ask(page, "When was President Tokayev's visit to Tajikistan scheduled?");
    await ask(page, "What trade turnover target do Kazakhstan and Tajikistan share?");
    // From the very start of the page, as after a load with nothing focused.
    const fromTop = () =>
      page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        document.body.tabIndex = -1;
        document.body.focus();
        document.body.removeAttribute("tabindex");
      });
    const focused = () => page.evaluate(() => ({ id: document.activeElement?.id ?? "", text: document.activeElement?.textContent?.trim() ?? "", citation: document.activeElement?.getAttribute("data-citation") }));

    await fromTop();
    let tabs = 0;
    await page.keyboard.press("Tab");
    tabs += 1;
    expect((await focused()).text).toBe("Skip to the question box");
    await page.keyboard.press("Enter");
    expect((await focused()).id).toBe("question");
    expect(tabs).toBeLessThanOrEqual(3);

    await fromTop();
    tabs = 0;
    for (; tabs < 3 && (await focused()).text !== "Skip to the newest answer"; tabs += 1) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect((await focused()).id).toBe("latest-answer");
    await page.keyboard.press("Tab");
    tabs += 1;
    expect(tabs).toBeLessThanOrEqual(3);
    const chip = await focused();
    expect(chip.citation).toMatch(/^\d+$/);
    // It is a chip of the newest answer, and its preview speaks to the keyboard.
    await expect(page.locator("#latest-answer [data-citation]").first().evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    const preview = page.locator("[data-citation-preview]");
    await preview.waitFor();
    await expect(preview.innerText()).resolves.toMatch(/Press Enter to open the article/);
    await screenshot(page, "keyboard-chip-desktop");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("names the filter a decline was limited to and searches all articles on request", async () => {
    for (const [name, viewport] of Object.entries(sizes)) {
      const context = await newContext(viewport);
      const { page, errors } = await openPage(context);
      await openChat(page);
      const listing = (await (await page.request.get("/api/documents")).json()) as { documents: { id: string; title: string; source: string }[] };
      // The trade target is in the first seed article; filter to another, titled one.
      const other = listing.documents.find((document) => document.title.trim() && !document.source.startsWith("000_"));
      if (!other) throw new Error("no other titled article in the seed index");
      await chooseFilterArticle(page, other.title);
      const declined = await ask(page, "What trade turnover target do Kazakhstan and Tajikistan share?");
      await expect(declined.innerText()).resolves.toMatch(/The articles within your filters do not cover this question/);
      const notice = declined.locator("[data-filtered-decline]");
      await expect(notice.innerText()).resolves.toContain(`Only the article “${other.title}” was searched, because of your filters.`);
      await declined.scrollIntoViewIfNeeded();
      await screenshot(page, `filtered-decline-${name}`);
      await notice.getByRole("button", { name: "Search all articles" }).click();
      const answer = page.locator('[data-role="assistant"][aria-busy="false"]').last();
      await answer.getByRole("button", { name: /copy/i }).waitFor();
      await expect(answer.innerText()).resolves.toContain("$2 billion");
      await expect(page.locator('[data-role="assistant"]').count()).resolves.toBe(1);
      // The filter is off now, so the next question searches everything too.
      await expect(page.getByRole("button", { name: /^Filters/ }).innerText()).resolves.toBe("Filters");
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("shows the whole article list of the landing page above the composer", async () => {
    for (const [name, viewport] of Object.entries(sizes)) {
      const context = await newContext(viewport);
      const { page, errors } = await openPage(context);
      await openChat(page);
      const last = page.locator('[data-empty-state] a[href^="/documents/"]').last();
      await expect(page.locator('[data-empty-state] a[href^="/documents/"]').count()).resolves.toBe(5);
      if (name === "desktop") {
        // Five articles fit above the composer on a laptop screen, without scrolling.
        const box = await last.boundingBox();
        expect(box!.y + box!.height).toBeLessThanOrEqual(await composerTop(page));
      }
      // On a phone they scroll up from behind it, every one of them.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const box = await last.boundingBox();
      expect(box!.y + box!.height, name).toBeLessThanOrEqual(await composerTop(page));
      await screenshot(page, `landing-bottom-${name}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `landing-${name}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
