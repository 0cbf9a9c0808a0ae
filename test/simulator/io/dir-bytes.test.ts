import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { treeBytes } from '../../../simulator/io/dir-bytes';

describe('treeBytes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-tree-bytes-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'one'), Buffer.alloc(100));
    fs.writeFileSync(path.join(dir, 'a', 'b', 'two'), Buffer.alloc(250));
    // A link back up the tree: counted as the link, not followed (no loop, nothing twice).
    fs.symlinkSync(dir, path.join(dir, 'a', 'b', 'up'));
  });

  test('sums the files of a tree, and a file is its own size', () => {
    const link = fs.lstatSync(path.join(dir, 'a', 'b', 'up')).size;
    expect(treeBytes(dir)).toBe(350 + link);
    expect(treeBytes(path.join(dir, 'a', 'one'))).toBe(100);
  });

  test('a missing path throws, unless asked to count it as empty', () => {
    const gone = path.join(dir, 'gone');
    expect(() => treeBytes(gone)).toThrow(/ENOENT/);
    expect(treeBytes(gone, { missingIsEmpty: true })).toBe(0);
  });
});
