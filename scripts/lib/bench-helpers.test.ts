import { describe, expect, it } from "vitest";
import { bruteForceTopK } from "./bench-children";
import { seededRandom } from "./bench-dataset";
import { barChartSvg, markdownTable, ms } from "./bench-report";
import { readableSotuName } from "./sotu-corpus";

describe("benchmark helpers", () => {
  it("names SOTU files readably", () => {
    expect(readableSotuName("1790_george_washington_n.txt")).toBe("1790-george-washington.txt");
    expect(readableSotuName("1801_thomas_jefferson_dr.txt")).toBe("1801-thomas-jefferson.txt");
    expect(() => readableSotuName("notes.txt")).toThrow();
  });

  it("finds the exact top k by a scan, best first", () => {
    // Four 2-d unit vectors; the query points along x.
    const vectors = Float32Array.from([0, 1, 1, 0, Math.SQRT1_2, Math.SQRT1_2, -1, 0]);
    expect(bruteForceTopK(vectors, 2, Float32Array.from([1, 0]), 2)).toEqual([1, 2]);
    expect(bruteForceTopK(vectors, 2, Float32Array.from([1, 0]), 10)).toEqual([1, 2, 0, 3]);
  });

  it("generates the same pseudo-random sequence for the same seed", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it("renders tables and a chart", () => {
    expect(markdownTable(["a", "b"], [["x|y", 1]])).toBe("| a | b |\n| --- | ---: |\n| x\\|y | 1 |");
    expect(ms(0.123)).toBe("0.12");
    expect(ms(12.34)).toBe("12");
    const svg = barChartSvg({ title: "t", unit: "ms", bars: [{ group: "g", label: "a<b", value: 3, marker: 5, tone: "caravan" }] });
    expect(svg).toContain("<svg");
    expect(svg).toContain("a&lt;b");
  });
});
