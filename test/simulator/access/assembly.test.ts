import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { accessFromAssembly, readAssemblyTemplates } from '../../../simulator/access/assembly';
import { UserError } from '../../../simulator/errors';
import { fixtureTemplate } from '../../fixtures/access/templates';
import { assemblyRoot, removeAssemblies, writeAssembly } from './assembly-fixture';

afterAll(removeAssemblies);

describe('reading the two designs out of a cloud assembly', () => {
  it('finds the stacks whose ids end in -single-node and -distributed, with their region', async () => {
    const dir = writeAssembly('ok', { 'scalesim-skewed-single-node': fixtureTemplate('single-node'), 'scalesim-skewed-distributed': fixtureTemplate('distributed') }, 'aws://unknown-account/eu-west-1');
    const t = readAssemblyTemplates(dir);
    expect(t['single-node']).toMatchObject({ stackId: 'scalesim-skewed-single-node', region: 'eu-west-1' });
    expect(t.distributed.file).toBe(path.join(dir, 'scalesim-skewed-distributed.template.json'));
    const results = await accessFromAssembly(dir);
    expect(results.designs.distributed.design).toBe('distributed');
    expect(results.comparison.smallerBlastRadius).toBe('distributed');
  });

  it('tells the user to synth when there is no assembly', () => {
    expect(() => readAssemblyTemplates(path.join(assemblyRoot(), 'nothing-here'))).toThrow(UserError);
    expect(() => readAssemblyTemplates(path.join(assemblyRoot(), 'nothing-here'))).toThrow(/no cloud assembly at .*nothing-here .*manifest\.json does not exist\): run `npx cdk synth` first, or pass --assembly <dir>/);
  });

  it('rejects a manifest that cannot be parsed', () => {
    const dir = path.join(assemblyRoot(), 'bad-manifest');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'manifest.json'), '{ not json');
    expect(() => readAssemblyTemplates(dir)).toThrow(/manifest\.json cannot be read \(.*\): run `npx cdk synth` first/);
  });

  it('needs exactly one stack per design', () => {
    const none = writeAssembly('one-design', { 'scalesim-baseline-single-node': fixtureTemplate('single-node') });
    expect(() => readAssemblyTemplates(none)).toThrow(/has 0 stacks whose id ends in -distributed \(stacks: scalesim-baseline-single-node\); expected exactly one/);
    const two = writeAssembly('two-scenarios', {
      'scalesim-a-single-node': fixtureTemplate('single-node'),
      'scalesim-b-single-node': fixtureTemplate('single-node'),
      'scalesim-a-distributed': fixtureTemplate('distributed'),
    });
    expect(() => readAssemblyTemplates(two)).toThrow(/has 2 stacks whose id ends in -single-node .*run `npx cdk synth` for one scenario/);
  });

  it('rejects a template that is not JSON, or not a template', () => {
    const broken = writeAssembly('broken', { 'x-single-node': '{', 'x-distributed': fixtureTemplate('distributed') });
    expect(() => readAssemblyTemplates(broken)).toThrow(/cannot read the single-node template .*x-single-node\.template\.json: .*; run `npx cdk synth` again/);
    const notTemplate = writeAssembly('not-template', { 'x-single-node': fixtureTemplate('single-node'), 'x-distributed': '{"Outputs":{}}' });
    expect(() => readAssemblyTemplates(notTemplate)).toThrow(/x-distributed\.template\.json is not a CloudFormation template \(no Resources\)/);
  });
});
