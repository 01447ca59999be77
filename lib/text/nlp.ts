// Sentences, entities and word tokens on top of wink-nlp. Pure (no fs, no keys): safe anywhere.
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { SentenceSpan } from "@/lib/types";
import { boundedSegments, isWhitespace } from "./runs";

type Wink = ReturnType<typeof winkNLP>;

let instance: Wink | undefined;
let sentenceInstance: Wink | undefined;

// Loading the model costs ~100 ms; pay it once per process, and only when text is first read.
function wink(): Wink {
  instance ??= winkNLP(model);
  return instance;
}

/**
 * wink with its sentence-boundary pipe alone. wink runs its pipes in order after tokenizing and
 * sentence boundaries come first, so entities, negation, sentiment and part-of-speech tags (which
 * never move a boundary) are work splitting does not need: without them a paragraph reads in about
 * half the time, with the same sentences. Ingest splits every article, so this is most of its cost.
 */
function sentenceWink(): Wink {
  sentenceInstance ??= winkNLP(model, ["sbd"]);
  return sentenceInstance;
}

interface TokenInfo {
  value: string;
  start: number;
  end: number;
  type: string;
  pos: string;
}

type Doc = ReturnType<Wink["readDoc"]>;

/**
 * Token offsets into `text`. wink keeps each token's preceding whitespace, so offsets follow by
 * accumulation; the indexOf re-sync guards against any model that ever normalises a character.
 */
function tokenOffsets(text: string, values: string[], spaces: string[]): { start: number; end: number }[] {
  const offsets: { start: number; end: number }[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    let start = cursor + spaces[i].length;
    if (!text.startsWith(value, start)) {
      const found = text.indexOf(value, cursor);
      start = found === -1 ? start : found;
    }
    const end = Math.min(text.length, start + value.length);
    offsets.push({ start, end });
    cursor = end;
  }
  return offsets;
}

/** Tokens with their offsets, types and part-of-speech tags (the full pipeline). */
function readTokens(text: string): { tokens: TokenInfo[]; doc: Doc } {
  const nlp = wink();
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const types = doc.tokens().out(its.type) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const offsets = tokenOffsets(text, values, doc.tokens().out(its.precedingSpaces) as string[]);
  const tokens = offsets.map((offset, i) => ({ value: values[i], ...offset, type: types[i], pos: tags[i] }));
  return { tokens, doc };
}

// Closers that belong to the sentence before them when wink leaves them stranded.
const strandedCloser = /^[\s"'”’)\]}»]+$/;
// Abbreviations after which a split is almost always wrong when the next word is not a new sentence.
const abbreviation =
  /(?:^|[\s("'])(?:[A-Z]\.){2,}$|(?:^|[\s("'])(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Gen|Col|Lt|Sgt|Rev|Hon|Gov|Sen|Rep|Pres|Amb|No|Nos|Vol|pp|Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|approx|e\.g|i\.e)\.$/;
// Titles that are always followed by a name: a split after them is always wrong ("Lieut. Col. George W.
// Goethals", "Brig. Gen. Frank R. McCoy" in the older messages).
const titleAbbreviation = /(?:^|[\s("'])(?:Mr|Mrs|Ms|Messrs|Dr|Prof|St|Gen|Col|Lt|Lieut|Capt|Maj|Brig|Adm|Comdr|Cmdr|Sgt|Rev|Hon|Amb|Supt|No)\.$/;

function shouldJoin(previous: string, next: string): boolean {
  if (strandedCloser.test(next)) return true;
  if (titleAbbreviation.test(previous)) return true;
  // A real sentence starts with a capital, a digit, a quote or a bracket; lowercase means a false stop.
  if (/^[("'\s]*\p{Ll}/u.test(next)) return true;
  return abbreviation.test(previous) && /^[("'\s]*\d/.test(next);
}

const paragraphBreak = /\n[ \t\r\f\v]*\n/g;

/** Paragraph ranges: a blank line always ends a sentence, whatever the model thinks. */
function paragraphs(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let cursor = 0;
  for (const match of text.matchAll(paragraphBreak)) {
    ranges.push({ start: cursor, end: match.index });
    cursor = match.index + match[0].length;
  }
  ranges.push({ start: cursor, end: text.length });
  return ranges;
}

/**
 * Sentences with exact offsets: `text.slice(s.start, s.end) === s.text`, whitespace trimmed out.
 * wink's tokenizer takes time quadratic in the length of a run without whitespace, so a run longer
 * than `longestRun` (a pasted blob, "ab-ab-ab-…") never reaches it: it comes back cut into
 * sentences of its own. Ordinary text (any real article) goes to wink one paragraph at a time.
 */
export function splitSentences(text: string): SentenceSpan[] {
  return sentencesBy(text, splitSegment);
}

/** "[Applause]", "[Laughter]": a transcript's note of the audience, no part of what was said. */
const stageDirections = "(?:\\s*\\[(?:applause|laughter|cheers|cheering|boos|booing|inaudible|crosstalk)[^\\]\\n]{0,20}\\]\\s*)+";
const openingStage = new RegExp(`^${stageDirections}`, "i");
const closingStage = new RegExp(`${stageDirections}$`, "i");

/**
 * The sentence without the audience notes at its ends ("[Applause] Mayor Street has encouraged…"
 * is one sentence to the splitter): the offsets move with the text, so a citation opens the words
 * said. Empty text when the sentence was only a note.
 */
export function withoutStageDirections(span: SentenceSpan): SentenceSpan {
  const opening = openingStage.exec(span.text)?.[0].length ?? 0;
  const rest = span.text.slice(opening);
  const closing = closingStage.exec(rest)?.[0].length ?? 0;
  if (opening === 0 && closing === 0) return span;
  return { text: rest.slice(0, rest.length - closing), start: span.start + opening, end: span.end - closing };
}

/** The sentences wink gives when it reads every paragraph whole: what `splitSentences` must equal. Exported for tests. */
export function winkSentences(text: string): SentenceSpan[] {
  return sentencesBy(text, splitWithWink);
}

type SegmentSplitter = (text: string, range: { start: number; end: number }, sentences: SentenceSpan[]) => void;

function sentencesBy(text: string, split: SegmentSplitter): SentenceSpan[] {
  const sentences: SentenceSpan[] = [];
  for (const range of paragraphs(text)) {
    for (const segment of boundedSegments(text, range.start, range.end)) {
      if (segment.verbatim) sentences.push({ text: text.slice(segment.start, segment.end), start: segment.start, end: segment.end });
      else split(text, segment, sentences);
    }
  }
  return sentences;
}

/**
 * A boundary wink always places and the joining rules never undo: a word of two or more ASCII
 * letters or digits that wink reads as the word and a full stop (not an abbreviation), one of
 * . ! ?, one space, and a capitalised word. Where the text between two such boundaries holds no
 * other sentence mark or line break, it is one sentence and wink need not read it: wink's
 * tokenizer was most of ingest's cost, and ~90% of prose (by characters, SOTU) is such sentences.
 * The rest (abbreviations, initials, numbers with points, "…") goes to wink as before, so the
 * sentences are exactly wink's over the whole paragraph: the same on all 63,374 sentences of the
 * SOTU speeches and the seed articles, and `nlp.test.ts` compares the two on hard cases.
 */
const sureBoundary = /(?<=(?:^|[ \t])([A-Za-z0-9]{2,}))[.!?](?= [A-Z][A-Za-z]*[ ,;:'’])/g;
/** Characters that may place a boundary inside a piece (sentence marks, line and page breaks): such a piece goes to wink. */
const undecided = /[.!?…\n\r\f\v\u2028\u2029]/;

/**
 * Whether `word.` is the word and a full stop to wink: it reads some words with their point as one
 * abbreviation token ("ill." for Illinois, "mass.", "etc."), which may or may not end a sentence.
 * Asked of wink's tokenizer once per word, the new words of a paragraph in one reading: wink
 * tokenizes each space-separated piece on its own, and one reading per word cost ~30 µs each.
 */
const plainStop = new Map<string, boolean>();

function learnPlainStops(words: string[]): void {
  const unknown = [...new Set(words.filter((word) => !plainStop.has(word)))];
  if (unknown.length === 0) return;
  if (plainStop.size > 100_000) plainStop.clear();
  const nlp = sentenceWink();
  const values = nlp.readDoc(unknown.map((word) => `${word}.`).join(" ")).tokens().out(nlp.its.value) as string[];
  let at = 0;
  for (const word of unknown) {
    if (values[at] === word && values[at + 1] === ".") {
      plainStop.set(word, true);
      at += 2;
    } else if (values[at] === `${word}.`) {
      plainStop.set(word, false);
      at += 1;
    } else {
      // Read some other way: never guess, wink decides every boundary after it.
      for (const rest of unknown.slice(unknown.indexOf(word))) if (!plainStop.has(rest)) plainStop.set(rest, false);
      return;
    }
  }
}

function splitSegment(text: string, range: { start: number; end: number }, sentences: SentenceSpan[]): void {
  let pieceStart = range.start;
  const paragraph = text.slice(range.start, range.end);
  const matches = [...paragraph.matchAll(sureBoundary)];
  learnPlainStops(matches.map((match) => match[1]));
  for (const match of matches) {
    const word = match[1];
    // The joining rules' abbreviations ("No.", "Gen.") stay wink's and theirs to decide.
    if (!plainStop.get(word) || titleAbbreviation.test(` ${word}.`) || abbreviation.test(` ${word}.`)) continue;
    const end = range.start + match.index + 1;
    splitPiece(text, { start: pieceStart, end }, sentences);
    pieceStart = end;
  }
  splitPiece(text, { start: pieceStart, end: range.end }, sentences);
}

function splitPiece(text: string, range: { start: number; end: number }, sentences: SentenceSpan[]): void {
  let start = range.start;
  let end = range.end;
  while (start < end && isWhitespace(text.charCodeAt(start))) start += 1;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end -= 1;
  if (end <= start) return;
  // The piece's own closing mark may stand at its end; any other goes to wink.
  const last = text[end - 1];
  const body = last === "." || last === "!" || last === "?" ? text.slice(start, end - 1) : text.slice(start, end);
  if (!undecided.test(body)) {
    sentences.push({ text: text.slice(start, end), start, end });
    return;
  }
  splitWithWink(text, { start, end }, sentences);
}

function splitWithWink(text: string, range: { start: number; end: number }, sentences: SentenceSpan[]): void {
  const nlp = sentenceWink();
  const paragraph = text.slice(range.start, range.end);
  if (paragraph.trim() === "") return;
  const doc = nlp.readDoc(paragraph);
  // Only what places the sentences: values and the spaces before them (no types or tags).
  const tokens = tokenOffsets(paragraph, doc.tokens().out(nlp.its.value) as string[], doc.tokens().out(nlp.its.precedingSpaces) as string[]);
  if (tokens.length === 0) return;
  const spans = doc.sentences().out(nlp.its.span) as unknown as [number, number][];
  const local: { start: number; end: number }[] = [];
  for (const [first, last] of spans) {
    if (first > last || !tokens[first] || !tokens[last]) continue;
    const piece = { start: tokens[first].start, end: tokens[last].end };
    const previous = local.at(-1);
    if (
      previous &&
      shouldJoin(paragraph.slice(previous.start, previous.end), paragraph.slice(piece.start, piece.end))
    ) {
      previous.end = piece.end;
    } else {
      local.push(piece);
    }
  }
  for (const piece of local) {
    // Line breaks inside a paragraph are not boundaries, but the span must not start or end on one.
    const raw = paragraph.slice(piece.start, piece.end);
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    const start = range.start + piece.start + lead;
    const end = range.start + piece.end - trail;
    if (end > start) sentences.push({ text: text.slice(start, end), start, end });
  }
}

/** Tokens with their part of speech (NOUN, PROPN, ADJ, VERB, AUX, ADP…): for short texts such as a question. */
export function taggedTokens(text: string): { text: string; pos: string; start: number; end: number }[] {
  return readTokens(text).tokens.map((token) => ({ text: token.value, pos: token.pos, start: token.start, end: token.end }));
}

const itemParts = new Set(["NOUN", "PROPN", "ADJ", "NUM"]);
/** Prepositions that may join an item's words once: "freedom of speech", "freedom from fear". */
const itemJoins = /^(?:of|from|for|to|on|in|with)$/i;

/**
 * The lists a sentence names, "terrorism, separatism, and extremism" or "China, Russia, and the
 * United States": items of nouns, names and adjectives (up to four words each, the last after
 * "and"/"or"), by wink-nlp's parts of speech, in text order, with their offsets and item counts.
 */
export function enumerations(text: string): { start: number; end: number; items: number }[] {
  const found: { start: number; end: number; items: number }[] = [];
  const tokens = readTokens(text).tokens;
  const isItemWord = (index: number) => tokens[index] !== undefined && (itemParts.has(tokens[index].pos) || tokens[index].value === "-");
  // "freedom of speech, security of a livelihood": an item may join two of its words with a
  // preposition, once; the word after it is the preposition's object even when wink reads a verb
  // ("freedom from want"). Only a list of three or more whose every item does so is read that way:
  // an "of" is more often a phrase around the list ("the sale of arms, ammunition and explosives",
  // "the rise of nationalism and populist movements in many countries").
  const isJoin = (index: number) => tokens[index] !== undefined && itemJoins.test(tokens[index].value);
  const isDeterminer = (index: number) => tokens[index] !== undefined && /^(?:a|an|the)$/i.test(tokens[index].value);
  /** How many tokens before `index` (a word of an item) a join takes in: "of", "of a"; 0 for none. */
  const joinBefore = (index: number) => (isJoin(index - 1) ? 1 : isDeterminer(index - 1) && isJoin(index - 2) ? 2 : 0);
  const isObject = (index: number) => tokens[index] !== undefined && (isItemWord(index) || tokens[index].pos === "VERB");
  /** The item ending at `last` (inclusive), walking back: its first token's index and whether it joins, or undefined. */
  const itemBack = (last: number, joins: boolean) => {
    if (!isItemWord(last) && !(joins && isObject(last) && joinBefore(last) > 0)) return undefined;
    let first = last;
    let joined = false;
    for (;;) {
      const join = joins && !joined ? joinBefore(first) : 0;
      if (first - 1 >= 0 && isItemWord(first - 1) && last - first < 3 + (joined ? 3 : 0)) first -= 1;
      else if (join > 0 && isItemWord(first - join - 1) && last - first < 3) {
        first -= join + 1;
        joined = true;
      } else break;
    }
    if (!isItemWord(first)) return undefined;
    if (first - 1 >= 0 && /^the$/i.test(tokens[first - 1].value)) first -= 1;
    return { first, joined };
  };
  /** The list around the conjunction at `conjunction`, its items read with or without joins. */
  const listAt = (conjunction: number, joins: boolean) => {
    // The last item: "the United States", "customs facilitation", "freedom from fear".
    let after = conjunction + 1;
    if (tokens[after] && /^the$/i.test(tokens[after].value)) after += 1;
    let end = after;
    let joined = 0;
    for (;;) {
      if (isItemWord(end) && end - after < 4 + (joined ? 3 : 0)) end += 1;
      else if (joins && !joined && end > after && end - after < 4 && isJoin(end) && (isObject(end + 1) || (isDeterminer(end + 1) && isItemWord(end + 2)))) {
        end += isObject(end + 1) ? 2 : 3;
        joined = 1;
      } else break;
    }
    if (end === after) return undefined;
    // Back from the conjunction: ", item" pairs ("terrorism, separatism,").
    let cursor = tokens[conjunction - 1]?.value === "," ? conjunction - 2 : conjunction - 1;
    let items = 0;
    let start = -1;
    for (;;) {
      const item = itemBack(cursor, joins);
      if (!item) break;
      items += 1;
      joined += item.joined ? 1 : 0;
      start = item.first;
      if (tokens[item.first - 1]?.value !== ",") break;
      cursor = item.first - 2;
    }
    return items >= 1 ? { start: tokens[start].start, end: tokens[end - 1].end, items: items + 1, joined } : undefined;
  };
  for (let conjunction = 0; conjunction < tokens.length; conjunction += 1) {
    if (!/^(and|or)$/i.test(tokens[conjunction].value)) continue;
    const plain = listAt(conjunction, false);
    const joined = listAt(conjunction, true);
    const list = joined && joined.items >= 3 && joined.joined === joined.items && joined.items >= (plain?.items ?? 0) ? joined : plain;
    if (list) found.push({ start: list.start, end: list.end, items: list.items });
  }
  const titled = titledList(text);
  if (titled && !found.some((list) => list.start < titled.end && titled.start < list.end)) found.push(titled);
  return found.sort((a, b) => a.start - b.start);
}

/** A name an item opens on, after an optional determiner: "a Roadmap", "the \"Middle Corridor\"", "an Action Plan". */
const itemName = String.raw`(?:(?:a|an|the)\s+)?["“]?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*`;

/** After a comma, the opening of a named item: "a Roadmap", "and an Action Plan", "the \"Middle Corridor\"". */
const titledItem = new RegExp(String.raw`^,\s+(and\s+|or\s+)?` + itemName, "u");

/** Within an item, "and"/"or" opening the last one without a comma: "… for 2025-2027 and an Action Plan". */
const closingItem = new RegExp(String.raw`\s(?:and|or)\s+` + itemName, "u");

/**
 * A list whose items are too long for the walk above, each a capitalised name after a comma (and a
 * determiner), the last after "and"/"or": "the Concept for the development of regional cooperation
 * "Central Asia 2040", a Roadmap for … 2025-2027 and an Action Plan for …". From the first item's
 * name to the last item's, with the count of items.
 */
function titledList(text: string): { start: number; end: number; items: number } | undefined {
  const commas = [...text.matchAll(/,/g)].map((found) => found.index);
  for (let first = 0; first < commas.length; first += 1) {
    let last = -1;
    let items = 1;
    for (let at = first; at < commas.length; at += 1) {
      const item = titledItem.exec(text.slice(commas[at]));
      if (!item) break;
      items += 1;
      if (item[1]) {
        last = commas[at] + item[0].length;
        break;
      }
      // The last item may follow "and" inside this one's stretch, before the next comma.
      const stretch = text.slice(commas[at] + item[0].length, commas[at + 1] ?? text.length);
      const closing = closingItem.exec(stretch);
      if (closing) {
        items += 1;
        last = commas[at] + item[0].length + closing.index + closing[0].length;
        break;
      }
    }
    if (last === -1 || items < 3) continue;
    // The first item: the nearest capitalised name after a determiner before the first comma.
    const before = text.slice(Math.max(0, commas[first] - 160), commas[first]);
    const opening = [...before.matchAll(/\b(?:a|an|the)\s+["“]?\p{Lu}/gu)].at(-1);
    if (!opening) continue;
    return { start: commas[first] - before.length + opening.index, end: last, items };
  }
  return undefined;
}

/** The first list of `minimumItems` or more items a sentence names (see `enumerations`), or undefined. */
export function enumerationSpan(text: string, minimumItems = 3): { start: number; end: number } | undefined {
  const list = enumerations(text).find((candidate) => candidate.items >= minimumItems);
  return list && { start: list.start, end: list.end };
}

/** Lowercased word and number tokens, punctuation dropped; clitics such as "'s" are not words. */
export function tokenizeWords(text: string): string[] {
  const nlp = wink();
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(nlp.its.normal) as string[];
  const words: string[] = [];
  for (const value of values) {
    if (!/[\p{L}\p{N}]/u.test(value)) continue;
    if (/^['’]/.test(value)) continue;
    words.push(value.toLowerCase());
  }
  return words;
}

export interface EntityCount {
  text: string;
  type: string;
  count: number;
}

// Lowercase words allowed inside a name when capitalised words stand on both sides of them.
const nameConnectors = new Set(["of", "and", "for", "the", "on", "de", "du", "la", "al"]);
// Capitalised words that open sentences or honour people, never names on their own.
const notNames = new Set([
  "the", "a", "an", "this", "that", "these", "those", "it", "its", "in", "on", "at", "for", "by", "as",
  "but", "and", "or", "if", "while", "when", "with", "from", "to", "of", "after", "before", "since",
  "however", "meanwhile", "moreover", "although", "interestingly", "therefore", "thus", "today", "tonight", "tomorrow", "yesterday",
  "here", "there", "such", "both", "each", "other", "another", "all", "some", "many", "we", "he", "she",
  "they", "our", "their", "his", "her", "mr", "mrs", "ms", "dr", "president", "prime", "minister",
  "whilst", "hence", "accordingly", "nevertheless", "nonetheless", "notwithstanding", "furthermore", "besides", "indeed",
  "perhaps", "unless", "until", "though", "whereas", "wherefore", "hitherto", "henceforth", "likewise", "instead",
  "yet", "then", "now", "also", "again", "finally", "lastly", "upon", "within", "without", "because", "where",
]);
/**
 * Shapes of common words, not names, when one stands alone at a sentence's start: -ed, -ous,
 * -ions, -ances… (not -ing nor -ly: "Harding", "Kelly"; nor -red: "Alfred").
 */
const openerShape = /^\p{Lu}\p{Ll}{2,}(?:[^er\W]ed|ied|ous|ive|ful|able|ible|ions|ances|ences|ments|ities|ness|nesses)$/u;
// wink's lite model names numbers, dates and money; those are the entity types worth counting.
// (DURATION and CARDINAL are left out: "30 years" comes back as "years", bare numbers say nothing.)
const usefulEntityTypes = new Set(["DATE", "MONEY", "PERCENT"]);

function isCapitalised(value: string): boolean {
  return /^\p{Lu}/u.test(value) && /\p{L}/u.test(value);
}

/**
 * Names (runs of capitalised words such as "Shanghai Cooperation Organization") and wink's
 * numeric entities (dates, money), counted and ranked by frequency then first appearance.
 */
export function extractEntities(text: string, limit = 20): EntityCount[] {
  const nlp = wink();
  const counts = new Map<string, EntityCount & { first: number }>();
  const add = (value: string, type: string, position: number) => {
    const key = `${type}\u0000${value.toLowerCase()}`;
    const known = counts.get(key);
    if (known) known.count += 1;
    else counts.set(key, { text: value, type, count: 1, first: position });
  };

  for (const sentence of splitSentences(text)) {
    const { tokens, doc } = readTokens(sentence.text);
    for (const entity of doc.entities().out(nlp.its.detail) as unknown as { value: string; type: string }[]) {
      if (usefulEntityTypes.has(entity.type)) add(entity.value, entity.type, sentence.start);
    }
    let run: TokenInfo[] = [];
    const flush = () => {
      // A run may not end on a connector ("Bank of"), nor start on a sentence opener ("The").
      while (run.length > 0 && !isCapitalised(run[run.length - 1].value)) run.pop();
      while (run.length > 0 && notNames.has(run[0].value.toLowerCase())) run.shift();
      if (run.length > 0) {
        const first = run[0];
        const last = run[run.length - 1];
        const value = sentence.text.slice(first.start, last.end);
        const single = run.length === 1;
        // A lone capitalised word is a name only when tagged as a noun; an opener ("Located", "Here") is not.
        // A sentence may open on a participle, an adverb or a plural noun that wink reads as a name
        // because it is capitalised there ("Unexpected …", "Imputed to …", "Circumstances have …").
        const opener = single && ((first.pos !== "PROPN" && (first.start === 0 || first.pos !== "NOUN")) || (first.start === 0 && openerShape.test(first.value)));
        if (!opener && value.length > 1) add(value, "NAME", sentence.start + first.start);
      }
      run = [];
    };
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i];
      const glued = run.length > 0 && token.start === run[run.length - 1].end;
      // The pronoun "I" is capitalised but names nobody: "Tonight I propose…" holds no name.
      if (token.value === "I") {
        flush();
      } else if (isCapitalised(token.value) && token.type === "word") {
        run.push(token);
      } else if (
        run.length > 0 &&
        nameConnectors.has(token.value.toLowerCase()) &&
        tokens[i + 1] !== undefined &&
        isCapitalised(tokens[i + 1].value)
      ) {
        run.push(token);
      } else if (glued && token.value === "-" && tokens[i + 1] && tokens[i + 1].start === token.end) {
        run.push(token);
      } else {
        flush();
      }
    }
    flush();
  }

  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, limit)
    .map(({ text: value, type, count }) => ({ text: value, type, count }));
}

export interface EntitySpan {
  text: string;
  /** wink-nlp's type (DATE, MONEY, PERCENT, CARDINAL, ORDINAL, DURATION, TIME…) or NAME for a capitalised run. */
  type: string;
  /** Offsets in the text given. */
  start: number;
  end: number;
}

/** A ruler named by title and realm: "the King of Prussia", "His Majesty the King of the Netherlands". */
const sovereignTitle =
  /\b(?:(?:His|Her)\s+(?:Imperial\s+|Royal\s+|Britannic\s+|Catholic\s+|Most\s+Christian\s+)?Majesty\s+(?:the\s+)?)?(?:King|Queen|Emperor|Empress|Sultan|Shah|Czar|Tsar|Kaiser|Khedive|Bey|Dey|Pasha|Regent|Prince|Princess|Grand\s+Duke|Duke)\s+of\s+(?:the\s+)?\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?/gu;

/** Every entity of one sentence-sized text, with its offsets: what an answer span can be made of. */
export function entitySpans(text: string): EntitySpan[] {
  const nlp = wink();
  const doc = nlp.readDoc(text);
  const found: EntitySpan[] = [];
  const locate = (value: string, type: string) => {
    let from = 0;
    for (;;) {
      const start = text.indexOf(value, from);
      if (start === -1) return;
      const end = start + value.length;
      if (!found.some((other) => other.type === type && other.start === start)) {
        found.push({ text: value, type, start, end });
        return;
      }
      from = end;
    }
  };
  for (const entity of doc.entities().out(nlp.its.detail) as unknown as { value: string; type: string }[]) {
    // wink's value is normalised (lower case, spaces); the surface form is what the text holds.
    const surface = new RegExp(entity.value.split(/\s+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*"), "i").exec(text);
    if (surface) locate(surface[0], entity.type);
  }
  for (const name of extractEntities(text, 50)) if (name.type === "NAME") locate(name.text, "NAME");
  // "the Emperor of Russia", "His Majesty the King of the Netherlands": a ruler named by title and
  // realm is one name, though no word of it is a given name.
  // It replaces the shorter names found inside it ("King", "Netherlands").
  for (const match of text.matchAll(sovereignTitle)) {
    const start = match.index;
    const end = start + match[0].length;
    for (let i = found.length - 1; i >= 0; i -= 1) if (found[i].type === "NAME" && found[i].start >= start && found[i].end <= end) found.splice(i, 1);
    found.push({ text: match[0], type: "NAME", start, end });
  }
  // wink reads "4 percentage points" as the bare count 4; it is a share.
  for (const entity of found) {
    const unit = entity.type === "CARDINAL" ? /^\s+(?:percentage points?|per ?cent|percent)\b/i.exec(text.slice(entity.end)) : null;
    if (unit) Object.assign(entity, { type: "PERCENT", end: entity.end + unit[0].length, text: text.slice(entity.start, entity.end + unit[0].length) });
  }
  // "MORTALITY RATE PER", "GROWING ECONOMY BASIC POLICIES First": a heading in capitals run into the
  // text is no name (one capitalised word may be an acronym: "NATO").
  return found.filter((entity) => entity.type !== "NAME" || (entity.text.match(/\b\p{Lu}{3,}\b/gu) ?? []).length < 2).sort((a, b) => a.start - b.start);
}

/** How strongly a sentence's words lean positive or negative, -1..1 (wink-nlp's lexicon sentiment; 0 for neutral). */
export function sentenceSentiment(text: string): number {
  const nlp = wink();
  return nlp.readDoc(text).out(nlp.its.sentiment) as unknown as number;
}
