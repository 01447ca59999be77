import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { checkCitations } from "@/lib/answer/citations";
import type { Passage } from "@/lib/types";
import { remarkCitations } from "./remark-citations";

/** The `cite` elements the plugin makes, as [numbers, marker], in document order. */
function chips(markdown: string, firstMarker?: number): [string, number][] {
  const html = renderToStaticMarkup(
    createElement(ReactMarkdown, { remarkPlugins: [remarkGfm, [remarkCitations, { firstMarker }]], skipHtml: true }, markdown),
  );
  return [...html.matchAll(/<cite data-numbers="([^"]*)" data-marker="(\d+)">/g)].map((match) => [match[1], Number(match[2])]);
}

describe("remarkCitations marker numbering", () => {
  it("numbers two chips of the same passage in one paragraph apart, in text order", () => {
    expect(chips("Trade grew to $2 billion. [1] Water remains a contentious issue. [1]\n\nThe forum met. [2]")).toEqual([
      ["1", 0],
      ["1", 1],
      ["2", 2],
    ]);
  });

  it("counts adjacent [1][2] as two markers and a group [1, 2] as one", () => {
    expect(chips("One. [1][2] Two. [1, 2] Three. [3]")).toEqual([
      ["1", 0],
      ["2", 1],
      ["1,2", 2],
      ["3", 3],
    ]);
  });

  it("counts markers through markdown: bold, lists, headings, and ones left as code", () => {
    const markdown = "### Heading [1]\n\n- **Bold claim.** [2]\n- Plain `[9]` claim. [1]\n\n> Quoted. [3]";
    // The code span's [9] is no chip but is a marker of the text: the chips after it count it.
    expect(chips(markdown)).toEqual([
      ["1", 0],
      ["2", 1],
      ["1", 3],
      ["3", 4],
    ]);
  });

  it("numbers on from the markers of the parts rendered before", () => {
    expect(chips("A compare card. [2] Its second point. [2]", 5)).toEqual([
      ["2", 5],
      ["2", 6],
    ]);
  });

  it("agrees with the server's check numbering: each chip's marker has the check of its sentence", async () => {
    const text = [
      "Alpha rose sharply this year in the region. [1] Beta fell slowly over the decade. [1]",
      "",
      "- **Gamma joined the forum in spring.** [2][1]",
      "- Delta and Gamma met twice at the summit. [1, 2]",
    ].join("\n");
    const body = "Alpha rose sharply this year in the region. Beta fell slowly over the decade. Delta and Gamma met twice at the summit.";
    const passage = (documentId: string, passageText: string): Passage => ({
      chunkId: `${documentId}-0000`,
      documentId,
      source: `${documentId}.txt`,
      title: documentId,
      date: "",
      outlet: "",
      ordinal: 0,
      start: 0,
      end: passageText.length,
      score: 1,
      text: passageText,
    });
    const passages = [passage("a", body), passage("b", "Gamma joined the forum in spring.")];
    const checks = await checkCitations({ text, passages });
    const rendered = chips(text).flatMap(([numbers, marker]) => numbers.split(",").map((n) => [Number(n), marker] as const));
    expect(checks.map((check) => [check.n, check.marker])).toEqual(rendered);
    expect(checks.map((check) => check.sentence)).toEqual([
      "Alpha rose sharply this year in the region.",
      "Beta fell slowly over the decade.",
      "Gamma joined the forum in spring.",
      "Gamma joined the forum in spring.",
      "Delta and Gamma met twice at the summit.",
      "Delta and Gamma met twice at the summit.",
    ]);
  });
});
