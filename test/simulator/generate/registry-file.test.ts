import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../../simulator/errors';
import { loadRegistryFile } from '../../../simulator/generate/registry-file';
import { BASELINE, tmpDir } from '../../lib/workload/run-fixtures';

describe('loadRegistryFile', () => {
  const dir = tmpDir('registry');
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  test('loads the shipped registry the baseline points at', () => {
    expect(loadRegistryFile(BASELINE.registryFile).datasets.length).toBe(32);
  });

  test.each([
    ['a missing file', () => path.join(dir, 'nope.json'), /cannot read schema registry .*nope.json: ENOENT \(set workload.schemaRegistry in the scenario\)/],
    ['invalid JSON', () => write('bad.json', '{'), /bad.json: not valid JSON/],
    ['an invalid registry', () => write('v2.json', '{"registryVersion":2}'), /v2.json: registryVersion: expected 1, got 2/],
    ['a huge file', () => write('huge.json', ' '.repeat(5_000_001)), /huge.json: schema registry is 5000001 bytes; the limit is 5000000/],
  ])('rejects %s with a UserError', (_n, file, message) => {
    const f = file();
    expect(() => loadRegistryFile(f)).toThrow(UserError);
    expect(() => loadRegistryFile(f)).toThrow(message);
  });
});
