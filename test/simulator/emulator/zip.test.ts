import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractZip, readZip, writeZip, type ZipEntry } from '../../../simulator/emulator/zip';

const entries: ZipEntry[] = [
  { name: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n') },
  { name: 'bin/run', data: Buffer.from('#!/bin/sh\necho ok\n'), mode: 0o755 },
  { name: 'lib/deep/nested/data.bin', data: Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) & 0xff)) },
  { name: 'empty.txt', data: Buffer.alloc(0) },
  { name: 'données/ünïcode.txt', data: Buffer.from('utf-8 names survive\n') },
  { name: 'big.txt', data: Buffer.from('a compressible line\n'.repeat(50_000)) },
];

/** What Python's zipfile, an independent reader, finds in `zip`: names, contents (base64) and Unix modes. */
function readWithPython(zip: Buffer): { name: string; data: string; mode: number }[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-zip-py-'));
  try {
    const file = path.join(dir, 'package.zip');
    writeFileSync(file, zip);
    const code = [
      'import base64, json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'bad = z.testzip()',
      'assert bad is None, "bad CRC in " + str(bad)',
      'print(json.dumps([{"name": i.filename, "data": base64.b64encode(z.read(i)).decode(), "mode": (i.external_attr >> 16) & 0o777} for i in z.infolist()]))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', code, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`python3 zipfile failed (status ${r.status}, ${r.error?.message ?? ''}): ${r.stderr}`);
    return JSON.parse(r.stdout) as { name: string; data: string; mode: number }[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A zip written by Python's zipfile, optionally in zip64 format, from `files` (name to text). */
function writeWithPython(files: Record<string, string>, zip64: boolean): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-zip-py-'));
  try {
    const file = path.join(dir, 'package.zip');
    const code = [
      'import json, sys, zipfile',
      'files = json.loads(sys.argv[2])',
      'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
      '    for name, text in files.items():',
      '        info = zipfile.ZipInfo(name)',
      '        info.compress_type = zipfile.ZIP_DEFLATED',
      '        info.external_attr = (0o100000 | (0o755 if name.startswith("bin/") else 0o644)) << 16',
      `        with z.open(info, "w", force_zip64=${zip64 ? 'True' : 'False'}) as f: f.write(text.encode())`,
    ].join('\n');
    const r = spawnSync('python3', ['-c', code, file, JSON.stringify(files)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`python3 zipfile failed (status ${r.status}, ${r.error?.message ?? ''}): ${r.stderr}`);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a package written by writeZip unzips with Python zipfile to the same names, bytes and modes', () => {
  const zip = writeZip(entries);
  expect(readWithPython(zip)).toEqual(entries.map((e) => ({ name: e.name, data: e.data.toString('base64'), mode: e.mode ?? 0o644 })));
  // Deflated, and the same files always make the same bytes (a fixed timestamp, stable order).
  expect(zip.length).toBeLessThan(entries.reduce((n, e) => n + e.data.length, 0));
  expect(writeZip(entries).equals(zip)).toBe(true);
});

const unzipBinary = spawnSync('unzip', ['-v'], { encoding: 'utf8' }).status === 0;
if (!unzipBinary) console.warn('SKIPPED Info-ZIP unzip check: `unzip` is not on PATH (apt-get install -y unzip); the Python zipfile check above still runs');
(unzipBinary ? test : test.skip)('a package written by writeZip passes `unzip -t` and extracts with Info-ZIP unzip', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-zip-unzip-'));
  try {
    const file = path.join(dir, 'package.zip');
    writeFileSync(file, writeZip(entries));
    const t = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    expect(t.stdout).toMatch(/No errors detected/);
    const x = spawnSync('unzip', ['-q', file, '-d', path.join(dir, 'out')], { encoding: 'utf8' });
    expect(x.status).toBe(0);
    for (const e of entries) expect(readFileSync(path.join(dir, 'out', e.name)).equals(e.data)).toBe(true);
    expect(statSync(path.join(dir, 'out', 'bin/run')).mode & 0o777).toBe(0o755);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readZip round-trips writeZip and reads zips written by Python, zip64 included', async () => {
  expect((await readZip(writeZip(entries))).map((e) => [e.name, e.data.toString('base64'), e.mode])).toEqual(
    entries.map((e) => [e.name, e.data.toString('base64'), e.mode ?? 0o644]),
  );
  const files = { 'index.js': 'exports.handler = 1', 'bin/bootstrap': '#!/bin/sh' };
  for (const zip64 of [false, true]) {
    const read = await readZip(writeWithPython(files, zip64));
    expect(read.map((e) => [e.name, e.data.toString(), e.mode])).toEqual([
      ['index.js', 'exports.handler = 1', 0o644],
      ['bin/bootstrap', '#!/bin/sh', 0o755],
    ]);
  }
});

test('extractZip writes files with their modes and refuses entries that escape the target', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-zip-'));
  try {
    await extractZip(writeZip(entries), dir);
    for (const e of entries) expect(readFileSync(path.join(dir, e.name)).equals(e.data)).toBe(true);
    expect(statSync(path.join(dir, 'bin/run')).mode & 0o777).toBe(0o755);
    await expect(extractZip(writeZip([{ name: '../evil', data: Buffer.from('x') }]), dir)).rejects.toThrow(/invalid relative path: \.\.\/evil/);
    await expect(extractZip(writeZip([{ name: '/etc/evil', data: Buffer.from('x') }]), dir)).rejects.toThrow(/absolute path: \/etc\/evil/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readZip names what is wrong with a file that is not a Lambda package', async () => {
  await expect(readZip(Buffer.from('not a zip at all, definitely not'))).rejects.toThrow(/not a zip file: End of central directory record signature not found/);
  const zip = writeZip([{ name: 'a.txt', data: Buffer.from('hello') }]);
  const unsupported = Buffer.from(zip);
  // The compression method sits at offset 10 of the central directory entry (APPNOTE 4.3.12).
  const cen = unsupported.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  unsupported.writeUInt16LE(12, cen + 10);
  await expect(readZip(unsupported)).rejects.toThrow(/could not read zip entry a\.txt: unsupported compression method: 12/);
  const corrupt = Buffer.from(zip);
  corrupt.writeUInt32LE(0, cen);
  await expect(readZip(corrupt)).rejects.toThrow(/corrupt zip: invalid central directory file header signature/);
});
