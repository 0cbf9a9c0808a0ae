import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../../simulator/errors';
import { decodeUserText, firstInvalidUtf8, parseUserJson, readUserFile } from '../../../simulator/io/read-user-file';
import { tmpDir } from '../../lib/workload/run-fixtures';

describe('readUserFile', () => {
  const dir = tmpDir('read-user-file');
  const opts = { what: 'thing', maxBytes: 100 };

  test('reads a regular file whole', () => {
    fs.writeFileSync(path.join(dir, 'ok.txt'), 'hello');
    expect(readUserFile(path.join(dir, 'ok.txt'), opts).toString()).toBe('hello');
  });

  test('refuses by size before reading: a sparse 1 TB file costs nothing', () => {
    const f = path.join(dir, 'sparse');
    fs.closeSync(fs.openSync(f, 'w'));
    fs.truncateSync(f, 2 ** 40);
    expect(() => readUserFile(f, { ...opts, display: 'sparse' })).toThrow(/^sparse: thing is 1099511627776 bytes; the limit is 100$/);
  });

  test.each([
    ['a directory', () => dir, /it is a directory, not a regular file/],
    ['/dev/zero', () => '/dev/zero', /it is a character device, not a regular file/],
    ['a missing file', () => path.join(dir, 'nope'), /: ENOENT$/],
  ])('refuses %s with one line', (_n, file, message) => {
    expect(() => readUserFile(file(), opts)).toThrow(UserError);
    expect(() => readUserFile(file(), opts)).toThrow(message);
  });

  test('a FIFO is refused without waiting for a writer (O_NONBLOCK + fstat)', () => {
    const f = path.join(dir, 'fifo');
    execFileSync('mkfifo', [f]);
    const t0 = Date.now();
    expect(() => readUserFile(f, { ...opts, hint: '(see the docs)' })).toThrow(/cannot read thing .*fifo: it is a FIFO \(named pipe\), not a regular file \(see the docs\)$/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('decodeUserText', () => {
  const bom16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1', 'utf16le')]);
  test.each([
    ['UTF-16 LE', bom16, /^f: the file is UTF-16 encoded \(byte order mark\); save it as UTF-8$/],
    ['UTF-16 BE', Buffer.from([0xfe, 0xff, 0, 0x61]), /UTF-16 encoded/],
    ['UTF-32 LE', Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), /UTF-32 encoded/],
    ['a NUL byte', Buffer.from('a: 1\nb\u0000: 2\n'), /^f: line 2 holds a NUL byte/],
    ['Latin-1', Buffer.from('a: caf\u00e9\n', 'latin1'), /^f: line 1 is not valid UTF-8 \(byte offset 6\)/],
    ['an overlong encoding', Buffer.from([0x61, 0xc0, 0xaf]), /byte offset 1/],
    ['a surrogate', Buffer.from([0xed, 0xa0, 0x80]), /byte offset 0/],
  ])('refuses %s', (_n, bytes, message) => {
    expect(() => decodeUserText(bytes, 'f')).toThrow(message);
  });

  test('accepts UTF-8, and drops a UTF-8 byte order mark', () => {
    expect(decodeUserText(Buffer.from('\ufeffname: café ✓ 𝄞'), 'f')).toBe('name: café ✓ 𝄞');
    expect(firstInvalidUtf8(Buffer.from('plain ascii'))).toBe(-1);
  });
});

describe('parseUserJson', () => {
  test('never quotes the text in its error', () => {
    expect(() => parseUserJson('root:x:0:0:root:/root:/bin/bash', 'f')).toThrow(/^f: not valid JSON/);
    expect(() => parseUserJson('root:x:0:0:root:/root:/bin/bash', 'f')).not.toThrow(/root/);
    expect(() => parseUserJson('{"a": ', 'f')).toThrow(/^f: not valid JSON \(it ends early\)$/);
  });

  test('refuses numbers that overflow to Infinity', () => {
    expect(() => parseUserJson('{"a": {"cost": -1e999}}', 'f')).toThrow(/^f: "cost" is a number too large to represent \(non-finite\)/);
    expect(parseUserJson('{"a": 1e308}', 'f')).toEqual({ a: 1e308 });
  });
});
