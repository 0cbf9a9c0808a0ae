import * as fs from 'fs';
import * as path from 'path';
import { countMismatches, verifyRunDirectory } from '../../../simulator/generate/verify-run';
import { generated, tmpDir } from '../../lib/workload/run-fixtures';

describe('verifyRunDirectory', () => {
  let data: string;
  beforeAll(async () => {
    data = (await generated({ workload: { events: 600, partitions: 3, compression: 'gzip' } })).dir;
  });
  const copy = (edit: (dir: string, m: { events?: unknown; partitions: Record<string, unknown>[] }) => void) => {
    const dir = tmpDir('verify');
    fs.cpSync(data, dir, { recursive: true });
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    edit(dir, m);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    return dir;
  };

  test('passes a folder generate wrote, returning its manifest', async () => {
    expect((await verifyRunDirectory(data)).partitions).toHaveLength(3);
  });

  test.each([
    ['a total that is not the sum', (_d: string, m: { events?: unknown }) => (m.events = 601), /events says 601 in total, but its partitions add up to 600/],
    ['a fractional count', (_d: string, m: { partitions: Record<string, unknown>[] }) => (m.partitions[1]!.events = 1.5), /partitions\[1\]\.events: expected a whole number >= 0, got 1\.5/],
    ['a bad sha256', (_d: string, m: { partitions: Record<string, unknown>[] }) => (m.partitions[0]!.sha256 = 'abc'), /partitions\[0\]\.sha256: expected 64 hex digits/],
    ['no partitions', (_d: string, m: { events?: unknown; partitions: unknown[] }) => ((m.partitions = []), delete m.events), /lists no partitions/],
    ['a missing partition', (d: string, m: { partitions: Record<string, unknown>[] }) => fs.rmSync(path.join(d, 'partitions', m.partitions[2]!.key as string)), /part-00002\.ndjson\.gz: cannot read this partition of the manifest: ENOENT/],
    [
      'a partition corrupted to the same size',
      (d: string, m: { partitions: Record<string, unknown>[] }) => {
        const f = path.join(d, 'partitions', m.partitions[0]!.key as string);
        const b = fs.readFileSync(f);
        b[b.length - 30] ^= 0xff;
        fs.writeFileSync(f, b);
      },
      /part-00000\.ndjson\.gz: its sha256 is not the one in the manifest/,
    ],
  ])('refuses %s, naming it', async (_n, edit, message) => {
    await expect(verifyRunDirectory(copy(edit as never), { display: 'data' })).rejects.toThrow(message);
  });

  test('countMismatches finds a partition whose line count the manifest misstates', () => {
    const manifest = { partitions: [{ key: 'a', events: 10 }, { key: 'b', events: 5 }] } as never;
    expect(countMismatches(manifest, [{ key: 'a', status: 'ok', accounting: { input: 10 } }, { key: 'b', status: 'ok', accounting: { input: 7 } }, { key: 'c', status: 'failed' }])).toEqual(['b: the manifest says 5 events, the file holds 7']);
  });
});
