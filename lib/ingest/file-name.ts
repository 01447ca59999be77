// Metadata from where a file sits: its name and its folders. People point Caravan at folders they
// already have, where the name is often the only place the speaker, the year or the headline is
// written: `1863-abraham-lincoln.txt`, `Abraham Lincoln - State of the Union 1863.txt`,
// `2024-08-20 Central Asia's changing trajectory.pdf`, `reuters/2024/some-story.md`.
// It is the last resort: the text's own title line, front matter and HTML meta win (clean.ts).
// Pure string work; nothing is made up, so a name that says nothing (`003_ffec0f4112d3ede8.txt`,
// `scan.txt`) gives nothing.
import { placeEquivalents } from "../text/places";
import { isStopword, stem } from "../text/terms";
import { parseDate } from "./metadata";
import { formatPersonName, givenNames, isPersonName, nameWords } from "./person-names";

export interface PathMetadata {
  title: string;
  /** ISO: YYYY-MM-DD, YYYY-MM or YYYY. */
  date: string;
  author: string;
  outlet: string;
}

/** Years a file or folder name may carry as a date; "100-days" or "0001" are numbers, not years. */
const firstYear = 1500;
const lastYear = 2099;

function yearOf(token: string): string {
  if (!/^\d{4}$/.test(token)) return "";
  const year = Number(token);
  return year >= firstYear && year <= lastYear ? token : "";
}

/** "2024-08-20", "2024_08_20", "20240820", "2024.08.20", "2024-08", "2024" as an ISO date; "" otherwise. */
export function dateOfToken(token: string): string {
  let match = token.match(/^(\d{4})([-_.]?)(\d{2})\2(\d{2})$/);
  if (match && yearOf(match[1])) return parseDate(`${match[1]}-${match[3]}-${match[4]}`);
  match = token.match(/^(\d{4})[-_.](\d{1,2})$/);
  if (match && yearOf(match[1]) && Number(match[2]) >= 1 && Number(match[2]) <= 12) return `${match[1]}-${match[2].padStart(2, "0")}`;
  return yearOf(token);
}

/**
 * Machine-made ids: hex hashes ("ffec0f4112d3ede8"), UUID pieces, long digit runs, tokens mixing
 * letters and digits at random ("a81bc2d9e"). Words like "g20", "covid19" or "2nd" are kept.
 */
export function isIdToken(token: string): boolean {
  const word = token.toLowerCase();
  if (/^\d{5,}$/.test(word)) return true;
  const digits = (word.match(/\d/g) ?? []).length;
  const letters = (word.match(/[a-z]/g) ?? []).length;
  if (/^[0-9a-f]{4,}$/.test(word) && digits > 0 && letters > 0 && (word.length >= 8 || digits >= 2)) return true;
  return word.length >= 8 && digits >= 2 && letters >= 2 && /^[a-z0-9]+$/.test(word) && /\d\D+\d|\D\d+\D/.test(word);
}

/** Names that say nothing about the text: "scan", "document (2)", "untitled", "copy of final". */
const emptyNameWords = new Set(
  "untitled readme document documents doc docs file files text txt article articles page index new copy of final draft scan scanned img image export output download downloaded note notes item misc tmp temp test sample version v".split(
    " ",
  ),
);

/** Words that are not part of a person's name, even after a given name ("George Washington's farewell address"). */
const notNameWords = new Set(
  "the of and a an in on at to for with from by is are was vs how why what who new my our your his her their about after before over under into its this that address speech message report letter interview statement remarks review notes essay story farewell annual inaugural state union news update bridge street avenue road park square hall center centre university college school hospital foundation institute company group day week year".split(
    " ",
  ),
);

const smallTitleWords = new Set("a an and as at but by for from in into nor of on or per the to via vs with".split(" "));

function capitaliseFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Title case for names written all in lower case ("some-story" -> "Some Story"); words written with capitals stay as written. */
function titleCase(words: string[]): string {
  return words
    .map((word, index) => {
      if (/\p{Lu}/u.test(word)) return word;
      if (index > 0 && index < words.length - 1 && smallTitleWords.has(word)) return word;
      return capitaliseFirst(word);
    })
    .join(" ");
}

/** The words that can be a person's name: no possessives, none of the words a title is made of. */
function personWords(words: string[]): string[] | undefined {
  // A one-letter word inside is an initial, not the article "a": "chester-a-arthur".
  const inside = (index: number) => index > 0 && index < words.length - 1 && words[index].length === 1;
  if (words.some((word, index) => /['’]s$/i.test(word) || (notNameWords.has(word.toLowerCase()) && !inside(index)))) return undefined;
  const joined = nameWords(words);
  if (!isPersonName(joined)) return undefined;
  // Four name words read as a title just as easily: only with an initial among them ("William H. Taft Jr.").
  const core = joined.filter((word) => !/^(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|el|jr|sr|ii|iii|iv)\.?$/i.test(word));
  if (core.length === 4 && !core.some((word) => /^\p{L}\.?$/u.test(word))) return undefined;
  return joined;
}

/**
 * Title, date and author from a file name. A leading date (`1863-`, `2024-08-20 `) is the date; a
 * trailing one too (a trailing year stays in the title: "State of the Union 1863"). Parts split by
 * " - " are each a date, a person (`Abraham Lincoln - …`) or title words; "… by John Smith" names
 * the author. A name that is only a person and a year is titled "Abraham Lincoln, 1863".
 */
export function metadataFromFileName(fileName: string): Omit<PathMetadata, "outlet"> {
  const none = { title: "", date: "", author: "" };
  let stemName = fileName.normalize("NFC").replace(/\.[A-Za-z0-9]{1,5}$/, "");
  // Copy markers a file manager adds: "story (1)", "story copy".
  stemName = stemName.replace(/\s*\(\d{1,3}\)$/, "").replace(/[\s_-]+copy(?:[\s_-]*\d{1,3})?$/i, "");
  // UUIDs first: their hyphens would otherwise split them into word-like pieces.
  stemName = stemName.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, " ");
  stemName = stemName.replace(/_/g, " ").replace(/\s+/g, " ").trim();
  if (!stemName) return none;

  let date = "";
  // A leading date, in any of the forms a name uses: "2024-08-20 ", "20240820-", "2024-08_", "1863-".
  for (const form of [/^\d{4}([-.\s]?)\d{2}\1\d{2}(?=$|\D)/, /^\d{4}[-.]\d{1,2}(?=$|\D)/, /^\d{4}(?=$|\D)/]) {
    const leading = stemName.match(form);
    const found = leading ? dateOfToken(leading[0].replace(/\s/g, "-")) : "";
    if (leading && found) {
      date = found;
      stemName = stemName.slice(leading[0].length).replace(/^[\s\-–—.,:|]+/, "");
      break;
    }
  }
  // A leading ordinal: "003_…", "01 - …", "12. …" (not "100 days of …").
  stemName = stemName.replace(/^(?:0\d{0,3}(?=[\s\-.])|\d{1,3}(?=\.\s|\s[-–—]\s))[\s\-–—.]*/, "");
  // A trailing full date: "some-story-2024-08-20", "Story (2024-08-20)".
  const trailing = stemName.match(/(?:^|[\s\-(])(\d{4}[-.]?\d{2}[-.]?\d{2})\)?$/);
  if (trailing && dateOfToken(trailing[1])) {
    date ||= dateOfToken(trailing[1]);
    stemName = stemName.slice(0, stemName.length - trailing[0].length).replace(/[\s\-–—.,:|(]+$/, "");
  }

  // Words apart by spaces ("Abraham Lincoln - State of the Union") or by hyphens ("abraham-lincoln").
  const spaced = stemName.includes(" ");
  const rawParts = spaced ? stemName.split(/\s+[-–—|]\s+/) : [stemName];
  const parts: string[][] = [];
  for (const raw of rawParts) {
    const words = (spaced ? raw.split(" ") : raw.split(/[-.]+/)).map((word) => word.replace(/^[(\[]+|[)\],;:]+$/g, "")).filter(Boolean);
    const kept = words.filter((word) => !isIdToken(word));
    if (kept.length === 0) continue;
    if (kept.length === 1 && dateOfToken(kept[0])) {
      date ||= dateOfToken(kept[0]);
      continue;
    }
    parts.push(kept);
  }

  let author = "";
  let personOnly = false;
  const titleParts: string[][] = [];
  for (const part of parts) {
    let words = part;
    if (!author) {
      // "Abraham Lincoln 1863": a person and a trailing year.
      const year = words.length > 2 ? yearOf(words[words.length - 1]) : "";
      const name = personWords(year ? words.slice(0, -1) : words);
      if (name) {
        author = formatPersonName(name);
        if (year) date ||= year;
        personOnly = true;
        continue;
      }
      // "Central Asia's changing trajectory by Ahmed Khan"
      const by = words.map((word) => word.toLowerCase()).lastIndexOf("by");
      const byName = by > 0 ? personWords(words.slice(by + 1)) : undefined;
      if (byName) {
        author = formatPersonName(byName);
        words = words.slice(0, by);
      }
    }
    titleParts.push(words);
  }
  if (titleParts.length > 0) personOnly = false;

  const meaningful = titleParts.filter((words) => words.some((word) => /\p{L}{2,}/u.test(word) && !emptyNameWords.has(word.toLowerCase())));
  // A trailing year in a title is the date too, and stays in it ("State of the Union 1863"); after
  // words that say nothing ("IMG_2031") it is a number.
  const lastPart = meaningful[meaningful.length - 1];
  if (lastPart && lastPart.length > 1) date ||= yearOf(lastPart[lastPart.length - 1]);

  let title = meaningful
    .map((words) => {
      const lowerOnly = !words.some((word) => /\p{Lu}/u.test(word));
      return spaced && !lowerOnly ? capitaliseFirst(words.join(" ")) : titleCase(words);
    })
    .join(" - ");
  if (personOnly && !title) {
    if (!date) {
      // Only a name ("abraham-lincoln.txt"): a title, but not surely the author (it may be about him).
      return { title: author, date: "", author: "" };
    }
    title = `${author}, ${date}`;
  }
  return { title, date, author };
}

// ---------------------------------------------------------------------------------------------
// Folders

/** Folder names that sort files by kind, state or topic rather than by who published them. */
const genericFolderWords = new Set(
  `articles article docs doc documents document corpus misc miscellaneous other others files file data dataset datasets texts text txt md
  markdown html htm pdf pdfs news papers paper reports report notes note drafts draft archive archives old new inbox downloads download
  saved reading readings sources source clips clippings stories story posts post blog blogs items item content contents input inputs
  raw clean cleaned import imports imported export exports tmp temp test tests sample samples examples example backup backups unsorted
  sorted todo done library collection collections speeches speech essays essay analysis analyses opinion opinions oped opeds op ed eds
  editorials editorial features feature interviews interview transcripts transcript letters letter columns column research references
  reference press releases release statements statement briefings briefing summaries summary translations translated translation
  english en ru zh world local national international regional global politics political economy economics business finance markets
  sport sports tech technology science health culture society environment climate energy security defence defense diplomacy foreign
  affairs policy trade education history media web online digital print publications publication part volume vol chapter section
  asia europe africa america americas eurasia middle east west north south central eastern western northern southern pacific
  atlantic arctic caucasus balkans baltic nordic home my our shared public private personal work`.split(/\s+/),
);
/** Words that make a folder name an outlet's ("astana-times", "eurasia-review", "kazakh-tv"). */
const outletWords = new Set(
  "times post news press herald tribune journal gazette daily weekly review monitor observer guardian telegraph express wire insider magazine tv radio network media agency chronicle standard mail today diplomat courier dispatch bulletin".split(
    " ",
  ),
);

function isDateFolder(name: string): boolean {
  return dateOfToken(name) !== "" || /^\d{1,2}$/.test(name);
}

/** A date from folders: `2024/`, `2024/08/`, `2024/08/20/`, `2024-08/`; the nearest dated folder wins. */
function dateFromFolders(folders: string[]): string {
  for (let i = folders.length - 1; i >= 0; i -= 1) {
    const found = dateOfToken(folders[i]);
    if (!found) continue;
    if (found.length === 4) {
      const month = folders[i + 1]?.match(/^\d{1,2}$/) ? Number(folders[i + 1]) : 0;
      if (month >= 1 && month <= 12) {
        const yearMonth = `${found}-${String(month).padStart(2, "0")}`;
        const day = folders[i + 2]?.match(/^\d{1,2}$/) ? folders[i + 2].padStart(2, "0") : "";
        return (day && parseDate(`${yearMonth}-${day}`)) || yearMonth;
      }
    }
    return found;
  }
  return "";
}

function isPlace(word: string): boolean {
  return placeEquivalents(stem(word.toLowerCase())) !== undefined;
}

/** "reuters" -> "Reuters", "bbc" -> "BBC", "astana-times" -> "Astana Times"; a name written with capitals stays as written. */
function outletName(words: string[]): string {
  if (words.some((word) => /\p{Lu}/u.test(word))) return words.join(" ");
  return words
    .map((word, index) => {
      if (index > 0 && smallTitleWords.has(word)) return word;
      if (word.length <= 2 || (word.length <= 4 && !/[aeiou]/.test(word))) return word.toUpperCase();
      return capitaliseFirst(word);
    })
    .join(" ");
}

/**
 * The outlet a folder names, conservatively: the nearest folder that is not a date or a generic
 * sorting folder (`articles`, `docs`, `corpus`, `misc`, `2024`...) is read as an outlet only when
 * it is a short name that is not a place, a region, a topic or a person: one word (`reuters`), or
 * words with an outlet word (`astana-times`). Anything else (`central-asia`, `energy-security`,
 * `kazakh-diplomacy`) gives no outlet.
 */
function outletFromFolders(folders: string[]): string {
  for (let i = folders.length - 1; i >= 0; i -= 1) {
    const name = folders[i].normalize("NFC").trim();
    if (isDateFolder(name)) continue;
    const words = name.split(/[-_\s]+/).filter(Boolean);
    const lower = words.map((word) => word.toLowerCase());
    if (lower.every((word) => genericFolderWords.has(word) || isStopword(word))) continue;
    if (words.length > 4 || name.length > 40) return "";
    if (!words.every((word) => /^\p{L}[\p{L}&'’.]*$/u.test(word))) return "";
    if (isPersonName(words) || givenNames.has(lower[0])) return "";
    const hasOutletWord = lower.some((word) => outletWords.has(word));
    const content = lower.filter((word) => !outletWords.has(word) && !genericFolderWords.has(word) && !isStopword(word));
    // "The Diplomat", written so: a name; "the-news" or "world-news": a sorting folder.
    const writtenAsName = /^The\s\p{Lu}/u.test(name);
    if (hasOutletWord) return content.length > 0 || writtenAsName ? outletName(words) : "";
    if (words.length !== 1 || words[0].length < 2) return "";
    if (isPlace(words[0]) || isStopword(lower[0])) return "";
    return outletName(words);
  }
  return "";
}

/** Title, date, author and outlet that a file's path (relative to the corpus, forward slashes) supplies. */
export function metadataFromPath(source: string): PathMetadata {
  const segments = source.split("/").filter((segment) => segment !== "" && segment !== ".");
  const fileName = segments.pop() ?? "";
  const fromName = metadataFromFileName(fileName);
  return {
    title: fromName.title,
    date: fromName.date || dateFromFolders(segments),
    author: fromName.author,
    outlet: outletFromFolders(segments),
  };
}
