// A generated, text-layer PDF of many pages (pdf-lib): the paged fixture of the ingest tests and
// the PDF benchmark. Each page holds a paragraph naming its own landmark ("the Otrar gate is on
// page 7"), so a test can ask for a page's fact and check the page its citation gives.
import { PDFDocument, StandardFonts } from "pdf-lib";

const landmarks = [
  "Otrar gate", "Taraz bazaar", "Sairam well", "Turkistan mausoleum", "Sauran wall", "Ispijab caravanserai",
  "Kulan pass", "Merke spring", "Balasagun tower", "Suyab fort", "Talgar ford", "Almaty orchard",
];

/** The sentence that names a page's landmark: what a test asks about. */
export function landmarkSentence(page: number): string {
  const landmark = landmarks[(page - 1) % landmarks.length];
  return `The caravan masters agreed that the ${landmark} marked stage ${page} of the route, where every driver paid ${page * 3} silver coins in toll.`;
}

function filler(page: number, line: number): string {
  const verbs = ["loaded", "counted", "watered", "repaired", "sold", "weighed"];
  const goods = ["silk bales", "salt blocks", "copper pots", "wool rugs", "dried apricots", "tea bricks"];
  return `At dawn the drivers ${verbs[(page + line) % 6]} the ${goods[(page * 7 + line) % 6]} and wrote the tally for day ${line + 1} in the ledger.`;
}

/** Words laid out in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A PDF of `pages` pages, about 350 words each, with a page-number footer on every page. */
export async function buildPagedPdf(options: { pages: number }): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle("Ledger of the Silk Road Caravans");
  pdf.setAuthor("Aida Nurova");
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  for (let page = 1; page <= options.pages; page += 1) {
    const sheet = pdf.addPage([595, 842]);
    const paragraphs = [
      Array.from({ length: 8 }, (_, line) => filler(page, line)).join(" "),
      landmarkSentence(page),
      Array.from({ length: 8 }, (_, line) => filler(page, line + 8)).join(" "),
    ];
    let y = 790;
    for (const paragraph of paragraphs) {
      for (const line of wrap(paragraph, 95)) {
        sheet.drawText(line, { x: 50, y, size: 10, font });
        y -= 13;
      }
      y -= 13;
    }
    sheet.drawText(`Page ${page} of ${options.pages}`, { x: 270, y: 30, size: 9, font });
  }
  return pdf.save();
}
