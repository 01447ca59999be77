import { describe, expect, it } from "vitest";
import { requestedMode } from "./intent";

describe("requestedMode", () => {
  it("reads a summary or comparison request typed into the default mode as one", () => {
    expect(requestedMode("ask", "Summarize the article about Xi meeting Tokayev")).toBe("summarize");
    expect(requestedMode("ask", "Can you give me a quick overview of the Astana summit piece?")).toBe("summarize");
    expect(requestedMode("ask", "What do the articles say about transport corridors?")).toBe("summarize");
    expect(requestedMode("ask", "What was Wilson's 1916 message mainly about?")).toBe("summarize");
    // A request that opens with what it wants, no verb: "quick rundown of…", "a short synopsis of…".
    expect(requestedMode("ask", "quick rundown of fdr's 1939 message?")).toBe("summarize");
    expect(requestedMode("ask", "A short synopsis of the Hamedia piece, please")).toBe("summarize");
    expect(requestedMode("ask", "Compare Truman and Eisenhower on the Soviet threat")).toBe("compare");
    expect(requestedMode("ask", "How did Reagan in 1982 and Clinton in 1996 differ on the size of government?")).toBe("compare");
    expect(requestedMode("ask", "Do the articles agree on who leads Central Asia?")).toBe("compare");
  });

  it("leaves questions of fact alone, and never overrides a mode the user chose", () => {
    expect(requestedMode("ask", "What trade target did Kazakhstan and Tajikistan set?")).toBe("ask");
    expect(requestedMode("ask", "What did the summary statement of the summit call for?")).toBe("ask");
    expect(requestedMode("ask", "How does the train route work?")).toBe("ask");
    expect(requestedMode("ask", "What is the quick rundown the minister gave of the talks?")).toBe("ask");
    expect(requestedMode("summarize", "Compare the two pieces")).toBe("summarize");
    expect(requestedMode("compare", "Summarize the collection")).toBe("compare");
  });
});
