import fc from 'fast-check';
import { ByteWriter, ascii } from '../../../simulator/generate/byte-writer';

function written(f: (w: ByteWriter) => void): string {
  const w = new ByteWriter(64);
  f(w);
  return w.take().toString('latin1');
}

describe('ByteWriter', () => {
  test('integers', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (n) => written((w) => w.int(n)) === String(n)));
  });

  test('thousandths', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (k) => Number(written((w) => w.thousandths(k))) === k / 1000 && /\.\d{3}$/.test(written((w) => w.thousandths(k)))));
  });

  test('ISO timestamps match toISOString', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 0) }), (ms) => written((w) => w.iso(ms)) === new Date(ms).toISOString()));
  });

  test('hex, pieces, slices and bytes', () => {
    expect(written((w) => w.hex8(0xdeadbeef))).toBe('deadbeef');
    const long = ascii('x'.repeat(100));
    expect(written((w) => {
      w.ensure(200);
      w.piece(ascii('ab'));
      w.piece(long);
      w.slice(long, 0, 30);
      w.slice(long, 0, 3);
      w.byte(10);
    })).toBe(`ab${'x'.repeat(133)}\n`);
  });

  test('grows for a line larger than its buffer, keeping what was written', () => {
    const w = new ByteWriter(8);
    w.piece(ascii('12345678'));
    w.ensure(100);
    w.piece(ascii('y'.repeat(100)));
    expect(w.take().toString()).toBe(`12345678${'y'.repeat(100)}`);
    expect(w.pos).toBe(0);
  });
});
