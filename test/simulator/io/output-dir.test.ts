import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_MARKER, prepareOutputDir } from '../../../simulator/io/output-dir';
import { tmpDir } from '../../lib/workload/run-fixtures';

const writes = { 'manifest.json': 'file', partitions: /^part-\d+\.ndjson$/, audit: 'tree' } as const;
const prep = (dir: string, extra: Partial<Parameters<typeof prepareOutputDir>[1]> = {}) => prepareOutputDir(dir, { display: 'out', command: 'generate', writes, ...extra });

describe('prepareOutputDir', () => {
  test('creates a new folder (and its parents) and marks it; discard removes what it created', () => {
    const dir = path.join(tmpDir('out-new'), 'a', 'b');
    const o = prep(dir);
    expect(o.created).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([OUTPUT_MARKER]);
    o.discard();
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(path.dirname(dir))).toBe(true);
  });

  test('uses an empty folder; discard there removes only its own entries and keeps the marker', () => {
    const dir = tmpDir('out-empty');
    const o = prep(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
    fs.mkdirSync(path.join(dir, 'partitions'));
    fs.writeFileSync(path.join(dir, 'partitions', 'part-00000.ndjson'), 'x');
    o.discard();
    expect(fs.readdirSync(dir)).toEqual([OUTPUT_MARKER]);
  });

  test('refuses a non-empty folder scalesim did not write, saying why, and deletes nothing', () => {
    const dir = tmpDir('out-theirs');
    fs.writeFileSync(path.join(dir, 'thesis.tex'), 'x');
    expect(() => prep(dir)).toThrow(/^--out out is not empty and was not written by scalesim \(it holds thesis\.tex\); .*so it never deletes files it did not write: choose another folder$/);
    expect(fs.readdirSync(dir)).toEqual(['thesis.tex']);
  });

  test('in its own folder replaces only its entries, and refuses to replace a folder holding a foreign file', () => {
    const dir = tmpDir('out-ours');
    prep(dir);
    fs.mkdirSync(path.join(dir, 'partitions'));
    fs.writeFileSync(path.join(dir, 'partitions', 'part-00000.ndjson'), 'old');
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
    fs.writeFileSync(path.join(dir, 'notes.md'), 'mine');
    prep(dir, { fresh: ['manifest.json', 'partitions'] });
    expect(fs.readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, 'notes.md']);
    fs.mkdirSync(path.join(dir, 'partitions'));
    fs.writeFileSync(path.join(dir, 'partitions', 'important.txt'), 'x');
    expect(() => prep(dir, { fresh: ['partitions'] })).toThrow(/partitions\/important\.txt was not written by scalesim, and scalesim would replace partitions\/; it never deletes files it did not write/);
    expect(fs.readFileSync(path.join(dir, 'partitions', 'important.txt'), 'utf8')).toBe('x');
  });

  test('adopts an unmarked folder only when the command recognises it and it holds nothing else', () => {
    const dir = tmpDir('out-legacy');
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
    expect(() => prep(dir)).toThrow(/not written by scalesim/);
    expect(prep(dir, { recognise: () => true }).created).toBe(false);
    expect(fs.existsSync(path.join(dir, OUTPUT_MARKER))).toBe(true);
  });

  test.each([
    ['an existing file', (d: string) => fs.writeFileSync(path.join(d, 'f'), 'x'), 'f', /^--out out: exists and is not a folder; name a new or empty folder$/],
    ['a path under a file', (d: string) => fs.writeFileSync(path.join(d, 'f'), 'x'), 'f/sub/deeper', /^--out out: cannot use it: a part of the path is a file, not a folder \(ENOTDIR\)$/],
    ['a path under /proc (Node\'s recursive mkdir spins forever there)', () => undefined, '/proc/scalesim-test/x', /^--out out: cannot create the folder: the file system at \/proc does not allow creating folders \(ENOENT\)$/],
  ])('turns %s into one line', (_n, setup, target, message) => {
    const d = tmpDir('out-bad');
    setup(d);
    expect(() => prep(path.isAbsolute(target) ? target : path.join(d, target))).toThrow(message);
  });
});
