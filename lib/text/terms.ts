// Pure word-level helpers shared by the answer engines: content terms, light stemming, overlap.
// A regex tokenizer (not wink-nlp) on purpose: these run on every candidate sentence and every
// citation check, where speed and exact reproducibility matter more than linguistic finesse.
import porterStem from "wink-porter2-stemmer";

const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are aren't as at be because been before being below " +
    "between both but by can could did do does doing don't down during each few for from further had has have having " +
    "he her here hers herself him himself his how i if in into is isn't it it's its itself just let's me more most " +
    "my myself no nor not now of off on once only or other ought our ours ourselves out over own same she should so " +
    "some such than that that's the their theirs them themselves then there there's these they this those through " +
    "to too under until up very was wasn't we were what what's when where which while who whom whose why will with " +
    "would you your yours yourself yourselves " +
    // Question and instruction words: they shape a question but never match the answer.
    "tell give show explain describe please know say says said according article articles text passage passages " +
    "summarize summarise summary compare comparison mention mentions mentioned kind sort type name names named " +
    "one ones many much may might must shall within without yet however thus hence whether etc via per " +
    // Contractions: "they're both into…" asks nothing about "they're".
    "i'm i've i'd i'll you're you've you'd you'll he's he'd he'll she's she'd she'll we're we've we'd we'll they're " +
    "they've they'd they'll who's who'd who'll where's when's how's why's here's can't won't didn't doesn't weren't " +
    "haven't hasn't hadn't couldn't wouldn't shouldn't"
  )
    .split(/\s+/)
    // Typographic apostrophes too: "they’re".
    .flatMap((word) => [word, word.replace("'", "’")]),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lowercased words, possessive "'s" removed; hyphenated words split ("multi-vector" -> multi, vector). */
export function words(text: string): string[] {
  // "U.S.", "US" (capitals: not the pronoun) and "United States" are one word, "usa", so the country survives.
  let lower = (text.includes("U") ? text.replace(unitedStates, "usa") : text).toLowerCase();
  // "Set up" and "established", "took part" and "attended": a phrasal verb is one word, the same
  // one the single verb of that meaning gives, on the question's side and the article's alike.
  if (phrasalCue.test(lower)) for (const [pattern, verb] of phrasalVerbs) lower = lower.replace(pattern, verb);
  // "Native Americans" and "American Indians" are the "Indians" of older texts: a reader's word
  // and the speech's are one term.
  if (lower.includes("american")) lower = lower.replace(nativeAmericans, (phrase) => (phrase.endsWith("s") ? "indians" : "indian"));
  // The same words as WORD finds; for plain ASCII text (most English) a byte-class regex is ~2x
  // faster than Unicode property classes, and ingest and the answer engines tokenize every sentence.
  const found = (ASCII_ONLY.test(lower) ? lower.match(ASCII_WORD) : lower.match(WORD)) ?? [];
  return found.map((word) => (word.endsWith("'s") || word.endsWith("’s") ? word.slice(0, -2) : word));
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Phrasal verbs with one plain meaning, as the single verb of that meaning (stemmed alike). */
const phrasalVerbs: [RegExp, string][] = [
  [/\bset(?:s|ting)? up\b/g, "establish"],
  [/\b(?:take|takes|took|taking|taken) part\b/g, "participate"],
  [/\bcarr(?:y|ies|ied|ying) out\b/g, "conduct"],
  [/\bput(?:s|ting)? forward\b/g, "propose"],
  [/\bturn(?:s|ed|ing)? down\b/g, "reject"],
  [/\bstep(?:s|ped|ping)? down\b/g, "resign"],
  [/\bpull(?:s|ed|ing)? out\b/g, "withdraw"],
  [/\blook(?:s|ed|ing)? into\b/g, "investigate"],
];
const phrasalCue = /\b(?:up|part|out|forward|down|into)\b/;
const nativeAmericans = /\bnative[\s-]+americans?\b|\bamerican[\s-]+indians?\b/g;
const unitedStates = /\bU\.S\.(?:A\.)?|\bUSA?\b|\bUnited States(?: of America)?\b/g;

/**
 * British spellings meet American ones: "centre"/"center", "organisation"/"organization",
 * "labour"/"labor", "defence"/"defense", "analyse"/"analyze". Words only; suffixes come after.
 */
const spellingVariants = new Map(
  Object.entries({
    centre: "center", centres: "centers", theatre: "theater", theatres: "theaters", metre: "meter", metres: "meters",
    litre: "liter", litres: "liters", fibre: "fiber", calibre: "caliber", spectre: "specter", sombre: "somber",
    defence: "defense", offence: "offense", licence: "license", pretence: "pretense",
    programme: "program", programmes: "programs", catalogue: "catalog", dialogue: "dialog", dialogues: "dialogs",
  }),
);
const ourWords = /^(labo|favo|hono|colo|neighbo|behavio|harbo|rumo|vigo|humo|flavo|savo|endeavo|armo|odo|valo|vapo|parlo|splendo|cando|fervo|rigo|tumo)ur(s|ed|ing|able|ably|ite|ites|hood|hoods)?$/;

function commonSpelling(word: string): string {
  const known = spellingVariants.get(word);
  if (known) return known;
  if (ourWords.test(word)) return word.replace("our", "or");
  // -ize/-yze and -ise/-yse: words ending so are nearly all of the one class ("size", "prize" and "seize" aside).
  if (word.length > 5 && !/^(seiz|capsiz|prize)/.test(word)) return word.replace(/([iy])z(e|ed|es|ing|ation|ations|er|ers)$/, "$1s$2");
  return word;
}
const ASCII_WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/**
 * A light suffix stripper: enough to meet "visits"/"visit", "approved"/"approve", "countries"/"country".
 * Both sides of every comparison go through it, so over-stemming only has to be consistent.
 */
export function stem(word: string): string {
  let result = commonSpelling(word);
  if (result.length <= 3 || /^\d/.test(result)) return result;
  if (result.endsWith("ies") && result.length > 4) result = `${result.slice(0, -3)}y`;
  else if (result.endsWith("sses")) result = result.slice(0, -2);
  else if (result.endsWith("s") && !/(ss|us|is)$/.test(result)) result = result.slice(0, -1);
  if (result.endsWith("ing") && result.length > 5) result = result.slice(0, -3);
  else if (result.endsWith("ed") && result.length > 4) result = result.slice(0, -2);
  else if (result.endsWith("ly") && result.length > 5) result = result.slice(0, -2);
  if (result.endsWith("e") && result.length > 4) result = result.slice(0, -1);
  return result;
}

const roots = new Map<string, string>();

/**
 * The Porter2 root of a light stem: "independent" and "independence" (light stems "independent",
 * "independenc") share "independ", "investment" and "invest" share "invest". The light stem keeps
 * index terms readable; the root only decides whether two forms of one word family meet. The
 * stem lost its final "e", so the root is taken with and without it, whichever is shorter.
 */
export function wordRoot(light: string): string {
  let root = roots.get(light);
  if (root === undefined) {
    const plain = porterStem(light);
    const withE = porterStem(`${light}e`);
    root = withE.length < plain.length ? withE : plain;
    if (roots.size > 50_000) roots.clear();
    roots.set(light, root);
  }
  return root;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Capitalised words of a question ("France", "World Cup", "iPhone"); the opening word never counts. */
export function questionNames(question: string): string[] {
  const tokens = question.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
  return tokens.filter((token, index) => index > 0 && /\p{Lu}/u.test(token) && !STOPWORDS.has(token.toLowerCase()));
}

/** Stemmed content terms in text order (stopwords and one-letter tokens removed). */
export function contentTerms(text: string): string[] {
  return contentWords(text).map(stem);
}

/** The words `contentTerms` stems: stopwords and one-letter tokens removed, figures kept. */
export function contentWords(text: string): string[] {
  return words(text).filter((word) => !STOPWORDS.has(word) && (word.length > 1 || /\d/.test(word)));
}

/**
 * Sentence-sized pieces for scoring only (never shown or cited): a regex split is ~50x cheaper
 * than the linguistic splitter.
 */
export function scoringSentences(text: string): string[] {
  return text.split(/(?<=[.!?]["')\]]?)\s+(?=["'(\[]?[\p{Lu}\d])|\n{2,}/u);
}

/**
 * A chunk's content terms per scoring sentence, as stored beside the chunk: one line per
 * sentence, its unique terms separated by spaces (terms never hold either). Retrieval scores
 * ~80 candidate chunks per question; reading their terms is ~5x cheaper than tokenizing them.
 */
export function encodeSentenceTerms(text: string): string {
  return scoringSentences(text)
    .map((sentence) => [...new Set(contentTerms(sentence))].join(" "))
    .join("\n");
}

/** The sets of terms per sentence that `encodeSentenceTerms` stored. */
export function decodeSentenceTerms(encoded: string): Set<string>[] {
  return encoded.split("\n").map((line) => new Set(line === "" ? [] : line.split(" ")));
}

/** Adjacent content-term pairs, as "a b" strings: phrase matches count for more than scattered words. */
export function termBigrams(terms: string[]): string[] {
  const pairs: string[] = [];
  for (let index = 1; index < terms.length; index += 1) pairs.push(`${terms[index - 1]} ${terms[index]}`);
  return pairs;
}

/** Share of `terms` (unique) found in `pool`, optionally weighted per term. 0 when there are no terms. */
export function coverage(terms: Iterable<string>, pool: Set<string>, weight: (term: string) => number = () => 1): number {
  let total = 0;
  let found = 0;
  for (const term of new Set(terms)) {
    const w = weight(term);
    total += w;
    if (pool.has(term)) found += w;
  }
  return total === 0 ? 0 : found / total;
}

/** Dot product of two unit vectors = cosine similarity. */
export function cosine(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let sum = 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) sum += left[index] * right[index];
  return sum;
}

/** Collapse whitespace so hard-wrapped text and its one-line quote compare equal. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Lowercase, unify quotes and dashes, collapse whitespace: the form in which "verbatim" is judged. */
export function normalizeForMatch(text: string): string {
  return normalizeWhitespace(
    text
      .toLowerCase()
      .replace(/[“”„«»]/g, '"')
      .replace(/[‘’‚]/g, "'")
      .replace(/[–—‐‑]/g, "-"),
  );
}

/** Share of the weighted terms found in `terms`, 0..1: rare (heavy) terms count for more. */
export function weightedCoverage(terms: Set<string>, weights: Map<string, number>): number {
  let total = 0;
  let found = 0;
  for (const [term, weight] of weights) {
    total += weight;
    if (terms.has(term)) found += weight;
  }
  return total === 0 ? 0 : found / total;
}

/** A sentence that leans on the one before through a pronoun: "It was agreed…", "These meetings…". */
/** The months, in order (January is 1). */
export const monthNames = "january|february|march|april|may|june|july|august|september|october|november|december";
/** A capitalised month or weekday is no name of a thing ("Early in August a steamer called the Pampero…"). */
export const calendarWord = new RegExp(`^(${monthNames}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$`, "i");

export const anaphoricOpening = /^["“]?(?:it|its|this|these|those|they|their|them|he|his|she|her|such|the latter|the former)\b/i;

/** A sentence that opens by answering or adding to the one before: "However, …", "Moreover, …", "But …". */
export const connectiveOpening = /^["“]?(?:however|but|yet|moreover|furthermore|nevertheless|nonetheless|still|also|indeed|instead|besides|in addition|therefore|thus|hence|consequently|accordingly|and|or|otherwise|meanwhile|likewise|similarly|again|on the other hand|first|second|third|fourth|fifth|finally|lastly|next)\b/i;

/**
 * Whether two words are at most one edit apart: one letter added, dropped or changed, or two
 * neighbours swapped ("commision", "presidnet"). Optimal string alignment, bounded, so it is cheap.
 */
export function withinOneEdit(left: string, right: string): boolean {
  if (left === right) return true;
  const [short, long] = left.length <= right.length ? [left, right] : [right, left];
  if (long.length - short.length > 1) return false;
  let start = 0;
  while (start < short.length && short[start] === long[start]) start += 1;
  if (short.length === long.length) {
    // One changed letter, or two neighbours swapped.
    if (short.slice(start + 1) === long.slice(start + 1)) return true;
    return short[start] === long[start + 1] && short[start + 1] === long[start] && short.slice(start + 2) === long.slice(start + 2);
  }
  // One letter more in the longer word.
  return short.slice(start) === long.slice(start + 1);
}
