import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { prepareOutputFile } from '../../../simulator/io/output-file';

describe('prepareOutputFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-outfile-'));
  const at = (...p: string[]) => path.join(dir, ...p);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const opts = (display: string) => ({ display, command: 'scenario infer', recognise: (t: string) => t.startsWith('# mine') });

  it('writes a new file, creating its folder only when it writes', () => {
    const out = prepareOutputFile(at('new', 'deeper', 'a.yaml'), opts('a.yaml'));
    expect(fs.existsSync(at('new'))).toBe(false);
    out.write('# mine\n');
    expect(fs.readFileSync(at('new', 'deeper', 'a.yaml'), 'utf8')).toBe('# mine\n');
    expect(fs.readdirSync(at('new', 'deeper'))).toEqual(['a.yaml']);
  });

  it('replaces a file it recognises as its own', () => {
    fs.writeFileSync(at('own.yaml'), '# mine, old\n');
    const out = prepareOutputFile(at('own.yaml'), opts('own.yaml'));
    expect(out.replaces).toBe(true);
    out.write('# mine, new\n');
    expect(fs.readFileSync(at('own.yaml'), 'utf8')).toBe('# mine, new\n');
  });

  it.each([
    ['a file it did not write', () => fs.writeFileSync(at('theirs.yaml'), 'thesis\n'), 'theirs.yaml', /^--out theirs\.yaml: exists and was not written by scalesim scenario infer; scalesim never replaces a file it did not write/],
    ['a folder', () => fs.mkdirSync(at('folder.yaml')), 'folder.yaml', /^--out folder\.yaml: exists and is not a regular file/],
    ['a symbolic link, even to its own file', () => fs.symlinkSync(at('own.yaml'), at('link.yaml')), 'link.yaml', /^--out link\.yaml: exists and is not a regular file/],
  ])('refuses %s, and leaves it alone', (_n, make, name, message) => {
    make();
    const before = fs.lstatSync(at(name)).mtimeMs;
    expect(() => prepareOutputFile(at(name), opts(name))).toThrow(message);
    expect(fs.lstatSync(at(name)).mtimeMs).toBe(before);
  });

  it('a path under a file is one line, before anything is written', () => {
    fs.writeFileSync(at('plain'), 'x');
    expect(() => prepareOutputFile(at('plain', 'a.yaml'), opts('plain/a.yaml'))).toThrow(/^--out plain\/a\.yaml: cannot use it: a part of the path is a file, not a folder \(ENOTDIR\)$/);
  });
});
