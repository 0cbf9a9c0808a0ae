import * as fs from 'fs';
import * as path from 'path';
import { loadResults } from '../../../simulator/results/load';
import { fixtureFile } from '../report/fixtures';
import { tmpDir } from '../../lib/workload/run-fixtures';

const complete = JSON.parse(fs.readFileSync(fixtureFile('baseline-complete'), 'utf8')) as Record<string, unknown>;

describe('loadResults: the one results.json reader', () => {
  const dir = tmpDir('results-load');
  const write = (name: string, v: unknown) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, typeof v === 'string' ? v : JSON.stringify(v));
    return f;
  };

  test('reads a complete file with no warning', () => {
    const warn = jest.fn();
    const r = loadResults(fixtureFile('baseline-complete'), { incomplete: 'refuse', purpose: 'price it', warn });
    expect(r.status).toBe('complete');
    expect(warn).not.toHaveBeenCalled();
  });

  test('an incomplete run: refused by the commands that compute from it, one warning for the ones that show it', () => {
    const file = fixtureFile('baseline-incomplete');
    expect(() => loadResults(file, { incomplete: 'refuse', purpose: 'price it', display: 'r.json' })).toThrow(/^r\.json is INCOMPLETE \(distributed: 2 of 32 partitions failed .*\): its figures cover only what finished, so scalesim will not price it; run it again to completion$/);
    const warn = jest.fn();
    expect(loadResults(file, { incomplete: 'warn', purpose: 'profile it', display: 'r.json', warn }).status).toBe('incomplete');
    expect(warn.mock.calls).toEqual([[expect.stringMatching(/^r\.json is INCOMPLETE \(.*\); the figures below cover only what finished$/)]]);
  });

  test('no design results counts as incomplete', () => {
    const f = write('empty.json', { ...complete, designs: {} });
    expect(() => loadResults(f, { incomplete: 'refuse', purpose: 'fit from it', display: 'e.json' })).toThrow(/^e\.json holds no design results \(designs is empty\): .*will not fit from it/);
  });

  test.each([
    ['an unknown schemaVersion', () => write('v3.json', { ...complete, schemaVersion: 3 }), /^x: schemaVersion 3 is not one this scalesim reads \(it reads 1 to 2\); use the scalesim version that wrote it, or run again$/],
    ['no schemaVersion', () => write('nov.json', { hello: 1 }), /^x: not a scalesim results file \(it has no schemaVersion\)$/],
    ['a list', () => write('list.json', [1]), /^x: not a scalesim results file \(top level: expected an object\)$/],
    ['a non-finite number', () => write('inf.json', JSON.stringify(complete).replace(/"cpus":\d+/, '"cpus":1e999')), /^x: "cpus" is a number too large to represent/],
    ['a bad shape', () => write('shape.json', { ...complete, status: 'done' }), /^x: not a scalesim results file \(status: /],
    ['text', () => write('text.json', 'hello world'), /^x: not valid JSON/],
  ])('refuses %s on one line', (_n, file, message) => {
    expect(() => loadResults(file(), { incomplete: 'warn', purpose: 'show it', display: 'x' })).toThrow(message);
  });
});
