// Many dot products at once, in WebAssembly SIMD (four float lanes per instruction).
// Soft term coverage compares every distinct stem of the top candidates (~700 over 20 chunks)
// with every question word (~10) in 100 dimensions. For 2.4M multiply-adds, unrolled
// JavaScript took 3.5 ms and this kernel 0.54 ms; end to end at SOTU size it saves ~1.5 ms of
// a ~9 ms query. The module is ~200 bytes, assembled below rather than shipped as a binary so
// that every instruction can be read.

const I32 = 0x7f;
const V128 = 0x7b;
const PAGE_BYTES = 65_536;

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...bytes, byte];
    bytes.push(byte | 0x80);
  }
}

const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...unsignedLeb(bytes.length), ...bytes];
const name = (text: string): number[] => [...unsignedLeb(text.length), ...Buffer.from(text)];

/**
 * dots(vectors, slots, n, queries, k, out, stride): for each of the n slot numbers at `slots`
 * and each of the k query vectors at `queries`, out[i * k + j] = vector(slot i) . query j.
 * All vectors are `stride` bytes of float32 (a multiple of 32). Pointers are byte offsets.
 */
function kernelModule(): Uint8Array {
  const [vectors, slots, count, queries, queryCount, out, stride] = [0, 1, 2, 3, 4, 5, 6];
  const [i, j, byte, row, query, cursor, sum, odd] = [7, 8, 9, 10, 11, 12, 13, 14];
  const get = (local: number) => [0x20, local];
  const set = (local: number) => [0x21, local];
  const constant = (value: number) => [0x41, ...signedLeb(value)];
  const simd = (opcode: number, ...immediates: number[]) => [0xfd, ...unsignedLeb(opcode), ...immediates];
  const add = 0x6a;
  const multiply = 0x6c;
  // block { loop { if (counter >= limit) break; ...body; continue } }
  const loop = (counter: number, limit: number, body: number[], step: number[]) => [
    0x02, 0x40, 0x03, 0x40,
    ...get(counter), ...get(limit), 0x4f /* i32.ge_u */, 0x0d, 1 /* br_if out */,
    ...body,
    ...step,
    0x0c, 0 /* br loop */, 0x0b, 0x0b,
  ];
  const lane = (index: number) => [...get(sum), ...simd(0x1f /* f32x4.extract_lane */, index)];
  const zero = simd(0x0c /* v128.const */, ...new Array<number>(16).fill(0));
  // Two independent sums (even and odd 16-byte blocks): one chain of adds would wait on itself.
  const block = (sum: number, offset: number) => [
    ...get(sum),
    ...get(row), ...get(byte), add, ...simd(0x00 /* v128.load */, 4, offset),
    ...get(query), ...get(byte), add, ...simd(0x00, 4, offset),
    ...simd(0xe6 /* f32x4.mul */),
    ...simd(0xe4 /* f32x4.add */),
    ...set(sum),
  ];
  const inner = loop(byte, stride, [...block(sum, 0), ...block(odd, 16)], [...get(byte), ...constant(32), add, ...set(byte)]);
  const perQuery = loop(
    j,
    queryCount,
    [
      ...get(queries), ...get(j), ...get(stride), multiply, add, ...set(query),
      ...zero, ...set(sum), ...zero, ...set(odd),
      ...constant(0), ...set(byte),
      ...inner,
      ...get(sum), ...get(odd), ...simd(0xe4), ...set(sum),
      ...get(cursor),
      ...lane(0), ...lane(1), 0x92 /* f32.add */, ...lane(2), 0x92, ...lane(3), 0x92,
      0x38, 2, 0 /* f32.store */,
      ...get(cursor), ...constant(4), add, ...set(cursor),
    ],
    [...get(j), ...constant(1), add, ...set(j)],
  );
  const perSlot = loop(
    i,
    count,
    [
      // row = vectors + slots[i] * stride
      ...get(vectors), ...get(slots), ...get(i), ...constant(4), multiply, add, 0x28, 2, 0 /* i32.load */, ...get(stride), multiply, add, ...set(row),
      ...constant(0), ...set(j),
      ...perQuery,
    ],
    [...get(i), ...constant(1), add, ...set(i)],
  );
  const body = [...vector([[...unsignedLeb(6), I32], [...unsignedLeb(2), V128]]), ...constant(0), ...set(i), ...get(out), ...set(cursor), ...perSlot, 0x0b];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...vector(new Array<number[]>(7).fill([I32])), 0]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0x00, ...unsignedLeb(1)]])),
    ...section(7, vector([[...name("dots"), 0x00, 0], [...name("memory"), 0x02, 0]])),
    ...section(10, vector([[...unsignedLeb(body.length), ...body]])),
  ]);
}

let compiled: WebAssembly.Module | undefined;

/**
 * A store of fixed-width vectors in WebAssembly memory and the products of any of them with a
 * few query vectors. Vectors are only ever added (a stem's vector never changes).
 */
export class DotKernel {
  readonly dimensions: number;
  private readonly stride: number;
  private readonly memory: WebAssembly.Memory;
  private readonly dots: (...pointers: number[]) => void;
  private stored = 0;

  constructor(dimensions: number) {
    this.dimensions = dimensions;
    this.stride = Math.ceil(dimensions / 8) * 32;
    compiled ??= new WebAssembly.Module(kernelModule() as Uint8Array<ArrayBuffer>);
    const instance = new WebAssembly.Instance(compiled);
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.dots = instance.exports.dots as (...pointers: number[]) => void;
  }

  /** Number of vectors stored. */
  get size(): number {
    return this.stored;
  }

  /** Stores a vector; returns its slot. */
  add(values: ArrayLike<number>): number {
    if (values.length !== this.dimensions) throw new Error(`expected ${this.dimensions} dimensions, got ${values.length}`);
    const offset = this.stored * this.stride;
    this.reserve(offset + this.stride);
    const target = new Float32Array(this.memory.buffer, offset, this.stride / 4);
    target.fill(0);
    target.set(values);
    return this.stored++;
  }

  /** out[i * queries.length + j] = stored vector slots[i] . queries[j]. */
  products(slots: ArrayLike<number>, queries: readonly ArrayLike<number>[]): Float32Array {
    const count = slots.length;
    const queryCount = queries.length;
    const slotsAt = this.stored * this.stride;
    const queriesAt = slotsAt + Math.ceil((count * 4) / 16) * 16;
    const outAt = queriesAt + queryCount * this.stride;
    this.reserve(outAt + count * queryCount * 4);
    const slotView = new Int32Array(this.memory.buffer, slotsAt, count);
    for (let index = 0; index < count; index++) {
      const slot = slots[index];
      if (!(slot >= 0 && slot < this.stored)) throw new Error(`no stored vector in slot ${slot}`);
      slotView[index] = slot;
    }
    for (const [index, query] of queries.entries()) {
      if (query.length !== this.dimensions) throw new Error(`expected ${this.dimensions} dimensions, got ${query.length}`);
      const target = new Float32Array(this.memory.buffer, queriesAt + index * this.stride, this.stride / 4);
      target.fill(0);
      target.set(query);
    }
    this.dots(0, slotsAt, count, queriesAt, queryCount, outAt, this.stride);
    return new Float32Array(this.memory.buffer, outAt, count * queryCount).slice();
  }

  private reserve(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    // At least 1 MB at a time: stems arrive a few at a time, and each grow copies the memory.
    if (missing > 0) this.memory.grow(Math.max(16, Math.ceil(missing / PAGE_BYTES)));
  }
}
