import { describe, expect, it } from "vitest";
import { DotKernel } from "./dot-kernel";

function randomVector(dimensions: number, seed: number): Float32Array {
  // A small deterministic generator: failures reproduce.
  let state = seed * 2654435761;
  return Float32Array.from({ length: dimensions }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  });
}

function plainDot(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += left[index] * right[index];
  return sum;
}

describe("DotKernel", () => {
  it.each([100, 3, 8, 37])("computes the same products as a plain loop (%i dimensions)", (dimensions) => {
    const kernel = new DotKernel(dimensions);
    const stored = Array.from({ length: 50 }, (_, index) => randomVector(dimensions, index + 1));
    for (const vector of stored) kernel.add(vector);
    const queries = [randomVector(dimensions, 101), randomVector(dimensions, 102), randomVector(dimensions, 103)];
    const slots = [7, 0, 49, 7, 23];
    const products = kernel.products(slots, queries);
    expect(products).toHaveLength(slots.length * queries.length);
    slots.forEach((slot, i) => {
      queries.forEach((query, j) => {
        expect(products[i * queries.length + j]).toBeCloseTo(plainDot(stored[slot], query), 4);
      });
    });
  });

  it("keeps earlier vectors intact when its memory grows", () => {
    const kernel = new DotKernel(100);
    const first = randomVector(100, 1);
    kernel.add(first);
    // 5,000 x 416 bytes is ~2 MB: the memory grows well past its first 64 KiB page.
    for (let index = 0; index < 5_000; index++) kernel.add(randomVector(100, index + 2));
    const query = randomVector(100, 9_999);
    const [product] = kernel.products([0], [query]);
    expect(product).toBeCloseTo(plainDot(first, query), 4);
    expect(kernel.size).toBe(5_001);
  });

  it("returns nothing for no slots or no queries", () => {
    const kernel = new DotKernel(4);
    kernel.add([1, 2, 3, 4]);
    expect(kernel.products([], [[1, 1, 1, 1]])).toHaveLength(0);
    expect(kernel.products([0], [])).toHaveLength(0);
  });

  it("rejects vectors of the wrong width and slots it never stored", () => {
    const kernel = new DotKernel(4);
    kernel.add([1, 0, 0, 0]);
    expect(() => kernel.add([1, 2, 3])).toThrow(/4 dimensions/);
    expect(() => kernel.products([1], [[1, 0, 0, 0]])).toThrow(/slot 1/);
    expect(() => kernel.products([0], [[1, 0]])).toThrow(/4 dimensions/);
  });
});
