// Metadata a question names: a document's author ("Lincoln", "FDR", "Lyndon Johnson") and years
// ("in 1863", "since 2020", "between 1930 and 1940", "in the 1960s"). Retrieval filters by the
// years and ranks the named authors' documents first (retrieve.ts); this module only reads the
// question against the documents' own author and date fields. Pure string work.
import { contentTerms, isStopword } from "../text/terms";
import { placeEquivalents } from "../text/places";

/** What a question's reading needs of a document. */
export interface DocumentMetadata {
  id: string;
  author: string;
  /** ISO date (YYYY-MM-DD, YYYY-MM or YYYY), "" when unknown. */
  date: string;
}

/** Inclusive years; an open end is undefined. */
export interface YearRange {
  from?: number;
  to?: number;
}

/** The metadata filter and boost retrieval applied, for the UI to show ("Abraham Lincoln, 1863"). */
export interface AppliedMetadata {
  /** Authors whose documents were ranked first (several when the question's name fits several). */
  authors?: string[];
  /**
   * Those authors' documents in scope, when the question names them by a name that is no place
   * ("Truman", not "Washington", which is as often the government): what they said is asked for.
   */
  speakerDocuments?: string[];
  /** The date filter's bounds, as years: inclusive, either may be open. */
  from?: string;
  to?: string;
  /** Each year or range when the question named several apart ("1862 and 1870"); from/to then span them. */
  ranges?: { from?: string; to?: string }[];
  /** Undated documents were kept beside the dated ones in the range (the filter cannot judge them). */
  undated?: boolean;
  /**
   * The question's words that named them, as written ("FDR", "1937"): retrieval searched without
   * them (a year only when no undated document was kept), and a passage need not contain them: a
   * speech seldom names its own speaker.
   */
  named: string[];
}

export interface QuestionMetadata {
  /** The question without the author and year words that were applied: they would otherwise match passages that merely mention them. */
  query: string;
  /** Date ranges that hold at least one dated document (OR-ed; undated documents pass); empty: no date filter. */
  ranges: YearRange[];
  /** The named authors' documents within the filters and the date ranges; empty: no boost. */
  authorDocumentIds: string[];
  /** How many documents pass the filters and the date ranges. */
  documentsInScope: number;
  applied?: AppliedMetadata;
}

// --- the documents' authors ---------------------------------------------------------------------

interface Person {
  /** As the metadata writes it ("Franklin D. Roosevelt"; a "Doe, Jane" field reads "Jane Doe"). */
  name: string;
  /** Given name, then middle names and initials, lower case: ["franklin", "d"]. */
  given: string[];
  /** Surname words: ["roosevelt"], ["van", "buren"]. */
  surname: string[];
  /** An organisation or desk ("Reuters Staff"): named only in full. */
  fullNameOnly: boolean;
  documentIds: string[];
}

export interface MetadataIndex {
  people: Person[];
  /** Every form a surname is written in ("van buren", "vanburen") -> the people who carry it. */
  bySurname: Map<string, Person[]>;
  /** Initials of three letters or more ("fdr", "jfk", "lbj") -> people. */
  byInitials: Map<string, Person[]>;
  /** Longest surname form in words. */
  longestSurname: number;
  /** Each document's year, when it has a date. */
  years: Map<string, number>;
  documents: DocumentMetadata[];
}

/** Lower-case words inside a surname: "Martin Van Buren", "Charles de Gaulle", "William Mc Kinley". */
const particles = new Set(["van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin", "ibn", "al", "el", "mc", "mac", "st"]);
const suffixes = new Set(["jr", "sr", "ii", "iii", "iv"]);
const honorifics = new Set(["dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame", "president", "senator", "governor", "general", "gen", "rev"]);
/** Last words of a desk or a team, not of a person: "Reuters Staff", "Editorial Board". */
const roleWords = new Set(["staff", "desk", "team", "board", "bureau", "editors", "editor", "reporters", "correspondent", "correspondents", "service", "agency", "wire", "newsroom"]);

/**
 * Short forms of given names, so "Bill Clinton" finds "William J. Clinton" and "Teddy Roosevelt"
 * "Theodore Roosevelt". Both sides of a comparison go through it.
 */
const nicknames: Record<string, string[]> = {
  abe: ["abraham"], al: ["albert", "alfred", "alan", "allen"], andy: ["andrew"], drew: ["andrew"], ben: ["benjamin"],
  bill: ["william"], billy: ["william"], will: ["william"], willie: ["william"], bob: ["robert"], bobby: ["robert"], rob: ["robert"],
  cal: ["calvin"], chris: ["christopher", "christine"], dan: ["daniel"], danny: ["daniel"], dave: ["david"], dick: ["richard"],
  rick: ["richard"], don: ["donald"], ed: ["edward"], eddie: ["edward"], ned: ["edward"], frank: ["franklin", "francis"],
  gerry: ["gerald"], jerry: ["gerald", "jerome"], harry: ["harold", "henry"], herb: ["herbert"], ike: ["dwight"],
  jack: ["john"], johnny: ["john"], jim: ["james"], jimmy: ["james"], jamie: ["james"], joe: ["joseph"], joey: ["joseph"],
  kate: ["katherine", "catherine"], katie: ["katherine", "catherine"], liz: ["elizabeth"], beth: ["elizabeth"],
  marty: ["martin"], matt: ["matthew"], mike: ["michael"], nick: ["nicholas"], pat: ["patrick", "patricia"],
  peggy: ["margaret"], ron: ["ronald"], ronnie: ["ronald"], sam: ["samuel"], steve: ["steven", "stephen"],
  sue: ["susan"], ted: ["theodore", "edward"], teddy: ["theodore"], tom: ["thomas"], tommy: ["thomas"], tony: ["anthony"],
  woody: ["woodrow"], zach: ["zachary"], zack: ["zachary"],
};

function fold(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/’/g, "'").toLowerCase();
}

function nameForms(word: string): Set<string> {
  return new Set([word, ...(nicknames[word] ?? [])]);
}

/** Whether a word of the question is one of a person's given names: the same, a short form, or its initial. */
function isGivenName(word: string, given: string, options: { byInitial?: boolean } = {}): boolean {
  if (word.length === 1) return word === given[0];
  if (given.length === 1) return options.byInitial !== false && word[0] === given;
  const forms = nameForms(word);
  for (const form of nameForms(given)) if (forms.has(form)) return true;
  return false;
}

function personOf(name: string): Omit<Person, "documentIds"> | undefined {
  const words = (name.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []).map(fold);
  while (words.length > 0 && honorifics.has(words[0])) words.shift();
  while (words.length > 1 && suffixes.has(words[words.length - 1])) words.pop();
  if (words.length === 0 || words.some((word) => /^\d+$/.test(word))) return undefined;
  let start = words.length - 1;
  while (start > 1 && particles.has(words[start - 1])) start -= 1;
  const surname = words.slice(start);
  return { name: name.trim(), given: words.slice(0, start), surname, fullNameOnly: roleWords.has(words[words.length - 1]) || (words.length === 1 && words[0].length < 3) };
}

/**
 * The people an author field names: "Jane Doe and John Roe", "Jane Doe; John Roe", "Jane Doe,
 * John Roe" are two; "Doe, Jane" is one, Jane Doe.
 */
function peopleIn(author: string): string[] {
  return author
    .split(/\s+(?:and|&)\s+|\s*;\s*/i)
    .flatMap((group) => {
      const parts = group.split(/\s*,\s*(?!(?:jr|sr|ii|iii|iv)\b\.?)/i).filter(Boolean);
      if (parts.length === 2 && !/\s/.test(parts[0]) && /^\p{L}/u.test(parts[1])) return [`${parts[1]} ${parts[0]}`];
      return parts.every((part) => /\s/.test(part)) ? parts : [group];
    })
    .map((part) => part.trim())
    .filter((part) => part.length > 1);
}

/** The index of the documents' authors and years; build it once per document list. */
export function buildMetadataIndex(documents: Iterable<DocumentMetadata>): MetadataIndex {
  const byName = new Map<string, Person>();
  const years = new Map<string, number>();
  const list: DocumentMetadata[] = [];
  for (const document of documents) {
    list.push(document);
    const year = /^\d{4}/.test(document.date) ? Number(document.date.slice(0, 4)) : NaN;
    if (Number.isFinite(year)) years.set(document.id, year);
    for (const name of peopleIn(document.author ?? "")) {
      const key = fold(name).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
      let person = byName.get(key);
      if (!person) {
        const parsed = personOf(name);
        if (!parsed) continue;
        person = { ...parsed, documentIds: [] };
        byName.set(key, person);
      }
      person.documentIds.push(document.id);
    }
  }
  const bySurname = new Map<string, Person[]>();
  const byInitials = new Map<string, Person[]>();
  const add = (map: Map<string, Person[]>, key: string, person: Person) => {
    const people = map.get(key) ?? [];
    if (!people.includes(person)) people.push(person);
    map.set(key, people);
  };
  let longestSurname = 1;
  for (const person of byName.values()) {
    const all = [...person.given, ...person.surname];
    if (person.fullNameOnly) {
      add(bySurname, all.join(" "), person);
      longestSurname = Math.max(longestSurname, all.length);
      continue;
    }
    add(bySurname, person.surname.join(" "), person);
    if (person.surname.length > 1) add(bySurname, person.surname.join(""), person);
    longestSurname = Math.max(longestSurname, person.surname.length);
    const initials = all.map((word) => word[0]).join("");
    if (initials.length >= 3 && person.given.length > 0) add(byInitials, initials, person);
  }
  return { people: [...byName.values()], bySurname, byInitials, longestSurname, years, documents: list };
}

// --- the question's words -----------------------------------------------------------------------

interface Token {
  text: string;
  /** Folded, without a possessive: "kennedy" for "Kennedy's". */
  word: string;
  start: number;
  end: number;
  capital: boolean;
  possessive: boolean;
}

function tokenize(question: string): Token[] {
  return [...question.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*(?:(?<=s)['’](?![\p{L}]))?/gu)].map((match) => {
    const text = match[0];
    const possessive = /['’]s$/i.test(text) || /s['’]$/.test(text);
    const bare = text.replace(/['’]s$/i, "").replace(/['’]$/, "");
    return { text, word: fold(bare), start: match.index, end: match.index + text.length, capital: /^\p{Lu}/u.test(text), possessive };
  });
}

/** Only blanks or an initial's full stop between two tokens: they are one name. */
function adjacent(question: string, left: Token, right: Token): boolean {
  return /^[\s.]*$/.test(question.slice(left.end, right.start)) && right.start - left.end <= 3;
}

/** Words before a name that make it the topic or a place, not the speaker: "about Kennedy", "marched on Washington". */
const topicMarkers = new Set(["about", "regarding", "concerning", "toward", "towards", "against", "like"]);
/** ...unless the name is a possessive: "in Lincoln's message", "of Reagan's speeches". */
const placeMarkers = new Set(["on", "of", "in", "at", "from", "into", "near", "across", "outside", "inside", "to", "around", "through"]);
/** Capitalised words that may follow a speaker's name: "the Reagan Administration", "Lincoln State of the Union". */
const speakerFollowers = new Set(["administration", "administrations", "presidency", "state", "address", "message", "speech", "annual", "era", "years", "government", "cabinet"]);

/**
 * Short forms that name someone alone, without the surname ("Ike", "Teddy", "Abe"): a match only
 * when one author has that given name. Everyday words ("Bill", "Frank", "Will") are not here.
 */
const standaloneShortForms = new Set(["ike", "teddy", "abe"]);

interface Mention {
  people: Person[];
  start: number;
  end: number;
}

/** The author names in a question, each with every person it may mean. */
function authorMentions(question: string, tokens: Token[], index: MetadataIndex): Mention[] {
  const mentions: Mention[] = [];
  const lowerCaseQuestion = !tokens.slice(1).some((token) => token.capital);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    // Initials: "FDR", "JFK's", "F.D.R.".
    const initialsRun = initialsAt(question, tokens, i, lowerCaseQuestion ? index : undefined);
    if (initialsRun) {
      const people = index.byInitials.get(initialsRun.letters);
      if (people && speakerContext(tokens, i - 1, tokens[initialsRun.last].possessive)) {
        mentions.push({ people, start: tokens[i].start, end: tokens[initialsRun.last].end });
        i = initialsRun.last;
        continue;
      }
    }
    if ((token.capital || (lowerCaseQuestion && yearFollows(question, token.end))) && standaloneShortForms.has(token.word) && !(tokens[i + 1]?.capital && adjacent(question, token, tokens[i + 1]))) {
      const people = index.people.filter((person) => !person.fullNameOnly && person.given.length > 0 && isGivenName(token.word, person.given[0]));
      if (people.length === 1 && speakerContext(tokens, i - 1, token.possessive)) {
        mentions.push({ people, start: token.start, end: token.end });
        continue;
      }
    }
    for (let length = Math.min(index.longestSurname, tokens.length - i); length >= 1; length -= 1) {
      const span = tokens.slice(i, i + length);
      if (length > 1 && !span.every((part, offset) => offset === 0 || adjacent(question, span[offset - 1], part))) continue;
      if (span.slice(0, -1).some((part) => part.possessive)) continue;
      const key = span.map((part) => part.word).join(" ");
      const exact = index.bySurname.get(key) ?? (length === 1 ? undefined : index.bySurname.get(span.map((part) => part.word).join("")));
      // "andrew johnsons 1866 msg": a casual possessive without its apostrophe, when the word itself is no one's surname.
      const bare = !exact && lowerCaseQuestion && !span[span.length - 1].possessive && /[^s]s$/.test(key);
      const people = exact ?? (bare ? index.bySurname.get(key.slice(0, -1)) : undefined);
      if (!people) continue;
      // Read as the possessive it is: "in andrew johnsons msg" keeps the speaker, as "in Andrew Johnson's message" does.
      const read = exact ? tokens : tokens.map((token, at) => (at === i + length - 1 ? { ...token, possessive: true } : token));
      const mention = readMention({ question, tokens: read, first: i, last: i + length - 1, people, lowerCaseQuestion, isSurname: (word) => index.bySurname.has(word) });
      if (mention) {
        mentions.push(mention);
        i += length - 1;
      }
      break;
    }
  }
  return mentions;
}

/** `lowerCase`: the question is written all in lower case, so "fdr" may be FDR (only initials someone in the index has). */
function initialsAt(question: string, tokens: Token[], i: number, lowerCase?: MetadataIndex): { letters: string; last: number } | undefined {
  const token = tokens[i];
  if (/^\p{Lu}{3,4}$/u.test(token.text.replace(/['’]s$/, "")) && token.word.length >= 3) return { letters: token.word, last: i };
  if (lowerCase && /^[a-z]{3,4}$/.test(token.text.replace(/['’]s$/, "")) && lowerCase.byInitials.has(token.word)) return { letters: token.word, last: i };
  // "F.D.R.": single capitals each followed by a full stop.
  let last = i;
  while (last < tokens.length && /^\p{Lu}$/u.test(tokens[last].text) && question[tokens[last].end] === "." && (last === i || adjacent(question, tokens[last - 1], tokens[last]))) last += 1;
  return last - i >= 3 ? { letters: tokens.slice(i, last).map((part) => part.word).join(""), last: last - 1 } : undefined;
}

/**
 * A surname at tokens first..last: the given names and initials written before it pick among
 * the people who share it ("Lyndon Johnson", "Franklin D. Roosevelt", "John Quincy Adams"), and
 * the words around it tell a speaker from a topic or a place ("about Kennedy", "in Washington",
 * "the Monroe Doctrine"). Undefined when it is not an author mention.
 */
function readMention(options: { question: string; tokens: Token[]; first: number; last: number; people: Person[]; lowerCaseQuestion: boolean; isSurname?: (word: string) => boolean }): Mention | undefined {
  const { question, tokens, first, last, lowerCaseQuestion } = options;
  const surname = tokens.slice(first, last + 1);
  const possessive = surname[surname.length - 1].possessive;
  const people = options.people;
  // A word in lower case is a given name only by its own letters: "pell-style grant" is no "Ulysses S. Grant".
  const namesSomeone = (word: string) => people.some((person) => person.given.some((name) => isGivenName(word, name, { byInitial: false })));
  // Given names and initials right before it (up to three), and a title before those.
  const given: Token[] = [];
  let before = first - 1;
  while (before >= 0 && given.length < 3 && adjacent(question, tokens[before], tokens[before + 1])) {
    const candidate = tokens[before];
    if (candidate.possessive || honorifics.has(candidate.word) || isStopword(candidate.word) || /\d/.test(candidate.word)) break;
    if (!(candidate.capital || namesSomeone(candidate.word))) break;
    given.unshift(candidate);
    before -= 1;
  }
  // The question's first word may be a verb ("List Johnson's proposals"), not a given name.
  if (given.length > 0 && given[0] === tokens[0] && !namesSomeone(given[0].word)) {
    given.shift();
    before = 0;
  }
  let start = given[0]?.start ?? surname[0].start;
  if (before >= 0 && honorifics.has(tokens[before].word) && adjacent(question, tokens[before], tokens[before + 1])) {
    start = tokens[before].start;
    before -= 1;
  }
  const candidates = people.filter((person) => !person.fullNameOnly || given.length === 0);
  const scored = candidates.map((person) => ({ person, score: givenNameScore(given.map((part) => part.word), person) }));
  const best = Math.max(...scored.map((entry) => entry.score));
  // Another person of that surname: "Ted Kennedy", "Hillary Clinton", "Robert F. Kennedy".
  if (scored.length === 0 || (given.length > 0 && best < 0)) return undefined;
  const chosen = scored.filter((entry) => entry.score === best).map((entry) => entry.person);

  const full = given.length > 0 && best > 0;
  // A surname alone must be written as a name, and not be an everyday word ("Will", "May"); in a
  // question all in lower case, a year or a speech after it says it is the speaker: "truman 52
  // how many had jobs", "ford's last state of the union".
  const casualSpeaker =
    lowerCaseQuestion && (yearFollows(question, surname[surname.length - 1].end) || (possessive && speechFollows(tokens, last)) || (!possessive && speakingVerbs.test(tokens[last + 1]?.word ?? "")));
  if (!surname[0].capital && !(full || (lowerCaseQuestion && surname.length > 1) || casualSpeaker)) return undefined;
  if (!full && surname.length === 1 && isStopword(surname[0].word)) return undefined;
  const next = tokens[last + 1];
  const between = next ? question.slice(surname[surname.length - 1].end, next.start) : "";
  // "across Monroe, Jackson, Grant and Cleveland": the first of a list of speakers is one as the rest are.
  const listed = next !== undefined && next.capital && /^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$/.test(between) && options.isSurname?.(next.word) === true;
  if (!speakerContext(tokens, before, possessive) && !listed) return undefined;
  // Part of another name: "the Monroe Doctrine", "Hoover Dam", "Washington D.C.".
  if (next && !possessive && next.capital && /^\s+$/.test(between) && !speakerFollowers.has(next.word) && !isStopword(next.word)) {
    return undefined;
  }
  return { people: chosen, start, end: surname[surname.length - 1].end };
}

/**
 * Whether the words before a name leave it the speaker: "about Kennedy" makes Kennedy the topic,
 * "in Washington" or "marched on Washington" a place; "in Lincoln's message" and "according to
 * Grant" keep the speaker. `before` is the index of the token before the name.
 */
function speakerContext(tokens: Token[], before: number, possessive: boolean): boolean {
  const previous = before >= 0 ? tokens[before] : undefined;
  if (!previous) return true;
  if (topicMarkers.has(previous.word)) return false;
  if (possessive || !placeMarkers.has(previous.word)) return true;
  // "the annual messages of Buchanan", "the speech from Reagan": a text of theirs.
  if ((previous.word === "of" || previous.word === "from") && spokenTexts.test(tokens[before - 1]?.word ?? "")) return true;
  return previous.word === "to" && tokens[before - 1]?.word === "according";
}

/** Verbs of saying after a name: "what did reagan say", "how much did hayes want". */
const speakingVerbs = /^(?:say|said|says|tell|told|propose|proposed|ask|asked|want|wanted|mention|mentioned|claim|claimed|promise|promised|announce|announced|urge|urged|recommend|recommended|describe|described|report|reported|pledge|pledged|argue|argued|warn|warned|call|called)$/;

/** A year right after `end`: "truman 52", "arthur '84", "ike 1953". */
function yearFollows(question: string, end: number): boolean {
  return /^[\s,]+(?:['’]?\d{2}|\d{4})(?!\d|\s*(?:%|percent|per\s*cent))\b/i.test(question.slice(end));
}

/** A word for a speech within the four tokens after `last`: "ford's last state of the union", "bush's 2005 speech". */
function speechFollows(tokens: Token[], last: number): boolean {
  return tokens.slice(last + 1, last + 5).some((token) => spokenTexts.test(token.word) || /^(?:state|sotu|msg|msgs)$/.test(token.word));
}

/** Nouns for what an author said or wrote: a name after "of"/"from" one of them is its speaker. */
const spokenTexts = /^(?:messages?|address(?:es)?|speech(?:es)?|remarks|words|writings?|articles?|pieces?|columns?|letters?|reports?|statements?)$/;

/**
 * How well the given names written before a surname fit a person: +1 for each that is one of the
 * person's given names (a short form or an initial counts), -2 for each that is not, and -2 for
 * a middle name the person is called by but the question leaves out ("John Adams" is not John
 * Quincy Adams). A question's initial the metadata does not record counts nothing: metadata may
 * leave middle initials out ("George H. W. Bush" is "George Bush").
 */
function givenNameScore(words: string[], person: Person): number {
  if (words.length === 0) return 0;
  let score = 0;
  const matched = new Set<number>();
  for (const word of words) {
    const at = person.given.findIndex((name, index) => !matched.has(index) && isGivenName(word, name));
    if (at >= 0) {
      matched.add(at);
      score += 1;
    } else if (!(word.length === 1 && person.given.slice(1).length === 0)) score -= 2;
  }
  person.given.forEach((name, index) => {
    if (index > 0 && name.length > 1 && !matched.has(index)) score -= 2;
  });
  return score;
}

// --- the question's years -----------------------------------------------------------------------

interface YearMention {
  range: YearRange;
  /** Characters to take out of the query when the range is applied. */
  spans: [number, number][];
  /** The year is the speech's own: right after its speaker ("fdr 1942") or before "speech", "message"… ("his 1800 message"). */
  speech?: boolean;
}

const yearPattern = "(1\\d{3}|20\\d{2}|21\\d{2})";
const monthPattern = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

/** The years a decade or century spans: "1960s" -> 1960-1969, "1800s" -> 1800-1899 ("2000s" is a decade). */
function spanOf(year: string, plural: string): { from: number; to: number } {
  const value = Number(year);
  if (!plural) return { from: value, to: value };
  if (value % 100 === 0 && value < 2000) return { from: value, to: value + 99 };
  if (value % 10 === 0) return { from: value, to: value + 9 };
  return { from: value, to: value };
}

/** Words after a number that make it a count, not a year: "1500 miles"; after "the"/"his"/"'s" it is a year ("his 1862 message"). */
function isCount(question: string, start: number, end: number): boolean {
  const before = question.slice(Math.max(0, start - 20), start);
  const after = question.slice(end);
  if (/[$£€#]\s*$/.test(before) || /\d[.,]?$/.test(before) || /^(?:%|[.,]\d|\s*(?:percent|per\s*cent)\b)/i.test(after)) return true;
  const next = after.match(/^\s+(\p{Ll}[\p{L}'’-]*)/u)?.[1];
  // "ike 1953 whats the legal debt limit": a question word after it starts the question.
  if (!next || isStopword(next.toLowerCase()) || /^(?:address|addresses|speech|speeches|message|messages|msg|msgs|sotu|state|annual|report|budget|session|whats|what's|whos|who's|hows|how's|wheres|where's|whens|when's)$/i.test(next)) return false;
  return !/(?:\b(?:the|his|her|their|its|this|that|a|an)|['’]s)\s+$/i.test(before);
}

/** `speakerEnds`: where the author names the question holds end; a number right after one is their year ("jfk 1961 moon"). */
function yearMentions(question: string, speakerEnds: readonly number[] = []): YearMention[] {
  const mentions: YearMention[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => !taken.some(([from, to]) => start < to && end > from);
  const take = (match: RegExpMatchArray, range: YearRange, spans?: [number, number][], speech?: boolean) => {
    const whole: [number, number] = [match.index!, match.index! + match[0].length];
    if (!free(...whole)) return;
    taken.push(whole);
    mentions.push({ range, spans: spans ?? [whole], ...(speech ? { speech } : {}) });
  };
  const Y = yearPattern;
  // "between 1930 and 1940", "from 1961 to 1963", "1961-63", "1930 through 1940"
  for (const match of question.matchAll(new RegExp(`\\b(?:between|from)\\s+(?:the\\s+)?${Y}(s?)\\s+(?:and|to|through|until|till|[-–—])\\s+(?:the\\s+)?${Y}(s?)\\b`, "gi"))) {
    take(match, { from: spanOf(match[1], match[2]).from, to: spanOf(match[3], match[4]).to });
  }
  for (const match of question.matchAll(new RegExp(`\\b${Y}(s?)\\s*(?:[-–—]|\\s(?:to|through|until|till)\\s)\\s*(\\d{4}|\\d{2})(s?)\\b`, "gi"))) {
    const from = spanOf(match[1], match[2]).from;
    const end = match[3].length === 2 ? `${match[1].slice(0, 2)}${match[3]}` : match[3];
    const to = spanOf(end, match[4]).to;
    if (to >= from) take(match, { from, to });
  }
  // "from Monroe in 1824 to Hayes in 1878", "from Washington's 1790 message to Adams's in 1797": the names mark the ends.
  const named = "(?:(?:\\p{Lu}[\\p{L}.'’-]*|in|the|his|her|their)\\s+){0,4}";
  const text = "(?:(?:annual\\s+)?(?:message|address|speech)\\s+)?";
  for (const match of question.matchAll(new RegExp(`\\bfrom\\s+${named}${Y}(s?)\\s+${text}(?:to|through|until|till)\\s+${named}${Y}(s?)\\b`, "giu"))) {
    const from = spanOf(match[1], match[2]).from;
    const to = spanOf(match[3], match[4]).to;
    if (to > from) take(match, { from, to });
  }
  // "since 2020", "after the 1960s", "from 1990 on"
  for (const match of question.matchAll(new RegExp(`\\b(since|after|starting\\s+in|beginning\\s+in)\\s+(?:the\\s+)?${Y}(s?)\\b(?:\\s+(?:on|onwards?)\\b)?|\\bfrom\\s+(?:the\\s+)?${Y}(s?)\\s+(?:on|onwards?|forward)\\b`, "gi"))) {
    const span = match[1] ? spanOf(match[2], match[3]) : spanOf(match[4], match[5]);
    take(match, { from: match[1] && /^after$/i.test(match[1]) ? span.to + 1 : span.from });
  }
  // "before 1900", "until 1945", "prior to the 1950s"
  for (const match of question.matchAll(new RegExp(`\\b(before|prior\\s+to|until|till|up\\s+to)\\s+(?:the\\s+)?${Y}(s?)\\b`, "gi"))) {
    const span = spanOf(match[2], match[3]);
    take(match, { to: /^before|^prior/i.test(match[1]) ? span.from - 1 : span.to });
  }
  // "the 1960s", "1800s", "the '60s" is left alone
  for (const match of question.matchAll(new RegExp(`\\b${Y}['’]?s\\b`, "g"))) {
    const span = spanOf(match[1], "s");
    if (span.to > span.from) take(match, span);
  }
  // A year alone: "in 1863", "Lincoln's 1862 message", "December 1918"; not "1500 miles".
  for (const match of question.matchAll(new RegExp(`\\b${Y}\\b`, "g"))) {
    const start = match.index!;
    const end = start + match[0].length;
    const afterSpeaker = speakerEnds.some((speakerEnd) => speakerEnd <= start && /^[\s,:–—-]*$/.test(question.slice(speakerEnd, start)));
    if (!free(start, end) || (isCount(question, start, end) && !afterSpeaker)) continue;
    const month = question.slice(0, start).match(new RegExp(`\\b${monthPattern}\\s+(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s+)?$`, "i"));
    const year = Number(match[1]);
    const speech = afterSpeaker || /^\s*(?:annual\s+)?(?:address|speech|message|msg|sotu|state of the union)\b/i.test(question.slice(end));
    take(match, { from: year, to: year }, [[month ? month.index! : start, end]], speech);
  }
  return mentions;
}

function inRange(year: number | undefined, range: YearRange): boolean {
  return year !== undefined && (range.from === undefined || year >= range.from) && (range.to === undefined || year <= range.to);
}

// --- together -------------------------------------------------------------------------------------

/**
 * Reads a question's author names and years against the documents. A year or range becomes a
 * filter on the dated documents when some document in scope (`allowed`: the user's own filters)
 * is dated in it; otherwise it stays a word. Undated documents stay: nothing says they are from
 * another year (a folder where only some articles carry a date must not lose the rest). A name
 * becomes a boost for the documents of every person it may mean within the filters and years
 * ("Roosevelt" in 1941 is Franklin D.; "Roosevelt" alone is both); a name none of whose documents
 * is in scope stays a word. What is applied leaves the query; a year stays in it while undated
 * documents are in scope, where it is the only evidence of their time.
 */
export function readQuestionMetadata(question: string, index: MetadataIndex, allowed?: (document: DocumentMetadata) => boolean): QuestionMetadata {
  // The author names are read once: the short years, the years after a name and the boost all use them.
  const mentions = index.people.length > 0 ? authorMentions(question, tokenize(question), index) : [];
  // "truman 52", "lbj '67": a year in two digits after a speaker is that speaker's year ending so.
  const short = shortYears(question, index, mentions);
  if (short.length > 0) {
    let expanded = question;
    for (const year of [...short].reverse()) expanded = `${expanded.slice(0, year.start)}${year.year}${expanded.slice(year.end)}`;
    const read = readQuestionMetadata(expanded, index, allowed);
    // The words that named them are the question's own ("52"), which the answer need not repeat.
    if (read.applied) read.applied.named = read.applied.named.map((words) => short.reduce((text, year) => text.replace(String(year.year), year.text), words));
    return read;
  }
  // Without filters the scope is the whole list itself: copying it (and a set of its ids) for every
  // question cost ~5 ms at 20,000 documents, more than the searches' own share of a 1M-chunk library.
  const inScope = allowed ? index.documents.filter(allowed) : index.documents;
  const remove: [number, number][] = [];
  const named: [number, number][] = [];
  const ranges: YearRange[] = [];
  const yearSpans: [number, number][] = [];
  if (index.years.size > 0) {
    // "fdr 1942 speech how many tanks for 1943": once a year is the speech's own, the others date what it speaks of.
    const years = yearMentions(question, mentions.map((mention) => mention.end));
    const speechYears = years.filter((mention) => mention.speech);
    for (const mention of speechYears.length > 0 ? speechYears : years) {
      if (!inScope.some((document) => inRange(index.years.get(document.id), mention.range))) continue;
      ranges.push(mention.range);
      yearSpans.push(...mention.spans);
    }
  }
  // A place name is as often the government ("Washington and London"); in a question written with
  // capitals, a lower-case word ("a pell-style grant") is no name at all.
  const speaks = (written: string) => !contentTerms(written).some((term) => placeEquivalents(term) !== undefined) && (/^\p{Lu}/u.test(written) || !/\p{Lu}/u.test(question.slice(1)));
  // "from Monroe in 1824 to Hayes in 1878": names inside a span of years mark its ends, not its speakers.
  const insideYearSpan = (mention: Mention) => yearSpans.some(([start, end]) => mention.start >= start && mention.end <= end);
  // "Tyler says London ordered the raid on an American steamboat in 1837": when the question names
  // its speakers and none of their documents falls in the years it names, the years date the events
  // spoken of, not the speech (Tyler spoke in 1841-1844): no filter, the speaker's own documents answer.
  const speakersNamed = () => {
    const allowedIds = allowed ? new Set(inScope.map((document) => document.id)) : undefined;
    return mentions
      .filter((mention) => !insideYearSpan(mention) && speaks(question.slice(mention.start, mention.end)))
      .flatMap((mention) => mention.people.flatMap((person) => person.documentIds.filter((id) => !allowedIds || allowedIds.has(id))));
  };
  const spokenIn = ranges.length > 0 && mentions.length > 0 ? speakersNamed() : [];
  if (spokenIn.length > 0 && !spokenIn.some((id) => ranges.some((range) => inRange(index.years.get(id), range)))) {
    ranges.length = 0;
    yearSpans.length = 0;
  }
  const undated = (document: DocumentMetadata) => !index.years.has(document.id);
  const scope = ranges.length === 0 ? inScope : inScope.filter((document) => undated(document) || ranges.some((range) => inRange(index.years.get(document.id), range)));
  const undatedInScope = ranges.length > 0 && scope.some(undated);
  named.push(...yearSpans);
  if (!undatedInScope) remove.push(...yearSpans);
  let scopeIds: Set<string> | undefined;
  // Every person's documents are in the index, so in the unnarrowed scope every id is.
  const isInScope = (id: string) => scope === index.documents || (scopeIds ??= new Set(scope.map((document) => document.id))).has(id);

  const authors: string[] = [];
  const authorDocuments = new Set<string>();
  const speakerDocuments = new Set<string>();
  if (index.people.length > 0) {
    for (const mention of mentions) {
      // Every speaker between the ends of a span of years counts, not the names that mark them.
      if (insideYearSpan(mention)) continue;
      const present = mention.people.filter((person) => person.documentIds.some(isInScope));
      if (present.length === 0) continue;
      const speaker = speaks(question.slice(mention.start, mention.end));
      for (const person of present) {
        if (!authors.includes(person.name)) authors.push(person.name);
        for (const id of person.documentIds) if (isInScope(id)) {
          authorDocuments.add(id);
          if (speaker) speakerDocuments.add(id);
        }
      }
      remove.push([mention.start, mention.end]);
      named.push([mention.start, mention.end]);
    }
  }

  let query = question;
  for (const [start, end] of merged(remove).reverse()) query = `${query.slice(0, start)} ${query.slice(end)}`;
  query = query.replace(/\s+/g, " ").trim();

  const applied: Omit<AppliedMetadata, "named"> = {};
  if (authors.length > 0) applied.authors = authors;
  if (speakerDocuments.size > 0) applied.speakerDocuments = [...speakerDocuments];
  if (ranges.length > 0) {
    const froms = ranges.map((range) => range.from);
    const tos = ranges.map((range) => range.to);
    if (froms.every((from) => from !== undefined)) applied.from = String(Math.min(...(froms as number[])));
    if (tos.every((to) => to !== undefined)) applied.to = String(Math.max(...(tos as number[])));
    if (ranges.length > 1) applied.ranges = ranges.map((range) => ({ ...(range.from !== undefined ? { from: String(range.from) } : {}), ...(range.to !== undefined ? { to: String(range.to) } : {}) }));
    if (undatedInScope) applied.undated = true;
  }
  return {
    query: query || question,
    ranges,
    authorDocumentIds: [...authorDocuments],
    documentsInScope: scope.length,
    ...(named.length > 0 ? { applied: { ...applied, named: merged(named).map(([start, end]) => question.slice(start, end)) } } : {}),
  };
}

/** Two-digit years right after a speaker's name that match one year of that speaker's documents: "arthur 84" -> 1884. */
function shortYears(question: string, index: MetadataIndex, mentions: readonly Mention[]): { start: number; end: number; text: string; year: number }[] {
  if (index.years.size === 0 || !/\d{2}|\b(?:first|second|third|fourth|last|final)\b/i.test(question)) return [];
  const found: { start: number; end: number; text: string; year: number }[] = [];
  const yearOf = (people: Person[], ending: number) => {
    const years = new Set(people.flatMap((person) => person.documentIds.map((id) => index.years.get(id))).filter((year): year is number => year !== undefined && year % 100 === ending));
    return years.size === 1 ? [...years][0] : undefined;
  };
  for (const mention of mentions) {
    const match = /^[\s,]+(['’]?)(\d{2})(?![\d%])/.exec(question.slice(mention.end));
    const year = match ? yearOf(mention.people, Number(match[2])) : undefined;
    if (!match || year === undefined) continue;
    const start = mention.end + match.index + match[0].length - match[1].length - match[2].length;
    found.push({ start, end: mention.end + match[0].length, text: question.slice(start, mention.end + match[0].length), year });
  }
  // Everyone the question names, once each.
  const people = [...new Set(mentions.flatMap((mention) => mention.people))];
  // "ford's last state of the union in '77": an apostrophe year elsewhere, of the speaker named.
  for (const match of question.matchAll(/(?<![\p{L}\d])['’](\d{2})(?![\d%])/gu)) {
    const year = yearOf(people, Number(match[1]));
    if (year === undefined || found.some((other) => other.start <= match.index && match.index < other.end)) continue;
    found.push({ start: match.index, end: match.index + match[0].length, text: match[0], year });
  }
  // "Monroe's last annual message", "in his first message": the speaker's speeches in order of date.
  const counted = /\b(first|second|third|fourth|last|final)\s+(?=(?:annual\s+|yearly\s+)?(?:message|address|speech|state of the union|sotu|msg)\b)/i.exec(question);
  if (counted && people.length === 1 && found.length === 0) {
    const years = [...new Set(people[0].documentIds.map((id) => index.years.get(id)).filter((year): year is number => year !== undefined))].sort((a, b) => a - b);
    const word = counted[1].toLowerCase();
    const at = word === "last" || word === "final" ? years.length - 1 : ["first", "second", "third", "fourth"].indexOf(word);
    // A year of theirs the question writes out already says which speech.
    const written = [...question.matchAll(/\b(1\d{3}|20\d{2})\b/g)].some((match) => years.includes(Number(match[1])));
    if (!written && years.length > 1 && at < years.length) found.push({ start: counted.index, end: counted.index + counted[1].length, text: counted[1], year: years[at] });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Character spans in order, overlapping ones joined. */
function merged(spans: [number, number][]): [number, number][] {
  const result: [number, number][] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = result[result.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else result.push([start, end]);
  }
  return result;
}

/** The SQL filter for dates in any of the ranges; documents without a date pass (see readQuestionMetadata). */
export function yearRangesSql(ranges: YearRange[]): string | undefined {
  if (ranges.length === 0) return undefined;
  const year = (value: number) => String(value).padStart(4, "0");
  const clauses = ranges.map((range) => {
    const parts: string[] = [];
    if (range.from !== undefined) parts.push(`date >= '${year(range.from)}'`);
    // Below the next year, so "1863-12-31" and "1863" are in 1863.
    if (range.to !== undefined) parts.push(`date < '${year(range.to + 1)}'`);
    return parts.length ? `(${parts.join(" AND ")})` : "TRUE";
  });
  return `(date = '' OR ${clauses.join(" OR ")})`;
}
