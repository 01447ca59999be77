import { describe, expect, it } from "vitest";
import { safeReturnPath, turnPath, withReturnPath } from "./return-path";

describe("the reader's way back to the answer", () => {
  it("adds the turn's address to a reader link before its fragment, and reads it back", () => {
    const from = turnPath("Ab12_cd-34", 3);
    expect(from).toBe("/c/Ab12_cd-34#turn-3");
    const href = withReturnPath("/documents/abc?start=10&end=20#passage", from);
    expect(href).toBe("/documents/abc?start=10&end=20&from=%2Fc%2FAb12_cd-34%23turn-3#passage");
    const url = new URL(href, "http://localhost");
    expect(url.hash).toBe("#passage");
    expect(safeReturnPath(url.searchParams.get("from") ?? undefined)).toBe(from);
    expect(withReturnPath("/documents/abc", from)).toBe("/documents/abc?from=%2Fc%2FAb12_cd-34%23turn-3");
    expect(withReturnPath("/documents/abc?start=1#passage", undefined)).toBe("/documents/abc?start=1#passage");
  });

  it("accepts only conversation addresses: never another site, a script or another page", () => {
    for (const bad of ["https://evil.example/c/x", "//evil.example/c/x", "javascript:alert(1)", "/documents/x", "/c/", "/c/a/b", "/c/x#top", "/c/x?y=1", " /c/x"]) {
      expect(safeReturnPath(bad), bad).toBeUndefined();
    }
    expect(safeReturnPath(undefined)).toBeUndefined();
    expect(safeReturnPath("/c/x")).toBe("/c/x");
  });
});
