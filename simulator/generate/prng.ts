/**
 * Seeded randomness for the generator. No Math.random anywhere: the same scenario seed gives the same
 * bytes on any machine.
 *
 * - Streams are seeded with SplitMix64 (BigInt, once per stream) from (seed, stream id), so every
 *   partition has its own independent stream and partitions can be generated in any order.
 * - Draws use xoshiro128** (Blackman and Vigna), 128-bit state, 32-bit output, period 2^128 - 1,
 *   built only on 32-bit integer operations (Math.imul, shifts) that are exact in every JS engine.
 * - The few transcendental functions used (Math.log, Math.cos, Math.exp, Math.pow) are V8's own
 *   fdlibm ports, not the platform libm, so they too are identical across machines.
 */

const MASK64 = (1n << 64n) - 1n;

/** One SplitMix64 step: returns [output, next state]. */
export function splitMix64(state: bigint): [bigint, bigint] {
  const s = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [z ^ (z >> 31n), s];
}

/** Stream ids: one per partition, plus named streams for run-level decisions. */
export const STREAM = {
  partition: (i: number) => 1_000_000n + BigInt(i),
  faultsTruncated: 1n,
  faultsDriftBurst: 2n,
  faultsLateWave: 3n,
  fill: 4n,
  eventIds: 5n,
} as const;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream of the scenario seed; distinct stream ids give independent sequences. */
  constructor(seed: number, stream: bigint) {
    let st = (BigInt(seed) * 0x100000001b3n + stream * 0x9e3779b97f4a7c15n) & MASK64;
    const words: number[] = [];
    for (let i = 0; i < 2; i++) {
      const [out, next] = splitMix64(st);
      st = next;
      words.push(Number(out & 0xffffffffn), Number(out >> 32n));
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    // xoshiro's state must not be all zero; SplitMix64 output practically never is, but be sure.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const b = this.b;
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** Standard normal (Box-Muller; one of the pair is discarded to keep the stream simple). */
  normal(): number {
    const u = 1 - this.float(); // (0, 1]
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** `rate` as a threshold for `rng.u32() < threshold`: exact at 0 and 1. */
export function threshold(rate: number): number {
  return Math.round(rate * 4294967296);
}

/**
 * A weighted choice over k options as cumulative u32 thresholds: `pick(t, rng.u32())`.
 * Zero-weight options are never chosen.
 */
export function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new Error(`weights must sum above 0, got ${weights.join(', ')}`);
  const out = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]!;
    out[i] = i === weights.length - 1 ? 4294967296 : Math.floor((acc / total) * 4294967296);
  }
  return out;
}

export function pick(cum: Float64Array, u: number): number {
  // Binary search for the first threshold above u; k is small, but datasets may number 1,000.
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < cum[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A bijection on [0, 2^64) restricted to indexes below 2^53: a 4-round Feistel network over two
 * 32-bit halves. Event ids built from it are unique by construction, with no set to remember them.
 */
export class IdPermutation {
  private readonly keys: readonly number[];

  constructor(seed: number) {
    const r = new Rng(seed, STREAM.eventIds);
    this.keys = [r.u32(), r.u32(), r.u32(), r.u32()];
  }

  /** Returns the permuted index as [hi, lo] 32-bit halves. */
  permute(index: number, out: [number, number]): [number, number] {
    let hi = Math.floor(index / 4294967296) >>> 0;
    let lo = index >>> 0;
    for (const k of this.keys) {
      const f = mix32(lo ^ k);
      const nhi = lo;
      lo = (hi ^ f) >>> 0;
      hi = nhi;
    }
    out[0] = hi >>> 0;
    out[1] = lo >>> 0;
    return out;
  }
}

/** murmur3's 32-bit finalizer. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex8(u: number): string {
  return HEX[u >>> 24]! + HEX[(u >>> 16) & 255]! + HEX[(u >>> 8) & 255]! + HEX[u & 255]!;
}

/**
 * The standard normal quantile function (P. J. Acklam's rational approximation, relative error
 * below 1.15e-9). Used to tabulate distributions once per run instead of drawing from them per event.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  const plow = 0.02425;
  if (p < plow) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - plow) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Size of the tables below: a draw is `table[rng.u32() >>> TABLE_SHIFT]`. */
const TABLE_BITS = 12;
export const TABLE_SHIFT = 32 - TABLE_BITS;

/** A distribution tabulated at the midpoints of 2^TABLE_BITS equal-probability bins. */
export function tabulate(quantile: (p: number) => number): Float64Array {
  const n = 1 << TABLE_BITS;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = quantile((i + 0.5) / n);
  return t;
}
