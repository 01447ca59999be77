import { describe, expect, it } from "vitest";
import type { RetrievalResult, RetrieveOptions } from "../search/retrieve";
import type { Passage } from "../types";
import { articleDescriptions, describedDocuments } from "./document-references";

describe("articleDescriptions", () => {
  it("finds the words that describe one article, before or after the word for it", () => {
    expect(articleDescriptions("Compare what the Xi–Tokayev piece and the Astana summit piece say about trade.")).toEqual(["Xi–Tokayev", "Astana summit"]);
    expect(articleDescriptions("What does the piece on the multi-directional diplomacy say?")).toEqual(["the multi-directional diplomacy"]);
    expect(articleDescriptions("Summarize the Tajikistan op-ed")).toEqual(["Tajikistan"]);
  });

  it("never runs a description across 'and the', and keeps the order the request names them in", () => {
    expect(articleDescriptions("How do the op-ed on the Tajikistan visit and the Hamedia piece each describe it?")).toEqual(["the Tajikistan visit", "Hamedia"]);
  });

  it("finds none in a request about the articles in general", () => {
    expect(articleDescriptions("Compare what the articles say about water")).toEqual([]);
    expect(articleDescriptions("How do the pieces portray Tokayev?")).toEqual([]);
  });
});

function passage(documentId: string, n: number): Passage {
  return { chunkId: `${documentId}:${n}`, documentId, source: `${documentId}.txt`, title: "", date: "", outlet: "", ordinal: n, text: "", start: 0, end: 0, score: 1 };
}

/** Search results by query: what a description's search finds, best first. */
function searchOf(results: Record<string, string[]>): { retrieve: (options: RetrieveOptions) => Promise<RetrievalResult>; queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    retrieve: async (options) => {
      queries.push(options.query);
      return { passages: (results[options.query] ?? []).map((documentId, n) => passage(documentId, n)), relevance: 1 };
    },
  };
}

describe("describedDocuments", () => {
  it("takes the article a description's search points at, each article once", async () => {
    const search = searchOf({ "Xi–Tokayev": ["a", "a", "c"], "Astana summit": ["b", "a", "b"] });
    const found = await describedDocuments({ request: "Compare the Xi–Tokayev piece and the Astana summit piece", retrieve: search.retrieve });
    expect(found).toEqual(["a", "b"]);
  });

  it("takes the one article that holds a description's words, though only one of its passages does", async () => {
    const texts: Record<string, [string, string][]> = {
      Islamabad: [["a", "The writer is an expert from Islamabad, Pakistan."], ["b", "Kazakhstan balances its neighbours."], ["c", "Trade grew."]],
      Hamedia: [["b", "Hamedia reports on corridors."], ["c", "Corridors cross the steppe."], ["a", "A visit is due."]],
      Kazakh: [["a", "Kazakh trade grew."], ["b", "The Kazakh leader spoke."], ["c", "Water is scarce."]],
    };
    const retrieve = async (options: RetrieveOptions): Promise<RetrievalResult> => ({
      passages: (texts[options.query] ?? []).map(([documentId, text], n) => ({ ...passage(documentId, n), text })),
      relevance: 1,
    });
    expect(await describedDocuments({ request: "How do the Islamabad commentary and the Hamedia article differ?", retrieve })).toEqual(["a", "b"]);
    // A word two articles hold names neither.
    expect(await describedDocuments({ request: "Compare the Kazakh piece with the Hamedia article", retrieve })).toEqual(["b"]);
  });

  it("skips a description whose top passages spread over several articles", async () => {
    const search = searchOf({ "Xi–Tokayev": ["a", "a"], Tajikistan: ["b", "c", "d"] });
    const found = await describedDocuments({ request: "Compare the Xi–Tokayev piece with the Tajikistan op-ed", retrieve: search.retrieve });
    expect(found).toEqual(["a"]);
  });
});
