import { describe, expect, it } from "vitest";
import { buildMetadataIndex, readQuestionMetadata, yearRangesSql, type DocumentMetadata } from "./question-metadata";

const speeches: DocumentMetadata[] = [
  ["1790", "George Washington"],
  ["1799", "John Adams"],
  ["1827", "John Quincy Adams"],
  ["1838", "Martin Van Buren"],
  ["1862", "Abraham Lincoln"],
  ["1863", "Abraham Lincoln"],
  ["1867", "Andrew Johnson"],
  ["1876", "Ulysses S. Grant"],
  ["1898", "William McKinley"],
  ["1905", "Theodore Roosevelt"],
  ["1941", "Franklin D. Roosevelt"],
  ["1955", "Dwight D. Eisenhower"],
  ["1962", "John F. Kennedy"],
  ["1964", "Lyndon B. Johnson"],
  ["1970", "Richard Nixon"],
  ["1990", "George Bush"],
  ["1994", "William J. Clinton"],
  ["2002", "George W. Bush"],
].map(([date, author]) => ({ id: `${date}-${author}`, author, date }));

const index = buildMetadataIndex(speeches);
const read = (question: string) => readQuestionMetadata(question, index);
const authorsOf = (question: string) => read(question).applied?.authors ?? [];

describe("a casual reader's speaker and year", () => {
  it("reads a lower-case surname as the speaker before a year, after a possessive before a speech, or before a verb of saying", () => {
    expect(read("nixon 70 what did he say about welfare").applied).toMatchObject({ authors: ["Richard Nixon"], from: "1970", to: "1970", named: ["nixon", "70"] });
    expect(read("ike 1955 whats the debt limit").applied).toMatchObject({ authors: ["Dwight D. Eisenhower"], from: "1955", named: ["ike", "1955"] });
    // A lower-case word before an everyday surname is no given name by its first letter alone ("S." of Ulysses S. Grant).
    expect(authorsOf("how much was asked for the new pell-style grant program in 1876")).toEqual([]);
    expect(authorsOf("grant's last annual message on cuba")).toEqual(["Ulysses S. Grant"]);
    expect(authorsOf("what did kennedy say about the moon")).toEqual(["John F. Kennedy"]);
    // A lone everyday word stays a word.
    expect(authorsOf("how did the grant program work")).toEqual([]);
  });

  it("reads a two-digit year as the named speaker's year that ends so, and only then", () => {
    expect(read("kennedy's speech in '62 on trade").applied).toMatchObject({ authors: ["John F. Kennedy"], from: "1962", named: ["kennedy's", "'62"] });
    // "his first / last message": the speaker's speeches in order of date.
    expect(read("What did Lincoln say in his last annual message?").applied).toMatchObject({ authors: ["Abraham Lincoln"], from: "1863", to: "1863" });
    expect(read("In his first message, what did Lincoln ask for?").applied).toMatchObject({ from: "1862", to: "1862", named: ["first", "Lincoln"] });
    // A year right after the speaker's name is theirs, whatever word follows it.
    expect(read("kennedy 1962 moon landing").applied).toMatchObject({ authors: ["John F. Kennedy"], from: "1962" });
    expect(read("He walked 1962 miles").applied).toBeUndefined();
    // No Lincoln speech ends in 99: the number stays a number.
    expect(read("lincoln 99 words on the union").applied?.from).toBeUndefined();
  });
});

describe("authors a question names", () => {
  it("finds an author by surname, full name, initials or a common short form", () => {
    expect(authorsOf("What did Kennedy say about the moon?")).toEqual(["John F. Kennedy"]);
    expect(authorsOf("What did Abraham Lincoln say about the Union?")).toEqual(["Abraham Lincoln"]);
    expect(authorsOf("Summarize FDR's address")).toEqual(["Franklin D. Roosevelt"]);
    expect(authorsOf("How did LBJ fight poverty?")).toEqual(["Lyndon B. Johnson"]);
    expect(authorsOf("Did Bill Clinton balance the budget?")).toEqual(["William J. Clinton"]);
    expect(authorsOf("What did Ike say about highways?")).toEqual(["Dwight D. Eisenhower"]);
    expect(authorsOf("What did Van Buren report about the treasury?")).toEqual(["Martin Van Buren"]);
    expect(authorsOf("In which city was President McKinley shot?")).toEqual(["William McKinley"]);
  });

  it("reads a casual possessive without its apostrophe, in a question written all in lower case", () => {
    expect(read("how many ships did the navy have in andrew johnsons 1867 msg").applied).toEqual({ authors: ["Andrew Johnson"], speakerDocuments: ["1867-Andrew Johnson"], from: "1867", to: "1867", named: ["andrew johnsons", "1867"] });
    // A surname that ends in s is itself: "Adams" stays John Adams and John Quincy Adams.
    expect(authorsOf("what did john adams say about france")).toEqual(["John Adams"]);
  });

  it("reads initials in lower case only in a question written all in lower case", () => {
    expect(authorsOf("what did fdr compare relief to")).toEqual(["Franklin D. Roosevelt"]);
    expect(authorsOf("What did fdr tell Congress about relief?")).toEqual([]);
    expect(authorsOf("what did the ship carry")).toEqual([]);
  });

  it("keeps every author a shared surname may mean, unless a given name, an initial or a year decides", () => {
    expect(authorsOf("What did Roosevelt say about trusts?")).toEqual(["Theodore Roosevelt", "Franklin D. Roosevelt"]);
    expect(authorsOf("What did Franklin Roosevelt say about trusts?")).toEqual(["Franklin D. Roosevelt"]);
    expect(authorsOf("What did Teddy Roosevelt say about trusts?")).toEqual(["Theodore Roosevelt"]);
    expect(authorsOf("What did Roosevelt say in 1941?")).toEqual(["Franklin D. Roosevelt"]);
    expect(authorsOf("What did Johnson propose?")).toEqual(["Andrew Johnson", "Lyndon B. Johnson"]);
    expect(authorsOf("What did Lyndon Johnson propose?")).toEqual(["Lyndon B. Johnson"]);
    expect(authorsOf("What did Adams say about France?")).toEqual(["John Adams", "John Quincy Adams"]);
    expect(authorsOf("What did John Adams say about France?")).toEqual(["John Adams"]);
    expect(authorsOf("What did John Quincy Adams say about France?")).toEqual(["John Quincy Adams"]);
    expect(authorsOf("What did George Bush say about Iraq?")).toEqual(["George Bush", "George W. Bush"]);
    expect(authorsOf("What did George W. Bush say about Iraq?")).toEqual(["George W. Bush"]);
    expect(authorsOf("What did George H. W. Bush say about Iraq?")).toEqual(["George Bush"]);
    expect(authorsOf("What did Bush say about Iraq in 2002?")).toEqual(["George W. Bush"]);
  });

  it("reads author fields with several people, an initial for a given name, or the surname first", () => {
    const news = buildMetadataIndex([
      { id: "a", author: "Jane Doe and John Roe", date: "" },
      { id: "b", author: "Smith, Anna", date: "" },
      { id: "c", author: "D. Eisenhower", date: "" },
      { id: "d", author: "Reuters Staff", date: "" },
    ]);
    const authors = (question: string) => readQuestionMetadata(question, news).applied?.authors ?? [];
    expect(authors("What did Roe write about the port?")).toEqual(["John Roe"]);
    expect(authors("What did Anna Smith report?")).toEqual(["Anna Smith"]);
    expect(authors("What did Dwight Eisenhower say?")).toEqual(["D. Eisenhower"]);
    expect(authors("What did Reuters Staff report?")).toEqual(["Reuters Staff"]);
    expect(authors("Which staff reported it?")).toEqual([]);
  });

  it("leaves a name that is the topic, a place, part of another name or another person", () => {
    expect(authorsOf("What did Nixon say about Kennedy?")).toEqual(["Richard Nixon"]);
    expect(authorsOf("Who marched on Washington?")).toEqual([]);
    expect(authorsOf("What was the Monroe Doctrine?")).toEqual([]);
    expect(authorsOf("What did Ted Kennedy say?")).toEqual([]);
    expect(authorsOf("How many lives were lost, according to Grant?")).toEqual(["Ulysses S. Grant"]);
    // After "of"/"from", a text of theirs keeps the speaker: "the messages of Grant", "a speech from Nixon".
    expect(authorsOf("How did Cuba come up in the annual messages of McKinley, Grant and Theodore Roosevelt?")).toEqual(["William McKinley", "Ulysses S. Grant", "Theodore Roosevelt"]);
    expect(authorsOf("What did the speech from Nixon promise?")).toEqual(["Richard Nixon"]);
    expect(authorsOf("How many troops came home from Lincoln?")).toEqual([]);
    // The first of a list of speakers is one as the rest are, whatever word comes before it.
    expect(authorsOf("Summarize Indian policy across Lincoln, Grant and Nixon.")).toEqual(["Abraham Lincoln", "Ulysses S. Grant", "Richard Nixon"]);
    expect(authorsOf("How many troops came home from Lincoln, Nebraska?")).toEqual([]);
    // A speaker none of whose documents is in the year names: the year dates what they spoke of
    // ("Lincoln on the 1838 panic"), so it stays a word and filters nothing; the speaker is applied.
    expect(read("What did Lincoln say about the panic of 1838?")).toMatchObject({ query: "What did say about the panic of 1838?", applied: { authors: ["Abraham Lincoln"] } });
    expect(read("What did Lincoln say about the panic of 1838?").applied?.from).toBeUndefined();
    // A year that is the speech's own ("Kennedy's 1962 address", "jfk 1962") leaves the others to date events.
    expect(read("What did Kennedy's 1962 address expect for 1964?").applied).toMatchObject({ from: "1962", to: "1962" });
    expect(read("What did Kennedy's 1962 address expect for 1964?").query).toContain("1964");
    expect(read("jfk 1962 how many jobs by 1964").applied).toMatchObject({ from: "1962", to: "1962" });
    // Two years, neither marked as the speech's, both filter.
    expect(read("What changed between the speeches of 1962 and 1964?").applied).toMatchObject({ from: "1962", to: "1964" });
    // One of the people a name may mean spoke that year: the year is the speech's ("Bush in 1990").
    expect(read("What did Bush say in 1990?").applied).toMatchObject({ from: "1990", to: "1990", authors: ["George Bush"] });
  });

  it("takes the applied names out of the query and says which words they were", () => {
    const metadata = read("What did Kennedy say in 1962 about going to the moon?");
    expect(metadata.query).toBe("What did say in about going to the moon?");
    expect(metadata.applied).toEqual({ authors: ["John F. Kennedy"], speakerDocuments: ["1962-John F. Kennedy"], from: "1962", to: "1962", named: ["Kennedy", "1962"] });
    expect(metadata.authorDocumentIds).toEqual(["1962-John F. Kennedy"]);
    expect(metadata.documentsInScope).toBe(1);
  });

  it("names a speaker whose words are asked for only by a name that is no place", () => {
    expect(read("According to Kennedy, what was the goal?").applied?.speakerDocuments).toEqual(["1962-John F. Kennedy"]);
    // "Washington" is as often the government: its documents are boosted, not required.
    const capital = read("What did Washington and London still have to settle?").applied;
    expect(capital?.authors).toEqual(["George Washington"]);
    expect(capital?.speakerDocuments).toBeUndefined();
  });
});

describe("years a question names", () => {
  const range = (question: string) => {
    const { applied } = read(question);
    return applied && { from: applied.from, to: applied.to };
  };

  it("reads a year, a range, a decade and open ranges", () => {
    expect(range("What was said in 1863 about emancipation?")).toEqual({ from: "1863", to: "1863" });
    expect(range("What did the December 1862 message say?")).toEqual({ from: "1862", to: "1862" });
    expect(read("What did the December 1862 message say?").query).toBe("What did the message say?");
    expect(range("Trade between 1930 and 1945")).toEqual({ from: "1930", to: "1945" });
    expect(range("Speeches from 1961 to 1964")).toEqual({ from: "1961", to: "1964" });
    expect(range("The 1961-64 speeches")).toEqual({ from: "1961", to: "1964" });
    // Names at the ends of a span of years mark where it starts and stops; they boost no one.
    expect(read("How did policy evolve from Adams in 1799 to Grant in 1876?").applied).toEqual({ from: "1799", to: "1876", named: ["from Adams in 1799 to Grant in 1876"] });
    expect(range("Tariffs from Washington's 1790 message to Lincoln's 1862")).toEqual({ from: "1790", to: "1862" });
    expect(range("What did presidents say in the 1960s?")).toEqual({ from: "1960", to: "1969" });
    expect(range("Tariffs in the 1800s")).toEqual({ from: "1800", to: "1899" });
    expect(range("What has changed since 1990?")).toEqual({ from: "1990", to: undefined });
    expect(range("What happened after 1945?")).toEqual({ from: "1946", to: undefined });
    expect(range("Speeches before 1800")).toEqual({ from: undefined, to: "1799" });
  });

  it("reads several years apart as several ranges", () => {
    expect(read("Compare 1862 and 1941").applied).toEqual({ from: "1862", to: "1941", ranges: [{ from: "1862", to: "1862" }, { from: "1941", to: "1941" }], named: ["1862", "1941"] });
    expect(yearRangesSql(read("Compare 1862 and 1941").ranges)).toBe("(date = '' OR (date >= '1862' AND date < '1863') OR (date >= '1941' AND date < '1942'))");
  });

  it("takes a count for a count and a year no document is dated in for a word", () => {
    expect(read("How many soldiers marched about 1800 miles?").applied).toBeUndefined();
    expect(read("What did it cost, $1990 or more?").applied).toBeUndefined();
    expect(read("What happened in 1500?").applied).toBeUndefined();
    const undated = buildMetadataIndex([{ id: "a", author: "", date: "" }, { id: "b", author: "", date: "" }]);
    expect(readQuestionMetadata("What happened in 1863?", undated)).toEqual({ query: "What happened in 1863?", ranges: [], authorDocumentIds: [], documentsInScope: 2 });
  });

  it("keeps undated documents beside the dated ones in range, and the year as their word", () => {
    const mixed = buildMetadataIndex([
      { id: "dated-2024", author: "", date: "2024-08-20" },
      { id: "dated-2019", author: "", date: "2019-03-01" },
      { id: "undated", author: "", date: "" },
    ]);
    const metadata = readQuestionMetadata("What happened at the 2024 summit?", mixed);
    expect(metadata).toMatchObject({ query: "What happened at the 2024 summit?", documentsInScope: 2, applied: { from: "2024", to: "2024", undated: true, named: ["2024"] } });
  });

  it("counts only the documents the user's own filters leave", () => {
    const only1941 = (document: DocumentMetadata) => document.date === "1941";
    // No document in scope is dated 1905: the year stays a word, and Roosevelt is the one in scope.
    expect(readQuestionMetadata("What did Roosevelt say in 1905?", index, only1941).applied).toEqual({ authors: ["Franklin D. Roosevelt"], speakerDocuments: ["1941-Franklin D. Roosevelt"], named: ["Roosevelt"] });
    expect(readQuestionMetadata("What did Roosevelt say?", index, only1941).applied?.authors).toEqual(["Franklin D. Roosevelt"]);
  });
});
