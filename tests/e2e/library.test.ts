// The library a user can change, in a real browser against the production server: upload a file
// and ask about it, paste text, import a page from a loopback server (allowed by URL_IMPORT_ALLOW),
// delete a document and find none of its passages left; and a proxied request is refused.
import { writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentIdFor } from "@/lib/ingest";
import { longReportParagraph } from "../support/hostile-corpus";
import { ensureCanaryBuild, startNextServer, type RunningServer } from "../support/next-server";
import { createTempIndex, type TempIndex } from "../support/temp-index";
import { chipsWithSentences, launchBrowser, openChat, openPage } from "./harness";

let index: TempIndex;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let pages: http.Server;
let pagesBase: string;

const observatory = `The Zarafshan Star Observatory

The Zarafshan Star Observatory opened on the ridge above Penjikent in March 2031, with a telescope paid for by a consortium of five universities.

Its first director, the astronomer Dilnoza Rahimova, said the observatory would publish every night's sky survey for free.
`;

/** About 1 MB: the observatory story, then a long appendix of distinct paragraphs. */
function megabyteArticle(): string {
  let text = observatory;
  for (let paragraph = 0; text.length < 1024 * 1024; paragraph += 1) text += `\n${longReportParagraph(paragraph)}\n`;
  return text;
}

beforeAll(async () => {
  await ensureCanaryBuild();
  index = await createTempIndex();
  pages = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html><head><title>Tien Shan Glacier Survey</title></head><body><nav>Home</nav><article>
<p>The Tien Shan glacier survey of 2029 found that the Tuyuksu glacier had lost a fifth of its ice since 1990.</p>
<p>The survey team, led by the glaciologist Bolat Seitkali, measured the ice with ground radar every spring.</p></article></body></html>`);
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  pagesBase = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  server = await startNextServer({ lancedbUri: index.lancedbUri, corpusDir: index.corpusDir, env: { URL_IMPORT_ALLOW: "127.0.0.1" } });
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  pages?.closeAllConnections();
  await new Promise((resolve) => pages?.close(resolve));
  await index?.cleanup();
});

/** Waits for the newest change on the library page to finish; returns its state. */
async function lastChange(page: Page): Promise<string> {
  const change = page.locator("[data-change-state]").last();
  await page.waitForFunction(() => {
    const all = document.querySelectorAll("[data-change-state]");
    return all.length > 0 && all[all.length - 1].getAttribute("data-change-state") !== "running";
  }, undefined, { timeout: 60_000 });
  return (await change.getAttribute("data-change-state")) ?? "";
}

async function chunkRows(documentId: string): Promise<number> {
  const connection = await lancedb.connect(index.lancedbUri);
  try {
    return await (await connection.openTable("chunks")).countRows(`document_id = '${documentId}'`);
  } finally {
    connection.close();
  }
}

describe("changing the library from /documents", () => {
  it("uploads a 1 MB file that becomes answerable, then deletes it leaving no passage behind", async () => {
    const { page, errors } = await openPage(context);
    const file = path.join(index.root, "zarafshan-observatory.txt");
    await writeFile(file, megabyteArticle());
    await page.goto("/documents");
    const started = Date.now();
    await page.locator('input[type="file"]').setInputFiles(file);
    expect(await lastChange(page)).toBe("done");
    const uploadMs = Date.now() - started;
    const id = documentIdFor("zarafshan-observatory.txt");
    await page.locator(`[data-document-id="${id}"]`).waitFor();

    await openChat(page);
    await page.getByRole("textbox", { name: /your question/i }).fill("Who was the first director of the Zarafshan Star Observatory?");
    await page.getByRole("textbox", { name: /your question/i }).press("Enter");
    const answer = page.locator('[data-role="assistant"][aria-busy="false"]').last();
    await answer.getByRole("button", { name: /copy/i }).waitFor({ timeout: 60_000 });
    const answerableMs = Date.now() - started;
    expect(await answer.innerText()).toContain("Dilnoza Rahimova");
    expect((await chipsWithSentences(answer)).some((chip) => chip.href.includes(`/documents/${id}`))).toBe(true);
    console.info(`library: 1 MB upload indexed in ${uploadMs} ms; answerable (question answered) ${answerableMs} ms after choosing the file`);
    expect(await chunkRows(id)).toBeGreaterThan(0);

    await page.goto("/documents");
    const remove = page.locator(`[data-delete-document="${id}"]`);
    await remove.click();
    await remove.click();
    expect(await lastChange(page)).toBe("done");
    await page.locator(`[data-document-id="${id}"]`).waitFor({ state: "detached" });
    expect(await chunkRows(id)).toBe(0);
    expect(errors).toEqual([]);
  });

  it("adds pasted text and an imported page, and says why a bad file is refused", async () => {
    const { page, errors } = await openPage(context);
    await page.goto("/documents");
    await page.getByRole("tab", { name: "Paste text" }).click();
    await page.getByRole("textbox", { name: "Title" }).fill("Aral Sea Fishing Report");
    await page.getByRole("textbox", { name: "Text" }).fill("Fishermen at Aralsk landed four thousand tonnes of flounder in 2030, the best catch since the northern dam was built.");
    await page.getByRole("button", { name: "Add text" }).click();
    expect(await lastChange(page)).toBe("done");
    await page.getByRole("link", { name: "Aral Sea Fishing Report" }).waitFor();

    await page.getByRole("tab", { name: "Import a web page" }).click();
    await page.getByRole("textbox", { name: "Web address" }).fill(`${pagesBase}/survey`);
    await page.getByRole("button", { name: "Import" }).click();
    expect(await lastChange(page)).toBe("done");
    await page.getByRole("link", { name: "Tien Shan Glacier Survey" }).waitFor();

    await page.getByRole("tab", { name: "Upload files" }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: "blob.txt", mimeType: "text/plain", buffer: Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131) % 256)) });
    expect(await lastChange(page)).toBe("failed");
    await expect.poll(() => page.locator("[data-result=refused]").last().innerText()).toMatch(/Not added: blob\.txt \(binary file/);
    expect(errors).toEqual([]);
  });

  it("refuses a change that arrives through a proxy (another machine) without the admin token", async () => {
    for (const [method, address, body] of [
      ["POST", "/api/library/text", JSON.stringify({ title: "Injected", text: "Anyone could write here." })],
      ["DELETE", `/api/library/documents/${documentIdFor("000_c89aac63a27f4af5.txt")}`, undefined],
    ] as const) {
      const response = await fetch(`${server.baseUrl}${address}`, { method, body, headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7" } });
      expect(response.status).toBe(403);
    }
    const { documents } = (await (await fetch(`${server.baseUrl}/api/documents`)).json()) as { documents: { title: string; source: string }[] };
    expect(documents.some((document) => document.title === "Injected")).toBe(false);
    expect(documents.some((document) => document.source === "000_c89aac63a27f4af5.txt")).toBe(true);
  });
});
