import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPORT_FILES, writeReports } from '../../../simulator/report/write';
import { fixture } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-write-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeReports', () => {
  it('writes the formats asked for and returns their paths', () => {
    const files = writeReports(path.join(dir, 'new', 'dir'), fixture('baseline-no-model'), ['md']);
    expect(files).toEqual([path.join(dir, 'new', 'dir', REPORT_FILES.md)]);
    expect(fs.readFileSync(files[0]!, 'utf8')).toContain('## Recommendation');
  });
});
