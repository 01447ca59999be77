import { describe, expect, it } from "vitest";
import type { Passage } from "../types";
import { dateBefore, planAsk, renderAsk, scoreSentences } from "./ask";
import { analyzeQuestion, withBorrowedTerms } from "./question";
import { answerWeights } from "./answer-weights";

function passage(n: number, documentId: string, text: string): Passage {
  return { chunkId: `${documentId}:${n}`, documentId, source: `${documentId}.txt`, title: documentId, date: "", outlet: "", ordinal: n, text, start: 1000 * n, end: 1000 * n + text.length, score: 1 };
}

const passages = [
  passage(0, "a", "Kazakhstan and Tajikistan signed many memoranda last year. Both countries aim to raise trade turnover to $2 billion by 2030. It was agreed in Dushanbe."),
  passage(1, "b", "The leaders met in Astana on August 9, 2024. Turkmenistan's President Serdar Berdimuhamedov attended with Uzbekistan and Kyrgyzstan's delegations."),
  passage(2, "b", "A container train travelled about 4,500 km from Xi'an to Tashkent in five days."),
  passage(3, "c", "Kazakhstan's approach to its neighbours follows a broader strategy of balance. This approach is known as a \"multi-vector policy\" among analysts."),
];
const none = "NO";

/** The local word vectors' stems, for tests that need near-synonyms (loaded on first use, not for every test). */
async function localStems() {
  const { getEmbedder } = await import("../embeddings");
  const { getConfig } = await import("../server/config");
  const { stemVectorsFor } = await import("../search/retrieve");
  return stemVectorsFor(await getEmbedder(getConfig()));
}

/** The plan for a question over one passage of `text`. */
function planFor(question: string, text: string) {
  return planAsk({ analysis: analyzeQuestion(question), passages: [passage(0, "p", text)] });
}

/** That plan as answer text. */
function sayFor(question: string, text: string) {
  return renderAsk(planFor(question, text), none);
}

function answer(question: string) {
  const plan = planAsk({ analysis: analyzeQuestion(question), passages });
  return { plan, text: renderAsk(plan, none) };
}

describe("dates ahead of the article", () => {
  it("tells a date before the article's own from one after it or unknown", () => {
    expect(dateBefore("August 9", "2024-08-20")).toBe(true);
    expect(dateBefore("September 2023", "2024-08-20")).toBe(true);
    expect(dateBefore("August 22, 2024", "2024-08-20")).toBe(false);
    expect(dateBefore("August 22", "2024-08")).toBe(false);
    expect(dateBefore("1925", "1927")).toBe(true);
    expect(dateBefore("August 9", "")).toBe(false);
  });

  it("answers 'when is he due to…' with the date still ahead, not a past event's", () => {
    const text = "On August 9, the president hosted the leaders of Kyrgyzstan and Tajikistan in Astana. As the president gears up for his visit to Tajikistan on August 22, 2024, the region watches.";
    for (const date of ["", "2024-08-20"]) {
      const plan = planAsk({ analysis: analyzeQuestion("On what date is the president due to arrive in Tajikistan?"), passages: [{ ...passage(0, "p", text), date }] });
      expect(renderAsk(plan, none)).toContain("**August 22, 2024**");
    }
    // Asked of the past, the past event's date answers.
    expect(sayFor("On what date did the president host the leaders of Tajikistan?", text)).toContain("**August 9**");
  });
});

describe("people asked for", () => {
  it("are not the names that stand where a place does", () => {
    const passages = [
      passage(0, "t", "During a recent meeting, the two presidents of Kazakhstan and Uzbekistan greeted a container train from China's dry port of Xi'an."),
      passage(1, "s", "The summit brought together Kyrgyzstan's President Sadyr Japarov and Uzbekistan's President Shavkat Mirziyoyev in Astana."),
    ];
    const scored = scoreSentences({ analysis: analyzeQuestion("Who is Uzbekistan's president?"), passages });
    const answersIn = (words: string) => scored.find((sentence) => sentence.text.includes(words))?.answers.map((entity) => entity.text);
    expect(answersIn("dry port")).toEqual([]);
    expect(answersIn("Mirziyoyev")).toContain("Shavkat Mirziyoyev");
  });
});

describe("means asked for", () => {
  it("are the words after 'by'/'through' that follow a verb in the past, not a year or a named agent", () => {
    expect(sayFor("How were the amendments to the constitution approved?", "Tokayev pushed amendments to the constitution, which were approved by a nationwide referendum, moving powers to parliament.")).toContain("approved by **a nationwide referendum**");
    expect(sayFor("How were the amendments to the constitution approved?", "The amendments to the constitution were approved by President Tokayev in 2022.")).not.toContain("President **Tokayev**");
  });
});

describe("places asked for", () => {
  it("are places, with the country they lie in, before a capitalised title", () => {
    expect(sayFor("Where is the writer from?", "The writer is an International Relations Expert from Islamabad, Pakistan.")).toContain("from **Islamabad, Pakistan**");
  });

  it("are not a country when a city is asked for: the sentence naming the city leads", () => {
    const text = "General Lafayette arrived in the United States on his tour in August. He first landed at New York, where he was received with joy.";
    expect(sayFor("In which city did Lafayette first arrive on his tour?", text)).toMatch(/^He first landed at \*\*New York\*\*/);
  });

  it("are cities, not the country, when a city is asked for", () => {
    const text = "The summit met in Kazakhstan's capital, Astana, with all five republics.";
    expect(sayFor("Which capital city hosted the summit?", text)).toContain("**Astana**");
  });
});

describe("amounts asked for", () => {
  it("are figures, not a bare 'year' that an adjective of the question matches", () => {
    const text = "The expenditures of the national government cannot be cut much below seven billion dollars a year without destroying essential functions.";
    expect(sayFor("Below what annual figure could federal spending not be cut without harming essential functions?", text)).toContain("**seven billion dollars**");
  });
});

describe("years a question pins", () => {
  it("are met by a year-dated document's year before, as an annual message's 'last year'", () => {
    const text = "Because we needed readiness quickly, 155,000 members of the Reserve were activated under the Act.";
    const plan = (date: string) => planAsk({ analysis: analyzeQuestion("How many Reserve members were activated in 1961?"), passages: [{ ...passage(0, "k", text), date }] });
    expect(plan("1962").abstained).toBe(false);
    expect(renderAsk(plan("1962"), none)).toContain("**155,000 members**");
    // Not by one two years on, nor by an article dated to the day a year on.
    expect(plan("1963").abstained).toBe(true);
    expect(plan("1962-08-20").abstained).toBe(true);
  });
});

describe("ask composition", () => {
  it("leads with the sentence that answers and bolds the answer span", () => {
    const { plan, text } = answer("How much trade are Astana and Dushanbe aiming for?");
    expect(plan.abstained).toBe(false);
    expect(text.startsWith("Both countries aim to raise trade turnover to **$2 billion** by 2030. [1]")).toBe(true);
  });

  it("matches a capital to its country and never a country to another", () => {
    expect(answer("When did the leaders meet in Kazakhstan's capital?").text).toContain("**August 9, 2024**");
    const who = answer("Who is Turkmenistan's president?");
    expect(who.text).toContain("**Serdar Berdimuhamedov**");
    expect(who.text).not.toContain("**Uzbekistan");
  });

  it("reads the country's office holder named elsewhere in the passages as the asked leader", () => {
    const text =
      "On August 9, Kazakhstan's President Kassym-Jomart Tokayev hosted his neighbours. As President Tokayev gears up for his visit to Tajikistan on August 22, 2024, the region watches.";
    const plan = planFor("When is the Kazakh leader due to arrive in Dushanbe?", text);
    expect(plan.lead?.answers.map((entity) => entity.text)).toEqual(["August 22, 2024"]);
    // Another country's leader is not the one asked about.
    const other = planFor("When is the Uzbek leader due to arrive in Dushanbe?", text);
    expect(other.lead?.answers.map((entity) => entity.text)).not.toEqual(["August 22, 2024"]);
  });

  it("declines a list question when no sentence near the best names several things or the asked kind of thing", () => {
    const ask = (text: string) => planFor("Which rivers are at the heart of the water dispute between Kazakhstan and Tajikistan?", text);
    expect(ask("Kazakhstan and Tajikistan have argued about water for years, and the dispute weighs on their trade.").abstained).toBe(true);
    expect(ask("The Syr Darya, the Amu Darya and the Vakhsh are at the heart of the water dispute between Kazakhstan and Tajikistan.").abstained).toBe(false);
  });

  it("declines when the year or ordinal the question pins is nowhere near the best sentence", () => {
    const sixth = "The sixth consultative summit of Central Asian leaders was held in Astana on August 9, 2024.";
    expect(planFor("Where will the seventh consultative summit of Central Asian leaders be held?", sixth).abstained).toBe(true);
    expect(planFor("Where was the sixth consultative summit of Central Asian leaders held?", sixth).abstained).toBe(false);
    // The figure and the word are one ordinal.
    expect(planFor("Where was the 6th consultative summit of Central Asian leaders held?", sixth).abstained).toBe(false);
    // In a follow-up, an ordinal counts off the earlier answer's items, not events.
    const sales = "He asked to postpone the lease sales off California, southwest Florida, and the Everglades.";
    const followUp = withBorrowedTerms(analyzeQuestion("where was the third sale he wanted postponed lease sales"), "where was the third sale he wanted postponed?");
    expect(planAsk({ analysis: followUp, passages: [passage(0, "p", sales)] }).abstained).toBe(false);
    const trade = "Trade between the two countries reached $1.2 billion last year, and both target $2 billion.";
    expect(planFor("How much was trade between the two countries worth in 2023?", trade).abstained).toBe(true);
    expect(planFor("How much was trade between the two countries worth in 2023?", `In 2023, ${trade}`).abstained).toBe(false);
    // A decade pins as a year does.
    const corridor = "In the 2020s, the \"Middle Corridor\" continued to develop across the Caspian.";
    expect(planFor("Which corridor developed across the Caspian in the 2010s?", corridor).abstained).toBe(true);
    expect(planFor("Which corridor developed across the Caspian in the 2020s?", corridor).abstained).toBe(false);
  });

  it("declines when no sentence covers the question, offering the closest passages as not an answer", () => {
    const { plan, text } = answer("What is the population of Mongolia?");
    expect(plan.abstained).toBe(true);
    // No passage names Mongolia: the country rule decided.
    expect(plan.declinedBy).toBe("places");
    expect(text.startsWith(none)).toBe(true);
  });

  it("declines a count whose only number counts something else", () => {
    const { plan } = answer("How many containers did the train from Xi'an carry?");
    expect(plan.abstained).toBe(true);
    expect(plan.declinedBy).toBe("type");
    expect(answer("How many days did the train from Xi'an take?").plan.abstained).toBe(false);
  });

  it("takes no 'X of Y and Z' as a person's name unless a title comes with it", () => {
    const memo = "The energy ministers of Kazakhstan signed a Memorandum on the Development of Transport and Logistics Centers.";
    expect(planFor("Who is Kazakhstan's energy minister?", memo).abstained).toBe(true);
    const emperor = planFor("Who thanked Kazakhstan's energy minister?", "Kazakhstan's energy minister was thanked by the Emperor of Russia.");
    expect(emperor.abstained).toBe(false);
    expect(emperor.lead?.answers.map((entity) => entity.text)).toContain("Emperor of Russia");
  });

  it("bolds the name near all the question's words, not the first one near any", () => {
    const text = "On August 9, Kazakhstan's President Kassym-Jomart Tokayev hosted the leaders: Kyrgyzstan's President Sadyr Japarov, Tajikistan's President Emomali Rahmon.";
    const rendered = sayFor("Who is the president of Kyrgyzstan?", text);
    expect(rendered).toContain("**Sadyr Japarov**");
  });

  it("adds the reason that follows a lead which only restates what a why-question asks about", () => {
    const text =
      "Tajikistan has not signed the friendship treaty with Turkmenistan, to the surprise of many. This reluctance remains despite progress in other talks. The holdout is linked to a border issue with Kyrgyzstan. Trade grew fast.";
    const plan = planFor("Why has Tajikistan not signed the friendship treaty with Turkmenistan?", text);
    const said = renderAsk(plan, none);
    expect(said).toContain("border issue with Kyrgyzstan");
    expect(said).not.toContain("Trade grew fast");
    // "The holdout is…" leans on what came before: the restating lead stays first.
    expect(said.startsWith("Tajikistan has not signed")).toBe(true);
  });

  it("finds the reason after the lead across a passage boundary, in the article's own order", () => {
    const first = "Tajikistan has not signed the friendship treaty with Turkmenistan, to the surprise of many.";
    const second = "This reluctance remains despite progress in other talks. The holdout is linked to a border issue with Kyrgyzstan.";
    const split = [
      { ...passage(0, "t", first), start: 0, end: first.length },
      { ...passage(1, "t", second), start: first.length + 1, end: first.length + 1 + second.length },
    ];
    const said = renderAsk(planAsk({ analysis: analyzeQuestion("Why has Tajikistan not signed the friendship treaty with Turkmenistan?"), passages: split }), none);
    expect(said).toContain("border issue with Kyrgyzstan");
  });

  it("lets a sentence lean on the one before it across a passage boundary, not across a gap in the text", () => {
    const first = "A convention of navigation and commerce with France was concluded in June.";
    const second = "It was limited in the first instance to two years.";
    const analysis = analyzeQuestion("How long was the convention of navigation and commerce with France set to last?");
    const coverageWith = (gap: number) => {
      const split = [
        { ...passage(0, "f", first), start: 0, end: first.length },
        { ...passage(1, "f", second), start: first.length + gap, end: first.length + gap + second.length },
      ];
      return scoreSentences({ analysis, passages: split }).find((sentence) => sentence.text.startsWith("It was limited"))!.contextCoverage;
    };
    expect(coverageWith(1)).toBeGreaterThan(coverageWith(500));
  });

  it("answers what the named speaker said from the speaker's own documents, when retrieval found any", () => {
    const both = [
      passage(0, "ford", "Our strategic forces leveled off while the Soviet buildup went on, so the military buildup had to broaden."),
      passage(1, "truman", "The Soviets produced an atomic explosion, and so our military buildup had to broaden."),
    ];
    const analysis = analyzeQuestion("Why did the military buildup have to broaden?");
    expect(planAsk({ analysis, passages: both }).lead?.documentId).toBe("ford");
    expect(planAsk({ analysis, passages: both, speakerDocuments: ["truman"] }).lead?.documentId).toBe("truman");
    // No passage of the speaker's: the others still may answer.
    expect(planAsk({ analysis, passages: both, speakerDocuments: ["hoover"] }).lead?.documentId).toBe("ford");
  });

  it("gives the sentence before a lead that draws a consequence, for a why-question", () => {
    const text =
      "Wars in Ukraine and the Middle East have disrupted the old trade routes. Therefore, the safety of transport across the region is becoming more important. Ports expanded.";
    const said = sayFor("Why is the safety of transport across the region becoming more important?", text);
    expect(said).toContain("Wars in Ukraine");
    expect(said.startsWith("Therefore, the safety")).toBe(true);
  });

  it("adds the sentence after a restating lead when no sentence near it has a causal word", () => {
    const text =
      "No attempt at negotiation with the insurgent leader could result in any good. He would accept nothing short of severance of the Union. The harvest was large. Ports expanded.";
    const said = sayFor("Why did the president think negotiating with the insurgent leader was useless?", text);
    expect(said.startsWith("No attempt at negotiation")).toBe(true);
    expect(said).toContain("severance of the Union");
    expect(said).not.toContain("The harvest was large");
  });

  it("counts a unit of time only by that unit: 'how many days' is not answered by years, near-synonyms though they are", async () => {
    const stems = await localStems();
    const asked = analyzeQuestion("How many days had the hostages been held in the embassy?");
    const held = (text: string) => planAsk({ analysis: asked, passages: [passage(0, "h", text)], stems });
    expect(held("The hostages had been held in the embassy for four years. Talks went on.").abstained).toBe(true);
    expect(renderAsk(held("The hostages had been held in the embassy for 444 days. Talks went on."), none)).toContain("**444 days**");
  });

  it("counts a list of things of the asked kind as naming the focus noun ('which threats' and 'terrorism, separatism, and extremism')", async () => {
    const stems = await localStems();
    const analysis = analyzeQuestion("Which threats did the two sides agree to fight?");
    const scored = scoreSentences({ analysis, passages: [passage(0, "t", "The two sides agreed on joint efforts against separatism, extremism, and radicalism. The two sides agreed on trade with Paris, Berlin, and Rome.")], stems });
    const focus = analysis.keyTerms.indexOf(analysis.focus!);
    expect(scored[0].matches[focus]).toBeGreaterThanOrEqual(0.6);
    expect(scored[1].matches[focus]).toBeLessThan(0.6);
  });

  it("weighs a list question's count word little: 'which two ministerial meetings' is not answered by 'the two presidents'", () => {
    const analysis = analyzeQuestion("Which two ministerial meetings took place before the summit?");
    expect(analysis.listSize).toBe("two");
    const [scored] = scoreSentences({ analysis, passages: [passage(0, "m", "The two presidents met. The energy ministers and the transport ministers met before the summit.")] });
    const share = (term: string) => scored.termShares[analysis.keyTerms.indexOf(term)];
    expect(share("two")).toBeLessThan(share("summit"));
  });

  it("counts a country the passage names elsewhere, a little, for each of its sentences", async () => {
    const stems = await localStems();
    const analysis = analyzeQuestion("Which threats did China and Kazakhstan agree to fight?");
    const text = "China and Kazakhstan held talks in Astana. Trade grew fast last year. The two sides agreed on joint efforts against terrorism, separatism, and extremism.";
    const scored = scoreSentences({ analysis, passages: [passage(0, "c", text)], stems });
    const china = analysis.keyTerms.indexOf("china");
    expect(scored[2].matches[china]).toBe(0);
    expect(scored[2].contextMatches[china]).toBeCloseTo(0.4);
  });

  it("gives the rest of a paragraph that names a list's items one sentence each, and stops at the paragraph's end", async () => {
    const stems = await localStems();
    const text = [
      "Since the 1990s, the main competition in Central Asia has focused on transportation and logistics corridors. In the 2010s, China's \"Belt and Road\" initiative provided stronger impetus for connectivity. In the 2020s, the \"Middle Corridor\" continued to develop. After the conflict, Russia strengthened the promotion of the \"North-South\" corridor.",
      "In these projects, Kazakhstan has always been a key hub for Europe.",
    ].join("\n");
    const answer = renderAsk(planAsk({ analysis: analyzeQuestion("List the transport corridors competing in Central Asia."), passages: [passage(0, "c", text)], stems }), none);
    for (const item of ["Belt and Road", "Middle Corridor", "North-South"]) expect(answer).toContain(item);
    expect(answer).not.toContain("key hub");
  });

  it("leads with the others for 'besides X, which other…', not with the sentence that names X", async () => {
    const stems = await localStems();
    const analysis = analyzeQuestion("Besides Beijing, Moscow and Washington, which other powers are gaining sway in Central Asia?");
    expect(analysis.excluded).toEqual(["beij", "moscow", "washington"]);
    const plan = planAsk({
      analysis,
      passages: [
        passage(0, "h", "In the region where China, Russia, and the United States have long been in a power struggle, Kazakhstan keeps its balance in Central Asia. Other regional powers such as the European Union, India, Turkey, Iran, Pakistan, and Gulf countries have also seen a rapid rise in influence, and they are paying close attention to Central Asia."),
      ],
      stems,
    });
    expect(plan.lead?.text).toMatch(/^Other regional powers/);
    // Only where a thing is asked for: "somewhere other than Philadelphia" asks why.
    expect(analyzeQuestion("Why did Adams worry Congress might have to meet somewhere other than Philadelphia?").excluded).toBeUndefined();
  });

  it("takes a name whose head noun follows it in the sentence for a name of the asked kind ('the Franco-German partnership')", async () => {
    const stems = await localStems();
    const analysis = analyzeQuestion("Which European partnership is the Astana-Tashkent relationship compared to?");
    const plan = planAsk({
      analysis,
      passages: [
        passage(0, "f", "In Central Asia, Kazakhstan and Uzbekistan are poised to be driving forces in a similar regional project. Their cooperation is reminiscent of the Franco-German partnership, which played a key role in European unification."),
      ],
      stems,
    });
    expect(renderAsk(plan, none).startsWith("Their cooperation is reminiscent of the **Franco-German**")).toBe(true);
    // It is a name of the asked kind (typed 1), not merely some name (0.5).
    const scored = scoreSentences({ analysis, passages: [passage(0, "f", "Their cooperation is reminiscent of the Franco-German partnership, which played a key role in European unification.")], stems });
    expect(scored[0].features?.typed).toBe(1);
  });

  it("counts a sentence that gives a reason as holding what a why-question asks for, a little", () => {
    const scored = scoreSentences({
      analysis: analyzeQuestion("Why did the president refuse to set a date for withdrawing the troops?"),
      passages: [passage(0, "w", "We will not set an artificial timetable for leaving, because that would embolden the terrorists. Our troops will come home with honor.")],
    });
    const typedOf = (opening: string) => scored.find((sentence) => sentence.text.startsWith(opening))?.features?.typed;
    expect(typedOf("We will not set")).toBeGreaterThan(0);
    expect(typedOf("Our troops")).toBe(0);
  });

  it("takes initials for a person's, whatever the surname means as a word ('A. K. Cutting')", async () => {
    const stems = await localStems();
    const plan = planAsk({
      analysis: analyzeQuestion("Which American citizen did Mexico imprison?"),
      passages: [passage(0, "c", "The correspondence concerns the case of A. K. Cutting, an American citizen then imprisoned in Mexico.")],
      stems,
    });
    expect(renderAsk(plan, none)).toContain("**A. K. Cutting**");
  });

  it("takes no name after 'the' for a person ('the Government', 'the Arctic Seas'), so 'who' with nobody named is declined", () => {
    const text =
      "The two brigantines accepted by the Government from a generous citizen of New York and placed under the command of an officer of the Navy to proceed to the Arctic Seas in quest of the lost commander have returned.";
    expect(sayFor("Who was the New Yorker who donated the two brigantines for the search?", text)).toMatch(/^NO/);
    // A title keeps it a person's: "the Emperor of Russia".
    expect(sayFor("Who offered to mediate?", "The mediation was offered by the Emperor of Russia in the spring.")).toContain("**Emperor of Russia**");
  });

  it("takes a plural rank before names joined by 'and' for people ('Lieutenants Wilkes and Hudson')", () => {
    const text = "The discovery of a new continent, which was first seen in latitude 66 south, by Lieutenants Wilkes and Hudson, for an extent of 1,800 miles, is one of the honorable results of the enterprise.";
    expect(sayFor("Who spotted the new continent in the far south?", text)).toContain("by **Lieutenants Wilkes** and Hudson");
  });

  it("bolds the count of events for 'how many times', not a count beside the question's words", () => {
    const said = sayFor(
      "How many times have the mayors of Lyon and Turin met over the past four years?",
      "The rapid pace of contact between Lyon and Turin is noteworthy, with 12 meetings between the two cities' mayors in the past four years alone.",
    );
    expect(said).toContain("**12 meetings**");
  });

  it("reads 'attributed to' as giving a reason", () => {
    const text =
      "The revenues of the Post Office fell short of the estimates this year. This is attributed in a great degree to the increase of free letters. Mail routes grew longer.";
    const said = sayFor("Why did post office revenues come in under the estimates?", text);
    expect(said).toContain("increase of free letters");
    expect(said).not.toContain("Mail routes grew longer");
    // The clause that gives the reason is the answer span, in the sentence that gives it.
    expect(said).toContain("This is attributed in a great degree to **the increase of free letters**.");
  });

  it("bolds the purpose an infinitive gives when no causal word does, and not a verb's complement", () => {
    expect(sayFor("Why has Washington backed routes across the Caucasus?", "The U.S. has promoted several routes through the Caucasus to reduce dependence on a single direction.")).toContain(
      "through the Caucasus to **reduce dependence on a single direction**.",
    );
    expect(sayFor("why must both nations adopt a united approach to shared problems?", "To maintain this delicate balance, it is essential for both nations to adopt a united approach to shared problems.")).toContain(
      "To **maintain this delicate balance**, it is essential",
    );
    // What Congress is asked to do, or what an effort is, says nothing of why.
    expect(sayFor("Why did Carter want Congress to push back the tax cuts?", "I am asking the Congress to postpone the tax cuts until January.")).not.toContain("**");
    expect(sayFor("Why did the ministers make efforts on trade?", "The ministers made great efforts to expand trade.")).not.toContain("**");
  });

  it("puts the reason first when it names what was asked about well enough to stand alone", () => {
    const text =
      "Tajikistan has not signed the friendship treaty with Turkmenistan, to the surprise of many. Tajikistan's refusal of the friendship treaty is linked to its border issue with Kyrgyzstan. Trade grew fast.";
    const said = sayFor("Why has Tajikistan not signed the friendship treaty with Turkmenistan?", text);
    expect(said.startsWith("Tajikistan's refusal of the friendship treaty is linked to **its border issue with Kyrgyzstan**. [1] Tajikistan has not signed")).toBe(true);
  });

  it("answers a short question whose every word a sentence holds, with the asked kind of thing, whatever the model says", () => {
    const passages = [passage(0, "u", "UNRCCA is a special political mission of the United Nations. It was established at the initiative of five Central Asian governments in 2007 to identify threats.")];
    const neverAnswers = { ...answerWeights, bias: -50 };
    expect(planAsk({ analysis: analyzeQuestion("When was UNRCCA established?"), passages, answerModel: neverAnswers }).abstained).toBe(false);
    // Without the asked kind of thing (no person here), the model still decides.
    expect(planAsk({ analysis: analyzeQuestion("Who established UNRCCA?"), passages: [passage(0, "u", "UNRCCA was established to identify threats.")], answerModel: neverAnswers }).abstained).toBe(true);
  });

  it("bolds the title a thing was given, whole, when the question asks what it was called", () => {
    const text = 'On the eve of the summit, President Tokayev delivered a paper entitled "Renaissance in Central Asia: Towards Sustainable Development and Prosperity."';
    const rendered = sayFor("What was the paper Tokayev delivered before the summit called?", text);
    expect(rendered).toContain('"**Renaissance in Central Asia: Towards Sustainable Development and Prosperity**."');
  });

  it("answers 'by what year' with a year, not another kind of date", () => {
    const text =
      "Last November the President set Project Independence so that the nation will need no foreign energy. In 1980 the nation will need no foreign energy.";
    const plan = planFor("By what year will the nation need no foreign energy under Project Independence?", text);
    expect(plan.abstained).toBe(false);
    expect(plan.sentences[0].text).toContain("1980");
    expect(plan.sentences[0].answers.map((answer) => answer.text).join(" ")).not.toContain("November");
  });

  it("leads an amount question with the sentence near the best that holds an amount, when the best holds none", () => {
    const text =
      "The tax cut he asked for does not include the fundamental reforms our tax system needs. In all, the cut would return $16 billion to families and businesses.";
    const plan = planFor("How big a tax cut did he ask for?", text);
    expect(plan.abstained).toBe(false);
    expect(plan.sentences[0].text).toContain("$16 billion");
  });

  it("counts a noun the sentence names before its figure ('the number of post offices … 7,000'), not one another figure stands for", () => {
    expect(sayFor("How many post offices did the country have?", "The number of post offices in the country has been increased to 7,000.")).toContain("**7,000**");
    expect(sayFor("How many post offices did the country have?", "The number of post offices in the country rose, and 7,000 letters were sent.").startsWith(none)).toBe(true);
    // The noun, then a verb of counting: "Our Indians number about 248,000" (five words, yet no fragment);
    // a sum of money counts no Indians.
    const indians = planFor("How many Indians are there?", "The Commissioner estimates that $165,000,000 will be paid to the Indians this year. Our Indians number about 248,000.");
    expect(indians.abstained).toBe(false);
    expect(indians.sentences[0].text).toContain("248,000");
    // A month is no warship's name; initials make a person of "A. K. Cutting".
    expect(sayFor("What was the British warship called that fired on the Chesapeake?", "On the 22nd day of June last the frigate Chesapeake was attacked by a British vessel.")).not.toContain("**June");
    // A sum of money alone counts no Indians: declined, not "$165,000,000".
    expect(planFor("How many Indians are there?", "The Indians will be paid $165,000,000 this year.").abstained).toBe(true);
    expect(sayFor("How many dollars will the Indians be paid?", "The Indians will be paid $165,000,000 this year.")).toContain("$165,000,000");
    // Short is not a fragment when it holds a figure or a verb; a heading or "Lieut." is one.
    const fragments = scoreSentences({
      analysis: analyzeQuestion("How many Indians are there?"),
      passages: [passage(0, "p", "Our Indians number about 248,000. Indian Affairs. The Commission was led by Lieut. Goethals, who reported.")],
    });
    const fragmentOf = (opening: string) => fragments.find((sentence) => sentence.text.startsWith(opening))?.features?.fragment;
    expect(fragmentOf("Our Indians")).toBe(0);
    expect(fragmentOf("Indian Affairs")).toBe(1);
    // A date between the noun and the figure is no figure of its own.
    expect(sayFor("How many weather stations were in operation?", "The number of weather stations in operation June 30, 1885, was 489.")).toContain("**489**");
    expect(sayFor("How many weather stations were in operation?", "The number of weather stations in operation on the 30th of June was 489.")).toContain("**489**");
    // A sentence may open on the counted thing.
    expect(sayFor("How many gunboats did they build?", "Of the gunboats authorized by the act, it was thought necessary to build only one hundred and three in the present year.")).toContain("**one hundred and three**");
  });

  it("follows a lead that announces so many things without naming them with the sentence that names them", () => {
    const text = "Tonight I will discuss with you five ways of carrying forward the progress of recent years. These five ways concern programs, partnerships, priorities, prosperity, and peace. The budget follows next week.";
    const rendered = sayFor("What were the president's five ways to carry progress forward?", text);
    expect(rendered).toContain("partnerships, priorities");
    expect(rendered).not.toContain("budget");
  });

  it("needs a follow-up's own places named, not the ones it borrowed from the question before", () => {
    const passages = [passage(0, "j", "An operation by land by a small band of our countrymen, gallantly conducted by our late consul, Eaton, brought about the peace.")];
    const latest = "Who led the land operation that brought about the peace?";
    const followUp = planAsk({ analysis: withBorrowedTerms(analyzeQuestion(`${latest} Americans held prisoner Tripoli`), latest), passages });
    expect(followUp.abstained).toBe(false);
    expect(renderAsk(followUp, none)).toContain("**Eaton**");
    // Asked outright, Tripoli is the question's own: a passage that never names it (or Libya) does not answer.
    expect(planAsk({ analysis: analyzeQuestion("Who led the land operation in Tripoli that brought about the peace?"), passages }).abstained).toBe(true);
  });

  it("answers when the lead meets every key term, one through its neighbour, and holds the asked date", () => {
    const text =
      "Security cooperation has been praised by UN bodies like UNRCCA. The center was founded by five Central Asian governments at their own initiative, after long talks among their foreign ministries and the United Nations, in 2007.";
    expect(sayFor("What year was UNRCCA founded?", text)).toContain("**2007**");
  });

  it("reads a people's name before a writer as who wrote the article, not a country it must name", () => {
    const text = "Under President Tokayev, Kazakhstan is casting itself as a stabilizing force in the region.";
    expect(planFor("What does the Pakistani commentator say Kazakhstan is casting itself as?", text).declinedBy).not.toBe("places");
    // A country the question asks about stays one the passages must name.
    expect(planFor("What does Kazakhstan say Pakistan is casting itself as?", text).declinedBy).toBe("places");
  });

  it("reads the year a span runs until as the asked year", () => {
    const text = "The Japanese Government has postponed until 1917 the date of the great international exposition.";
    expect(sayFor("To what year did Japan postpone its international exposition?", text)).toContain("**until 1917**");
  });

  it("answers a follow-up from a sentence near the one its borrowed words found", () => {
    const passages = [
      passage(0, "k", "Matthew Charles was the first inmate released thanks to the First Step Act, the new sentencing reform law. In 1996 he was sentenced to 35 years."),
    ];
    const latest = "how long was the sentence he originally got?";
    const plan = planAsk({ analysis: withBorrowedTerms(analyzeQuestion(`${latest} inmate first released thanks new sentencing reform law`), latest), passages });
    expect(plan.abstained).toBe(false);
    expect(renderAsk(plan, none)).toContain("35 years");
  });

  it("leads a list question with the sentence that names a list of things the question does not", () => {
    const text =
      "Beijing and Astana pledged to fight together the threats facing the region. Beijing and Astana pledged to fight together the threats of terrorism, separatism, and extremism. The talks lasted two days.";
    const rendered = sayFor("Which threats did Beijing and Astana pledge to fight together?", text);
    expect(rendered.startsWith("Beijing and Astana pledged to fight together the threats of **terrorism, separatism, and extremism**.")).toBe(true);
  });

  it("does not take 'what sort of products' for a request for a list", () => {
    const text = "China wants to import green agricultural products from Kazakhstan. China wants to import agricultural products from Kazakhstan, Mongolia, and Russia.";
    const listHeld = (question: string) => scoreSentences({ analysis: analyzeQuestion(question), passages: [passage(0, "p", text)] }).map((sentence) => sentence.features?.typed);
    expect(listHeld("Which three countries does China want to import agricultural products from?")).toEqual([0, 1]);
    expect(listHeld("What sort of agricultural products does China want to import from Kazakhstan?")).toEqual([0, 0]);
  });

  it("answers 'how long' only with a span of time or a length, never a bare count", () => {
    const took = answer("How long did the train journey from Xi'an take?");
    expect(took.plan.abstained).toBe(false);
    expect(took.text).toMatch(/\*\*(about )?4,500 km\*\*|\*\*five days\*\*/);
    expect(answer("How far did the train from Xi'an travel?").text).toContain("4,500 km**");
    expect(answer("How long did the train from Xi'an take?").text).toContain("**five days**");
    // The unit may come before the number.
    const aged = planAsk({ analysis: analyzeQuestion("How old was the girl who wrote the letter?"), passages: [passage(0, "h", "The girl who wrote the letter was at age 10 a keen reader, one of 3 sisters.")] });
    expect(renderAsk(aged, none)).toContain("**10**");
    // "What number…" asks for a rank, not a count.
    const rank = planAsk({
      analysis: analyzeQuestion("What number president to face a hostile Congress was Truman?"),
      passages: [passage(0, "h", "Of 33 presidents, Truman was the twentieth president to face a hostile Congress.")],
    });
    expect(renderAsk(rank, none)).toContain("**twentieth**");
    // "$2 billion" is an amount, not how long anything takes.
    expect(answer("How long will it take Kazakhstan and Tajikistan to raise trade turnover?").plan.abstained).toBe(true);
  });

  it("does not give a target for the actual figure asked for, though it gives it when the target is asked", () => {
    const text = "Trade between Kazakhstan and Tajikistan has grown fast, with both countries targeting an increase in trade turnover to $2 billion.";
    expect(sayFor("How much do Kazakhstan and Tajikistan actually trade with each other right now?", text)).toMatch(/^NO/);
    expect(sayFor("What is the current annual trade volume between Kazakhstan and Tajikistan?", text)).toMatch(/^NO/);
    expect(sayFor("How much trade turnover are both countries targeting?", text)).toContain("**$2 billion**");
  });

  it("answers a question about a sum of money only with money, and one about a percentage only with a percentage", () => {
    const text = "The railway has so far covered 1,160,533 acres of public land. Some 80 percent of the line is finished. The loan cost 15,000 pounds.";
    const plan = (question: string) => planAsk({ analysis: analyzeQuestion(question), passages: [passage(0, "r", text)] });
    // Acres and a share are no cost: with no sum of money by the railway, the question is declined.
    expect(plan("How much has the railway cost so far?").abstained).toBe(true);
    expect(plan("How many dollars has the railway cost?").abstained).toBe(true);
    expect(renderAsk(plan("How much did the loan cost?"), none)).toContain("**15,000 pounds**");
    expect(renderAsk(plan("What percentage of the line is finished?"), none)).toContain("**80 percent**");
    // A count for the same money is still a count.
    expect(renderAsk(plan("For the same money, how many acres of land has the railway covered?"), none)).toContain("**1,160,533");
  });

  it("leads with the answering sentence even when it opens with 'This', the sentence it leans on following", () => {
    const { plan, text } = answer("What is Kazakhstan's approach to its neighbours known as?");
    expect(plan.sentences[0].text.startsWith("This approach is known as")).toBe(true);
    expect(plan.sentences[1]?.text.startsWith("Kazakhstan's approach to its neighbours")).toBe(true);
    // With no entity of the asked kind, the article's own quoted term is the answer span.
    expect(text).toContain('"**multi-vector policy**"');
  });

  it("in a follow-up, lets the user's own words lead over the words borrowed from the earlier question", () => {
    const history = [passage(0, "f", "In 2023 the presidents agreed a trade target."), passage(1, "f", "The two presidents first talked in 1993.")];
    const standalone = "And when did the presidents first talk? agreed trade target";
    const plain = planAsk({ analysis: analyzeQuestion(standalone), passages: history });
    const followUp = planAsk({ analysis: withBorrowedTerms(analyzeQuestion(standalone), "And when did the presidents first talk?"), passages: history });
    expect(plain.lead?.text).toContain("trade target");
    expect(followUp.lead?.text).toContain("first talked");
  });

  it("bolds what answers: the list named, the name after the words asked about, what a figure came to, the institution", () => {
    const span = (question: string, text: string) => renderAsk(planAsk({ analysis: analyzeQuestion(question), passages: [passage(0, "g", text)] }), none);
    expect(span("What three threats did China and Kazakhstan agree to combat?", "China and Kazakhstan agreed to combat terrorism, separatism, and extremism together.")).toContain(
      "**terrorism, separatism, and extremism**",
    );
    expect(span("Who leads Turkmenistan?", "Tajikistan's President Emomali Rahmon, Turkmenistan's President Serdar Berdimuhamedov and others came.")).toContain("**Serdar Berdimuhamedov**");
    expect(span("How much is trade among the Central Asian countries worth now?", "Trade among Central Asian countries doubled from $5.7 billion to $11 billion.")).toContain("**$11 billion**");
    expect(span("Which security bloc does China want Kazakhstan to join?", "China wants Kazakhstan in the Shanghai Cooperation Organization, Xi said in Astana.")).toContain(
      "**Shanghai Cooperation Organization**",
    );
  });

  it("bolds a person, not an office, nor the asked place run into the name after it", () => {
    const text = "Following the meeting in Bern, Norway's President Ola Berg and Director of the Regional Centre for Peace in Central Asia Anna Kovac also attended the summit.";
    const said = renderAsk(planAsk({ analysis: analyzeQuestion("Who heads the regional centre for peace in Central Asia?"), passages: [passage(0, "o", text)] }), none);
    expect(said).toContain("**Anna Kovac**");
  });

  it("answers 'which company…?' only with a firm's name, or a name where the sentence speaks of firms", () => {
    const question = "Which company will build the new nuclear power plant?";
    expect(planFor(question, "Agreements on nuclear power plant construction and the Middle Corridor were signed with Russia and China.").abstained).toBe(true);
    expect(sayFor(question, "The state firm Atomstroy will build the new nuclear power plant near the lake.")).toContain("**Atomstroy**");
    const listed = planFor("Which companies announced new investments?", "Since then, Ford, General Motors, Intel, Walmart and many others have announced new investments.");
    // A list of firms is judged as lists are, not declined for want of a single firm's name.
    expect(listed.declinedBy).not.toBe("type");
  });

  it("answers 'where will the next … be held?' only with a place still to come, not where the last one was", () => {
    const question = "Where will the next consultative summit be held?";
    expect(planFor(question, "The fifth consultative summit was held in Dushanbe in September 2023.").abstained).toBe(true);
    expect(sayFor(question, "The next consultative summit will be held in Bishkek in the autumn.")).toContain("**Bishkek**");
  });

  it("answers 'which rivers…?' only with a list that names rivers, while 'what measures…?' takes a list of anything", () => {
    const rivers = planFor(
      "Which rivers are at the heart of the water dispute between the two countries?",
      "The two countries signed no treaty on friendship, good neighborliness and cooperation, and the water dispute between them goes on.",
    );
    expect(rivers.abstained).toBe(true);
    const measures = planFor(
      "What measures did the president ask Congress to pass to keep the economy stable?",
      "To keep the economy stable, the president asked Congress to pass a realistic tax law, a cost of food law, and the renegotiation of war contracts.",
    );
    expect(measures.declinedBy).not.toBe("type");
    // The general kinds are kept as stems of the words: "policies" stems to "policy", not "polic".
    const policies = planFor(
      "Which policies did the president ask Congress to adopt for farmers?",
      "For farmers, the president asked Congress to adopt price supports, soil conservation and cheaper credit.",
    );
    expect(policies.declinedBy).not.toBe("type");
    // …and "which cities" is the plural of the focus stem "city" as "which rivers" is of "river".
    expect(planFor("Which cities did the president visit on his tour?", "On his tour the president visited his old farm, a new school and the busy harbour.").declinedBy).toBe("type");
  });

  it("answers 'what is the name of the writer…' only with a sentence that names the writer, not one that says what the writer is", () => {
    const question = "What is the name of the analyst who wrote the piece on the visit?";
    // No sentence is eligible to answer at all ("places": nothing named what the question needs), whatever the model would say.
    expect(planFor(question, "The writer of this piece on the visit is an International Relations Expert from Islamabad, Pakistan.").declinedBy).toBe("places");
    expect(planFor(question, "The writer of this piece on the visit, Ayesha Karim, is an analyst from Islamabad, Pakistan.").declinedBy).not.toBe("places");
  });

  it("dates only the named event: 'when was the first Astana International Forum held?' is not met by another first meeting", () => {
    const question = "When was the first Astana International Forum held?";
    expect(planFor(question, "A milestone was the first meeting of the Supreme Councils of the two countries, held in Astana on August 8.").abstained).toBe(true);
    expect(sayFor(question, "The first Astana International Forum was held in Astana on April 25, 2023.")).toContain("**April 25, 2023**");
  });

  it("takes a land's office ('the Kazakhstan President') and a body's initials ('UNRCCA') for nobody's name", () => {
    const minister = "who is kazakhstan's foreign minister?";
    expect(planFor(minister, "Interestingly, the Kazakhstan President termed foreign policy a challenge for Kazakhstan's foreign minister.").declinedBy).toBe("type");
    expect(planFor(minister, "Kazakhstan's Foreign Minister Murat Nurtleu said foreign policy is a challenge.").declinedBy).not.toBe("type");
    const chair = "Who chairs the new security council?";
    expect(planFor(chair, "The new security council is chaired by UNRCCA, a special political mission.").declinedBy).toBe("type");
    expect(planFor(chair, "The new security council is chaired by Kakha Imnadze, a veteran diplomat.").declinedBy).not.toBe("type");
  });

  it("takes an office of a department or a land for nobody's name, while a ruler named by realm is someone", () => {
    const office = planFor("Which naval officer punished the pirates who attacked the merchant ship?", "The pirates who attacked the merchant ship were punished by order of the Secretary of War.");
    expect(office.abstained).toBe(true);
    expect(sayFor("Whose death cast a shadow over the opening of the session?", "The death of the Vice-President cast a shadow over the opening of the session.")).not.toContain("**");
    expect(sayFor("Which monarch agreed to arbitrate the boundary dispute?", "The boundary dispute was referred to the King of the Netherlands, who agreed to arbitrate it.")).toContain("**King of the Netherlands**");
  });

  it("bolds a figure with what it counts and how exact it is, and a month with its day", () => {
    const span = (question: string, text: string) => renderAsk(planAsk({ analysis: analyzeQuestion(question), passages: [passage(0, "w", text)] }), none);
    expect(span("How many vessels did the naval force have?", "The naval force at this time consists of 278 vessels, armed with 2,351 guns.")).toContain("**278 vessels**");
    expect(span("How many marines were landed at the port?", "At the port, over 2,000 marines were landed.")).toContain("**over 2,000 marines**");
    expect(span("How many words long was the message handed to the Speaker?", "In the 22,000-word message that I have just handed to the Speaker, I set out the proposals.")).toContain("**22,000-word**");
    expect(span("When was the new minister sent to Mexico?", "The new minister was sent to Mexico on the 9th day of November last.")).toContain("**the 9th day of November**");
  });

  it("bolds, for a 'what' question with no name or figure to give, the phrase of new words next to the question's own", () => {
    const vacuum = [passage(0, "k", "In the early days after the collapse of the Soviet Union, a strategic vacuum emerged in Central Asia.")];
    const text = renderAsk(planAsk({ analysis: analyzeQuestion("What emerged in Central Asia after the collapse of the Soviet Union?"), passages: vacuum }), none);
    expect(text).toContain("**strategic vacuum**");
  });

  it("takes single quotes for a quotation only around words, never the apostrophes of possessives", () => {
    const said = [
      passage(0, "e", "Kyrgyzstan's President Sadyr Japarov and Tajikistan's President Emomali Rahmon spoke of the 'Central Asia 2040' plan at the summit."),
    ];
    const plan = planAsk({ analysis: analyzeQuestion("What did the presidents of Kyrgyzstan and Tajikistan speak of at the summit?"), passages: said });
    expect(renderAsk(plan, none)).toContain("'**Central Asia 2040**'");
  });

  it("prefers the person standing next to the question's words, and a place named after 'in'", () => {
    const leaders = [
      passage(0, "d", "The president of Turkmenistan keeps a strategic partnership with its neighbours on water, energy and transport, which Tokayev praised at length. The summit opened with Turkmenistan's President Serdar Berdimuhamedov beside the other heads of state."),
    ];
    const who = planAsk({ analysis: analyzeQuestion("Who leads Turkmenistan?"), passages: leaders });
    expect(renderAsk(who, none)).toMatch(/^The summit opened with Turkmenistan's President \*\*Serdar Berdimuhamedov\*\*/);

    const meetings = [
      passage(0, "e", "The fifth consultative meeting of the Central Asian leaders brought the Energy Ministers' Meeting forward to August. The fifth consultative meeting of the Central Asian leaders was held in Dushanbe last September."),
    ];
    const where = planAsk({ analysis: analyzeQuestion("Where was the fifth consultative meeting of Central Asian leaders held?"), passages: meetings });
    expect(where.lead?.text).toContain("held in Dushanbe");
  });

  it("takes for a person's name only a rare word or a title, and declines 'who' without one", async () => {
    const stems = await localStems();
    expect(stems).toBeDefined();
    const chaired = [passage(0, "h", "The meeting adopted the Joint Statement on the Results of the First Energy Ministers' Meeting, chaired by the host.")];
    const who = planAsk({ analysis: analyzeQuestion("Who chaired the First Energy Ministers' Meeting?"), passages: chaired, stems });
    expect(renderAsk(who, none)).not.toContain("**");
    // With no person there, "who" is not answered…
    expect(who.abstained).toBe(true);
    // …unless a country the question does not name is the answer, and no person's role was asked for.
    const backed = [passage(0, "j", "China strongly backs Kazakhstan's bid to join the group of emerging economies.")];
    expect(planAsk({ analysis: analyzeQuestion("Who backs Kazakhstan's bid to join the group?"), passages: backed, stems }).abstained).toBe(false);
    expect(planAsk({ analysis: analyzeQuestion("Who were the envoys that backed Kazakhstan's bid to join the group?"), passages: backed, stems }).abstained).toBe(true);
    // "Who was the X…" asks who X is: the country a sentence mentions in passing does not answer it.
    const quoted = [passage(0, "q", "One of the great American industrialists of our day recently warned of the grave dangers of reaction.")];
    expect(planAsk({ analysis: analyzeQuestion("Who was the industrialist that warned of the dangers of reaction?"), passages: quoted, stems }).abstained).toBe(true);
    expect(planAsk({ analysis: analyzeQuestion("Who warned of the dangers of reaction?"), passages: quoted, stems }).abstained).toBe(false);
    const commanded = [passage(0, "i", "The squadron in the Mediterranean, under Captain Rodgers, blockaded Tripoli through the Winter.")];
    const captain = planAsk({ analysis: analyzeQuestion("Who commanded the squadron in the Mediterranean?"), passages: commanded, stems });
    expect(renderAsk(captain, none)).toContain("**Captain Rodgers**");
  });

  it("declines 'who' when the sentence that matches best names nobody, though one near it names someone", () => {
    const council = [
      passage(0, "k", "The new council of foreign ministers will coordinate the two countries' positions in international bodies. President Tokayev and President Mirziyoyev agreed on the council last year."),
    ];
    const plan = planAsk({ analysis: analyzeQuestion("Who chairs the new council of foreign ministers?"), passages: council });
    expect(plan.abstained).toBe(true);
    expect(plan.declinedBy).toBe("type");
    // The sentence that names the person answers.
    const chaired = [passage(0, "l", "The new council of foreign ministers is chaired by President Tokayev, who set its agenda in Astana.")];
    expect(renderAsk(planAsk({ analysis: analyzeQuestion("Who chairs the new council of foreign ministers?"), passages: chaired }), none)).toContain("President **Tokayev**");
  });

  it("takes a name whose last word is of the asked head noun's kind for the asked thing ('which flagship program' -> '… Initiative')", async () => {
    const stems = await localStems();
    const ties = [
      passage(0, "m", "The economic ties between the two countries grew when President Xi Jinping visited Astana. Their partnership has been cemented through China's Belt and Road Initiative."),
    ];
    const question = "Which flagship Chinese infrastructure program underpins the economic ties between the two countries?";
    expect(analyzeQuestion(question)).toMatchObject({ focus: "flagship", head: "program" });
    const plan = planAsk({ analysis: analyzeQuestion(question), passages: ties, stems });
    expect(renderAsk(plan, none)).toMatch(/^Their partnership has been cemented through China's \*\*Belt and Road Initiative\*\*/);
  });

  it("declines 'what was the name of…' when the sentence that matches names nobody", () => {
    const sultan = [passage(0, "f", "The death of the late Sultan has produced no alteration in our relations with Turkey.")];
    expect(planAsk({ analysis: analyzeQuestion("What was the name of the late Sultan of Turkey?"), passages: sultan }).abstained).toBe(true);
    const steamer = [passage(0, "g", "Early in August a steamer called the Pampero departed from New Orleans for Cuba with armed men on board.")];
    expect(renderAsk(planAsk({ analysis: analyzeQuestion("What was the name of the steamer that left New Orleans for Cuba?"), passages: steamer }), none)).toContain("**Pampero**");
  });

  it("cites every sentence it quotes, verbatim", () => {
    const { plan, text } = answer("How much trade do Kazakhstan and Tajikistan hope for?");
    for (const sentence of plan.sentences) expect(text.replaceAll("**", "")).toContain(`${sentence.text} [${sentence.n}]`);
  });

  it("counts a name the article's title holds for each of its sentences", () => {
    const titled = (n: number, documentId: string, title: string, text: string) => ({ ...passage(n, documentId, text), title });
    const plan = planAsk({
      analysis: analyzeQuestion("What kind of multilateralism do Xi and Tokayev stand for?"),
      passages: [
        titled(0, "x", "Regional round-up", "Xi Jinping spoke of new railways to Europe."),
        titled(1, "y", "Xi Meets Tokayev: Boosting Ties", "Beyond economics, both leaders voiced a shared commitment to \u201ctrue multilateralism,\u201d a concept that champions developing countries."),
      ],
    });
    expect(plan.lead?.text).toContain("true multilateralism");
  });

  it("adds the sentence a lead points back to ('this ambition') when only that one names the asked thing", () => {
    const text =
      "The talks also touched on the wish to join the BRICS mechanism. Xi's support for this ambition dovetails with shifts in global governance, where emerging economies like Kazakhstan demand a greater voice.";
    const said = sayFor("Which club of emerging economies does Kazakhstan want to get into, with Xi's support?", text);
    // That sentence holds the answer, so it comes first, in the article's order, with the answer in bold.
    expect(said).toMatch(/^The talks also touched on the wish to join the \*\*BRICS[^*]*\*\*[^[]*\[1\] Xi's support/);
    // It is said once, though it is both the lead's context and the sentence with the term the lead misses.
    expect(said.match(/The talks also touched/g)).toHaveLength(1);
  });

  it("keeps the lead first when the 'this …' it holds is deep in the sentence, not what it opens with", () => {
    const text = "Several Nations, acknowledging the debt, have paid in small part; other Nations have failed to pay. One Nation-Finland-has paid the installments due this country in full.";
    const said = sayFor("Which Helsinki government had paid its debt installments in full?", text);
    expect(said).toMatch(/^One Nation-Finland-has paid/);
  });
});
