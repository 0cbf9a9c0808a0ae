/**
 * An append-only ASCII byte buffer for the generator's hot path. Building lines as JS strings and
 * encoding them costs more than generating them (V8 flattens each concatenated rope before
 * encoding); writing bytes straight into a Buffer is several times faster. Every method writes
 * ASCII only.
 */

const DAY_MS = 86_400_000;
const D2 = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  D2[2 * i] = 48 + Math.floor(i / 10);
  D2[2 * i + 1] = 48 + (i % 10);
}
const HEX = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  const h = i.toString(16).padStart(2, '0');
  HEX[2 * i] = h.charCodeAt(0);
  HEX[2 * i + 1] = h.charCodeAt(1);
}

/** ASCII text to bytes, for precomputed pieces. */
export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export class ByteWriter {
  buf: Buffer;
  pos = 0;
  private readonly free: Buffer[] = [];
  private baseDay = -1;
  private readonly prefixes: (Uint8Array | undefined)[] = new Array(64).fill(undefined);

  constructor(private readonly capacity: number) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
  }

  /** Make room for `n` more bytes, growing (and copying) only when a line outsizes the buffer. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.capacity, 2 * (this.pos + n)));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /**
   * Hand over the bytes written so far and continue in another buffer: a released one if any, else a
   * new one. Reusing a few buffers instead of allocating one per chunk keeps the garbage collector
   * out of the generator's way (external memory triggers full collections).
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = this.free.pop() ?? Buffer.allocUnsafeSlow(this.capacity);
    this.pos = 0;
    return out;
  }

  /** Give back a buffer returned by take() once nobody reads it any more. */
  release(chunk: Buffer): void {
    // Only whole buffers of ours (allocUnsafeSlow: never a slice of Node's shared pool) come back.
    if (chunk.byteOffset === 0 && chunk.buffer.byteLength === this.capacity && this.free.length < 8) {
      this.free.push(Buffer.from(chunk.buffer, 0, this.capacity));
    }
  }

  piece(p: Uint8Array): void {
    const n = p.length;
    // TypedArray.set costs ~25 ns whatever the length; a byte loop wins only for a few bytes.
    if (n > 8) {
      this.buf.set(p, this.pos);
      this.pos += n;
      return;
    }
    const b = this.buf;
    let o = this.pos;
    for (let i = 0; i < n; i++) b[o++] = p[i]!;
    this.pos = o;
  }

  /** Bytes [start, end) of `src`, e.g. a slice of the fill text or an earlier line. */
  slice(src: Uint8Array, start: number, end: number): void {
    const b = this.buf;
    let o = this.pos;
    if (end - start > 24) {
      b.set(src.subarray(start, end), o);
      this.pos = o + end - start;
      return;
    }
    for (let i = start; i < end; i++) b[o++] = src[i]!;
    this.pos = o;
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer below 2^53. */
  uint(n: number): void {
    if (n < 10) {
      this.buf[this.pos++] = 48 + n;
      return;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    const b = this.buf;
    let o = this.pos + digits;
    this.pos = o;
    let x = n;
    while (x >= 10) {
      const q = Math.floor(x / 10);
      b[--o] = 48 + (x - q * 10);
      x = q;
    }
    b[o - 1] = 48 + x;
  }

  int(n: number): void {
    if (n < 0) {
      this.buf[this.pos++] = 45;
      this.uint(-n);
    } else this.uint(n);
  }

  /** k / 1000 with exactly three decimals, e.g. 12.050 or -0.250. */
  thousandths(k: number): void {
    let a = k;
    if (a < 0) {
      this.buf[this.pos++] = 45;
      a = -a;
    }
    const int = Math.floor(a / 1000);
    this.uint(int);
    const f = a - int * 1000;
    const b = this.buf;
    b[this.pos++] = 46;
    b[this.pos++] = 48 + Math.floor(f / 100);
    b[this.pos++] = 48 + (Math.floor(f / 10) % 10);
    b[this.pos++] = 48 + (f % 10);
  }

  /** Eight lowercase hex digits of a 32-bit unsigned integer. */
  hex8(u: number): void {
    const b = this.buf;
    let o = this.pos;
    let i = (u >>> 24) << 1;
    b[o++] = HEX[i]!;
    b[o++] = HEX[i + 1]!;
    i = ((u >>> 16) & 255) << 1;
    b[o++] = HEX[i]!;
    b[o++] = HEX[i + 1]!;
    i = ((u >>> 8) & 255) << 1;
    b[o++] = HEX[i]!;
    b[o++] = HEX[i + 1]!;
    i = (u & 255) << 1;
    b[o++] = HEX[i]!;
    b[o++] = HEX[i + 1]!;
    this.pos = o;
  }

  /** `YYYY-MM-DDTHH:MM:SS.sssZ` (24 bytes) for epoch milliseconds, years 1970-9999. */
  iso(ms: number): void {
    const day = Math.floor(ms / DAY_MS);
    // Events span a few days: a small array indexed from the first day seen beats a Map lookup.
    let prefix: Uint8Array | undefined;
    const k = day - this.baseDay;
    if (k >= 0 && k < 64) prefix = this.prefixes[k];
    if (prefix === undefined) {
      prefix = ascii(new Date(day * DAY_MS).toISOString().slice(0, 11));
      if (this.baseDay === -1) this.baseDay = day - 32;
      const k2 = day - this.baseDay;
      if (k2 >= 0 && k2 < 64) this.prefixes[k2] = prefix;
    }
    const b0 = this.buf;
    let o0 = this.pos;
    for (let i = 0; i < 11; i++) b0[o0++] = prefix[i]!;
    this.pos = o0;
    // Below 86,400,000: int32 arithmetic from here on.
    let rem = (ms - day * DAY_MS) | 0;
    const h = (rem / 3_600_000) | 0;
    rem -= h * 3_600_000;
    const m = (rem / 60_000) | 0;
    rem -= m * 60_000;
    const s = (rem / 1000) | 0;
    const milli = rem - s * 1000;
    const b = this.buf;
    let o = this.pos;
    b[o++] = D2[2 * h]!;
    b[o++] = D2[2 * h + 1]!;
    b[o++] = 58;
    b[o++] = D2[2 * m]!;
    b[o++] = D2[2 * m + 1]!;
    b[o++] = 58;
    b[o++] = D2[2 * s]!;
    b[o++] = D2[2 * s + 1]!;
    b[o++] = 46;
    const c = (milli / 100) | 0;
    const rest = milli - c * 100;
    b[o++] = 48 + c;
    b[o++] = D2[2 * rest]!;
    b[o++] = D2[2 * rest + 1]!;
    b[o++] = 90;
    this.pos = o;
  }
}
