import { describe, expect, it } from "vitest";
import { analyzeQuestion, withTyposMended, withoutMetadataWords } from "./question";

describe("question analysis", () => {
  it("reads the answer type from the question's form", () => {
    expect(analyzeQuestion("When does Tokayev travel to Dushanbe?").expected).toBe("date");
    expect(analyzeQuestion("What year did the treaty end?").expected).toBe("date");
    // A hyphen makes "year" part of another word: "year-end surplus" is an amount.
    expect(analyzeQuestion("What year-end surplus did the Treasury expect?").expected).toBe("number");
    expect(analyzeQuestion("How much trade do they hope to reach?").expected).toBe("number");
    expect(analyzeQuestion("Who leads Turkmenistan?").expected).toBe("person");
    expect(analyzeQuestion("Where was the fifth meeting held?").expected).toBe("place");
    expect(analyzeQuestion("Why does Kazakhstan balance the big powers?").expected).toBe("reason");
    expect(analyzeQuestion("Which threats did they agree to combat?").expected).toBe("list");
    expect(analyzeQuestion("Which summit followed the meeting?").expected).toBe("name");
    // "What is X called?" asks for the name X goes by, whatever X is.
    expect(analyzeQuestion("what's that new forum kazakhstan started called").expected).toBe("name");
    // A question word after a leading phrase asks the question: "In the 1894 message, why…" wants a reason.
    expect(analyzeQuestion("In the 1894 message, why did the president say the Post Office ran a deficit?").expected).toBe("reason");
    // A level or an amount asked for by its verb: "raised to", "cost".
    expect(analyzeQuestion("What did Biden want the minimum wage raised to?").expected).toBe("number");
    expect(analyzeQuestion("What would each missile cost?").expected).toBe("number");
    expect(analyzeQuestion("What did Eisenhower recommend raising the minimum wage to in 1955?").expected).toBe("number");
    // Any measure asked after a leading phrase: "In Clinton's 1993 address, how high…".
    expect(analyzeQuestion("In Clinton's 1993 address, how high would the pile of bills reach?").expected).toBe("number");
    // A name asked for last is one name, a person's when the question names a person.
    expect(analyzeQuestion("turkmen president name?").expected).toBe("person");
    // "Name" as the verb ("which ones did he name?") asks for the things named, not for a name.
    expect(analyzeQuestion("turkmen president name?").asksName).toBe(true);
    expect(analyzeQuestion("Which ones did he name?").asksName).toBe(false);
    expect(analyzeQuestion("Name the four presidents Tokayev hosted.").expected).toBe("list");
    // A person's office or standing after "which" asks for a person; an estimate is a figure.
    expect(analyzeQuestion("Which Supreme Court justice certified the facts to Washington?").expected).toBe("person");
    expect(analyzeQuestion("Which candidate won the 1844 election?").expected).toBe("person");
    expect(analyzeQuestion("madison 1816 msg - whats the estimate for the funded debt").expected).toBe("number");
    // "Whom did X name to head…" asks for the person named to a post.
    expect(analyzeQuestion("Whom did Bush name in 2005 to head his effort to steer young people away from gangs?").expected).toBe("person");
    // "What is the X": the head noun after the article decides, past vague adjectives.
    const volume = analyzeQuestion("What is the current yearly trade volume between Kazakhstan and Tajikistan?");
    expect(volume.expected).toBe("number");
    expect(volume.focus).toBe("trad");
    // Numbers, hyphenated or not, and adjectives like "old" are not the thing asked for.
    expect(analyzeQuestion("What three-part slogan did Wilson say German agents misused?").focus).toBe("slogan");
    expect(analyzeQuestion("Under which old agreement did he say fishermen had their rights?").focus).toBe("agreement");
    // Notes with no question word: the last word says what is asked for.
    expect(analyzeQuestion("kaz-tajik trade target $").expected).toBe("number");
    expect(analyzeQuestion("c asia intra-regional trade 2018 figure").expected).toBe("number");
    expect(analyzeQuestion("1st supreme interstate council kaz uzb date").expected).toBe("date");
    expect(analyzeQuestion("new forum kazakhstan launched, purpose").expected).not.toBe("number");
    // "Cost" as a verb anywhere asks for a sum; a ceiling or an average is a figure.
    expect(analyzeQuestion("So what would that cost a guy who owes a thousand dollars in tax?").expected).toBe("number");
    expect(analyzeQuestion("And what were interest charges alone costing taxpayers each year?").expected).toBe("number");
    expect(analyzeQuestion("What did the cost of the canal include?").expected).not.toBe("number");
    expect(analyzeQuestion("What ceiling did Tyler say the treaty put on the Texas debts?").expected).toBe("number");
    // A number ahead of the noun stays: "3 yr" is no date asked for.
    expect(analyzeQuestion("what is the 3 yr inflation average he bragged about").expected).not.toBe("date");
  });

  it("drops the words that shape a question, not other words stemmed alike", () => {
    // "plan" shapes "what did he plan"; "planes" is what is counted, though both stem to "plan".
    expect(analyzeQuestion("How many planes did the factories turn out, as Roosevelt noted?").keyTerms).toEqual(["plan", "factory", "turn", "roosevelt"]);
    expect(analyzeQuestion("What did they plan to do after the summit?").keyTerms).toEqual(["summit"]);
    // An intensifier says how much, not what: no answer sentence repeats it.
    expect(analyzeQuestion("Whose interests does the Astana forum particularly champion?").keyTerms).toEqual(["interest", "astana", "forum", "champion"]);
    expect(analyzeQuestion("What agreements has the EU actually signed with Kazakhstan?").keyTerms).not.toContain("actual");
  });

  it("reads phone shorthand as the words it stands for", () => {
    expect(analyzeQuestion("uzbek prez name pls").keyTerms).toEqual(["uzbek", "president"]);
    expect(analyzeQuestion("how many ppl were at the astana mtg").keyTerms).toEqual(expect.arrayContaining(["peopl", "meet"]));
    expect(analyzeQuestion("wat did the govt promise").keyTerms).toEqual(["government", "promis"]);
    expect(analyzeQuestion("Did Xi visit Astana?").expected).toBe("yesno");
    // "How does X characterise Y" asks for the words used, "how did X do Y" for a way or a reason.
    expect(analyzeQuestion("How does Kazakhstan characterise its engagement with China?").expected).toBe("description");
    expect(analyzeQuestion("How did Kazakhstan balance the big powers?").expected).toBe("reason");
    // A preposition may open a measure question.
    expect(analyzeQuestion("For how long has Kazakhstan kept its policy?")).toMatchObject({ expected: "number", unit: "time" });
    // "How long did it take" asks for time only; so does "how long was" a thing that lasts. A
    // voyage or a wall may be long in miles: either unit answers.
    expect(analyzeQuestion("How long did the trip take?").unit).toBe("time");
    expect(analyzeQuestion("how long was the sentence he originally got?").unit).toBe("time");
    expect(analyzeQuestion("How long has the embargo been in force?").unit).toBe("time");
    expect(analyzeQuestion("How long was the voyage from San Francisco?").unit).toBe("length");
    expect(analyzeQuestion("How long is the border?").unit).toBe("length");
    // A sum of money or a percentage is a unit of its own; a count or a share for money is neither.
    expect(analyzeQuestion("How much did the railway cost?").unit).toBe("money");
    expect(analyzeQuestion("What hourly minimum wage did he propose?").unit).toBe("money");
    expect(analyzeQuestion("What percentage of workers were covered?").unit).toBe("percent");
    expect(analyzeQuestion("How many vessels would the same money keep afloat?").unit).toBeUndefined();
    expect(analyzeQuestion("What share of employment did the wage standards cover?").unit).toBeUndefined();
    // "What year…" asks "when": the answer says 2007, not "year".
    expect(analyzeQuestion("What year was UNRCCA founded?").keyTerms).toEqual(["unrcca", "found"]);
  });

  it("reads the type from the question after a clause that sets the time, keeping that clause's words", () => {
    const held = analyzeQuestion("When LBJ spoke in January 1966, for how long had US planes held off bombing Hanoi?");
    expect(held.expected).toBe("number");
    expect(held.unit).toBe("time");
    const signed = analyzeQuestion("When Tokayev visited Dushanbe, which agreements did he sign?");
    expect(signed.expected).toBe("list");
    expect(signed.keyTerms).toEqual(expect.arrayContaining(["tokayev", "dushanb"]));
    // A question that opens with "when" and asks no other question still asks for a date.
    expect(analyzeQuestion("When did Tokayev visit Dushanbe, and with whom?").expected).toBe("date");
  });

  it("reads casual contractions without their apostrophe ('whos', 'didnt') as the words they stand for", () => {
    const who = analyzeQuestion("whos the philly mayor bush welcomed");
    expect(who.expected).toBe("person");
    expect(who.keyTerms).not.toContain("who");
    expect(analyzeQuestion("why didnt tajikistan sign").keyTerms).toEqual(["tajikistan", "sign"]);
    // "its" is a word of its own.
    expect(analyzeQuestion("what is its capital called").question).toBe("what is its capital called");
  });

  it("finds the focus word past numbers and vague adjectives, and the kind of answer from the head noun", () => {
    expect(analyzeQuestion("What three threats did they agree to combat?").focus).toBe("threat");
    expect(analyzeQuestion("What big regional gathering took place next?").focus).toBe("regional");
    // The head noun of the words after "which" says what kind of thing is asked for.
    expect(analyzeQuestion("Which naval officer punished the pirates?").expected).toBe("person");
    expect(analyzeQuestion("Which Berlin monarch signed the treaty?").expected).toBe("person");
    expect(analyzeQuestion("What trade target did they set?").expected).toBe("number");
    expect(analyzeQuestion("What total indemnity did the powers demand?").expected).toBe("number");
    expect(analyzeQuestion("Which news agency carried the story on trade?").expected).toBe("organization");
    // A question word inside the sentence asks the question when none opens it.
    expect(analyzeQuestion("Bush 2004: which Tripoli strongman pledged to disarm?").expected).toBe("person");
    expect(analyzeQuestion("In his 1800 message, Adams reported a treaty with which Berlin monarch?").expected).toBe("person");
    expect(analyzeQuestion("Jackson hoped paper money would vanish below what denomination?").expected).toBe("number");
    // A count of people needs no noun after the number ("800 persons", "100,000 are now serving").
    expect(analyzeQuestion("Roughly how many people were killed in the attack?").counted).toBeUndefined();
    expect(analyzeQuestion("A farmer feeds himself plus how many others?").counted).toBeUndefined();
    expect(analyzeQuestion("How many American soldiers were killed?").counted).toEqual(["american", "soldier"]);
    expect(analyzeQuestion("Which summit took place after the meeting?").focus).toBe("summit");
    expect(analyzeQuestion("When was the treaty signed?").focus).toBeUndefined();
  });

  it("knows what a count counts and when an amount is wanted", () => {
    expect(analyzeQuestion("How many containers did the train carry?").counted).toEqual(["container"]);
    // The counted thing runs to the verb: "American" alone would let "American" anywhere after a number pass.
    expect(analyzeQuestion("How many American soldiers were shipped overseas?").counted).toEqual(["american", "soldier"]);
    // The counted thing stops at an article or "per": "a month" is no part of what is counted.
    expect(analyzeQuestion("How many cargo trains a month did they agree to run?").counted).toEqual(["cargo", "train"]);
    // Any verb ends it: "came" is no stop word, and the nouns before it are still what is counted.
    expect(analyzeQuestion("roughly how many indians came under US rule with Texas and New Mexico?").counted).toEqual(["indian"]);
    // A hedge on the figure is no word the answer must hold.
    expect(analyzeQuestion("Roughly how many Indians lived in the country?").keyTerms).not.toContain("rough");
    expect(analyzeQuestion("cleveland 1893 approximately how many indians in the country").keyTerms).not.toContain("approxim");
    // "How many times…" counts events, which the text names ("15 meetings"), never "times".
    expect(analyzeQuestion("How many times have the two presidents met?").counted).toBeUndefined();
    expect(analyzeQuestion("How many times did the army march?").expected).toBe("number");
    expect(analyzeQuestion("How heavy was the spending bill?").expected).toBe("number");
    expect(analyzeQuestion("To what level should the rate fall?").expected).toBe("number");
    expect(analyzeQuestion("How important is the corridor?").expected).not.toBe("number");
    // A preamble ("roughly", "and", "can you tell me") does not hide the question word.
    expect(analyzeQuestion("Roughly when did Kazakhstan recognise Tajikistan?").expected).toBe("date");
    expect(analyzeQuestion("what yr was that UN mission set up").expected).toBe("date");
    expect(analyzeQuestion("Roughly when did Kazakhstan recognise Tajikistan?").keyTerms).not.toContain("rough");
    // "What threats did he list?": the verb asks for the list, it is no word of the answer.
    expect(analyzeQuestion("What threats did Tokayev list?").keyTerms).toEqual(["threat", "tokayev"]);
    expect(analyzeQuestion("Can you tell me which summit came next?").focus).toBe("summit");
    expect(analyzeQuestion("How much is their trade worth?").wantsAmount).toBe(true);
    expect(analyzeQuestion("How many delegates came?").wantsAmount).toBe(false);
    // A measure word names the unit the number must carry.
    expect(analyzeQuestion("How long did the talks last?").unit).toBe("time");
    expect(analyzeQuestion("How long is the railway?").unit).toBe("length");
    expect(analyzeQuestion("How far is Tashkent from Xi'an?").unit).toBe("distance");
    expect(analyzeQuestion("How old is the treaty?").unit).toBe("age");
    expect(analyzeQuestion("How long ago was the treaty signed?").unit).toBeUndefined();
    expect(analyzeQuestion("How soon would the population double?").unit).toBe("length");
    expect(analyzeQuestion("By how much did serious crime fall?").expected).toBe("number");
    expect(analyzeQuestion("How many delegates came?").unit).toBeUndefined();
    expect(analyzeQuestion("What number president was he?").ordinal).toBe(true);
    expect(analyzeQuestion("How many presidents came?").ordinal).toBeUndefined();
  });

  it("takes no key terms from the reader's asides after the question", () => {
    const asked = analyzeQuestion("When was the Kazakh president due to arrive in Tajikistan? I want the exact date.");
    expect(asked.keyTerms).toEqual(analyzeQuestion("When was the Kazakh president due to arrive in Tajikistan?").keyTerms);
    expect(analyzeQuestion("Which four presidents did Tokayev host? I need all the names for my draft.").keyTerms).not.toContain("draft");
    expect(analyzeQuestion("Which areas did the deals cover? Please give me every one, it's for my essay.").keyTerms).not.toContain("essay");
    // A second sentence that asks something is no aside.
    expect(analyzeQuestion("Why did Kazakhstan start the forum? What's one of its biggest goals?").keyTerms).toContain("goal");
    expect(analyzeQuestion("kazakhstan has no coastline right? so how does hamedia describe its spot").keyTerms).toContain("coastlin");
  });

  it("tells questions about the article itself, and drops words that only point at it", () => {
    expect(analyzeQuestion("Who wrote the piece on the Xi meeting?").metadata).toBe("author");
    expect(analyzeQuestion("who actually wrote the piece on the Xi meeting?").metadata).toBe("author");
    expect(analyzeQuestion("Who originally published the piece?").metadata).toBe("outlet");
    expect(analyzeQuestion("Which news service carried the piece on Kazakhstan's balancing act?").metadata).toBe("outlet");
    expect(analyzeQuestion("Which outlet published the report on water?").metadata).toBe("outlet");
    expect(analyzeQuestion("who put out the hamedia piece on kazakhstan's diplomacy?").metadata).toBe("outlet");
    expect(analyzeQuestion("Which news agency is credited for the article on Kazakhstan's balancing act?").metadata).toBe("outlet");
    expect(analyzeQuestion("when was the tokayev-goes-to-tajikistan article dated?").metadata).toBe("published");
    // A document the articles report on is no article: its publication is a fact in the text.
    expect(analyzeQuestion("When was the joint statement published?").metadata).toBeUndefined();
    expect(analyzeQuestion("When was the article published?").metadata).toBe("published");
    expect(analyzeQuestion("What did Xi say about trade?").metadata).toBeUndefined();
    // Someone in the article who wrote a document of their own is asked about, not the byline.
    expect(analyzeQuestion("Who was the American envoy in Paris who wrote the explanatory note to the French?").metadata).toBeUndefined();
    expect(analyzeQuestion("Who wrote the letter to Congress?").metadata).toBeUndefined();
    expect(analyzeQuestion("What is the professional background of the person who wrote the piece on the trip?").metadata).toBe("author");
    expect(analyzeQuestion("What does the agency report say about corridors?").keyTerms).toEqual(["corridor"]);
    // A speech is pointed at the same way.
    expect(analyzeQuestion("How many earmarks were there, according to Bush's speech?").keyTerms).toEqual(["earmark", "bush"]);
    expect(analyzeQuestion("How did Johnson describe the Gulf of Tonkin incident in his State of the Union?").keyTerms).toEqual(["johnson", "gulf", "tonkin", "incident"]);
  });
});

describe("metadata words", () => {
  it("drops the words that picked a document's author and year from the key terms and names", () => {
    const analysis = withoutMetadataWords(analyzeQuestion("What did Kennedy say in 1962 about the moon?"), ["Kennedy", "1962"]);
    expect(analysis.keyTerms).toEqual(["moon"]);
    expect(analysis.names).toEqual([]);
    // A question made only of such words keeps them: there is nothing else to match.
    expect(withoutMetadataWords(analyzeQuestion("Kennedy 1962?"), ["Kennedy", "1962"]).keyTerms.length).toBeGreaterThan(0);
  });
});

describe("withTyposMended", () => {
  const ranks = new Map([["commission", 597], ["polic", 134], ["policy", 501], ["burden", 3000]]);
  const rank = (term: string) => ranks.get(term);
  const passageTerms = new Set(["civil", "servic", "commission", "policy", "burden"]);

  it("reads a rare word one edit from a commoner word of the passages as that word", () => {
    const mended = withTyposMended(analyzeQuestion("how much did he want for a civil service commision"), passageTerms, rank);
    expect(mended.keyTerms).toContain("commission");
    expect(mended.keyTerms).not.toContain("commision");
  });

  it("leaves common words, words the passages use, and capitalised names as written", () => {
    const police = analyzeQuestion("What did the police report?");
    expect(withTyposMended(police, passageTerms, rank)).toBe(police);
    const buren = analyzeQuestion("Why did the war drag on in Van Buren's message?");
    expect(withTyposMended(buren, passageTerms, rank).keyTerms).toContain("buren");
  });
});
