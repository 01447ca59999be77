// Question analysis: what kind of answer a question wants, what it is about, and what it says
// about the articles themselves (an author, an outlet, a year). Pure and cheap: regexes over
// the question's form, and the shared word helpers.
import { taggedTokens } from "../text/nlp";
import { contentTerms, contentWords, questionNames, stem, withinOneEdit, words } from "../text/terms";

export type AnswerType = "date" | "number" | "person" | "place" | "organization" | "name" | "list" | "reason" | "yesno" | "description";

/** A question about an article rather than about what it reports. */
export type MetadataField = "author" | "outlet" | "published";

export interface QuestionAnalysis {
  question: string;
  expected: AnswerType;
  /** The noun a "which/what X" question asks about ("Which summit …" -> summit), stemmed. */
  focus?: string;
  /**
   * The head noun after "which/what", stemmed, when it is not the focus ("which flagship Chinese
   * infrastructure program" -> program): a name whose own last word is of its kind ("Belt and Road
   * Initiative") is the asked thing.
   */
  head?: string;
  /** Stemmed content terms, in order, without the focus noun's question words. */
  keyTerms: string[];
  /** Capitalised names the question uses ("Tokayev", "Moscow"). */
  names: string[];
  /** "Who wrote …", "which outlet …", "when was it published": answered from metadata. */
  metadata?: MetadataField;
  /** A four-digit year the question names. */
  year?: string;
  /** "How many American soldiers…": the words the number must count (any of them), stemmed. */
  counted?: string[];
  /** "How much … worth/cost/spend": an amount of money or a share, not a bare count. */
  wantsAmount?: boolean;
  /** "What was the name of…", "which officer…": only a sentence holding a name answers. */
  asksName?: boolean;
  /** "What number president…": a rank (an ordinal) is the answer, not a count. */
  ordinal?: boolean;
  /** Key terms a follow-up borrowed from the earlier question: context, weighing less than its own words. */
  borrowed?: string[];
  /** "How long…", "how far…", "how old…": the units a number must come with to answer it. */
  unit?: MeasureUnit;
  /** "Which three threats…": the count of items asked for, a key term that weighs little (the text may or may not repeat it). */
  listSize?: string;
  /** Key terms of what the answer is not ("besides Beijing, Moscow and Washington, which other powers…"): context, weighing little. */
  excluded?: string[];
}

export type MeasureUnit = "length" | "time" | "distance" | "age" | "frequency" | "weight" | "speed" | "money" | "percent";

/** "uzbek prez name?", "whats his name": a name asked for by the request's last word. */
/** "turkmen president name?"; not the verb of "which ones did he name?". */
const nameAskedLast = /(?<!\b(?:did|does|do|would|will|could|can|should|might)\s+(?:[\p{L}'’-]+\s+){0,2})\bname\s*[?.!]*\s*$/iu;
const yesNoOpening = /^\s*(is|are|was|were|did|do|does|has|have|had|can|could|will|would|should)\b/i;
/** Any question or yes/no word, wherever it stands: a note without one ("kaz-tajik trade target $") is read by its last word. */
const questionWord = /\b(what|whats|which|who|whom|whose|when|where|why|how|is|are|was|were|did|do|does|has|have|had|can|could|will|would|should|name|list)\b/i;
const listCue = /\b(which|what) (are|were) (the )?\w+s\b|\b(list|name(?!\s*[?.!]*\s*$)|names|enumerate)\b|\bwhat (\w+ ){0,2}(countries|sectors|areas|fields|threats|challenges|steps|measures|projects|agreements|issues|goals|topics|points|priorities|leaders|presidents|nations|states|members|problems|reasons|ways|things|kinds|items)\b|\bwho (else|all)\b|\bwhich (\w+ ){0,2}(countries|leaders|nations|states|members|presidents)\b/i;
export const personNouns = /^(president|leader|minister|person|people|official|diplomat|author|writer|head|king|queen|monarch|emperor|ruler|strongman|dictator|statesman|politician|officer|commander|captain|commodore|admiral|chief|premier|senator|governor|judge|secretary|general|chairman|ambassador|envoy|speaker|representative|expert|analyst|explorer|scientist|director|mayor|chancellor|justice|candidate|nominee|successor|predecessor|heir|sultan|shah|czar|tsar|prince|princess|pope|consul|delegate|negotiator|commissioner|agent|lieutenant|colonel|sergeant|founder|inventor|poet|lawyer|attorney|banker|industrialist|citizen|hero|chairwoman|spokesman|spokeswoman|spokesperson|treasurer|attorney-general|postmaster|postmaster-general)s?$/i;
const placeNouns = /^(country|countries|city|cities|capital|region|nation|state|place|location|venue|republic)$/i;
const organizationNouns = /^(organization|organisation|bloc|alliance|group|agency|institution|body|union|company|forum|outlet|newspaper|bank)s?$/i;
const numberNouns = /^(percent|percentage|share|amount|number|figure|estimate|total|sum|value|volume|price|cost|rate|target|budget|level|size|average|ceiling|maximum|minimum|length|weight|height|depth|distance|population|quantity|count|denomination|ratio|margin|toll|speed|strength|indemnity|indemnities|compensation|fee|tax|tariff|loan|debt|revenue|income|salary|salaries|wage|fine|payment|expenditure|deficit|surplus|sum)s?$/i;
/** "How heavy…", "how old…": an adjective of measure asks for a number, as "how much" does. */
const measureWords = "much|many|far|big|large|long|soon|often|high|fast|heavy|old|tall|deep|wide|expensive|costly|small|low|frequently";
/**
 * What a measure word asks for: "how long" is a span of time or a length, never a bare count
 * ("the two neighbouring powers" does not say how long the talks lasted).
 */
const measureUnits: Record<string, MeasureUnit> = {
  long: "length",
  soon: "length",
  far: "distance",
  old: "age",
  often: "frequency",
  frequently: "frequency",
  heavy: "weight",
  tall: "distance",
  deep: "distance",
  wide: "distance",
  fast: "speed",
};

function measureUnit(question: string): MeasureUnit | undefined {
  // "For how long…", "to how many…": a preposition may come first.
  const word = question.match(/^\s*(?:(?:for|in|to|at|by)\s+)?how (\w+)\b/i)?.[1]?.toLowerCase();
  if (word === undefined || !(word in measureUnits)) return undefined;
  // "How long ago…" asks for a date, handled as one.
  if (word === "long" && /\bhow long ago\b/i.test(question)) return undefined;
  // "How long did the trip take?": a span of time, not the trip's length.
  if (word === "long" && /\b(take|takes|took|taken|last|lasts|lasted|spend|spent|stay|stayed|wait|waited|serve|served|remain|remained)\b/i.test(question)) return "time";
  // "How long was the sentence he got?", "how long has the embargo been in force?", "for how long…": a span of time too.
  if (word === "long" && (/^\s*for how long\b|\bbeen\b|\buntil\b/i.test(question) || timeSpanNoun.test(question))) return "time";
  return measureUnits[word];
}
const dateNouns = /^(date|day|year|yr|month|time|decade|century)s?$/i;
/**
 * "How much did the railway cost?", "what hourly wage…", "how many dollars…": a sum of money, not a
 * share ("80 percent") or a count of acres. "What percentage…": a share, not a sum.
 */
const moneyCue = /\b(?:costs?|costing|spend|spends|spent|spending|dollars?|money|prices?|priced|paid|pay|payments?|budget(?:ed)?|appropriat\w*|expenditures?|invest(?:ed|ing|ment|ments)?|funding|salar(?:y|ies)|wages?|fees?|worth)\b/i;
const percentCue = /\b(?:percent|percentage|per cent)\b|%/i;

/** The unit a number must come with: a measure word's ("how long"), else money's or a percentage's. */
function askedUnit(question: string): MeasureUnit | undefined {
  const measured = measureUnit(question);
  if (measured) return measured;
  if (percentCue.test(question)) return "percent";
  // "How many vessels for the same money", "what share of … wages": a count or a share, whatever it costs.
  if (/\bhow many\b(?!\s+(?:\w+\s+)?dollars\b)|\b(?:share|proportion|fraction|rate|ratio)\b/i.test(question)) return undefined;
  if (moneyCue.test(question)) return "money";
  return undefined;
}
/** Things that last rather than stretch: "how long was the sentence/war/visit…" asks for a span of time. */
const timeSpanNoun = /\bhow long (?:was|is|were|are|will|would)\s+(?:the|his|her|their|its|that|this|a)\s+(?:\w+\s+)?(?:sentence|term|war|visit|delay|wait|stay|session|recess|siege|occupation|truce|ceasefire|strike|drought|depression|presidency|administration|tenure|lease|contract|moratorium|ban|embargo|armistice|suspension|leave|campaign|negotiations?|talks|crisis|shutdown|conflict|service|mission|deployment|exile|captivity|imprisonment|reign|rule)s?\b/i;

/**
 * The head noun of the words after "which"/"what": "which naval officer punished…" -> officer,
 * "which Berlin monarch" -> monarch, "what trade target…" -> target. The last noun of the run of
 * nouns, names, adjectives and numbers that follows, by wink-nlp's parts of speech.
 */
function headNoun(afterQuestionWord: string): string | undefined {
  let head: string | undefined;
  for (const token of taggedTokens(afterQuestionWord).slice(0, 6)) {
    if (token.pos === "NOUN" || token.pos === "PROPN") head = token.text;
    else if (!["ADJ", "NUM", "ADV"].includes(token.pos) && !/^-$/.test(token.text)) break;
  }
  return head;
}

/** The noun after "which"/"what (kind of)": the thing the answer must be. */
function focusWord(question: string): string | undefined {
  // "What is the current yearly trade volume…": after "is the" the head noun is the thing asked for.
  const after =
    question.match(/^\s*(?:which|what)\s+(?:is|are|was|were)\s+(?:the|a|an)\s+(.*)$/is)?.[1] ??
    question.match(/^\s*(?:in |on |at |for |by |from |to |with )?(?:which|what)\s+(?:(?:kind|sort|type|types|kinds)\s+of\s+)?(.*)$/is)?.[1];
  const head = after === undefined ? undefined : headNoun(after);
  if (head !== undefined && !/^(kind|sort|type|types|kinds)$/i.test(head)) return head;
  return focusWordByForm(question);
}

/** Adjectives that say nothing of what is asked for: "which big gathering", "the current yearly volume". */
const vagueAdjectives =
  "(?:big|main|major|key|new|other|specific|particular|exact|single|large|important|great|current|latest|recent|present|actual|official|overall|annual|yearly|total|approximate|estimated|full|whole|precise|old|older|earlier|former|original|previous|prior)";
/** "What three threats…", "what three-part slogan": a number ahead of the noun is not the noun either. */
const vagueModifiers = `(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|\\d+)(?:-\\p{L}+)?|${vagueAdjectives})`;

/** The first word after "which"/"what" that is not a number or a vague adjective (when tagging finds no noun). */
function focusWordByForm(question: string): string | undefined {
  // "What three threats…", "which big gathering…": numbers and vague adjectives are not the noun.
  const match = question.match(
    new RegExp(`^\\s*(?:in |on |at |for |by |from |to |with )?(?:which|what)\\s+(?:kind|sort|type|types|kinds)?\\s*(?:of\\s+)?(?:${vagueModifiers}\\s+)*([\\p{L}-]+)`, "iu"),
  );
  if (!match) return undefined;
  if (/^(is|are|was|were|did|do|does|has|have|had|can|could|will|would|should|might|may|must|if|about|happened|happens|the|a|an)$/i.test(match[1])) {
    // "What is the X of …": the focus is the noun after the article; "what is the current yearly
    // trade volume" skips the vague adjectives (a number stays: "the 3 yr average" is no date).
    const after = question.match(new RegExp(`^\\s*(?:which|what)\\s+(?:is|are|was|were)\\s+(?:the|a|an)\\s+(?:${vagueAdjectives}\\s+)*([\\p{L}-]+)`, "iu"));
    return after?.[1];
  }
  return match[1];
}

const questionPreamble =
  /^\s*(?:(?:and|but|so|then|also|ok(?:ay)?|now|please|roughly|approximately|about|around|exactly|precisely|just|remind me|tell me|do you know|can you tell me|could you tell me|i wonder|i'd like to know)[\s,]+)+(?=(?:when|what|which|who|whom|whose|where|why|how|in what|on what|is|are|was|were|did|do|does)\b)/i;

const openingQuestionWord = /^\s*(?:(?:in|on|at|for|by|from|to|with|of|since|until)\s+)?(?:when|what|which|who|whom|whose|where|why|how|is|are|was|were|did|do|does|has|have|had|can|could|will|would|should|list|name)\b/i;
const leadingTimeClause =
  /^\s*(?:when|while|after|before|once|as)\s+[^,?]{3,100},\s*(?=(?:(?:in|on|at|for|by|from|to|with|of|since|until)\s+)?(?:when|what|which|who|whom|whose|where|why|how|is|are|was|were|did|do|does|has|have|had|can|could|will|would|should)\b)/i;
const embeddedQuestion = new RegExp(`(?:^|[\\s,:;(—–])((?:which|what|who|whom|whose|when|where|why|how come|how (?:${measureWords}))\\b.*)$`, "is");

/**
 * A sentence after the question that speaks of the reader, not the articles: "I want the exact
 * date.", "I need all the names for my draft.", "Please give me every one, it's for my essay.",
 * "list them all". Its words are no key terms: no sentence of an article says "draft" or "essay".
 */
const readerAside =
  /^\s*(?:(?:i|we)\s+(?:need|want|would like|'d like|am after|'m after|am writing|'m writing)\b|please\b|just\s+(?:the|give|tell|list|name)\b|thanks?\b|thank you\b|(?:list|name|give me)\s+(?:them|all|every|each)\b|it'?s for\b|for my\b)/i;

/**
 * Words by which a reader says who asks or what for, ahead of a colon: "Debate prep:", "Settling a
 * bet:", "Quiz question:", "For my briefing:", "Retired engineer here, I like exact figures:".
 */
const readerTalk =
  /\b(?:bet|bets|betting|quiz|trivia|debate|debating|prep|question|paper|essay|class|lesson|piece|newsletter|podcast|episode|genealogy|homework|assignment|research|researching|curious|friend|here|i|i'm|im|my|our|we|we're|night|round|student|teacher|teaching|draft|briefing|lecture|thesis|presentation|blog|novel|script|fact-?check\w*|settling|writing|working|prepping|preparing|checking)\b|^\s*(?:for|it'?s for|this is for)\s+(?:my|our|a|an)\b/i;

/**
 * The request without a preface that says who asks or what for ("Debate prep: why does Madison
 * say…" asks "why does Madison say…"). A preface that says what the piece is on keeps that ("For
 * an anniversary piece on federal Indian policy: what did Jefferson … say about it?"); one with a
 * year, or without the reader's own words, is the question's ("tyler 1844: …", "The agreements
 * cover a range of sectors: which?").
 */
export function withoutReaderPreface(request: string): string {
  const found = request.match(/^\s*([^:?!.]{2,120}?):\s+(?=\S)/);
  if (!found || found[1].split(/\s+/).length > 14) return request;
  if (!readerTalk.test(found[1])) return request;
  const rest = request.slice(found[0].length);
  const subject = found[1].match(/\b(?:on|about|regarding|covering)\s+(.+)$/i)?.[1];
  if (subject) return `${subject}: ${rest}`;
  return /\d/.test(found[1]) ? request : rest;
}

/** A request's sentences, each with its closing punctuation: joined again they give the request back. */
export function requestSentences(request: string): string[] {
  return request.match(/[^.?!]+(?:[.?!]+|$)/g) ?? [request];
}

/** The question without the reader's asides after it (readerAside); the first sentence always stays. */
export function withoutAsides(question: string): string {
  const sentences = requestSentences(question);
  return sentences.filter((sentence, index) => index === 0 || !readerAside.test(sentence)).join("");
}

function metadataField(question: string): MetadataField | undefined {
  const q = question.toLowerCase();
  // An adverb may stand between: "who actually wrote…".
  // "Who wrote the piece…", "the expert who wrote about…" ask for the byline; "the envoy who wrote
  // the explanatory note", "who wrote the letter" ask about someone in the article: they name a
  // document of its own.
  const writesOtherDocument = /\bwho (?:\w+ly )?(?:wrote|authored|penned) (?:the |a |an |this |that |his |her |their )?(?:[\w-]+ )?(?:note|letter|memo|memorandum|treaty|bill|law|act|declaration|constitution|telegram|petition|resolution|book|poem|song|dispatch|report to)\b/;
  if (!writesOtherDocument.test(q) && /\bwho (?:\w+ly )?(wrote|authored|penned|is the (author|writer))\b|\b(author|byline|writer) of\b|\bwho is behind\b/.test(q)) return "author";
  if (/\b(which|what) (outlet|newspaper|paper|agency|news agency|news service|wire service|newswire|service|network|broadcaster|channel|portal|publication|site|website|source|media)\b.*\b(publish|ran|run|carried|put out|report|wrote|released|issued|credited|behind|produced)/.test(q) || /\bpublished (by|in) (which|what)\b/.test(q) || /\bwho (?:\w+ly )?(published|put out|ran|carried|released|issued)\b/.test(q)) return "outlet";
  // "When was the tokayev-goes-to-tajikistan article dated?": any words may name the article.
  if (/\bwhen (was|were) (it|this|that|the\b.{0,80}?\b(article|piece|story|report|op-?ed|analysis|commentary|column|editorial))\b.*\b(published|written|posted|released|dated|put out)\b/.test(q) || /\b(publication|publishing) date\b/.test(q)) return "published";
  return undefined;
}

function expectedType(question: string, focus: string | undefined): AnswerType {
  const q = question.toLowerCase().trim();
  // Not "what year-end surplus", "what day-to-day costs": a hyphen makes the word part of another.
  if (/^(when|what (year|yr|date|day|month|time)|on what (date|day)|in what (year|yr|month)|since when|by when|how long ago)\b(?!-)/.test(q)) return "date";
  // "By how much did crime fall?": a preposition may come first.
  if (new RegExp(`^(by how much|(for |in |to |at )?how (${measureWords})|what (percentage|share|proportion|amount|number|sum|figure|volume|value))\\b`).test(q)) return "number";
  // Notes, not sentences: "kaz-tajik trade target $", "1st supreme interstate council kaz uzb date".
  // With no question word anywhere, the last word says what is asked for.
  if (!questionWord.test(q)) {
    if (/\b(date|when|year|day)\s*[?.!]*$/.test(q)) return "date";
    if (/(\$|%|\b(figure|amount|number|total|sum|value|cost|price|percent|percentage|how much|how many))\s*[?.!]*$/.test(q)) return "number";
  }
  // "Which threats…", "what sectors…": a plural focus asks for several things.
  // "Whom did Bush name to head the effort?" asks for the person named to a post, not a list.
  const listed = /^(who|whom)\b/.test(q) ? listCue.test(q.replace(/\bname\b/g, "")) : listCue.test(q);
  if (listed || (focus !== undefined && /^(which|what)\b/.test(q) && /[^su]s$/i.test(focus) && !/(news|series|species)$/i.test(focus))) return "list";
  // "How does Kazakhstan characterise its engagement?" asks for the words it uses, not a reason.
  if (/^how (does|do|did|is|are|was|were|would|will)\b.*\b(describ|characteri[sz]|call|portray|depict|label|term|refer to|sum up)\w*/.test(q)) return "description";
  if (/^(why|for what reason|what (is|was|are|were) the (reason|purpose|goal|aim)s?)\b/.test(q) || /^how (does|do|did|is|are|was|were|can|could|will|would|should)\b/.test(q)) return "reason";
  if (/^(who|whom|whose)\b/.test(q)) return "person";
  if (/^where\b/.test(q)) return "place";
  if (yesNoOpening.test(q)) return "yesno";
  // "What did he want the minimum wage raised to?", "what would each missile cost?": a level or an amount.
  if (/^(?:what|which)\b/.test(q) && /\b(?:(?:raised|raising|increased|increasing|lifted|lifting|bumped|boosted|boosting|cut|cutting|reduced|reducing|lowered|lowering|slashed|set|fixed|capped|limited|pegged|brought|bringing|grow|grown|rise|risen|rising|fall|fallen|falling|drop|dropped|climb|climbed|go|gone)\s+(?:up\s+|down\s+)?(?:[\w-]+\s+){0,4}?to|cost|costs|come to|amount to|total|be worth)(?:\s+(?:in|by)\s+(?:1[5-9]|20)\d\d)?\s*[?.!]*$/.test(q)) return "number";
  // "What would that cost a taxpayer who owes $1,000?", "what were interest charges costing?": cost as a verb asks for a sum.
  if (/^(?:what|how much)\b.*\bcost(?:s|ing)?\b(?!\s+of\b)/.test(q) && !/^what\b.*\bcost(?:s|ing)?\s+(?:him|her|them|us|the \w+ (?:their|his|its))\b/.test(q)) return "number";
  // "…wants to drop the price of a local letter down to what, a penny?": the level it is brought to.
  if (/\b(?:rais|reduc|cut|lower|drop|increas|bring|brought|set|fix|cap|limit|push|lift)\w*\s+(?:[\w'-]+\s+){0,8}?(?:up\s+|down\s+)?to what\b(?!\s+(?:extent|degree|end|purpose|effect))/.test(q)) return "number";
  // "uzbek prez name?", "the kyrgyz leader, whats his name": a name asked for last, of a person when a person is named.
  if (nameAskedLast.test(q)) return q.split(/[^\p{L}]+/u).some((word) => personNouns.test(word)) ? "person" : "name";
  // "what's that new forum kazakhstan started called": the name it goes by.
  if (/^what\b.*\b(?:called|named|titled|known as)\s*[?.!]*$/.test(q)) return "name";
  if (focus) {
    if (personNouns.test(focus)) return "person";
    if (placeNouns.test(focus)) return "place";
    if (organizationNouns.test(focus)) return "organization";
    if (numberNouns.test(focus)) return "number";
    if (dateNouns.test(focus)) return "date";
    return "name";
  }
  return "description";
}

/**
 * Words that shape a question without naming what it is about, and words that point at the
 * article itself ("the agency report", "the op-ed", "according to the piece"): an answer
 * sentence does not repeat them.
 */
const questionShapeWords = new Set(
  [
    "happen", "happened", "plan", "do", "did", "role", "thing", "think", "say", "call", "called", "claim", "describe", "described",
    "list", "listed", "cite", "cited", "identify", "identifies", "identified", "outline", "outlined",
    "piece", "pieces", "op-ed", "op", "ed", "opinion", "agency", "article", "report", "story", "analysis",
    // A speech is pointed at as an article is: "according to Bush's 2007 speech", "in his 1800 message".
    "speech", "speeches", "address", "message", "messages", "remarks", "sotu",
    "according", "mentioned", "exactly", "specifically", "main", "kind", "big", "new", "right", "noted",
    // Hedges on a figure asked for: "roughly how many", "approximately what share".
    "roughly", "approximately", "precisely", "ballpark",
    // "Besides X, apart from Y": the words that mark what the answer is not.
    "besides", "apart", "aside",
    // Intensifiers: "whose interests does the forum particularly champion?" asks what the forum
    // champions; no answer says "particularly", and a near-synonym ("notably") is no evidence.
    "particularly", "especially", "actually", "really", "mainly", "mostly", "chiefly", "primarily", "exact", "specific", "particular", "precise",
    // Words and their plain inflections, not stems: "plan" shapes a question, "planes" (stemmed
    // alike) are what a question counts.
  ].flatMap((word) => [word, `${word}s`, `${word}ed`, `${word}d`, `${word}ing`, `${word.replace(/e$/, "")}ing`]),
);

/** A text's content terms without the words that only shape a question. */
function keyTermsOf(text: string): string[] {
  return contentWords(text)
    .filter((word) => !questionShapeWords.has(word))
    .map(stem);
}

/**
 * "How many people/men…": the text says "persons", "soldiers", "settlers"; a count of people needs no
 * noun after it. "How many others/more…" likewise counts whatever the sentence names.
 */
const anyPeople = new Set(["people", "person", "men", "man", "women", "woman", "individual", "soul", "human", "other", "others", "more"].flatMap((word) => contentTerms(word)));

/** "How many times have they met…": the text counts the events ("15 meetings"), not "times". */
const occurrences = new Set(["time", "times", "occasion", "occasions"].flatMap((word) => contentTerms(word)));

/** "How many indians came under US rule…": the nouns (and their adjectives) right after "how many", up to the verb. */
function countedByTags(question: string): string | undefined {
  const tokens = taggedTokens(question);
  const at = tokens.findIndex((token, index) => /^how$/i.test(token.text) && /^many$/i.test(tokens[index + 1]?.text ?? ""));
  if (at === -1) return undefined;
  const run: string[] = [];
  for (const token of tokens.slice(at + 2, at + 5)) {
    if (!["NOUN", "PROPN", "ADJ"].includes(token.pos)) break;
    run.push(token.text);
  }
  return run.length > 0 ? run.join(" ") : undefined;
}

function countedTerms(countedWords: string | undefined): string[] | undefined {
  const terms = countedWords === undefined ? [] : contentTerms(countedWords);
  if (terms.length === 0 || terms.every((term) => anyPeople.has(term) || occurrences.has(term))) return undefined;
  return terms;
}

/** Casual spellings of "who's", "didn't"…: the question word and the verb they stand for, so "whos the mayor" asks for a person. */
const casualContractions: [RegExp, string][] = [
  // Not "its": that one is a word.
  [/\b(who|what|where|when|how|why|which|that|there|he|she)s\b/gi, "$1 is"],
  [/\b(do|does|did|is|are|was|were|has|have|had|could|would|should|can)nt\b/gi, "$1 not"],
  [/\bwont\b/gi, "will not"],
  // Shorthand typed on a phone: "uzbek prez name pls", "astana mtg", "wat did the govt say".
  [/\b(?:prez|pres)\b/gi, "president"],
  [/\bgov(?:'|’)?t\b/gi, "government"],
  [/\bmtgs\b/gi, "meetings"],
  [/\bmtg\b/gi, "meeting"],
  [/\bdept\b/gi, "department"],
  [/\bintl\b/gi, "international"],
  [/\bnatl\b/gi, "national"],
  [/\badmin\b/gi, "administration"],
  [/\bppl\b/gi, "people"],
  [/\b(?:b\/c|bc|cuz|coz)\b/gi, "because"],
  [/\bw\/(?=\s)/gi, "with"],
  [/\b(?:wat|wut)\b/gi, "what"],
  [/\b(?:pls|plz|thx|thanks)\b[.!]?/gi, ""],
];

function withoutCasualContractions(question: string): string {
  return casualContractions.reduce((text, [pattern, spelled]) => text.replace(pattern, spelled), question);
}

export function analyzeQuestion(written: string): QuestionAnalysis {
  const question = withoutCasualContractions(written);
  // "Roughly when…", "and who…", "can you tell me which…": the question word after the preamble decides.
  const asked = question.replace(questionPreamble, "");
  // "Bush 2004: which Tripoli strongman…", "In his 1800 message, Adams reported a treaty with which
  // monarch?": a question word inside the sentence asks the question when none opens it.
  // "When LBJ spoke in January 1966, for how long had US planes held off…": a clause that sets the
  // time is no question; the question after the comma asks for a length of time, not a date.
  const main = asked.replace(leadingTimeClause, "");
  const typed = openingQuestionWord.test(main) ? main : (main.match(embeddedQuestion)?.[1] ?? main);
  // The head noun says what kind of thing is asked for ("which naval officer" asks for a person);
  // the first word after "which" is the one the answer's sentence is matched on ("which European
  // partnership" is answered by the sentence that says European), as measured on the dev splits.
  const focusRaw = focusWordByForm(typed);
  const focus = focusRaw ? contentTerms(focusRaw)[0] : undefined;
  // "What total indemnity", "what year": a measure or time word ahead of the head noun decides.
  const headRaw = focusWord(typed);
  const head = headRaw ? contentTerms(headRaw)[0] : undefined;
  const kindWord = focusRaw !== undefined && (numberNouns.test(focusRaw) || dateNouns.test(focusRaw)) ? focusRaw : (headRaw ?? focusRaw);
  const expected = expectedType(typed, kindWord);
  // The preamble is no part of what is asked: "roughly" would otherwise be a key term to match.
  // "…in his 1971 State of the Union" points at the speech, as "the op-ed" does at an article
  // ("address", "message" after it are shape words already).
  // "What year was UNRCCA founded?" asks "when": the answer says 2007, not "year".
  const dateWord = expected === "date" && focusRaw !== undefined && dateNouns.test(focusRaw) ? focus : undefined;
  const keyTerms = [...new Set(keyTermsOf(withoutAsides(asked).replace(/\bstate of the union\b/gi, " ")))].filter((term) => term !== dateWord);
  const year = words(question).find((word) => /^(1[5-9]|20)\d\d$/.test(word));
  // "How many American soldiers were…": the counted thing is the words up to the verb; any of them may follow the number.
  // "How many cargo trains a month…": the counted thing stops at an article or "per" as well.
  const countedWords =
    question.match(/\bhow many\s+((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+?)(?=\s+(?:did|do|does|were|was|are|is|have|has|had|will|would|can|could|in|on|at|of|from|to|for|during|over|a|an|the|per|each|every)\b|\s*[?.,]|$)/iu)?.[1] ??
    countedByTags(question);
  return {
    question,
    expected,
    focus,
    ...(head !== undefined && head !== focus ? { head } : {}),
    counted: countedTerms(countedWords),
    wantsAmount: /\bhow much\b/i.test(question),
    unit: expected === "number" ? askedUnit(main) : undefined,
    ordinal: expected === "number" && /\bwhat number\b/i.test(typed) ? true : undefined,
    asksName: /\b(the name of|name of the|named|what (was|is) (he|she|it|they) called)\b/i.test(question) || nameAskedLast.test(question) || (expected === "person" && focus !== undefined),
    keyTerms: keyTerms.length > 0 ? keyTerms : [...new Set(contentTerms(question))],
    names: questionNames(question),
    metadata: metadataField(question),
    year,
    ...listSizeTerm(typed, expected, keyTerms),
    // Only where the answer is a thing named: "meet somewhere other than Philadelphia" asks why, not where else.
    ...(["list", "name", "person", "place", "organization"].includes(expected) ? excludedTerms(asked, keyTerms) : {}),
  };
}

/** "Which three threats…", "name the two meetings": the count word of a list question, when it is a key term. */
function listSizeTerm(question: string, expected: string, keyTerms: readonly string[]): { listSize?: string } {
  if (expected !== "list") return {};
  const size = question.match(/\b(?:which|what|name|list)\s+(?:the\s+|all\s+)?(two|three|four|five|six|seven|eight|nine|ten|[2-9])\b/i)?.[1];
  const term = size ? contentTerms(size)[0] : undefined;
  return term !== undefined && keyTerms.includes(term) ? { listSize: term } : {};
}

/** "Besides X, …", "apart from X and Y, which other…": the words of what the answer is not. */
const exclusion = /\b(?:besides|apart from|other than|aside from|except(?: for)?)\s+(.+?)(?=\s*,?\s+(?:which|what|who|whom|where|when|how|name|list|tell|give|did|does|do|is|are|was|were|has|have|had)\b|\s*[?.]|$)/i;

function excludedTerms(question: string, keyTerms: readonly string[]): { excluded?: string[] } {
  const clause = question.match(exclusion)?.[1];
  if (!clause) return {};
  const excluded = [...new Set(keyTermsOf(clause))].filter((term) => keyTerms.includes(term));
  // A question that is all exclusion keeps its words: they are then all it has to be matched on.
  return excluded.length > 0 && excluded.length < keyTerms.length ? { excluded } : {};
}

/**
 * The analysis without the words that named a document's author or year ("FDR", "1937"):
 * retrieval used them to pick the speech; the sentence that answers need not repeat them.
 */
export function withoutMetadataWords(analysis: QuestionAnalysis, named: readonly string[]): QuestionAnalysis {
  if (named.length === 0) return analysis;
  const drop = new Set(named.flatMap((word) => contentTerms(word)));
  const keyTerms = analysis.keyTerms.filter((term) => !drop.has(term));
  return {
    ...analysis,
    keyTerms: keyTerms.length > 0 ? keyTerms : analysis.keyTerms,
    names: analysis.names.filter((name) => !contentTerms(name).every((term) => drop.has(term))),
  };
}

/**
 * A follow-up made standalone ("And when did China's initiative give it a boost?" plus the earlier
 * question's words): the words the user just wrote say what is asked; the borrowed ones only
 * say about what, so an answer to the earlier question does not win again.
 */
export function withBorrowedTerms(analysis: QuestionAnalysis, latest: string): QuestionAnalysis {
  const own = new Set(contentTerms(latest));
  const borrowed = analysis.keyTerms.filter((term) => !own.has(term));
  return borrowed.length === 0 || borrowed.length === analysis.keyTerms.length ? analysis : { ...analysis, borrowed };
}

/** Below this frequency rank a word is a word of English, not a slip of the keys ("police" is no typo of "policy"). */
const knownWordRank = 30_000;
/** Shorter words are one edit from too many others ("lead", "load"). */
const shortestTypo = 5;

/**
 * "how much per year did he want for a civil service commision": a key term the passages never use
 * that is one edit from one they do ("commission"), and is itself no common word, is read as that
 * word. `rank` is a stem's frequency rank (undefined: rarer than any ranked word).
 */
export function withTyposMended(analysis: QuestionAnalysis, passageTerms: ReadonlySet<string>, rank: (term: string) => number | undefined): QuestionAnalysis {
  const mended = new Map<string, string>();
  // A capitalised name is written as meant ("Van Buren" is no "burden").
  const named = new Set(analysis.names.flatMap((name) => contentTerms(name)));
  for (const term of analysis.keyTerms) {
    if (term.length < shortestTypo || passageTerms.has(term) || named.has(term) || /\d/.test(term)) continue;
    const own = rank(term);
    if (own !== undefined && own < knownWordRank) continue;
    let best: { term: string; rank: number } | undefined;
    for (const candidate of passageTerms) {
      if (candidate.length < shortestTypo - 1 || !withinOneEdit(term, candidate)) continue;
      // The mended word is a commoner one: a typo is rarer than the word it misses.
      const theirs = rank(candidate);
      if (theirs === undefined || (own !== undefined && theirs * 3 > own)) continue;
      if (!best || theirs < best.rank) best = { term: candidate, rank: theirs };
    }
    if (best) mended.set(term, best.term);
  }
  if (mended.size === 0) return analysis;
  const mend = (term: string) => mended.get(term) ?? term;
  return { ...analysis, keyTerms: [...new Set(analysis.keyTerms.map(mend))], ...(analysis.focus ? { focus: mend(analysis.focus) } : {}) };
}
