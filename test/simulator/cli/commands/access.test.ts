import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '../../../../simulator/cli/main';
import type { CliDeps } from '../../../../simulator/cli/deps';
import { fixtureTemplate, widenGrant } from '../../../fixtures/access/templates';
import { removeAssemblies, writeAssembly } from '../../access/assembly-fixture';

function deps(cwd: string): CliDeps & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t) => void (out += t) },
    stderr: { write: (t) => void (err += t) },
    now: () => 0,
    env: {},
    cwd,
    interactive: false,
    signal: new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}

const scratch = mkdtempSync(path.join(tmpdir(), 'scalesim-access-cli-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  removeAssemblies();
});

describe('scalesim access', () => {
  it('prints the per-principal table and the matrix comparison for both designs, offline', async () => {
    const dir = writeAssembly('cli-ok', { 'scalesim-baseline-single-node': fixtureTemplate('single-node'), 'scalesim-baseline-distributed': fixtureTemplate('distributed') });
    const d = deps(scratch);
    expect(await exec(['access', '--assembly', dir], d)).toBe(0);
    const out = d.out();
    for (const design of ['single-node', 'distributed']) {
      expect(out).toContain(`## ${design}: IAM scope (basis: static, from the synthesized template)`);
      expect(out).toContain(`### ${design}: stakeholder matrix, intended (ACCESS_MATRIX) vs computed from the template`);
    }
    expect(out).toMatch(/\| WorkerRole8DD27D41 \| workload \| 1 \| 1 \| 3 \| 0 \| 0 \| 0 \| raw \| curated, quarantine, audit \| - \| 0 \|/);
    expect(out).toContain('| ml-engineer | none | read | none | read | no | no | no |');
    expect(out).toContain('Computed matrix equals the intended one: no differences.');
    expect(out).toContain('Smaller blast radius: **distributed**, because:');
    expect(d.err()).toBe('');
  });

  it('reads cdk.out relative to the working directory by default', async () => {
    const dir = writeAssembly(path.join('cwd', 'cdk.out'), { 'a-single-node': fixtureTemplate('single-node'), 'a-distributed': fixtureTemplate('distributed') });
    const d = deps(path.dirname(dir));
    expect(await exec(['access'], d)).toBe(0);
  });

  it('on a fresh clone (no cdk.out) synthesizes the baseline scenario itself, and leaves nothing behind', async () => {
    const fresh = path.join(scratch, 'fresh-clone');
    mkdirSync(fresh);
    const synthDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('scalesim-access-synth-'));
    const before = synthDirs();
    const d = deps(fresh);
    expect(await exec(['access'], d)).toBe(0);
    expect(d.err()).toMatch(/^scalesim: no cloud assembly in cdk\.out; synthesizing .*scenarios\/baseline\.yaml \(both designs, cdk-nag AwsSolutions\) to analyse it\n$/);
    for (const design of ['single-node', 'distributed']) expect(d.out()).toContain(`## ${design}: IAM scope (basis: static, from the synthesized template)`);
    expect(d.out()).toContain('Computed matrix equals the intended one: no differences.');
    expect(readdirSync(fresh)).toEqual([]);
    expect(synthDirs()).toEqual(before);
  }, 120_000);

  it('synthesizes a named scenario, and refuses a scenario together with --assembly', async () => {
    const skewed = path.join(__dirname, '..', '..', '..', '..', 'scenarios', 'skewed.yaml');
    const d = deps(scratch);
    expect(await exec(['access', skewed, '--format', 'json'], d)).toBe(0);
    expect(d.err()).toMatch(/^scalesim: synthesizing .*skewed\.yaml \(both designs, cdk-nag AwsSolutions\) to analyse it\n$/);
    expect(Object.keys((JSON.parse(d.out()) as { designs: object }).designs)).toEqual(['single-node', 'distributed']);
    const both = deps(scratch);
    expect(await exec(['access', skewed, '--assembly', 'cdk.out'], both)).toBe(2);
    expect(both.err()).toBe('scalesim: scalesim access analyses a scenario or a cloud assembly (--assembly), not both\n');
  }, 120_000);

  it('exits 1 and shows the difference when a template widens a persona', async () => {
    const wide = widenGrant(fixtureTemplate('distributed'), 'ml-engineer', 'raw', ['s3:GetObject']);
    const dir = writeAssembly('cli-wide', { 'x-single-node': fixtureTemplate('single-node'), 'x-distributed': wide });
    const d = deps(scratch);
    expect(await exec(['access', '--assembly', dir], d)).toBe(1);
    expect(d.out()).toContain('| ml-engineer | none → **read** | read | none | read | no | no | no |');
    expect(d.out()).toContain('- ml-engineer / raw: intended none, computed read; extra s3:GetObject');
  });

  it('prints the results.json access object with --format json', async () => {
    const dir = writeAssembly('cli-json', { 'x-single-node': fixtureTemplate('single-node'), 'x-distributed': fixtureTemplate('distributed') });
    const d = deps(scratch);
    expect(await exec(['access', '--assembly', dir, '--format', 'json'], d)).toBe(0);
    const json = JSON.parse(d.out()) as { designs: Record<string, { basis: string; summary: unknown; matrix: { differences: unknown[] } }>; comparison: { smallerBlastRadius: string } };
    expect(Object.keys(json.designs)).toEqual(['single-node', 'distributed']);
    expect(json.designs['single-node']!.basis).toBe('static');
    expect(json.designs.distributed!.matrix.differences).toEqual([]);
    expect(json.comparison.smallerBlastRadius).toBe('distributed');
  });

  it('exits 2 with one line when the assembly is missing', async () => {
    const d = deps(scratch);
    expect(await exec(['access', '--assembly', 'no-such-dir'], d)).toBe(2);
    expect(d.err()).toMatch(/^scalesim: no cloud assembly at .*no-such-dir .*run `npx cdk synth` first, or pass --assembly <dir>\n$/);
  });

  it('exits 2 for --format html, naming the formats it prints', async () => {
    const d = deps(scratch);
    expect(await exec(['access', '--format', 'html'], d)).toBe(2);
    expect(d.err()).toBe('scalesim: Invalid values: Argument: format, Given: "html", Choices: "md", "json"\n');
  });
});
