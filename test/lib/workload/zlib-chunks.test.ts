import * as zlib from 'zlib';
import { ZlibChunks } from '../../../lib/workload/zlib-chunks';

const DATA = Buffer.from('line of text\n'.repeat(20_000));

async function gunzipInChunks(gz: Buffer, step = 997): Promise<Buffer> {
  const z = ZlibChunks.gunzip();
  const out: Buffer[] = [];
  for (let i = 0; i < gz.length; i += step) out.push(...(await z.push(gz.subarray(i, i + step))));
  out.push(...(await z.end()));
  return Buffer.concat(out);
}

describe('ZlibChunks', () => {
  test('gzip then gunzip chunk by chunk round-trips', async () => {
    const z = ZlibChunks.gzip(1);
    const parts: Buffer[] = [];
    for (let i = 0; i < DATA.length; i += 4096) parts.push(...(await z.push(DATA.subarray(i, i + 4096))));
    parts.push(...(await z.end()));
    const gz = Buffer.concat(parts);
    expect(zlib.gunzipSync(gz).equals(DATA)).toBe(true);
    expect((await gunzipInChunks(gz)).equals(DATA)).toBe(true);
  });

  test('a truncated stream rejects with zlib’s reason', async () => {
    const gz = zlib.gzipSync(DATA);
    await expect(gunzipInChunks(gz.subarray(0, gz.length >> 1))).rejects.toThrow(/unexpected end of file/);
  });

  test('a sync flush without an end is a truncated gzip', async () => {
    const z = ZlibChunks.gzip();
    const parts = [...(await z.push(DATA)), ...(await z.syncFlush())];
    z.destroy();
    await expect(gunzipInChunks(Buffer.concat(parts))).rejects.toThrow(/unexpected end of file/);
  });

  test('bytes that are not gzip reject', async () => {
    await expect(gunzipInChunks(Buffer.from('plain text, not gzip'))).rejects.toThrow(/incorrect header check/);
  });
});
