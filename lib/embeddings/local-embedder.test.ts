import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/server/config";
import { LOCAL_EMBEDDER_ID, createLocalEmbedder, createSifEmbedder, type LocalEmbedder } from "./local-embedder";

// The real word vectors. The first run builds the cache into the configured cache dir
// (a few seconds); later runs load it in ~0.1 s.
let embedder: LocalEmbedder;

beforeAll(async () => {
  embedder = await createLocalEmbedder({ cacheDir: loadConfig().cacheDir });
});

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, index) => sum + value * b[index], 0);
const length = (a: Float32Array) => Math.sqrt(dot(a, a));
const similarity = (a: string, b: string) => dot(embedder.embedText(a), embedder.embedText(b));

describe("local SIF embedder", () => {
  it("identifies itself with the algorithm version and width", () => {
    expect(embedder.id).toBe(LOCAL_EMBEDDER_ID);
    expect(embedder.dimensions).toBe(100);
  });

  // Anchor, paraphrase sharing few or no words, distractor (some share words with the anchor).
  it.each([
    ["The president visited Tajikistan", "Tokayev travelled to Dushanbe for talks", "Grain prices fell in Europe"],
    ["The cat rested on the carpet", "The kitten slept on the rug", "The desk was in the study room"],
    [
      "Xi Jinping met Kassym-Jomart Tokayev to strengthen bilateral ties",
      "The Chinese and Kazakh leaders held talks on deepening their partnership",
      "The football team won the championship after extra time",
    ],
    [
      "Central Asian leaders gathered for a consultative meeting in Astana",
      "Heads of state of the region met in Kazakhstan's capital",
      "Scientists discovered a new species of frog in the rainforest",
    ],
    [
      "Kazakhstan pursues a multi-vector foreign policy",
      "Astana balances its relations with Russia, China and the West",
      "Kazakhstan's wheat harvest was large this year",
    ],
    ["Energy and food security concerns", "worries about fuel and food supplies", "security guards at the concert"],
    ["He resigned after the scandal", "The official stepped down following the controversy", "He was promoted after the success"],
    ["The stock market crashed on Monday", "Shares plunged at the start of the week", "The market sells fresh vegetables on Monday"],
    ["Police arrested three suspects", "Three people were detained by officers", "Three new schools opened"],
  ])("ranks a paraphrase of %j above a distractor", (anchor, paraphrase, distractor) => {
    expect(similarity(anchor, paraphrase)).toBeGreaterThan(similarity(anchor, distractor));
  });

  it("returns unit-length vectors, deterministically and in input order", async () => {
    const texts = ["Trade between China and Kazakhstan grew", "", "Dushanbe", "Grain prices fell"];
    const first = await embedder.embed(texts);
    const again = await createSifEmbedder(embedder.vectors).embed([...texts].reverse());
    expect(first).toHaveLength(texts.length);
    first.forEach((vector, index) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(100);
      expect(length(vector)).toBeCloseTo(1, 5);
      expect(Array.from(vector)).toEqual(Array.from(again[texts.length - 1 - index]));
    });
  });

  it("gives text without known words a stable unit vector of its own", () => {
    const unknown = embedder.embedText("Xqzzyv blorptang");
    expect(length(unknown)).toBeCloseTo(1, 5);
    expect(Array.from(embedder.embedText("XQZZYV Blorptang!"))).toEqual(Array.from(unknown));
    expect(Math.abs(dot(unknown, embedder.embedText("Vrrkx plimf")))).toBeLessThan(0.5);
    expect(length(embedder.embedText(""))).toBeCloseTo(1, 5);
    expect(Array.from(embedder.embedText("?!"))).toEqual(Array.from(embedder.embedText("")));
  });

  it("ignores unknown words when the text has known ones", () => {
    expect(Array.from(embedder.embedText("China trade xqzzyv"))).toEqual(Array.from(embedder.embedText("China trade")));
  });

  it("reads possessives, case, accents and hyphenated words as the vocabulary spells them", () => {
    const same = (a: string, b: string) => expect(Array.from(embedder.embedText(a))).toEqual(Array.from(embedder.embedText(b)));
    same("Kazakhstan's policy", "kazakhstan policy");
    same("Café culture", "cafe culture");
    // "multi-vector" is not in the vocabulary; its parts are. "well-known" is an entry of its own.
    same("multi-vector policy", "multi vector policy");
    expect(embedder.vectors.lookup("well-known")).toHaveLength(1);
  });

  it("lets frequent words count for little (smooth inverse frequency)", () => {
    expect(similarity("the president of the", "president")).toBeGreaterThan(0.95);
    expect(similarity("drought president", "president")).toBeLessThan(0.9);
  });
});

describe("word helpers", () => {
  it("finds sensible neighbours, best first, without the word itself", () => {
    const near = embedder.vectors.nearestWords("China", 10);
    const words = near.map((entry) => entry.word);
    expect(words).toHaveLength(10);
    expect(words).toEqual(expect.arrayContaining(["beijing", "chinese"]));
    expect(words).not.toContain("china");
    const scores = near.map((entry) => entry.similarity);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeLessThanOrEqual(1);
    expect(embedder.vectors.nearestWords("xqzzyv", 5)).toEqual([]);
  });

  it("returns unit word vectors by any spelling of a known word, undefined otherwise", () => {
    const china = embedder.vectors.wordVector("China");
    expect(china).toBeDefined();
    expect(length(china!)).toBeCloseTo(1, 5);
    expect(Array.from(embedder.vectors.wordVector("china's")!)).toEqual(Array.from(china!));
    expect(dot(china!, embedder.vectors.wordVector("beijing")!)).toBeGreaterThan(dot(china!, embedder.vectors.wordVector("banana")!));
    expect(embedder.vectors.wordVector("xqzzyv")).toBeUndefined();
  });
});
