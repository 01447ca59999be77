import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeChunkPages, pageAt } from "../text/pages";
import { cleanArticle, loadArticle } from "./corpus";

const sentence = "Kazakhstan hosted a summit of Central Asian leaders in Astana this week, and trade topped the agenda.";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The smallest .docx mammoth reads: content types, the package relationship, the document, core properties. */
async function buildDocx(paragraphs: string[], core?: { title: string; creator: string }): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  const body = paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`).join("");
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  if (core) {
    zip.file(
      "docProps/core.xml",
      `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(core.title)}</dc:title><dc:creator>${escapeXml(core.creator)}</dc:creator></cp:coreProperties>`,
    );
  }
  return zip.generateAsync({ type: "nodebuffer" });
}

/** Two pages: a paragraph whose word "neighbours" is hyphenated across a line end, a second paragraph, then page two. */
async function buildPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle("Steppe Diplomacy");
  pdf.setAuthor("Aida Nurova");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const first = pdf.addPage([420, 500]);
  const lines: [string, number][] = [
    ["Kazakhstan balances its powerful neigh-", 450],
    ["bours with care, and its trade with Sino-", 436],
    ["American partners keeps growing every year.", 422],
    ["A second paragraph starts after a wider gap.", 390],
  ];
  for (const [text, y] of lines) first.drawText(text, { x: 30, y, size: 11, font });
  const second = pdf.addPage([420, 500]);
  second.drawText("The second page opens a paragraph of its own.", { x: 30, y: 450, size: 11, font });
  return pdf.save();
}

/**
 * Three pages, each with a "- n -" footer: a word hyphenated across the break from page 1 to page
 * 2, a blank page 3, and page 4 opening a new paragraph.
 */
async function buildPagedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = [
    ["The caravan left Otrar at dawn and reached the well of", "the old road by noon, where the drivers rested their camels and neigh-"],
    ["bouring traders joined them for the long crossing of the steppe."],
    [],
    ["At Taraz the merchants sold their silk and bought horses for the journey home."],
  ];
  pages.forEach((lines, index) => {
    const page = pdf.addPage([420, 500]);
    lines.forEach((text, line) => page.drawText(text, { x: 30, y: 450 - 14 * line, size: 10, font }));
    page.drawText(`- ${index + 1} -`, { x: 200, y: 30, size: 9, font });
  });
  return pdf.save();
}

async function buildScannedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([420, 500]);
  // Shapes but no text: what a scan without OCR looks like to a text extractor.
  page.drawRectangle({ x: 20, y: 20, width: 380, height: 460, borderWidth: 2 });
  return pdf.save();
}

describe("documents: .docx and .pdf", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "caravan-documents-"));
    writeFileSync(path.join(dir, "summit.docx"), await buildDocx(["Summit in Astana", sentence, `Second paragraph. ${sentence}`], { title: "Summit in Astana", creator: "Aida Nurova" }));
    writeFileSync(path.join(dir, "bare.docx"), await buildDocx([sentence, `Second paragraph. ${sentence}`]));
    writeFileSync(path.join(dir, "broken.docx"), Buffer.from("PK\u0003\u0004 this is not really a zip file at all"));
    writeFileSync(path.join(dir, "steppe.pdf"), await buildPdf());
    writeFileSync(path.join(dir, "scan.pdf"), await buildScannedPdf());
    writeFileSync(path.join(dir, "paged.pdf"), await buildPagedPdf());
    writeFileSync(path.join(dir, "broken.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage, no xref, no trailer\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const load = (source: string) => loadArticle({ corpusDir: dir, source });

  it("reads a .docx: paragraphs stay paragraphs, title and author from its core properties", async () => {
    const result = await load("summit.docx");
    if (!result.ok) throw new Error(result.skipped.reason);
    expect(result.article).toMatchObject({ title: "Summit in Astana", ownTitle: "Summit in Astana", author: "Aida Nurova" });
    expect(result.article.text.split("\n\n")).toEqual([sentence, `Second paragraph. ${sentence}`]);
  });

  it("reads a .docx without core properties; metadata falls back to the file name", async () => {
    const result = await load("bare.docx");
    if (!result.ok) throw new Error(result.skipped.reason);
    expect(result.article.text.split("\n\n")).toEqual([sentence, `Second paragraph. ${sentence}`]);
    expect(result.article.author).toBe("");
  });

  it("reads a PDF page by page: hyphenation undone, page breaks are paragraph breaks, info title and author", async () => {
    const result = await load("steppe.pdf");
    if (!result.ok) throw new Error(result.skipped.reason);
    expect(result.article).toMatchObject({ title: "Steppe Diplomacy", author: "Aida Nurova" });
    expect(result.article.text.split("\n\n")).toEqual([
      "Kazakhstan balances its powerful neighbours with care, and its trade with Sino-American partners keeps growing every year.",
      "A second paragraph starts after a wider gap.",
      "The second page opens a paragraph of its own.",
    ]);
    expect(result.article.pages).toEqual([{ page: 1, start: 0 }, { page: 2, start: result.article.text.indexOf("The second page") }]);
  });

  it("keeps where each page starts: a word hyphenated across pages is whole, footers and blank pages drop out", async () => {
    const result = await load("paged.pdf");
    if (!result.ok) throw new Error(result.skipped.reason);
    const { text, pages } = result.article;
    expect(text.split("\n\n")).toEqual([
      "The caravan left Otrar at dawn and reached the well of the old road by noon, where the drivers rested their camels and neighbouring traders joined them for the long crossing of the steppe.",
      "At Taraz the merchants sold their silk and bought horses for the journey home.",
    ]);
    // Page 2 begins inside "neighbouring", where its text begins; page 3 holds nothing.
    expect(pages).toEqual([
      { page: 1, start: 0 },
      { page: 2, start: text.indexOf("bouring") },
      { page: 4, start: text.indexOf("At Taraz") },
    ]);
    const encoded = encodeChunkPages(pages, 0, text.length);
    expect(pageAt(encoded, text.indexOf("Otrar"))).toBe(1);
    expect(pageAt(encoded, text.indexOf("traders"))).toBe(2);
    expect(pageAt(encoded, text.indexOf("silk"))).toBe(4);
  });

  it("skips a PDF without a text layer, and corrupt files of each kind, with one-line reasons", async () => {
    expect(await load("scan.pdf")).toMatchObject({ ok: false, skipped: { reason: "no text layer (scanned PDF?)" }, transient: true });
    for (const [source, prefix] of [["broken.docx", "corrupt or unreadable .docx ("], ["broken.pdf", "corrupt or unreadable PDF ("]]) {
      const result = await load(source);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.skipped.reason.startsWith(prefix), result.skipped.reason).toBe(true);
      expect(result.skipped.reason).not.toContain("\n");
    }
  });
});

describe("front matter through the yaml package", () => {
  const body = `\n${sentence}\n`;

  it("reads the fields, lists, quoted values, comments and a repeated key", () => {
    const raw = [
      "---",
      'title: "Summit: Trade Tops the Agenda"  # the headline',
      "date: 2024-05-01",
      "outlet: Kazinform",
      "authors: [Aida Nurova, John Roe]",
      "link: https://example.com/summit",
      "tags:",
      "  nested: ignored",
      "date: 2024-05-02",
      "---",
      body,
    ].join("\n");
    expect(cleanArticle({ raw, format: "md" })).toMatchObject({
      title: "Summit: Trade Tops the Agenda",
      date: "2024-05-02",
      outlet: "Kazinform",
      author: "Aida Nurova, John Roe",
      url: "https://example.com/summit",
      text: sentence,
    });
  });

  it("an author given as a map with a name, and an empty front matter", () => {
    expect(cleanArticle({ raw: `---\nauthor:\n  name: Aida Nurova\n---\n${body}`, format: "md" }).author).toBe("Aida Nurova");
    expect(cleanArticle({ raw: `---\n---\n${body}`, format: "md" }).text).toBe(sentence);
  });

  it("broken front matter is read as text, never a crash", () => {
    for (const inner of ["title: Summit: Trade Tops the Agenda", "title: [unclosed", "- just\n- a list", "title: *undefined_alias"]) {
      const article = cleanArticle({ raw: `---\n${inner}\n---\n${body}`, format: "md" });
      expect(article.text).toContain(sentence);
      expect(article.text).toContain(inner.split("\n")[0].replace(/^- /, ""));
    }
  });
});
