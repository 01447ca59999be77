import { describe, expect, it } from "vitest";
import { createGate, releasingWhenDone } from "./concurrency";

describe("gate for expensive work", () => {
  it("admits up to its limit and takes another once one leaves, each leaving counted once", () => {
    const gate = createGate(2);
    const first = gate.tryEnter();
    const second = gate.tryEnter();
    expect(first && second).toBeTruthy();
    expect(gate.tryEnter()).toBeUndefined();
    first!();
    first!();
    expect(gate.active).toBe(1);
    expect(gate.tryEnter()).toBeTruthy();
    expect(gate.tryEnter()).toBeUndefined();
  });

  it("releases when the stream ends and when its reader cancels", async () => {
    let released = 0;
    const ended = releasingWhenDone(new Response("abc").body!, () => (released += 1));
    await new Response(ended).text();
    expect(released).toBe(1);
    const endless = new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(1)) });
    const cancelled = releasingWhenDone(endless, () => (released += 1));
    const reader = cancelled.getReader();
    await reader.read();
    await reader.cancel();
    expect(released).toBe(2);
  });
});
