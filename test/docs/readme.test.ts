import * as fs from 'fs';
import * as path from 'path';
import { accessMatrixMarkdown } from '../../lib/constructs/access-matrix';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  test('its access-model table is the rendering of ACCESS_MATRIX', () => {
    const m = /<!-- access-matrix:start -->\n([\s\S]*?)\n<!-- access-matrix:end -->/.exec(README);
    expect(m?.[1]).toBe(accessMatrixMarkdown());
  });

  test('gives the two commands and the test command .ci/run uses', () => {
    expect(README).toContain('npm ci && npm run simulate');
    expect(README).toContain('npm test');
    const ci = fs.readFileSync(path.join(__dirname, '..', '..', '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
  });

  test('every scenario it names is shipped', () => {
    for (const name of ['baseline', 'skewed', 'drift-heavy', 'large', 'faults']) {
      expect(fs.existsSync(path.join(__dirname, '..', '..', 'scenarios', `${name}.yaml`))).toBe(true);
    }
  });
});
