// The offline engine's answer to a question: the sentence that answers it leads, with the words
// that answer it in bold; another sentence joins only when it adds what the lead lacks. When no
// sentence covers what the question is about, the engine declines and offers the closest
// passages as "not an answer". Sentences are quoted verbatim and cited with their passage.
import type { StemVectors } from "../search/soft-coverage";
import { entitySpans, enumerations, splitSentences, taggedTokens, withoutStageDirections, type EntitySpan } from "../text/nlp";
import { countryNameFor, placeEquivalents } from "../text/places";
import { askedRolesIn, holdsRole, roleHolders } from "../text/roles";
import { anaphoricOpening, calendarWord, contentTerms, cosine, isStopword, monthNames, normalizeWhitespace, words } from "../text/terms";
import type { DocumentSummary, Passage } from "../types";
import { neutralizeMarkers } from "./citations";
import { personNouns, withTyposMended, type QuestionAnalysis } from "./question";
import { answerProbability, type AnswerFeatureVector, type AnswerModel } from "./answer-model";
import { answerWeights } from "./answer-weights";
import { rankScore, type FeatureVector, type SentenceFeature } from "./sentence-ranking";
import { synonymThreshold, termMatcher, type TermMatcher } from "./term-match";

export interface AskSentence {
  text: string;
  /** 1-based passage number. */
  n: number;
  documentId: string;
  /** Offsets in the document's clean text. */
  start: number;
  end: number;
  terms: string[];
  /** Index of the sentence within its passage, for neighbours. */
  order: number;
  rank: number;
  coverage: number;
  contextCoverage: number;
  /** Per key term, how well this sentence alone matches it (0..1). */
  matches: number[];
  /** Per key term, the match of the sentence or its neighbours (at 0.6): what it says in context. */
  contextMatches: number[];
  score: number;
  entities?: EntitySpan[];
  /** The lists it names (see `enumerations`), read once by `listsOf`. */
  lists?: ReturnType<typeof enumerations>;
  /** Entities of the asked type that could be the answer; those naming the focus noun only, when any do. */
  answers: EntitySpan[];
  /** One of its article's first two sentences. */
  lede: boolean;
  /** What the score was summed from (see sentence-ranking.ts). */
  features?: FeatureVector;
  /** Each key term's share of the question's total term weight (one array shared by all sentences). */
  termShares: number[];
}

export interface AskPlan {
  abstained: boolean;
  /** Sentences to quote, in answer order. */
  sentences: AskSentence[];
  /** The lead (it may follow the sentence its opening "It…" refers to). */
  lead?: AskSentence;
  /** Offsets of the answer span within the lead's text (or `spanIn`'s). */
  span?: { start: number; end: number };
  /** The sentence the span is in when it is not the lead: a why-answer's reason after it. */
  spanIn?: AskSentence;
  /** The best coverage any sentence reached. */
  bestCoverage: number;
  /** What the decision to answer or decline was made on (see answer-model.ts). */
  answerSignals?: AnswerFeatureVector;
  /** For a decline: the closest sentences, offered as not an answer. */
  closest: AskSentence[];
  /** For a decline, what decided it: no sentence names the asked countries, none holds the asked kind of thing, or the answer model. */
  declinedBy?: "places" | "type" | "model";
}

/** Words that give a reason or a cause. */
const causal = /\b(because|since|as a result|due to|owing to|in order to|so that|so as to|therefore|hence|thus|the reason|reasons? (?:for|why)|linked to|stems? from|stemmed from|results? from|resulted from|caused by|led to|lead to|on account of|in consequence|for fear|attribut(?:ed|able)|grow(?:s|ing)? out of|grew out of|aris(?:es|ing) from|in view of|with a view to|in order that|lest|the cause|the object of)\b/i;

/** Words after which a sentence gives the reason itself ("because …", "is attributed in a great degree to …"). */
const reasonFollows = /\b(?:because(?: of)?|since|due to|owing to|in order to|in order that|so that|so as to|the reason (?:is|was|being)|linked to|stems? from|stemmed from|results? from|resulted from|caused by|on account of|for fear(?: of| that)?|attribut(?:ed|able)(?: [a-z]+){0,5}? to|grow(?:s|ing)? out of|grew out of|aris(?:es|ing) from|in view of|with a view to|lest|given that|as long as)\s+/i;

/** The words from `start` up to the first `stop` (or the sentence's end), at most `maxWords`; none when under three characters. */
function clauseFrom(text: string, start: number, stop: RegExp, maxWords: number): { start: number; end: number } | undefined {
  const rest = text.slice(start);
  const found = stop.exec(rest);
  let end = start + (found ? found.index : rest.replace(/[\s"”’)]+$/, "").length);
  const wordsIn = text.slice(start, end).split(/\s+/);
  if (wordsIn.length > maxWords) end = start + wordsIn.slice(0, maxWords).join(" ").length;
  return end - start >= 3 ? { start, end } : undefined;
}

/** The clause that gives the reason: from after its marker to the next clause break, at most 25 words. */
function reasonSpan(text: string): { start: number; end: number } | undefined {
  const marker = reasonFollows.exec(text);
  return marker ? clauseFrom(text, marker.index + marker[0].length, /[;:.!?]|,\s+(?:and|but|which|while|so|or)\b|\s[–—]\s/, 25) : undefined;
}

/** Nouns whose "to" clause says what they are, not what something was done for: "the right to vote", "efforts to". */
const infinitiveNouns = /^(?:effort|plan|decision|attempt|abilit|right|need|way|opportunit|time|power|authorit|intention|desire|willingness|readiness|commitment|determination|resolve|agreement|proposal|bid|failure|refusal|move|call|chance|dut|obligation|freedom|capacit|means|tendenc|pressure|incentive|reason|order|request|promise|pledge|permission|licen[cs]e|initiative|ambition|aim|goal|wish|will|effect|tr(?:y|ies)|struggle|campaign|measure|step|action|bill|law|act|legislation|resolution|power|disposition|inclination|interest|cause|incentive|motive|occasion|reluctance|eagerness|temptation)/i;

/** Verbs whose object is followed by what it is asked or made to do ("asking the Congress to postpone"), not why. */
const complementVerbs = /^(?:ask|urg|invit|direct|request|permit|allow|enabl|expect|want|wish|requir|encourag|compel|forc|authori[sz]|empower|recommend|suggest|advis|call|persuad|induc|order|instruct|tell|told|lead|led|caus|help|get|got|lik|prefer|need|mean|intend|choos|chose|decid|agree|promis|refus|fail|seek|sought|tr(?:y|ied)|hope|plan|propos|begin|began|start|continu|us(?:e|ed|ing))/i;

/**
 * The purpose a sentence gives without a causal word: "promoted several routes through the
 * Caucasus to reduce dependence…", "To maintain this delicate balance, …". An infinitive after a
 * noun, a number or at the sentence's start, not one that completes a verb ("seeking to
 * transform"), an adjective ("essential … to adopt") or a noun of intent ("efforts to").
 */
function purposeSpan(text: string): { start: number; end: number } | undefined {
  const tokens = taggedTokens(text);
  for (let at = 0; at + 1 < tokens.length; at += 1) {
    if (tokens[at].text.toLowerCase() !== "to" || tokens[at].pos !== "PART" || tokens[at + 1].pos !== "VERB") continue;
    const before = tokens[at - 1];
    const opening = at === 0 || (at === 1 && /^["“]$/.test(tokens[0].text));
    const afterThing = before !== undefined && ["NOUN", "PROPN", "NUM"].includes(before.pos) && !infinitiveNouns.test(before.text);
    // "for both nations to adopt": the infinitive says what is needed of them, not why.
    const forSubject = tokens.slice(Math.max(0, at - 4), at).some((token) => token.text.toLowerCase() === "for");
    // "asking the Congress to postpone", "invited the governments … to be represented": what they were asked to do.
    const verb = [...tokens.slice(0, at)].reverse().find((token) => token.pos === "VERB" || token.pos === "AUX");
    const complement = verb !== undefined && (complementVerbs.test(verb.text) || (verb.pos === "AUX" && /^(?:it|there)$/i.test(tokens[0].text)));
    if (!(opening || (afterThing && !complement)) || forSubject) continue;
    // A "verb" the tagger misread: "to objects of this character", "to court and, …".
    if (/^of$/i.test(tokens[at + 2]?.text ?? "")) continue;
    const clause = clauseFrom(text, tokens[at + 1].start, /[;:.!?]|,\s+(?:and|but|which|while|so|or)\b|\s[–—]\s|,(?=\s)/, 25);
    const said = clause ? text.slice(clause.start, clause.end).trim().split(/\s+/) : [];
    if (said.length >= 2 && !/^(?:and|or|but|the|a|an|of|to|in|on|by|for|with)$/i.test(said.at(-1)!)) return clause;
  }
  return undefined;
}

/**
 * The means a "how was it done?" question asks for: the phrase after "by"/"through"/"via" that
 * follows a verb in the past ("approved by a nationwide referendum"), up to the next clause break,
 * at most 12 words. Not a year ("by 2030") nor a named agent ("signed by President Tokayev").
 */
function meansSpan(text: string): { start: number; end: number } | undefined {
  const marker = /\b[a-z]+(?:ed|en|wn)\s+(?:\w+\s+)?(?:by means of|by way of|through|via|by)\s+(?=(?:(?:a|an|the|its|their|his|her)\s+)?[a-z])/.exec(text);
  return marker ? clauseFrom(text, marker.index + marker[0].length, /[;:.!?,]|\s[–—]\s|\s(?:and|but|which|while|so|or)\s/, 12) : undefined;
}

/** A sentence that opens by drawing a consequence: its reason came before. */
const consequenceOpening = /^["“]?(?:therefore|thus|hence|consequently|accordingly|as a result|as a consequence|that is why|this is why|for this reason|for these reasons|for that reason)\b/i;

/** Splits passages into sentences with their document offsets, each sentence once. */
type Unscored = Omit<AskSentence, "coverage" | "contextCoverage" | "matches" | "contextMatches" | "score" | "answers" | "features" | "termShares">;

function sentencesOf(passages: Passage[]): Unscored[] {
  const seen = new Set<string>();
  const out: Unscored[] = [];
  passages.forEach((passage, index) => {
    // A transcript's "[Applause]" is no part of a sentence, nor a sentence of its own.
    const spoken = splitSentences(passage.text).map(withoutStageDirections).filter((sentence) => sentence.text.trim() !== "");
    spoken.forEach((sentence, order) => {
      const start = passage.start + sentence.start;
      const key = `${passage.documentId}:${start}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({
        // Marker-like brackets in an article never become citations: the engine writes the only markers.
        text: neutralizeMarkers(normalizeWhitespace(sentence.text)),
        n: index + 1,
        documentId: passage.documentId,
        start,
        end: passage.start + sentence.end,
        terms: [...new Set(contentTerms(sentence.text))],
        order,
        rank: index,
        lede: passage.start === 0 && order <= 1,
      });
    });
  });
  return out;
}

const durationLike = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+(years?|months?|weeks?|days?|hours?|decades?)\b/i;
const largeNumber = /\d.*\b(hundred|thousand|million|billion|trillion)\b|%|\bper ?cent\b|\bpercentage points?\b|\d,\d{3}/i;

/** Words that make a capitalised name a document, an event or an institution rather than a person. */
const institutionWords =
  /\b(memorandum|statement|agreement|treaty|declaration|concept|roadmap|plan|programme|program|strategy|initiative|act|law|meeting|summit|forum|conference|council|ministry|committee|commission|organi[sz]ation|union|association|center|centre|bank|fund|agency|corridor|republic|university|institute|party|congress|parliament|assembly)\b/i;

/** "Who wrote…" without a byline in the metadata: only a sentence that says who wrote it answers. */
const statesField: Record<NonNullable<QuestionAnalysis["metadata"]>, RegExp> = {
  author: /\b(writer|author|written|wrote|contributor|columnist|correspondent|reporter|analyst|expert)\b/i,
  outlet: /\b(agency|newspaper|published|publication|news|magazine|journal|outlet)\b/i,
  published: /\b(published|posted|updated|dated)\b/i,
};

/** "When is he due to arrive…", "when will the summit be held": the date asked for lies ahead of whoever wrote. */
const futureFraming = /\b(?:due to|expected to|scheduled (?:to|for)|set to|slated (?:to|for)|will|going to|upcoming|planned for|planning to|plans to|to be held)\b/i;

/**
 * Whether a date written in an article ("August 9", "September 2023") lies before the article's
 * own date ("2024-08-20"), a month or day without a year being of the article's year. Unknown
 * (false) when either says too little to tell.
 */
export function dateBefore(written: string, articleDate: string): boolean {
  const article = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(articleDate);
  if (!article) return false;
  const [articleYear, articleMonth, articleDay] = [Number(article[1]), article[2] ? Number(article[2]) : undefined, article[3] ? Number(article[3]) : undefined];
  const year = /\b(1\d{3}|20\d{2})\b/.exec(written);
  const monthAt = monthWord.exec(written);
  const month = monthAt ? monthNames.split("|").indexOf(monthAt[1].toLowerCase()) + 1 : undefined;
  const dayAt = monthAt ? /\b(\d{1,2})(?:st|nd|rd|th)?\b/.exec(written.replace(/\b(1\d{3}|20\d{2})\b/g, "")) : undefined;
  const day = dayAt ? Number(dayAt[1]) : undefined;
  const entityYear = year ? Number(year[1]) : articleYear;
  if (entityYear !== articleYear) return entityYear < articleYear;
  if (month === undefined || articleMonth === undefined) return false;
  if (month !== articleMonth) return month < articleMonth;
  return day !== undefined && articleDay !== undefined && day < articleDay;
}

/** A sentence that tells of what is to come: "will", "is due to", "gears up for", "upcoming". */
const tellsOfFuture = /\bwill\b|\bshall\b|\b(?:is|are|am|was|were)\s+(?:\w+\s+)?(?:due|set|scheduled|expected|slated|going|about|planning|preparing)\s+to\b|\b(?:upcoming|forthcoming)\b|\bgears?\s+up\b|\bprepar(?:es|ing)\s+for\b/i;
/** A verb in the past: "hosted", "was held", "met", "took part". */
const tellsOfPast = /\b(?:was|were|had|did)\b|\b[a-z]{3,}ed\b|\b(?:held|met|took|made|went|came|gave|began|became|said|told|brought|built|sent|won|led)\b/i;

/** A month's name anywhere in a text. */
const monthWord = new RegExp(`\\b(${monthNames})\\b`, "i");
/** A date that says when: a figure or a month ("in March", "1917"), not "the same day". */
const datedWords = new RegExp(`\\d|${monthWord.source}`, "i");
/** A date entity that is a month alone ("November"), whose day stands beside it. */
const monthAlone = new RegExp(`^(?:${monthNames})$`, "i");

/** A person's title standing for or before a name ("Captain Rodgers", "the Emperor of Russia", "Director", "Lieutenants Wilkes and Hudson"). */
const personalTitle =
  /\b(mr|mrs|ms|messrs|dr|sir|lord|lady|president|mayor|king|queen|emperor|empress|prince|princess|pope|minister|secretary|(?:general|captain|commodore|admiral|colonel|lieutenant)s?|major|governor|senator|ambassador|director|chairman|chancellor|premier|judge|justice|bishop|commissioner|consul|envoy)\b\.?/i;

/** A name joined with "of", "and", "the"…: the name of a thing or a body, not of a person (without a title). */
function joinsWords(name: string): boolean {
  return /\s(of|and|for|the|on|in|to)\s/.test(name);
}

/** Words in the first few thousand of English are common nouns or adjectives, not names. */
const commonRank = 3000;

/**
 * Whether a name can be a person's: it holds a title, or no joining word and a word rarer than
 * common English ("Aliyev", "Rodgers"). "Budget", "Results", "United Nations", "First … Ministers" are capitalised
 * words of other things. Without word frequencies, any name can.
 */
function personLike(entity: EntitySpan, stems: StemVectors | undefined): boolean {
  if (personalTitle.test(entity.text)) return true;
  // "A. K. Cutting", "John E. Ward": initials belong to people, whatever the surname means as a word.
  if (/(?:^|\s)\p{Lu}\.\s+\p{Lu}[\p{Ll}'’-]+$/u.test(entity.text)) return true;
  // "UNRCCA", "NATO", "BRICS": a word in capitals is a body's initials, not a person.
  if (/^\p{Lu}{3,}$/u.test(entity.text)) return false;
  // "Development of Transport and Logistics Centers": a person's name joins no words with "of" or "and".
  if (joinsWords(entity.text)) return false;
  if (!stems) return true;
  return contentTerms(entity.text).some((term) => (stems.rank(term) ?? Infinity) >= commonRank);
}

/** Whether a name has content words and each names a known place ("Islamabad", "Tajik"). */
function namesOnlyPlaces(text: string): boolean {
  const terms = contentTerms(text);
  return terms.length > 0 && terms.every((term) => placeEquivalents(term) !== undefined);
}

/** Words that count: a figure, a number word, "several", "half". */
const countedWords = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|several|few|half|dozen|score)\b/i;

function typedEntityWanted(analysis: QuestionAnalysis, entity: EntitySpan, stems?: StemVectors): boolean {
  if (analysis.asksName && analysis.expected !== "person" && entity.type === "NAME" && !calendarWord.test(entity.text)) return true;
  switch (analysis.expected) {
    case "date":
      // "postponed until 1917": a span ending in a year gives the year.
      if (entity.type === "DURATION") return /\b(?:until|till|to|by)\s+(?:1[5-9]|20)\d\d\b/i.test(entity.text);
      // "By what year…" is answered by a year, not "last November".
      if (analysis.focus === "year" && !/\b(?:1[5-9]|20)\d\d\b|['’]\d\d\b/.test(entity.text)) return false;
      return entity.type === "DATE" && datedWords.test(entity.text);
    case "number":
      // "How much" asks for an amount or a share, not a bare count ("August 7 and 8").
      if (analysis.wantsAmount) return ["MONEY", "PERCENT"].includes(entity.type) || (entity.type === "CARDINAL" && largeNumber.test(entity.text));
      // "What number president was he?": the twentieth, not a count.
      if (analysis.ordinal) return entity.type === "ORDINAL";
      // A span of time answers with its count ("three years"); "a year", "the year" count nothing.
      if (entity.type === "DURATION") return countedWords.test(entity.text);
      return ["MONEY", "PERCENT", "CARDINAL"].includes(entity.type) || (entity.type === "DATE" && durationLike.test(entity.text));
    case "person":
      return personName(entity, stems);
    case "place":
    case "organization":
    case "name":
      // "What was the warship called?" is not answered by "June".
      return entity.type === "NAME" && !calendarWord.test(entity.text);
    default:
      return false;
  }
}

/** Nouns of events a count of times is made of: "15 meetings", "three visits". */
const eventNoun = /^\s+(?:[a-z-]+\s+)?(?:times|meetings|visits|occasions|sessions|summits|rounds|talks|trips|encounters|calls|conversations|conferences)\b/i;

/**
 * A heading, a cut-off abbreviation ("Lieut."), a sentence without its end. Short is not enough:
 * "Our Indians number about 248,000." says all it needs in five words, as a figure or a verb shows.
 */
function isFragment(text: string): boolean {
  if (!/[.!?]["'”’)]*$/.test(text)) return true;
  const length = text.split(" ").length;
  if (length >= 6) return false;
  if (length < 4) return true;
  return !taggedTokens(text).some((token) => token.pos === "NUM" || token.pos === "VERB" || token.pos === "AUX");
}

/** Stems of what money is counted in. */
const moneyNoun = /^(?:dollar|cent|pound|euro|franc|sterl|shill|penn|penc|guinea|rubl|yen|peso|mark|tenge|yuan|crown|florin|ducat|eagl|coin|bill|note|buck|grand)/;

/** Stems of the units of time. */
const timeUnitStem = /^(?:second|minut|hour|day|week|month|year|decad|century)$/;

/** "How many containers": the number must count containers (the noun within a few words after it). */
function countsTheNoun(analysis: QuestionAnalysis, sentence: AskSentence, entity: EntitySpan, match: TermMatcher): boolean {
  if (!analysis.counted) return true;
  // "How many Indians…" is not answered by "$165,000,000" nor by "40 percent"; "how many dollars" is.
  if (entity.type === "MONEY") return analysis.counted.some((counted) => moneyNoun.test(counted));
  if (entity.type === "PERCENT") return analysis.counted.some((counted) => /^(?:percent|per|point)/.test(counted));
  // The noun may be inside the entity ("five days") or just after it ("4,500 km").
  const following = [...contentTerms(entity.text), ...contentTerms(sentence.text.slice(entity.end, entity.end + 40)).slice(0, 3)];
  // "gun boats" counts "gunboats". Units of time mean only themselves: "how many days" is not
  // answered by "four years" (near-synonyms in the vectors).
  const counts = (terms: string[]) =>
    analysis.counted!.some((counted) =>
      timeUnitStem.test(counted) ? terms.includes(counted) : match(counted, terms) > 0 || terms.some((term, at) => at + 1 < terms.length && term + terms[at + 1] === counted),
    );
  if (counts(following)) return true;
  // Or the sentence names it first and the number closes the statement: "The number of post offices
  // has been increased to 7,000", "the whole number of troops … was 4,082". A figure followed by its
  // own noun ("7,000 letters") counts that; no other figure may stand between the noun and this one.
  const closes = /^\s*(?:[.,;:)!?]|$|(?:and|but|in|on|at|by|for|from|during|since|to|which|while|as|after|before|with|or|are|were|is|was|have|has|had|will|would)\b)/i;
  if (!closes.test(sentence.text.slice(entity.end))) return false;
  const before = sentence.text.slice(0, entity.start);
  // "the number of X", or a sentence opening on its X: "Of the gun boats authorized …, one hundred
  // and three", "Of those who were slaves …, full 100,000".
  // "Our Indians number about 248,000", "the arrivals totaled 12,000": the noun, then a verb of counting.
  const counted = /((?:[\p{L}-]+\s+){0,1}[\p{L}-]+)\s+(?:number(?:ed)?|total(?:l?ed)?|amount(?:ed)?\s+to|reach(?:ed)?)\s+(?:(?:about|nearly|almost|some|over|more\s+than|less\s+than|fewer\s+than|upward\s+of|upwards\s+of|approximately|roughly|just)\s+)?$/iu.exec(before);
  if (counted && counts(contentTerms(counted[1]))) return true;
  const counting = /\b(?:number|total|count)\s+of\s+((?:[\p{L}-]+\s+){0,2}[\p{L}-]+)|^\s*of\s+(?:the|those|these|all)\s+(?:who\s+(?:were|are|was)\s+)?((?:[\p{L}-]+\s+){0,2}[\p{L}-]+)/giu;
  for (const found of before.matchAll(counting)) {
    // A date between is no figure: "The number of stations in operation June 30, 1885, was 489."
    const between = before.slice((found.index ?? 0) + found[0].length).replace(datesInText, " ");
    if (/\d/.test(between)) continue;
    if (counts(contentTerms(found[1] ?? found[2]))) return true;
  }
  return false;
}

/** A month, written out or cut short ("Sept.", "Aug"). */
const monthOrShort = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
/** Dates and years written in a sentence ("June 30, 1885", "30th of June", "1885"). */
const datesInText = new RegExp(
  `\\b(?:${monthOrShort})\\.?\\s*,?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+(?:1[5-9]|20)\\d\\d\\b)?|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${monthOrShort})\\b|\\b(?:1[5-9]|20)\\d\\d\\b`,
  "gi",
);

const timeUnit = "seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|fortnights?|overnight";
const lengthUnit = "km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m|feet|foot|ft|yards?|inches|leagues?";
const unitPatterns: Record<NonNullable<QuestionAnalysis["unit"]>, RegExp> = {
  length: new RegExp(`\\b(${timeUnit}|${lengthUnit})\\b`, "i"),
  time: new RegExp(`\\b(${timeUnit})\\b`, "i"),
  distance: new RegExp(`\\b(${lengthUnit})\\b`, "i"),
  age: /\b(years?|year-old|aged|age|centur(?:y|ies)|decades?)\b/i,
  frequency: /\b(times?|daily|weekly|monthly|annually|yearly|every|per|a (?:day|week|month|year))\b/i,
  weight: /\b(tons?|tonnes?|kg|kilograms?|pounds?|lbs?|grams?|ounces?)\b/i,
  speed: /\b(km\/h|kph|mph|knots?|per hour|an hour|a second|per second)\b/i,
  money: /[$£€¥]|\b(dollars?|cents?|pounds?|sterling|euros?|francs?|yen|rubles?|roubles?|yuan|tenge|marks|guilders?|pesos?|piasters?)\b/i,
  percent: /%|\b(percent|per cent|percentage)\b/i,
};

/** "How long did the talks last": the number must carry a unit of what was asked (days, km). */
function hasAskedUnit(analysis: QuestionAnalysis, sentence: AskSentence, entity: EntitySpan): boolean {
  if (!analysis.unit) return true;
  // The unit may come first: "at age 10".
  return unitPatterns[analysis.unit].test(`${sentence.text.slice(Math.max(0, entity.start - 12), entity.start)} ${entity.text} ${sentence.text.slice(entity.end, entity.end + 24)}`);
}

/** The terms with every other name of the places among them ("Astana" brings "Kazakhstan"). */
function withPlaceNames(terms: Iterable<string>): Set<string> {
  const all = new Set(terms);
  for (const term of [...all]) for (const other of placeEquivalents(term) ?? []) all.add(other);
  return all;
}

/** Entities of the expected type that the question does not already name (nor another name of it). */
function answerEntities(options: {
  analysis: QuestionAnalysis;
  sentence: AskSentence;
  match: TermMatcher;
  stems?: StemVectors;
  /** The question's terms and its names, each with the other names of its places. */
  asked: { terms: Set<string>; names: Set<string> };
}): EntitySpan[] {
  const { analysis, sentence, match, asked } = options;
  sentence.entities ??= entitySpans(sentence.text);
  return sentence.entities.map((entity) => (analysis.expected === "place" ? entity : withoutAskedPlace(entity, asked.names, sentence.text))).filter((entity) => {
    if (!typedEntityWanted(analysis, entity, options.stems)) return false;
    if (!countsTheNoun(analysis, sentence, entity, match) || !hasAskedUnit(analysis, sentence, entity)) return false;
    if (asksActualFigure(analysis) && framedAsTarget(sentence.text, entity)) return false;
    const terms = contentTerms(entity.text);
    if (analysis.expected === "person" && (officeOnly(entity) || namesPlace(sentence.text, entity) || afterArticle(sentence.text, entity))) return false;
    if (entity.type === "NAME" && asksForFirm(analysis) && !firmName.test(entity.text) && !firmWords.test(sentence.text) && !inLongList(listsOf(sentence), entity)) return false;
    // A name that holds one the question asked about ("President Tokayev" for "Tokayev") is not the answer.
    if (entity.type === "NAME" && terms.some((term) => asked.names.has(term))) return false;
    return terms.length > 0 && !terms.every((term) => asked.terms.has(term));
  });
}

/**
 * "How much do they actually trade right now?", "what is the current trade volume?": the figure
 * asked for is what is, not what is aimed at. (A question about the target says so: "what trade
 * target…".)
 */
const actualFigure = /\b(?:current(?:ly)?|actual(?:ly)?|right now|at present|presently|so far|to date|nowadays|these days)\b/i;
const targetWords = /\b(?:target|goal|aim|objective|ambition|plan|pledge|promise)/i;

function asksActualFigure(analysis: QuestionAnalysis): boolean {
  return analysis.expected === "number" && actualFigure.test(analysis.question) && !targetWords.test(analysis.question);
}

/**
 * "…both countries targeting an increase in trade turnover to $2 billion", "aims to reach 10
 * million tons by 2030": a figure set as a goal, by the words before it or a deadline after it.
 */
function framedAsTarget(text: string, entity: EntitySpan): boolean {
  const before = text.slice(Math.max(0, entity.start - 80), entity.start);
  const after = text.slice(entity.end, entity.end + 20);
  return (
    /\b(?:target(?:s|ing|ed)?|aim(?:s|ing|ed)?\s+(?:at|to|for)|goal(?:s)?\s+(?:of|is|was)|plans?\s+to|planning\s+to|seek(?:s|ing)?\s+to|hop(?:e|es|ing)\s+to|expected\s+to\s+(?:reach|rise|grow|hit)|(?:increase|raise|boost|bring|lift|grow)\w*\s+(?:\w+\s+){0,5}to)\b[^.;]*$/i.test(before) ||
    /^\s*(?:by|in|within)\s+(?:the\s+)?(?:end\s+of\s+)?(?:20\d\d|19\d\d|the\s+next)\b/i.test(after)
  );
}

/** Words before a name that make it a place: "the dry port of Xi'an", "held in Astana", "the city of Tashkent". */
const placeBefore = /\b(?:in|at|near|(?:port|city|town|village|capital|province|region|district|county|island|harbou?r|republic|kingdom|state) of)\s+(?:the\s+)?$/i;

/**
 * A name of one or two words that stands where a place does ("the dry port of Xi'an"), not a
 * possessive ("in Tokayev's view"): no person. Longer runs may be a place run into the person
 * after it ("in Central Asia Kakha Imnadze").
 */
function namesPlace(text: string, entity: EntitySpan): boolean {
  return entity.type === "NAME" && entity.text.split(/\s+/).length <= 2 && placeBefore.test(text.slice(Math.max(0, entity.start - 30), entity.start)) && !/^['’]s\b/.test(text.slice(entity.end));
}

/**
 * "…for Preventive Diplomacy in Central Asia Kakha Imnadze": capitalised words run together, so the
 * place the question named ("Central Asia") opens the name of the person after it. The words
 * the question named come off the front when at least two capitalised words remain.
 */
function withoutAskedPlace(entity: EntitySpan, askedNames: ReadonlySet<string>, text: string): EntitySpan {
  // Only a place that ends a phrase before it ("in Central Asia"); "Kazakh President Tokayev" is the asked person.
  if (entity.type !== "NAME" || !/\b(?:in|of|for|from|at)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, entity.start - 10), entity.start))) return entity;
  const parts = [...entity.text.matchAll(/\S+/g)];
  // "Asia" where the question said "Central Asian".
  const asked = (term: string) => [...askedNames].some((name) => name === term || (term.length >= 4 && name.startsWith(term)));
  let first = 0;
  while (first < parts.length && contentTerms(parts[first][0]).some(asked)) first += 1;
  if (first === 0 || parts.length - first < 2 || !parts.slice(first).every((part) => /^\p{Lu}/u.test(part[0]))) return entity;
  const start = entity.start + parts[first].index!;
  return { ...entity, start, text: entity.text.slice(parts[first].index!) };
}

/**
 * "the Chambers", "the Arctic Seas": a name after "the" is a thing's or a body's, not a person's,
 * unless a title opens it ("the Emperor of Russia").
 */
function afterArticle(text: string, entity: EntitySpan): boolean {
  return /\bthe\s+$/i.test(text.slice(Math.max(0, entity.start - 5), entity.start)) && !personalTitle.test(entity.text);
}

/**
 * An office held by someone in a department or a land: "the Secretary of War", "Commissioner of
 * Labor", "Governor of Texas". A ruler's title with a realm ("the King of Prussia") does name one
 * person, and stays a person.
 */
const officeOfPlace =
  /^(?:the\s+)?(?:(?:vice|deputy|acting|assistant|former)[\s-]+)?(?:secretary|attorney|postmaster|commissioner|director|governor|minister|president|consul|treasurer|comptroller|solicitor|surveyor|marshal|chief|speaker|chairman)(?:[\s-]+general)?\s+of\s+(?:the\s+)?\p{Lu}[\p{L}'’-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}'’-]*)*$/iu;

/** Runs of two or more capitalised words in a text ("Astana International Forum", "Bank of England"), the first word of a sentence aside. */
function multiWordNames(text: string): string[] {
  return [...text.matchAll(/(?<![.?!]\s*|^)\b\p{Lu}[\p{L}'’-]+(?:\s+(?:of\s+|for\s+|the\s+)?\p{Lu}[\p{L}'’-]+)+/gu)].map((found) => found[0]);
}

/**
 * Stems of the words that end names of events, bodies and works ("… Forum", "… Corridor", "… Treaty"),
 * not of people: computed from the words, as `generalKind` is, so each is the stem the stemmer makes.
 */
const kindHead = new Set(
  contentTerms(
    "forum summit conference meeting council corridor bank fund agency organisation union treaty agreement pact act plan " +
      "program initiative strategy declaration statement commission committee company corporation university institute " +
      "exhibition expo games festival railway railroad canal bridge dam port airport station road highway pipeline center",
  ),
);

/** A name that can be a person's: not a country ("Tajikistan and Uzbekistan" answers no "who"), a date, a document or a body. */
function personName(entity: EntitySpan, stems: StemVectors | undefined): boolean {
  return entity.type === "NAME" && !calendarWord.test(entity.text) && !namesOnlyPlaces(entity.text) && !institutionWords.test(entity.text) && personLike(entity, stems);
}

/** Whether a sentence names a person: a person's name that is no office or role ("International Relations Expert"). */
function namesSomeone(sentence: AskSentence, stems: StemVectors | undefined): boolean {
  sentence.entities ??= entitySpans(sentence.text);
  return sentence.entities.some((entity) => personName(entity, stems) && !officeOnly(entity) && !personNouns.test(entity.text.split(/[\s-]+/).at(-1) ?? ""));
}

/** "Director", "the Vice-President", "Chief Magistrate", "the Secretary of War": an office alone names nobody; "who heads the centre?" wants the person in it. */
function officeOnly(entity: EntitySpan): boolean {
  if (officeOfPlace.test(entity.text)) return true;
  const office = (word: string) => personNouns.test(word) || /^(?:the|vice|deputy|acting|former|prime|foreign|of|magistrate|sovereign)$/i.test(word);
  // "the Kazakhstan President", "Russian Foreign Minister": a land before the office names whose office it is, not who holds it.
  const wordsIn = entity.text.split(/[\s-]+/);
  const firstOffice = wordsIn.findIndex(office);
  return firstOffice !== -1 && wordsIn.slice(0, firstOffice).every(namesOnlyPlaces) && wordsIn.slice(firstOffice).every(office);
}

/**
 * Whether `after` is the very sentence that follows `before` in their article: a passage ends where
 * its chunk does, so two passages retrieved side by side continue each other.
 */
function followsDirectly(before: Pick<Unscored, "documentId" | "end">, after: Pick<Unscored, "documentId" | "start">): boolean {
  return before.documentId === after.documentId && after.start - before.end <= 3;
}

/** What a country the sentence's passage names elsewhere counts for the sentence (a neighbour's word counts 0.6). */
const passageCountry = 0.4;

/** Mean likeness of a list's items to the asked kind at which the items count as of that kind (terrorism ~ threat 0.60, extremism 0.50). */
const itemKindLikeness = 0.35;

/** Each term's cosine with `focus` in the word vectors (0 for a term without a vector), kept once worked out; none when `focus` has no vector. */
function likenessTo(focus: string, stems: StemVectors): ((term: string) => number) | undefined {
  const kind = stems.unit(focus);
  if (!kind) return undefined;
  const known = new Map<string, number>();
  return (term) => {
    let value = known.get(term);
    if (value === undefined) {
      const unit = stems.unit(term);
      value = unit ? cosine(unit, kind) : 0;
      known.set(term, value);
    }
    return value;
  };
}

/** Whether one of the text's lists (`lists`, from `enumerations`) has three or more items whose words are, on average, near the asked kind. */
function listsOfKind(text: string, lists: ReturnType<typeof enumerations>, likeness: (term: string) => number): boolean {
  return lists.some((list) => {
    if (list.items < 3) return false;
    const items = listItems(text, list).map((item) => Math.max(0, ...contentTerms(item).map(likeness)));
    return items.length >= 3 && items.reduce((sum, value) => sum + value, 0) / items.length >= itemKindLikeness;
  });
}

/** "Which city…", "what port…": a place smaller than a country is asked for. */
function asksForTown(analysis: QuestionAnalysis): boolean {
  return /\b(?:city|cities|town|towns|capital|capitals|port|ports|village|villages)\b/i.test(analysis.question);
}

/**
 * "Which company will build the plant?", "which railway company ran the service?": a firm is asked
 * for. A name answers only as a firm's: one that says so ("Standard Oil Company", "Jay Cooke & Co.")
 * or stands in a sentence that speaks of firms ("companies such as Ford and Intel"), or among a
 * list of three or more names ("Ford, Fiat-Chrysler, General Motors, … have announced"). The name
 * of a route, a city or a country nearby ("the Middle Corridor", "Xi'an") is no firm.
 */
const firmAsked = /\b(?:which|what)\s+(?:[\p{L}-]+\s+){0,2}?(?:compan(?:y|ies)|firms?|corporations?|contractors?|manufacturers?|airlines?)\b/iu;
const firmName = /(?:\b(?:Company|Companies|Corporation|Corp|Inc|Ltd|LLC|Bank|Railway|Railways|Railroad|Airlines?|Group|Holdings?|Works|Brothers|Industries|Enterprises?)\b|&\s*Co\b)/u;
const firmWords = /\b(?:compan(?:y|ies)|firms?|corporations?|contractors?|manufacturers?|airlines?|enterprises?|conglomerates?|makers?|businesses)\b/i;

/** The lists a sentence names, read (by wink) once and kept on it, as its entities are. */
function listsOf(sentence: Pick<AskSentence, "text" | "lists">): ReturnType<typeof enumerations> {
  return (sentence.lists ??= enumerations(sentence.text));
}

/** A name among the items of a list of three or more ("Ford, Fiat-Chrysler, General Motors, … have announced"): one of a named kind. */
function inLongList(lists: ReturnType<typeof enumerations>, entity: EntitySpan): boolean {
  return lists.some((list) => list.items >= 3 && list.start <= entity.start && entity.end <= list.end);
}

function asksForFirm(analysis: QuestionAnalysis): boolean {
  return !["person", "number", "date"].includes(analysis.expected) && firmAsked.test(analysis.question);
}

/**
 * Stems of nouns that name things by what they do, not what they are: "which measures", "what
 * documents", "what steps". A list of anything may answer them ("a realistic tax law, a cost of
 * food law…"); "which rivers" or "which posts" wants a list that names rivers or posts, or a list of names.
 */
const generalKind = new Set(
  contentTerms(
    "measures steps documents proposals reforms policies programs plans ideas issues areas points things actions " +
      "recommendations initiatives topics subjects priorities goals objectives laws bills agreements deals treaties " +
      "changes problems challenges factors reasons ways methods tools items elements aspects parts features principles " +
      "terms conditions demands requests sectors fields projects tasks lessons promises pledges commitments " +
      "achievements results outcomes effects consequences benefits risks threats concerns",
  ),
);

/**
 * A list whose items are mostly names ("the Syr Darya, the Amu Darya and the Vakhsh"): names of the
 * asked kind, for all the words say, unless they are people or countries.
 */
function listsNames(sentence: AskSentence): boolean {
  const text = sentence.text;
  return listsOf(sentence).some((list) => {
    const items = listItems(text, list).map((item) => item.replace(/^(?:the|a|an)\s+/i, ""));
    // Names of other kinds do not count: people by their titles, countries ("Tajikistan's President Emomali Rahmon, …").
    const named = items.filter((item) => /^\p{Lu}/u.test(item) && !personalTitle.test(item) && !/['’]s\b/.test(item) && !namesOnlyPlaces(item));
    return items.length >= 2 && named.length * 2 >= items.length;
  });
}

/** "Where will the next summit be held?", "which city will host…": a place still to come is asked for. */
function asksWhereAhead(analysis: QuestionAnalysis): boolean {
  return analysis.expected === "place" && (futureFraming.test(analysis.question) || /\bnext\b/i.test(analysis.question));
}

/** A name that is a country itself ("Pakistan", "the United States"), not a capital or a people. */
function countryItself(entity: EntitySpan): boolean {
  return namesOnlyPlaces(entity.text) && contentTerms(entity.text).every((term) => countryNameFor(term) === undefined);
}

/** Whether a line break stands between two neighbouring sentences of one passage: a new paragraph. */
function paragraphBreak(passages: readonly Passage[], before: AskSentence, after: AskSentence): boolean {
  const passage = passages[after.n - 1];
  if (!passage || before.n !== after.n) return false;
  return passage.text.slice(before.end - passage.start, after.start - passage.start).includes("\n");
}

/** Whether a sentence holds a name none of whose words the question uses. */
function namesSomethingNew(sentence: AskSentence, asked: ReadonlySet<string>): boolean {
  sentence.entities ??= entitySpans(sentence.text);
  return sentence.entities.some((entity) => entity.type === "NAME" && contentTerms(entity.text).some((term) => !asked.has(term)));
}

/** Whether the sentence names a country (or its capital or people) that the question does not (`asked`: its terms with their places' other names). */
function namesOtherCountry(sentence: AskSentence, asked: ReadonlySet<string>): boolean {
  return sentence.terms.some((term) => placeEquivalents(term) !== undefined && !asked.has(term));
}

/** A name that is a country, a capital or a people's name, or that follows "in"/"at" ("in Dushanbe"). */
function placeLike(text: string, entity: EntitySpan): boolean {
  if (contentTerms(entity.text).some((term) => placeEquivalents(term) !== undefined)) return true;
  return /\b(in|at|to|from|near)\s+(the\s+)?$/i.test(text.slice(Math.max(0, entity.start - 12), entity.start));
}

/** How many content words before `offset` in `text`: an entity's place in the sentence's term sequence. */
function termIndexAt(text: string, offset: number): number {
  return contentTerms(text.slice(0, offset)).length;
}

/** Whether an answer entity stands within a few content words of a word the question used. */
function nearQuestionWords(sentence: AskSentence, matchedAt: readonly number[]): boolean {
  if (matchedAt.length === 0) return false;
  return sentence.answers.some((entity) => {
    const first = termIndexAt(sentence.text, entity.start);
    const last = first + Math.max(0, contentTerms(entity.text).length - 1);
    return matchedAt.some((at) => (at < first ? first - at : at > last ? at - last : 0) <= nearWindow);
  });
}

/** What a term a follow-up borrowed from the earlier question weighs against the user's own words. */
const borrowedWeight = 0.5;

/**
 * What a term of the question's "besides X" weighs: the sentence that names X (the big three
 * powers) is seldom the one that names the others, though it may be ("besides the agreement on
 * land transport, what else was signed…").
 */
const excludedWeight = 0.1;

/**
 * What the count word of a list question weighs: "which two ministerial meetings" is not answered
 * by "the two presidents", though "three sisters" may say the asked count (dropped outright, it lost
 * held-out questions).
 */
const listSizeWeight = 0.3;

/** Cosine from which a weaker near-synonym counts towards the loose coverage feature. */
const looseThreshold = 0.3;

/** Content words between an answer and the question's word it answers, at most: "X's President [Name]". */
const nearWindow = 3;

/** Share of the question's adjacent key-term pairs that stand (almost) next to each other in the sentence. */
function phraseShare(keyTerms: readonly string[], sequence: readonly string[]): number {
  if (keyTerms.length < 2) return 0;
  let held = 0;
  for (let index = 1; index < keyTerms.length; index += 1) {
    const [left, right] = [keyTerms[index - 1], keyTerms[index]];
    const found = sequence.some((term, at) => term === left && (sequence[at + 1] === right || sequence[at + 2] === right));
    if (found) held += 1;
  }
  return held / (keyTerms.length - 1);
}

/** The question asks for a thing an entity can be: a date, a number, a person, a place, a name. */
function asksForThing(analysis: QuestionAnalysis): boolean {
  return ["date", "number", "person", "place", "organization", "name"].includes(analysis.expected);
}

/** The items of a list a sentence names: "terrorism, separatism, and extremism" -> three. */
function listItems(text: string, list: { start: number; end: number }): string[] {
  return text.slice(list.start, list.end).split(/,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/);
}

/**
 * "When is the Kazakh leader due in Dushanbe?" is answered by "As President Tokayev gears up for his
 * visit to Tajikistan on August 22": a sentence that names the person the passages call the
 * country's president matches the question's country and role words, as if it said them.
 */
function matchOfficeHolders(options: { question: string; keyTerms: readonly string[]; passages: Passage[]; sentences: Unscored[]; matches: number[][] }): void {
  const { keyTerms, sentences, matches } = options;
  const roles = askedRolesIn(options.question).filter((role) => keyTerms.includes(role.place) && keyTerms.includes(role.role));
  if (roles.length === 0) return;
  const holders = options.passages.flatMap((passage) => roleHolders(passage.text));
  for (const role of roles) {
    const names = new Set(holders.filter((holder) => holdsRole(holder, role)).flatMap((holder) => holder.name));
    if (names.size === 0) continue;
    const [place, title] = [keyTerms.indexOf(role.place), keyTerms.indexOf(role.role)];
    sentences.forEach((sentence, index) => {
      if (!sentence.terms.some((term) => names.has(term))) return;
      matches[index][place] = 1;
      matches[index][title] = 1;
    });
  }
}

/** A question the analysis reads as a list that one thing may answer: "what sort of farm products…", "what name is given to…". */
const oneThingMayAnswer = /\b(?:sort|kind|type)s? of\b|\bwhat name\b|\bname (?:is|was) given\b/i;

/** Scores every sentence of the passages for the question. */
export function scoreSentences(options: { analysis: QuestionAnalysis; passages: Passage[]; stems?: StemVectors; weights?: Readonly<Record<SentenceFeature, number>> }): AskSentence[] {
  const { analysis } = options;
  const sentences = sentencesOf(options.passages);
  const keyTerms = analysis.keyTerms;
  if (sentences.length === 0 || keyTerms.length === 0) return [];
  const names = new Set(analysis.names.flatMap((name) => contentTerms(name)));
  const borrowed = new Set(analysis.borrowed ?? []);
  const excluded = new Set(analysis.excluded ?? []);
  // Numbers, in figures or words, mean themselves: "fifth" is not "sixth".
  const exact = (term: string) => /\d|^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|one|two|three|four|five|six|seven|eight|nine|ten|hundr|thousand|million|billion)$/.test(term);
  const match = termMatcher({ stems: options.stems, names, exact, roles: analysis.expected === "person" });
  const matches = sentences.map((sentence) => keyTerms.map((term) => match(term, sentence.terms)));
  matchOfficeHolders({ question: analysis.question, keyTerms, passages: options.passages, sentences, matches });
  // "Which three threats…": a sentence that lists things of the asked kind ("terrorism, separatism,
  // and extremism") names the focus noun in effect, though it never says "threats".
  const focusIndex = analysis.focus === undefined ? -1 : keyTerms.indexOf(analysis.focus);
  const kindLikeness = analysis.expected === "list" && options.stems && focusIndex !== -1 ? likenessTo(analysis.focus!, options.stems) : undefined;
  if (kindLikeness) {
    sentences.forEach((sentence, index) => {
      if (listsOfKind(sentence.text, listsOf(sentence), kindLikeness)) matches[index][focusIndex] = Math.max(matches[index][focusIndex], synonymThreshold);
    });
  }
  // Weaker near-synonyms ("goal" and "objective" sit at cosine ~0.36 in the local vectors): too
  // noisy to decide coverage by, still a hint between sentences that cover the same terms.
  const loose = termMatcher({ stems: options.stems, names, exact, threshold: looseThreshold, roles: analysis.expected === "person" });
  // Rare question terms say most about which sentence answers; a term no sentence has weighs most.
  const weights = keyTerms.map((term, index) => {
    const frequency = matches.filter((row) => row[index] >= synonymThreshold).length;
    const idf = Math.log(1 + (sentences.length + 1) / (1 + frequency));
    return idf * (names.has(term) ? 1.3 : 1) * (term === analysis.focus ? 1.2 : 1) * (borrowed.has(term) ? borrowedWeight : 1) * (excluded.has(term) ? excludedWeight : 1) * (term === analysis.listSize ? listSizeWeight : 1);
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const termShares = weights.map((weight) => weight / total);
  const asked = new Set(contentTerms(analysis.question));
  const said = { terms: withPlaceNames(asked), names: withPlaceNames(analysis.names.flatMap((name) => contentTerms(name))) };
  const wantsType = asksForThing(analysis);
  const asksTown = asksForTown(analysis);
  const looksAhead = analysis.expected === "date" && futureFraming.test(analysis.question);
  const placeAhead = asksWhereAhead(analysis);
  const wantsQuote = ["name", "description", "list"].includes(analysis.expected);
  // "Which three threats…": the asked kind of thing for a list is a list, of words the question does
  // not use. Not "what sort of farm products…" or "what name is given to…": one thing may answer those.
  const asksForList = analysis.expected === "list" && !oneThingMayAnswer.test(analysis.question);
  const listed = (sentence: AskSentence) => {
    const text = sentence.text;
    const lists = listsOf(sentence).filter((list) => listItems(text, list).filter((item) => contentTerms(item).some((term) => !said.terms.has(term))).length >= 2);
    return lists.some((list) => list.items >= 3) ? 1 : lists.length > 0 ? 0.5 : 0;
  };
  // Every sentence of "Xi Meets Tokayev: Boosting Ties" is about Xi and Tokayev, though most say
  // "both leaders": a name the question asks about that the article's title holds counts, as a
  // neighbour's would, for each of its sentences.
  const titled = options.passages.map((passage) => {
    const titleTerms = withPlaceNames(contentTerms(passage.title ?? ""));
    return keyTerms.map((term) => (names.has(term) ? 0.6 * match(term, [...titleTerms]) : 0));
  });
  // Neighbours in the article's own order: the sentence that ends one passage and the one that opens the next are neighbours too.
  const byPlace = sentences.map((_, index) => index).sort((a, b) => sentences[a].documentId.localeCompare(sentences[b].documentId) || sentences[a].start - sentences[b].start);
  const adjacent = new Map<number, number[]>();
  for (let at = 1; at < byPlace.length; at += 1) {
    const [before, after] = [byPlace[at - 1], byPlace[at]];
    if (!followsDirectly(sentences[before], sentences[after])) continue;
    adjacent.set(before, [...(adjacent.get(before) ?? []), after]);
    adjacent.set(after, [...(adjacent.get(after) ?? []), before]);
  }
  const neighbours = (index: number) => adjacent.get(index) ?? [];
  // "Which threats did Beijing and Astana pledge to fight?": "their relations" in a passage on China
  // and Kazakhstan. A country the question names that the sentence's passage names elsewhere counts
  // a little for each of its sentences, as the article's context.
  const countryTerms = keyTerms.map((term) => names.has(term) && placeEquivalents(term) !== undefined);
  const inPassage = options.passages.map(() => keyTerms.map(() => 0));
  sentences.forEach((sentence, row) => {
    const best = inPassage[sentence.n - 1];
    countryTerms.forEach((country, term) => {
      if (country) best[term] = Math.max(best[term], matches[row][term]);
    });
  });
  return sentences.map((sentence, index) => {
    // A sentence opening with "It"/"This" means what the sentence before it names.
    const anaphoric = anaphoricOpening.test(sentence.text);
    const previous = anaphoric ? neighbours(index).find((other) => sentences[other].start < sentences[index].start) : undefined;
    const own = previous === undefined ? matches[index] : matches[index].map((value, term) => Math.max(value, matches[previous][term]));
    const context = own.map((value, term) =>
      Math.max(value, titled[sentence.n - 1][term], passageCountry * inPassage[sentence.n - 1][term], ...neighbours(index).map((other) => 0.6 * matches[other][term])),
    );
    const coverage = own.reduce((sum, value, term) => sum + value * weights[term], 0) / total;
    const contextCoverage = context.reduce((sum, value, term) => sum + value * weights[term], 0) / total;
    const scored: AskSentence = { ...sentence, coverage, contextCoverage, matches: own, contextMatches: context, score: 0, answers: [], termShares };
    const found = answerEntities({ analysis, sentence: scored, match, stems: options.stems, asked: said });
    // "When is he due to arrive?": a date before the article was written is some other, past event.
    const articleDate = options.passages[sentence.n - 1]?.date ?? "";
    // An undated article's sentence that only tells of the past reports a past event, whatever its date.
    const toldAsPast = looksAhead && articleDate === "" && tellsOfPast.test(sentence.text) && !tellsOfFuture.test(sentence.text);
    const past = looksAhead ? found.filter((entity) => toldAsPast || dateBefore(entity.text, articleDate)) : [];
    const entities = past.length > 0 && past.length < found.length ? found.filter((entity) => !past.includes(entity)) : found;
    const stale = past.length > 0 && past.length === found.length;
    // "Which gathering…": a name that is a gathering (a "Summit") beats any other name.
    // Not for amounts and dates: "below what annual figure" is no "year" because "annual" matches it.
    // "Which flagship infrastructure program…": a name whose last word is of the head noun's kind
    // ("Belt and Road Initiative") is such a thing, at the weaker similarity (program ~ initiative 0.49).
    // The head noun may follow the name as a word of the sentence: "the Franco-German partnership",
    // "the BRICS cooperation mechanism" (the name found is "Franco-German").
    const namesFocus = (entity: { text: string; end?: number }) => {
      const terms = contentTerms(entity.text);
      const after = entity.end === undefined ? [] : contentTerms(sentence.text.slice(entity.end, entity.end + 30)).slice(0, 1);
      return match(analysis.focus!, terms) > 0 || (analysis.head !== undefined && (loose(analysis.head, terms.slice(-1)) > 0 || (after.length > 0 && match(analysis.head, after) >= synonymThreshold)));
    };
    const focusNamed = analysis.focus !== undefined && analysis.expected !== "number" && analysis.expected !== "date" && entities.some(namesFocus);
    // A "where" answer names a known place, or stands after "in"/"at"; any other name is half an answer.
    // "Which city…" is not answered by a country ("the United States"), only by a place within one.
    const placed = analysis.expected !== "place" || entities.some((entity) => placeLike(sentence.text, entity) && !(asksTown && countryItself(entity)));
    const typed = entities.length === 0 ? 0 : (analysis.expected === "name" && analysis.focus !== undefined && !focusNamed) || !placed || stale ? 0.5 : 1;
    // "Where will the next summit be held?" is not answered by where the last one was.
    const toldAsDone = placeAhead && tellsOfPast.test(sentence.text) && !tellsOfFuture.test(sentence.text);
    scored.answers = toldAsDone ? [] : focusNamed ? entities.filter(namesFocus) : entities;
    const sequence = contentTerms(sentence.text);
    const matchedAt = wantsType ? sequence.flatMap((term, at) => (keyTerms.some((key) => match(key, [term]) >= synonymThreshold) ? [at] : [])) : [];
    const looseCoverage = keyTerms.reduce((sum, term, at) => sum + Math.max(own[at], loose(term, sentence.terms)) * weights[at], 0) / total;
    const exactWeight = matches[index].reduce((sum, value, term) => sum + (value === 1 ? weights[term] : 0), 0) / total;
    const unique = sentence.terms;
    const features: FeatureVector = {
      contextCoverage,
      coverage,
      looseCoverage,
      // "Why…?" asks for a reason: a sentence that gives one ("…, because that would embolden the
      // terrorists") holds the asked kind of thing, as a date does for "when".
      typed: wantsType ? typed : asksForList ? listed(scored) : analysis.expected === "reason" && reasonSpan(sentence.text) ? 0.3 : 0,
      typedNear: wantsType && nearQuestionWords(scored, matchedAt) ? 1 : 0,
      focused: analysis.focus !== undefined && sentence.terms.includes(analysis.focus) ? 1 : 0,
      passageRank: 1 - sentence.rank / options.passages.length,
      fragment: isFragment(sentence.text) ? 1 : 0,
      exactShare: exactWeight,
      phrase: phraseShare(keyTerms, sequence),
      quoted: wantsQuote && quotedPhrase(analysis, scored) !== undefined ? 1 : 0,
      novelty: unique.length === 0 ? 0 : unique.filter((term) => !asked.has(term)).length / unique.length,
      anaphoric: anaphoric ? 1 : 0,
      lede: sentence.lede ? 1 : 0,
    };
    scored.features = features;
    scored.score = rankScore(features, options.weights);
    return scored;
  });
}

/** A short quoted phrase the question does not use: how an article names its own idea ("multi-vector policy"). */
function quotedPhrase(analysis: QuestionAnalysis, lead: AskSentence): { start: number; end: number } | undefined {
  const asked = new Set(contentTerms(analysis.question));
  // A single quote opens only after a space or bracket and closes before one: the apostrophes of
  // "Kyrgyzstan's President … Tajikistan's" are no quotation.
  for (const match of lead.text.matchAll(/["“]([^"“”]{2,60})["”]|(?<![\p{L}\p{N}])['‘]([^'‘’]{2,60}?)['’](?![\p{L}\p{N}])/gu)) {
    const inner = (match[1] ?? match[2]).trim();
    const terms = contentTerms(inner);
    if (inner.split(/\s+/).length > 6 || terms.length === 0 || terms.every((term) => asked.has(term))) continue;
    const start = match.index + match[0].indexOf(inner);
    return { start, end: start + inner.length };
  }
  return undefined;
}

/** "a paper entitled "Renaissance in Central Asia: …"": the quoted words a name or title is given as. */
function introducedTitle(lead: AskSentence): { start: number; end: number } | undefined {
  const match = /\b(?:entitled|titled|called|named|known as|dubbed)\s+(?:the\s+)?["“']([^"“”']{2,160}?)[.,]?["”']/i.exec(lead.text);
  if (!match || match[1].split(/\s+/).length > 16) return undefined;
  const start = match.index + match[0].indexOf(match[1]);
  return { start, end: start + match[1].replace(/[.,]$/, "").length };
}

/** The answer span of the lead: the expected-type entity nearest the words the question matched. */
function answerSpan(analysis: QuestionAnalysis, lead: AskSentence): { start: number; end: number } | undefined {
  // "What was Tokayev's paper called?": the title it was given, in its quotes.
  if (/\b(called|named|titled|entitled|title|name of)\b/i.test(analysis.question) && analysis.expected !== "person") {
    const title = introducedTitle(lead);
    if (title) return title;
  }
  // "What three threats…": the list the lead names is the answer ("terrorism, separatism, and
  // extremism"); a pair ("Kazakhstan and Uzbekistan") too, when the question names neither item.
  if (analysis.expected === "list") {
    const asked = new Set(contentTerms(analysis.question));
    const lists = listsOf(lead);
    const list = lists.find((candidate) => candidate.items >= 3) ?? lists.find((candidate) => candidate.items >= 2);
    const items = list ? listItems(lead.text, list) : [];
    if (list && items.every((item) => contentTerms(item).some((term) => !asked.has(term)))) return list;
  }
  // "Ilham Aliyev and Director of…": two people joined by "and" are two answers.
  const candidates = analysis.expected === "person" ? lead.answers.flatMap((entity) => splitAtAnd(entity)).filter((entity) => !officeOnly(entity)) : lead.answers;
  // "What does it call…", "what name…": without an entity of the asked type, the article's own quoted
  // term is the answer; else, for "what…", the phrase of new words that stands by the question's own.
  if (candidates.length === 0) {
    if (!["name", "description", "list"].includes(analysis.expected)) return undefined;
    return quotedPhrase(analysis, lead) ?? (/^\W*(what|which)\b/i.test(analysis.question) ? nounPhraseSpan(analysis, lead) : undefined);
  }
  const lower = lead.text.toLowerCase();
  // Every place each question word stands: "Kyrgyzstan's President Sadyr Japarov" is the one near
  // both "Kyrgyzstan" and "President", though another "President" comes first.
  const anchors: number[][] = [];
  // Short words say little where they stand, except an acronym the question writes as one ("the UN's…").
  const acronyms = new Set([...analysis.question.matchAll(/\b([A-Z]{2,3})\b/g)].map((found) => found[1].toLowerCase()));
  for (const word of new Set(words(analysis.question))) {
    if ((word.length <= 3 && !acronyms.has(word)) || isStopword(word)) continue;
    const found: number[] = [];
    for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + word.length)) found.push(at);
    if (found.length > 0) anchors.push(found);
  }
  // "Turkmenistan's President Serdar Berdimuhamedov": a name more often follows the words it is
  // about than precedes them, so a name after them counts as nearer (a count precedes its noun).
  const after = ["person", "organization"].includes(analysis.expected) ? 0.5 : 1;
  // A word farther than this (characters) from a candidate says nothing about it: 40 scored best on dev (120 and 300 worse).
  const reach = 40;
  const distance = (entity: EntitySpan) =>
    anchors.length === 0
      ? entity.start
      : anchors.reduce((sum, found) => sum + Math.min(reach, ...found.map((at) => (at <= entity.start ? (entity.start - at) * after : at - entity.start))), 0);
  // "Which security bloc": a name that is an institution ("…Organization") is the organisation asked for.
  const institution = (entity: EntitySpan) => analysis.expected === "organization" && institutionWords.test(entity.text);
  const askedTimes = /\bhow many times\b/i.test(analysis.question);
  // "doubling from $5.7 billion to $11 billion": what it came to, unless the question asks where it started.
  const startingValue = (entity: EntitySpan) =>
    /\bfrom\s+$/i.test(lead.text.slice(Math.max(0, entity.start - 6), entity.start)) && !/\b(from|initial|initially|start|started|before|began)\b/i.test(analysis.question);
  // A DATE inside a longer DATE, or a NAME that merely repeats part of one, loses to the longer.
  // "a steamer called the Pampero": a name introduced as one is the answer; a lone capitalised
  // word opening the sentence ("Early in August…") is rarely a name at all.
  // "How many times have they met…": the count of events ("15 meetings"), not of the countries whose presidents met ("the two countries'").
  const events = (entity: EntitySpan) => askedTimes && eventNoun.test(lead.text.slice(entity.end, entity.end + 30));
  // "Where is the writer based?": "an International Relations Expert from Islamabad" answers with the
  // place; "which city…" with a city, not the country after it ("Islamabad, Pakistan").
  const asksTown = asksForTown(analysis);
  const unplaced = (entity: EntitySpan) => analysis.expected === "place" && (!placeLike(lead.text, entity) || (asksTown && countryItself(entity)));
  const rank = (entity: EntitySpan) =>
    /\b(called|named|known as|titled|entitled)\s+(the\s+)?["“']?$/i.test(lead.text.slice(Math.max(0, entity.start - 20), entity.start))
      ? 0
      : unplaced(entity)
        ? 1.5
        : institution(entity) || events(entity)
        ? 0.5
        : (entity.start === 0 && !/\s/.test(entity.text)) || startingValue(entity)
          ? 2
          : 1;
  const best = [...candidates].sort((a, b) => rank(a) - rank(b) || distance(a) - distance(b) || b.end - b.start - (a.end - a.start))[0];
  // A name inside a quoted one ("Central Asia" in "Central Asia 2040") stands for the whole quote.
  const quoted = quotedPhrase(analysis, lead);
  if (quoted && quoted.start <= best.start && best.end <= quoted.end) return quoted;
  // "from Islamabad, Pakistan": a place with the country it lies in reads as one answer.
  if (analysis.expected === "place") {
    const before = /(\p{Lu}[\p{L}'’-]+),\s+$/u.exec(lead.text.slice(Math.max(0, best.start - 40), best.start));
    const after = /^,\s+(\p{Lu}[\p{L}'’-]+)/u.exec(lead.text.slice(best.end));
    if (before && namesOnlyPlaces(before[1]) && namesOnlyPlaces(best.text)) return { start: best.start - before[0].length, end: best.end };
    if (after && namesOnlyPlaces(after[1]) && namesOnlyPlaces(best.text)) return { start: best.start, end: best.end + after[0].length };
  }
  // "How far…": the unit that follows the number is part of the answer ("4,500 km", not "4,500").
  const unit = analysis.unit ? lead.text.slice(best.end).match(/^\s+[\p{L}/]+/u)?.[0] : undefined;
  const end = unit && !unitPatterns[analysis.unit!].test(best.text) && unitPatterns[analysis.unit!].test(unit) ? best.end + unit.length : best.end;
  return withWholeFigure(lead.text, { start: best.start, end }, best.type);
}

/**
 * A figure with what it counts and how exact it is ("**41 vessels**", "**over 2,000 marines**",
 * "**22,000-word**", not "**41** vessels") and a month with its day ("**the 9th day of November**",
 * "**February 27 and 28**"): the bold words should read as the answer on their own.
 */
function withWholeFigure(text: string, span: { start: number; end: number }, type: string): { start: number; end: number } {
  let { start, end } = span;
  if (["CARDINAL", "MONEY", "QUANTITY"].includes(type) && /\d|\b(?:hundred|thousand|million|billion)\b/i.test(text.slice(start, end))) {
    // "over 2,000", "no less than 31": how exact the figure is belongs to it.
    const hedge = /\b(?:over|under|about|around|nearly|almost|roughly|approximately|some|upwards? of|more than|less than|fewer than|no less than|no more than|at least|at most|not less than|not more than)\s+$/i.exec(text.slice(Math.max(0, start - 16), start));
    if (hedge) start -= hedge[0].length;
    const hyphened = /^-[\p{L}]+/u.exec(text.slice(end));
    if (hyphened) end += hyphened[0].length;
    else {
      // Up to two common nouns right after the figure, by wink's parts of speech: "41 vessels", "4,500 tons".
      const tokens = taggedTokens(text.slice(end, end + 40));
      let taken = 0;
      for (const token of tokens) {
        if (taken === 2 || token.pos !== "NOUN" || !/^\p{Ll}[\p{L}-]*$/u.test(token.text)) break;
        end = span.end + token.end;
        taken += 1;
      }
    }
  }
  if (type === "DATE" && monthAlone.test(text.slice(start, end))) {
    const day = /(?:\bthe\s+)?\b(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|[a-z]+(?:th|st))\s+(?:day\s+)?of\s+$/i.exec(text.slice(Math.max(0, start - 30), start));
    if (day) start -= day[0].length;
    const days = /^\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:and|to|-|–)\s*\d{1,2}(?:st|nd|rd|th)?)?(?:,\s*\d{4})?\b/.exec(text.slice(end));
    if (days) end += days[0].length;
  }
  return { start, end };
}

const phraseParts = new Set(["ADJ", "NOUN", "PROPN", "NUM"]);

/**
 * "What appeared after the USSR broke up?" / "…a strategic vacuum emerged in Central Asia": the
 * noun phrase (wink's parts of speech) made of words the question does not use, standing next to a
 * word it does. Nothing when no such phrase stands within a word or two of the question's words.
 */
function nounPhraseSpan(analysis: QuestionAnalysis, lead: AskSentence): { start: number; end: number } | undefined {
  const asked = new Set(contentTerms(analysis.question));
  const tokens = taggedTokens(lead.text);
  const termsAt = tokens.map((token) => contentTerms(token.text));
  const askedAt = termsAt.map((terms) => terms.some((term) => asked.has(term)));
  const near = tokens.flatMap((_, index) => (askedAt[index] ? [index] : []));
  const phrases: { first: number; last: number }[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    if (!phraseParts.has(tokens[index].pos)) continue;
    let last = index;
    while (last + 1 < tokens.length && (phraseParts.has(tokens[last + 1].pos) || (tokens[last + 1].text === "-" && phraseParts.has(tokens[last + 2]?.pos ?? "")))) last += 1;
    phrases.push({ first: index, last });
    index = last;
  }
  let best: { first: number; last: number; distance: number } | undefined;
  for (const phrase of phrases) {
    const indices = Array.from({ length: phrase.last - phrase.first + 1 }, (_, offset) => phrase.first + offset);
    const novel = indices.filter((index) => termsAt[index].length > 0 && !askedAt[index]);
    if (novel.length === 0 || !indices.some((index) => ["NOUN", "PROPN"].includes(tokens[index].pos)) || indices.length > 6) continue;
    // Trim asked words off the edges: "Central Asia's strategic vacuum" -> "strategic vacuum".
    let first = phrase.first;
    let last = phrase.last;
    while (first < last && askedAt[first]) first += 1;
    while (last > first && askedAt[last]) last -= 1;
    const distance = Math.min(Infinity, ...near.map((index) => (index < first ? first - index : index > last ? index - last : 0)));
    if (distance > 3) continue;
    if (!best || distance < best.distance || (distance === best.distance && last - first > best.last - best.first)) best = { first, last, distance };
  }
  return best ? { start: tokens[best.first].start, end: tokens[best.last].end } : undefined;
}

/** "Ilham Aliyev and Director Kakha Imnadze" as the two names it joins. */
function splitAtAnd(entity: EntitySpan): EntitySpan[] {
  const at = entity.text.search(/\s+and\s+/);
  if (entity.type !== "NAME" || at === -1) return [entity];
  const second = entity.text.slice(at).replace(/^\s+and\s+/, "");
  const secondStart = entity.start + entity.text.length - second.length;
  return [
    { ...entity, text: entity.text.slice(0, at), end: entity.start + at },
    { ...entity, text: second, start: secondStart },
  ];
}

/** Whether the question asks across articles ("do the articles…", "in each…"). */
function acrossArticles(question: string): boolean {
  return /\b(articles|pieces|stories|reports|sources|each|both|all of them|across)\b/i.test(question);
}

/** The signals the answer-or-decline model reads, from the lead and the other eligible sentences. */
function answerSignalsOf(options: { analysis: QuestionAnalysis; lead: AskSentence; eligible: AskSentence[]; bestCoverage: number }): AnswerFeatureVector {
  const { analysis, lead, eligible } = options;
  const shares = lead.termShares;
  const unmatchedAnywhere = shares.filter((_, term) => !eligible.some((sentence) => sentence.contextMatches[term] >= synonymThreshold));
  const focusIndex = analysis.focus === undefined ? -1 : analysis.keyTerms.indexOf(analysis.focus);
  return {
    bestCoverage: options.bestCoverage,
    leadCoverage: lead.coverage,
    leadExact: lead.features?.exactShare ?? 0,
    missingTerm: Math.max(0, ...unmatchedAnywhere),
    leadUnmatched: shares.reduce((sum, share, term) => sum + (lead.contextMatches[term] < synonymThreshold ? share : 0), 0),
    wantsType: asksForThing(analysis) ? 1 : 0,
    typedNear: lead.features?.typedNear ?? 0,
    focusMatched: focusIndex !== -1 && lead.contextMatches[focusIndex] >= synonymThreshold ? 1 : 0,
    leadScore: lead.score,
    termCount: Math.min(1, analysis.keyTerms.length / 8),
    matchedTerms: Math.min(1, lead.contextMatches.filter((value) => value >= synonymThreshold).length / 4),
  };
}

/** "five ways", "three main objectives", "4 provisions": a count of things a sentence may go on to name. */
const announcesCount = /\b(?:two|three|four|five|six|seven|eight|nine|ten|[2-9])\s+(?:[a-z]+\s+)?(?:ways|things|steps|goals|points|reasons|objectives|provisions|principles|priorities|proposals|areas|measures|parts|elements|pillars|tasks|freedoms|challenges|categories|kinds|types|actions|recommendations|programs|fronts|aims|purposes|pillars|components|essentials|requirements|conditions|fields|sectors|questions|issues)\b/i;

const ordinals = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];
const ordinalFigures = ["2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th"];

/**
 * A year or an ordinal from "second" to "twelfth" picks one of several events ("the seventh
 * summit", "trade in 2023"); "first" is too often an adverb. With the other way of writing it.
 */
function pinnedForms(term: string): string[] | undefined {
  // A decade ("the 2010s") pins as a year does: the 2020s are not it.
  if (/^(?:1[6-9]|20)\d\d$/.test(term) || /^(?:1[6-9]|20)\d0s$/.test(term)) return [term];
  const at = Math.max(ordinals.indexOf(term), ordinalFigures.indexOf(term));
  return at === -1 ? undefined : [ordinals[at], ordinalFigures[at]];
}

export function planAsk(options: {
  analysis: QuestionAnalysis;
  passages: Passage[];
  stems?: StemVectors;
  weights?: Readonly<Record<SentenceFeature, number>>;
  answerModel?: AnswerModel;
  /** The documents of the speaker the question names ("according to Truman…"): when any passage is one, only those answer. */
  speakerDocuments?: readonly string[];
}): AskPlan {
  const { stems } = options;
  // Each passage's words are read once: for mending typos (its text) and for the names it holds (its title and date too).
  const textTerms = options.passages.map((passage) => contentTerms(passage.text));
  const analysis = stems ? withTyposMended(options.analysis, new Set(textTerms.flat()), (term) => stems.rank(term)) : options.analysis;
  const ranked = scoreSentences({ ...options, analysis }).sort((a, b) => b.score - a.score);
  // "Trade between Kazakhstan and Uzbekistan": a sentence (with its neighbours) about Kazakhstan
  // and Tajikistan does not answer it, however well it scores. Countries only, for the reason below.
  // A follow-up's borrowed places are context ("…per the commentary from Islamabad?" then "and what
  // trade are the two of them aiming for?"): only its own must be named.
  const borrowedTerms = new Set(analysis.borrowed ?? []);
  // In a follow-up the earlier turn's words are context: its names need not stand in the answer,
  // and an ordinal counts off the answer before ("where was the third sale he wanted put off?").
  const followUp = borrowedTerms.size > 0;
  // "What does the Pakistani commentator call Kazakhstan?": a people's name before a writer or an
  // outlet says who wrote the article, not what it is about; the article need not name Pakistan.
  const sourceWords = new Set(
    [...analysis.question.matchAll(/\b([\p{L}-]+)\s+(?:commentator|writer|author|analyst|columnist|journalist|expert|outlet|agency|news agency|newspaper|paper|piece|op-?ed|article|commentary|website|site|magazine)\b/giu)].flatMap((found) => contentTerms(found[1])),
  );
  const countries = [...new Set(analysis.names.flatMap((name) => contentTerms(name)))]
    .filter((term) => !borrowedTerms.has(term) && !sourceWords.has(term) && !(analysis.excluded ?? []).includes(term))
    .map((term) => analysis.keyTerms.indexOf(term))
    .filter((index) => index !== -1 && placeEquivalents(analysis.keyTerms[index]) !== undefined);
  // "When was the first Astana International Forum held?": a date or a figure answers for the thing
  // the question names, and a sentence that never names its kind ("forum") dates something else.
  // The head of each name of two or more words that is not a place must be met in the sentence's context.
  const namedHeads =
    ["date", "number"].includes(analysis.expected) && !followUp
      ? [...new Set(multiWordNames(analysis.question).filter((name) => !namesOnlyPlaces(name)).map((name) => contentTerms(name).at(-1)))]
          .filter((term): term is string => term !== undefined && kindHead.has(term) && !sourceWords.has(term) && placeEquivalents(term) === undefined)
          .map((term) => analysis.keyTerms.indexOf(term))
          .filter((index) => index !== -1)
      : [];
  // A document dated by its year alone, such as an annual message, reports on the year before it:
  // "in 1961, according to Kennedy's 1962 address" is met by that address's "last year". An article
  // dated to the day ("2024-08-20") is not met by 2023.
  const yearBefore = (date: string) => (/^\d{4}$/.test(date) ? String(Number(date) - 1) : "");
  const passageTerms = options.passages.map((passage, at) => new Set([...contentTerms(`${passage.title} ${passage.date} ${yearBefore(passage.date)}`), ...textTerms[at]]));
  const namedIn = (terms: Set<string>, country: string) => [...(placeEquivalents(country) ?? [country])].some((name) => terms.has(name));
  const statement = analysis.metadata ? statesField[analysis.metadata] : undefined;
  // "What's the name of the analyst who wrote the piece?" wants a name: "The writer is an
  // International Relations Expert from Islamabad" says who, not what they are called.
  const authorNameAsked = analysis.metadata === "author" && analysis.asksName === true;
  // "Where will the seventh summit be held?", "trade … in 2023": a year or an ordinal the question
  // pins is met by the sentence, its passage or the article's date, or the sentence answers
  // another question (the sixth summit, the 2030 target).
  // In a follow-up an ordinal counts off the answer before: no pin.
  const constraints = analysis.keyTerms.flatMap((term, index) => {
    const forms = borrowedTerms.has(term) || (followUp && !/^\d{4}s?$/.test(term)) ? undefined : pinnedForms(term);
    return forms ? [{ index, forms }] : [];
  });
  // "Why, according to Truman, did the buildup widen?": Ford saying so in 1977 does not answer it.
  const speakers = new Set(options.speakerDocuments ?? []);
  const bySpeaker = options.passages.some((passage) => speakers.has(passage.documentId));
  const namesAll = (sentence: AskSentence) =>
    (!bySpeaker || speakers.has(sentence.documentId)) &&
    countries.every((index) => sentence.contextMatches[index] > 0 || namedIn(passageTerms[sentence.n - 1], analysis.keyTerms[index])) &&
    constraints.every(({ index, forms }) => sentence.contextMatches[index] >= 1 || forms.some((form) => passageTerms[sentence.n - 1].has(form))) &&
    namedHeads.every((index) => sentence.contextMatches[index] >= synonymThreshold) &&
    (!statement || statement.test(sentence.text)) &&
    (!authorNameAsked || namesSomeone(sentence, stems));
  // A question about France is not answered by passages that never name France (or Paris, or the
  // French). Countries only: with their capitals and demonyms matched, a missing one is a strong
  // sign; other names are too often said another way (measured on the held-out split).
  const eligible: AskSentence[] = [];
  const others: AskSentence[] = [];
  for (const sentence of ranked) (namesAll(sentence) ? eligible : others).push(sentence);
  const scored = [...eligible, ...others];
  const first = eligible[0];
  const bestCoverage = Math.max(0, ...eligible.map((sentence) => sentence.contextCoverage));
  // "When…?" with no date near the question's words, "how much…?" with no amount: not answered here.
  // "What was the name of…", "which officer…": a name must be there. "Who…?" wants a person or a
  // country the question does not name ("Who backs the bid?" "China"), not a "Budget" or "Results".
  const asksWho = analysis.expected === "person" && /^\W*who\b/i.test(analysis.question);
  // "Which company…?" wants a firm's name; "which companies…?" is a list, judged as lists are.
  const typed = ["date", "number"].includes(analysis.expected) || analysis.asksName === true || asksWho || (asksForFirm(analysis) && analysis.expected !== "list") || asksWhereAhead(analysis);
  // "Who were the envoys…" names a person's role: only a person answers it. So does "who was the
  // industrialist…", "who were the three citizens…": "who is the X" asks who X is, and a country
  // the sentence mentions in passing ("one of the great American industrialists") is not that.
  const groupAnswers =
    asksWho && !words(analysis.question).some((word) => personNouns.test(word)) && !/^\W*who\s+(?:is|was|are|were)\s+(?:the|a|an|his|her|their|its)\b/i.test(analysis.question);
  const askedPlaces = groupAnswers ? withPlaceNames(contentTerms(analysis.question)) : new Set<string>();
  const answered = (sentence: AskSentence) => sentence.answers.length > 0 || (groupAnswers && namesOtherCountry(sentence, askedPlaces));
  // "Which rivers…?": a list question with no sentence near the best that names several things, nor its focus noun, is not answered here.
  const focusAt = analysis.focus === undefined ? -1 : analysis.keyTerms.indexOf(analysis.focus);
  // Only a question that opens on the plural thing it asks for ("which rivers…", "what three threats…",
  // "list the…"); not "what did the presidents speak of", "what name is given to…", "which kinds of…".
  // A stem's final "y" is an "ie" in the plural ("policy": "policies").
  const namesPlural =
    analysis.focus !== undefined &&
    new RegExp(`^\\W*(?:which|what)\\s+(?:[\\p{L}-]+\\s+){0,2}?${analysis.focus.replace(/y$/, "(?:y|i)")}[\\p{L}]*s\\b`, "iu").test(analysis.question);
  const listMissing =
    analysis.expected === "list" &&
    (namesPlural || /^\W*(?:list|name)\s+(?:the|all|every)\b/i.test(analysis.question)) &&
    !oneThingMayAnswer.test(analysis.question) &&
    !/\bwhat means\b/i.test(analysis.question) &&
    first !== undefined &&
    !eligible.some(
      (sentence) =>
        sentence.contextCoverage >= 0.7 * bestCoverage &&
        (((sentence.features?.typed ?? 0) > 0 && (focusAt === -1 || generalKind.has(analysis.focus!) || listsNames(sentence))) ||
          (focusAt !== -1 && sentence.contextMatches[focusAt] >= synonymThreshold)),
    );
  // A follow-up's borrowed words find the sentence the last answer came from; its answer often
  // stands nearby with less of them ("how long was the sentence he got?" after the inmate's name).
  const near = followUp ? 0.45 : 0.7;
  const nearAnswer = typed ? eligible.find((sentence) => sentence.contextCoverage >= near * bestCoverage && answered(sentence)) : undefined;
  // "Who chairs the new council?": a lead that names no one does not answer it, even when a sentence
  // near it names someone (that is someone else: the council's founders, the summit's guests).
  const nobodyNamed = asksWho && !followUp && first !== undefined && !answered(first);
  const typeMissing = (typed && first !== undefined && !nearAnswer) || listMissing || nobodyNamed;
  const answerSignals = first ? answerSignalsOf({ analysis, lead: first, eligible, bestCoverage }) : undefined;
  const probability = answerSignals ? answerProbability(answerSignals, options.answerModel) : 0;
  const threshold = (options.answerModel ?? answerWeights).threshold;
  // A lead that meets every key term (as a near-synonym or through a neighbour will do) and holds the
  // asked kind of thing answers, whatever the model makes of a short question ("When was UNRCCA
  // founded?": "It was established … in 2007").
  const fullyAnswered = first !== undefined && first.contextMatches.every((value) => value >= synonymThreshold) && first.answers.length > 0 && asksForThing(analysis);
  if (!first || (probability < threshold && !fullyAnswered) || typeMissing) {
    const declinedBy = !first ? "places" : typeMissing ? "type" : "model";
    return { abstained: true, declinedBy, sentences: [], bestCoverage, answerSignals, closest: scored.filter((sentence) => sentence.text.split(" ").length >= 6).slice(0, 2) };
  }
  // "How big a tax cut did he ask for?": a lead that holds no amount gives way to the sentence near it that does.
  const lead = ["date", "number"].includes(analysis.expected) && !followUp && nearAnswer && !answered(first) ? nearAnswer : first;
  const chosen: AskSentence[] = [lead];
  // A follow-up answered by a sentence near the one its borrowed words found ("how long was the
  // sentence he got?" after the inmate's release): that sentence joins a lead that holds no answer.
  if (followUp && nearAnswer && !answered(lead)) chosen.push(nearAnswer);
  const sameArticle = (sentence: AskSentence) => sentence.documentId === lead.documentId || acrossArticles(analysis.question);
  const inArticle = scored.filter((sentence) => sentence.documentId === lead.documentId).sort((a, b) => a.start - b.start);
  const at = inArticle.indexOf(lead);
  /** The sentence `offset` places from the lead in its article (-1 before it, 1 after it), when the passages hold it. */
  const besideLead = (offset: number): AskSentence | undefined => {
    let from = lead;
    for (let step = 1; step <= Math.abs(offset); step += 1) {
      const other = inArticle[at + Math.sign(offset) * step];
      if (!other || !(offset > 0 ? followsDirectly(from, other) : followsDirectly(other, from))) return undefined;
      from = other;
    }
    return from;
  };
  // The sentence before an opening "It…"/"This…" says what it is; for "why…?", the sentence before
  // a lead that draws a consequence ("Therefore, safe transport is becoming more important") gives its reason.
  const leansBack = anaphoricOpening.test(lead.text) || (analysis.expected === "reason" && consequenceOpening.test(lead.text));
  // "Xi's support for this ambition dovetails with…": a lead that holds no thing of the asked kind
  // and points back to one ("this ambition") leans on the sentence before when that one holds it.
  const pointsBack = asksForThing(analysis) && (lead.features?.typed ?? 0) === 0 && pointsBackWithin(lead.text, 6);
  const previous = pointsBack ? besideLead(-1) : undefined;
  const before = leansBack ? besideLead(-1) : previous && (previous.features?.typed ?? 0) > 0 ? previous : undefined;
  // A key term the lead misses, covered well by another sentence of the same article.
  const missing = lead.matches.map((value) => value < synonymThreshold);
  if (missing.some(Boolean)) {
    const filler = scored.find(
      (sentence) => sentence !== lead && sameArticle(sentence) && sentence.score >= 0.6 * lead.score && sentence.matches.some((value, term) => missing[term] && value >= synonymThreshold),
    );
    if (filler) chosen.push(filler);
  }
  // "Why…?": when the lead states the thing asked about but gives no reason, one of the two
  // sentences after it often does ("… is linked to its border issue with Kyrgyzstan").
  let reason: AskSentence | undefined;
  if (analysis.expected === "reason" && !causal.test(lead.text)) {
    const next = [besideLead(1), besideLead(2)].find((sentence) => sentence !== undefined && causal.test(sentence.text));
    if (next && !chosen.includes(next)) chosen.push(next);
    // No causal word near: the sentence after a claim most often says why ("…no attempt at
    // negotiation with the insurgent leader could result in any good. He would accept nothing
    // short of severance of the Union…").
    const after = next ? undefined : besideLead(1);
    if (after && !chosen.includes(after)) chosen.push(after);
    // The reason comes first when it names the thing asked about well enough to stand on its own
    // ("Tajikistan's failure to recognize the friendship agreement is linked to its border issue…").
    if (next && next.contextCoverage >= 0.6 * lead.contextCoverage && !anaphoricOpening.test(next.text)) reason = next;
  }
  // A list often runs on into the next sentence.
  if (analysis.expected === "list") {
    const next = besideLead(1);
    if (next && !chosen.includes(next) && next.score >= 0.5 * lead.score) chosen.push(next);
    // "List the corridors": a lead that names no list may open a paragraph that gives one item a
    // sentence ("In the 2010s, China's "Belt and Road"…. In the 2020s, the "Middle Corridor"…"):
    // the rest of the paragraph follows while each sentence names something the question does not.
    if ((lead.features?.typed ?? 0) < 1) {
      const questionTerms = withPlaceNames(new Set(contentTerms(analysis.question)));
      const run: AskSentence[] = [];
      for (let step = 1, from = lead; step <= 5; step += 1) {
        const following = besideLead(step);
        if (!following || paragraphBreak(options.passages, from, following) || !namesSomethingNew(following, questionTerms)) break;
        run.push(following);
        from = following;
      }
      if (run.length >= 2) for (const sentence of run) if (!chosen.includes(sentence)) chosen.push(sentence);
    }
  }
  // "I have come here tonight to discuss five ways of carrying forward…": a lead that announces so
  // many things and names none of them is followed by the sentence that names them.
  if (analysis.expected !== "number" && announcesCount.test(lead.text) && listsOf(lead).length === 0) {
    const next = besideLead(1);
    if (next && !chosen.includes(next) && (listsOf(next).length > 0 || /^(?:first|these|they|the first)/i.test(next.text))) chosen.push(next);
  }
  // The lead comes first even when it opens with "This…"/"Their…": the sentence it leans on follows
  // as context, so the answer is still the first thing read. But when the lead only points back to
  // the thing asked for ("Xi's support for this ambition…") and the sentence before names it ("…its
  // ambition to join the BRICS…"), that sentence holds the answer: it comes first, read in the
  // article's order. A sentence chosen twice (as context and as filler) is said once.
  const antecedentFirst = !leansBack && before !== undefined && !reason && pointsBackWithin(lead.text, 3);
  const rest = chosen.slice(1).sort((a, b) => a.start - b.start);
  const sequence = reason ? [reason, lead, ...(before ? [before] : []), ...rest] : antecedentFirst ? [before, lead, ...rest] : [lead, ...(before ? [before] : []), ...rest];
  const ordered = sequence.filter((sentence, index) => sequence.indexOf(sentence) === index);
  // "Why…?": the clause that gives the reason is the answer, in the lead or in the reason after it.
  if (analysis.expected === "reason") {
    // "How were the amendments approved?": the means the lead names ("by a nationwide referendum"),
    // unless the lead gives a reason of its own.
    const means = /^\W*how\b(?!\s+come\b)/i.test(analysis.question) && !reasonSpan(lead.text) ? meansSpan(lead.text) : undefined;
    if (means) return { abstained: false, sentences: ordered, lead, span: means, bestCoverage, answerSignals, closest: [] };
    const giver = [lead, ...(reason ? [reason] : []), ...chosen.filter((sentence) => sentence !== lead && sentence !== reason)].find((sentence) => reasonSpan(sentence.text));
    if (giver) return { abstained: false, sentences: ordered, lead, span: reasonSpan(giver.text), spanIn: giver, bestCoverage, answerSignals, closest: [] };
    // No causal word anywhere: the purpose the lead gives ("…through the Caucasus to reduce dependence…").
    const purpose = purposeSpan(lead.text);
    if (purpose) return { abstained: false, sentences: ordered, lead, span: purpose, bestCoverage, answerSignals, closest: [] };
  }
  if (antecedentFirst) return { abstained: false, sentences: ordered, lead, span: answerSpan(analysis, before), spanIn: before, bestCoverage, answerSignals, closest: [] };
  return { abstained: false, sentences: ordered, lead, span: answerSpan(analysis, lead), bestCoverage, answerSignals, closest: [] };
}

/** Whether "this/these/such" and a word follow at most `words` words into the text ("Xi's support for this ambition…"). */
function pointsBackWithin(text: string, words: number): boolean {
  return new RegExp(`^(?:\\S+\\s+){0,${words}}?(?:this|these|such)\\s+\\p{L}`, "iu").test(text);
}

function bolded(text: string, span: { start: number; end: number } | undefined): string {
  if (!span) return text;
  return `${text.slice(0, span.start)}**${text.slice(span.start, span.end)}**${text.slice(span.end)}`;
}

/** The plan as answer text: each sentence verbatim with its marker, the lead's answer span in bold. */
export function renderAsk(plan: AskPlan, noAnswer: string): string {
  if (plan.abstained) {
    if (plan.closest.length === 0) return noAnswer;
    const offered = plan.closest.map((sentence) => `- ${sentence.text} [${sentence.n}]`).join("\n");
    return `${noAnswer}\n\nThe closest passages, which do not answer it:\n\n${offered}`;
  }
  const spanned = plan.spanIn ?? plan.lead;
  return plan.sentences.map((sentence) => `${sentence === spanned ? bolded(sentence.text, plan.span) : sentence.text} [${sentence.n}]`).join(" ");
}

/** "Who wrote it", "which outlet", "when was it published": from the metadata of the best-matching article. */
export function answerFromMetadata(options: { analysis: QuestionAnalysis; passages: Passage[]; documents?: DocumentSummary[] }): { text: string } | undefined {
  const field = options.analysis.metadata;
  const top = options.passages[0];
  if (!field || !top) return undefined;
  const document = options.documents?.find((candidate) => candidate.id === top.documentId);
  const title = neutralizeMarkers(document?.title || top.title).trim();
  const named = title ? `“${title}”` : "The article";
  const raw = field === "author" ? document?.author : field === "outlet" ? document?.outlet || top.outlet : document?.date || top.date;
  const value = raw ? neutralizeMarkers(raw) : raw;
  // Not in the metadata: the text itself may say it ("The writer is …"); the sentence scoring decides.
  if (!value?.trim()) return undefined;
  const verb = field === "author" ? "was written by" : field === "outlet" ? "was published by" : "is dated";
  return { text: `${named} ${verb} **${value.trim()}**. [1]` };
}
