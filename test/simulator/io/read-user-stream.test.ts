import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { readUserLines, type UserLine } from '../../../simulator/io/read-user-stream';

describe('readUserLines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-lines-'));
  const at = (...p: string[]) => path.join(dir, ...p);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const all = async (file: string, maxLineChars?: number) => {
    const out: UserLine[] = [];
    for await (const l of readUserLines(file, { what: 'sample', ...(maxLineChars ? { maxLineChars } : {}) })) out.push(l);
    return out;
  };

  it('streams lines with their numbers and sizes, CRLF and a last line without a newline included', async () => {
    fs.writeFileSync(at('a.ndjson'), 'one\r\ntwo é\n\nlast');
    expect(await all(at('a.ndjson'))).toEqual([
      { text: 'one', bytes: 5, lineNo: 1, oversized: false },
      { text: 'two é', bytes: 7, lineNo: 2, oversized: false },
      { text: '', bytes: 1, lineNo: 3, oversized: false },
      { text: 'last', bytes: 4, lineNo: 4, oversized: false },
    ]);
  });

  it('decompresses gzip by its magic bytes, multi-member streams included', async () => {
    fs.writeFileSync(at('b.data'), Buffer.concat([zlib.gzipSync('a\nb\n'), zlib.gzipSync('c\n')]));
    expect((await all(at('b.data'))).map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it('cuts a line longer than the limit, flags it, and goes on after it', async () => {
    fs.writeFileSync(at('c.ndjson'), `short\n${'x'.repeat(5 * 1024 * 1024)}\nafter\n`);
    const lines = await all(at('c.ndjson'), 1024 * 1024);
    expect(lines.map((l) => [l.lineNo, l.oversized, l.text.length])).toEqual([
      [1, false, 5],
      [2, true, 1024],
      [3, false, 5],
    ]);
  });

  it('drops a UTF-8 byte order mark and refuses UTF-16, through the same guarded open as readUserFile', async () => {
    fs.writeFileSync(at('bom.ndjson'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n')]));
    expect((await all(at('bom.ndjson'))).map((l) => l.text)).toEqual(['{"a":1}']);
    fs.writeFileSync(at('wide.ndjson'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}\n', 'utf16le')]));
    await expect(all(at('wide.ndjson'))).rejects.toThrow(/^sample .*wide\.ndjson: the file is UTF-16 encoded \(byte order mark\); NDJSON is UTF-8$/);
    await expect(all(dir)).rejects.toThrow(/^cannot read sample .*: it is a directory, not a regular file$/);
    await expect(all(at('missing.ndjson'))).rejects.toThrow(/^cannot read sample .*missing\.ndjson: /);
  });
});
