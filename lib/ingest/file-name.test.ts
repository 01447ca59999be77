import { describe, expect, it } from "vitest";
import { dateOfToken, isIdToken, metadataFromFileName, metadataFromPath } from "./file-name";
import { formatPersonName, isPersonName, personInAuthorField } from "./person-names";

const none = { title: "", date: "", author: "", outlet: "" };

describe("metadataFromPath: the naming patterns", () => {
  it("'Person - Title Year': author, title, and the year as date (kept in the title)", () => {
    expect(metadataFromPath("Abraham Lincoln - State of the Union 1863.txt")).toEqual({
      title: "State of the Union 1863",
      date: "1863",
      author: "Abraham Lincoln",
      outlet: "",
    });
    expect(metadataFromPath("State of the Union - Abraham Lincoln.txt")).toEqual({ ...none, title: "State of the Union", author: "Abraham Lincoln" });
  });

  it("'year-first-last': the president and the year, titled 'Name, year'", () => {
    expect(metadataFromPath("1863-abraham-lincoln.txt")).toEqual({ title: "Abraham Lincoln, 1863", date: "1863", author: "Abraham Lincoln", outlet: "" });
    expect(metadataFromPath("1934-franklin-d-roosevelt.txt")).toMatchObject({ author: "Franklin D. Roosevelt", title: "Franklin D. Roosevelt, 1934" });
    expect(metadataFromPath("1881-chester-a-arthur.txt").author).toBe("Chester A. Arthur");
    expect(metadataFromPath("1837-martin-van-buren.txt").author).toBe("Martin Van Buren");
    expect(metadataFromPath("1897-william-mc-kinley.txt").author).toBe("William McKinley");
    expect(metadataFromPath("1963-martin-luther-king-jr.txt").author).toBe("Martin Luther King Jr.");
    expect(metadataFromPath("1790_george_washington.txt")).toMatchObject({ author: "George Washington", date: "1790" });
    expect(metadataFromPath("Abraham Lincoln 1863.txt")).toMatchObject({ author: "Abraham Lincoln", date: "1863", title: "Abraham Lincoln, 1863" });
  });

  it("'ISO-date Title': the date, and the title as written (capitalised, no extension)", () => {
    expect(metadataFromPath("2024-08-20 Central Asia's changing trajectory.pdf")).toEqual({
      ...none,
      title: "Central Asia's changing trajectory",
      date: "2024-08-20",
    });
    expect(metadataFromPath("2024-08-20 central asia summit.txt").title).toBe("Central Asia Summit");
    expect(metadataFromPath("20240820-summit-in-astana.txt")).toMatchObject({ title: "Summit in Astana", date: "2024-08-20" });
    expect(metadataFromPath("summit-in-astana-2024-08-20.md")).toMatchObject({ title: "Summit in Astana", date: "2024-08-20" });
    expect(metadataFromPath("2024-08 astana-summit.md")).toMatchObject({ title: "Astana Summit", date: "2024-08" });
  });

  it("'outlet/year/slug': outlet from the folder, year from the folder, title from the slug", () => {
    expect(metadataFromPath("reuters/2024/some-story.md")).toEqual({ title: "Some Story", date: "2024", author: "", outlet: "Reuters" });
    expect(metadataFromPath("bbc/2024/08/20/kazakh-vote.md")).toEqual({ title: "Kazakh Vote", date: "2024-08-20", author: "", outlet: "BBC" });
    expect(metadataFromPath("astana-times/story.md").outlet).toBe("Astana Times");
    expect(metadataFromPath("The Diplomat/story.md").outlet).toBe("The Diplomat");
    // A date in the file name beats the folder's.
    expect(metadataFromPath("reuters/2024/2023-12-31-year-end.md").date).toBe("2023-12-31");
  });

  it("'... by Person': the author after 'by'", () => {
    expect(metadataFromPath("Central Asia's changing trajectory by Ahmed Khan.txt")).toMatchObject({ title: "Central Asia's changing trajectory", author: "Ahmed Khan" });
    expect(metadataFromPath("some-story-by-john-smith.md")).toMatchObject({ title: "Some Story", author: "John Smith" });
  });
});

describe("metadataFromPath: names that say nothing give nothing", () => {
  it.each(["003_ffec0f4112d3ede8.txt", "000_c89aac63a27f4af5.txt", "a1b2c3d4-e5f6-7890-abcd-ef1234567890.txt", "index.html", "scan (2).txt", "untitled.txt", "docs/IMG_2031.txt"])(
    "%s: no title, date, author or outlet",
    (name) => {
      expect(metadataFromPath(name)).toEqual(none);
    },
  );

  it("keeps the words around an id, drops ordinals and copy markers", () => {
    expect(metadataFromPath("x7k2p9q4-annual-report.txt").title).toBe("Annual Report");
    expect(metadataFromPath("01 - Introduction.md").title).toBe("Introduction");
    expect(metadataFromPath("summit (1).txt").title).toBe("Summit");
    expect(metadataFromPath("100-days-of-war.txt").title).toBe("100 Days of War");
  });

  it("generic, place, topic and year folders are not outlets", () => {
    for (const folder of ["articles", "docs", "corpus", "misc", "2024", "central-asia", "kazakhstan", "energy-security", "world-news", "my-articles", "abraham-lincoln"]) {
      expect(metadataFromPath(`${folder}/story.md`).outlet, folder).toBe("");
    }
    // A generic folder between the outlet and the file is passed over.
    expect(metadataFromPath("reuters/articles/story.md").outlet).toBe("Reuters");
  });

  it("words that only look like a name are a title: word-like given names, unknown first names, possessives", () => {
    expect(metadataFromPath("2024-grace-period.txt")).toEqual({ ...none, title: "Grace Period", date: "2024" });
    expect(metadataFromPath("2024-kazakhstan-diplomacy.txt")).toEqual({ ...none, title: "Kazakhstan Diplomacy", date: "2024" });
    expect(metadataFromPath("1796-george-washingtons-farewell-address.txt").author).toBe("");
    expect(metadataFromPath("Kassym-Jomart Tokayev - Address to the Nation 2024.txt").author).toBe("");
  });

  it("a name alone is a title, not surely the author", () => {
    expect(metadataFromPath("abraham-lincoln.txt")).toEqual({ ...none, title: "Abraham Lincoln" });
  });
});

describe("file-name pieces", () => {
  it("reads date tokens and rejects numbers that are not years", () => {
    expect(dateOfToken("2024-08-20")).toBe("2024-08-20");
    expect(dateOfToken("20240820")).toBe("2024-08-20");
    expect(dateOfToken("2024-02-30")).toBe("");
    expect(dateOfToken("1863")).toBe("1863");
    expect(dateOfToken("0001")).toBe("");
    expect(dateOfToken("7890")).toBe("");
  });

  it("tells ids from words", () => {
    for (const id of ["ffec0f4112d3ede8", "c89aac63a27f4af5", "1234567", "x7k2p9q4"]) expect(isIdToken(id), id).toBe(true);
    for (const word of ["g20", "covid19", "2nd", "decade", "astana", "1863", "b52"]) expect(isIdToken(word), word).toBe(false);
  });

  it("a file name without folders gives no outlet", () => {
    expect(metadataFromFileName("1863-abraham-lincoln.txt")).toEqual({ title: "Abraham Lincoln, 1863", date: "1863", author: "Abraham Lincoln" });
  });
});

describe("person names", () => {
  it("recognises names by a given name or an initial, and writes them properly", () => {
    expect(isPersonName(["franklin", "d", "roosevelt"])).toBe(true);
    expect(isPersonName(["j", "k", "rowling"])).toBe(true);
    expect(isPersonName(["central", "asia"])).toBe(false);
    expect(isPersonName(["lincoln"])).toBe(false);
    expect(formatPersonName(["franklin", "d", "roosevelt"])).toBe("Franklin D. Roosevelt");
    expect(formatPersonName(["harry", "s", "truman"])).toBe("Harry S. Truman");
    expect(formatPersonName(["charles", "de", "gaulle"])).toBe("Charles de Gaulle");
    expect(formatPersonName(["conan", "o'brien"])).toBe("Conan O'Brien");
  });

  it("keeps a named author and drops a description that names nobody", () => {
    expect(personInAuthorField("International Relations Expert from Islamabad, Pakistan")).toBe("");
    expect(personInAuthorField("a researcher based in Almaty")).toBe("");
    expect(personInAuthorField("Staff Writer")).toBe("");
    expect(personInAuthorField("John Smith, a senior fellow at Brookings")).toBe("John Smith");
    expect(personInAuthorField("Zhanar Tokbayeva, researcher at the Institute")).toBe("Zhanar Tokbayeva");
    expect(personInAuthorField("Kassym Tokayev")).toBe("Kassym Tokayev");
    expect(personInAuthorField("Aida K.")).toBe("Aida K.");
    expect(personInAuthorField("John Smith and Jane Doe")).toBe("John Smith and Jane Doe");
    expect(personInAuthorField("Reuters Staff")).toBe("Reuters Staff");
  });
});
