import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readAssembly, substitutePlaceholders } from '../../../simulator/assembly/read';
import { synthesize } from '../../../simulator/deploy/synth';
import { UserError } from '../../../simulator/errors';
import { fixtureTemplate } from '../../fixtures/access/templates';
import { assemblyRoot, removeAssemblies, writeAssembly } from '../access/assembly-fixture';
import { scenario } from '../../lib/stack-fixtures';

afterAll(removeAssemblies);

describe('readAssembly: the two designs out of a cloud assembly', () => {
  it('finds the stacks whose ids end in -single-node and -distributed, with their region and template', () => {
    const dir = writeAssembly('ok', { 'scalesim-skewed-single-node': fixtureTemplate('single-node'), 'scalesim-skewed-distributed': fixtureTemplate('distributed') }, 'aws://unknown-account/eu-west-1');
    const a = readAssembly(dir);
    expect(a['single-node']).toMatchObject({ design: 'single-node', stackId: 'scalesim-skewed-single-node', stackName: 'scalesim-skewed-single-node', region: 'eu-west-1' });
    expect(a.distributed.templateFile).toBe(path.join(dir, 'scalesim-skewed-distributed.template.json'));
    expect(a.distributed.template).toEqual(fixtureTemplate('distributed'));
  });

  it('reads what `cdk synth` wrote: assets, tags, bootstrap version and every resource construct path', () => {
    const dir = path.join(assemblyRoot(), 'synth');
    synthesize(scenario('baseline'), dir);
    const a = readAssembly(dir);
    for (const design of ['single-node', 'distributed'] as const) {
      const s = a[design];
      expect(s.stackName).toBe(`scalesim-baseline-${design}`);
      expect(s.region).toBe('us-east-1');
      expect(s.tags).toEqual({ 'scalesim:design': design });
      expect(s.requiresBootstrapVersion).toBe(6);
      expect(s.bootstrapVersionParameter).toBe('/cdk-bootstrap/hnb659fds/version');
      // The template is published as a file asset; cdk deploy uploads it to the bootstrap bucket.
      expect(s.fileAssets.some((f) => path.basename(f.sourcePath) === path.basename(s.templateFile) && f.packaging === 'file')).toBe(true);
      expect(s.fileAssets.every((f) => f.bucketName.includes('${AWS::AccountId}'))).toBe(true);
      // Every resource of the template has its construct path (from the assembly's metadata).
      const logicalIds = Object.keys(s.template.Resources);
      expect(logicalIds.filter((id) => !s.resourcePaths[id])).toEqual([]);
      for (const id of logicalIds) expect(s.resourcePaths[id]).toMatch(new RegExp(`^scalesim-baseline-${design}/`));
    }
    // The Lambda code is a zip asset of the distributed design only.
    expect(a.distributed.fileAssets.filter((f) => f.packaging === 'zip')).toHaveLength(1);
    expect(a['single-node'].fileAssets.filter((f) => f.packaging === 'zip')).toHaveLength(0);
    const worker = Object.entries(a.distributed.template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function')![0];
    expect(a.distributed.resourcePaths[worker]).toBe('scalesim-baseline-distributed/Worker/Resource');
    // Where the app created it: the creation stack's frames name the stack's source file in lib/.
    expect(a.distributed.creationStacks[worker]!.some((f) => f.includes(path.join('lib', 'stacks', 'distributed-stack.ts')))).toBe(true);
  }, 120_000);

  it('pairs each creation stack with the logical id of the same construct path, from manifest.json and the additional metadata file', () => {
    const dir = writeAssembly('creation-stacks', { 's-single-node': fixtureTemplate('single-node'), 's-distributed': fixtureTemplate('distributed') });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, Record<string, unknown>> };
    manifest.artifacts['s-distributed']!.additionalMetadataFile = 's-distributed.metadata.json';
    manifest.artifacts['s-distributed']!.metadata = { '/s-distributed/Inline/Resource': [{ type: 'aws:cdk:logicalId', data: 'Inline' }, { type: 'aws:cdk:creationStack', data: ['new X (/repo/lib/x.ts:1:2)'] }] };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(
      path.join(dir, 's-distributed.metadata.json'),
      JSON.stringify({
        '/s-distributed/Platform/Access/MlEngineer/Resource': [
          { type: 'aws:cdk:logicalId', data: 'PlatformAccessMlEngineerFEFA6396' },
          { type: 'aws:cdk:creationStack', data: ['...new Role2 in aws-cdk-lib...', 'new AccessModel (/repo/lib/constructs/access-model.ts:42:20)'] },
        ],
        '/s-distributed/Other/Resource': [{ type: 'aws:cdk:logicalId', data: 'Other' }],
      }),
    );
    const a = readAssembly(dir);
    expect(a.distributed.creationStacks).toEqual({
      Inline: ['new X (/repo/lib/x.ts:1:2)'],
      PlatformAccessMlEngineerFEFA6396: ['...new Role2 in aws-cdk-lib...', 'new AccessModel (/repo/lib/constructs/access-model.ts:42:20)'],
    });
    expect(a.distributed.resourcePaths).toEqual({ Inline: 's-distributed/Inline/Resource', PlatformAccessMlEngineerFEFA6396: 's-distributed/Platform/Access/MlEngineer/Resource', Other: 's-distributed/Other/Resource' });
    expect(a['single-node'].creationStacks).toEqual({});
  });

  it('tells the user to synth when there is no assembly', () => {
    const none = path.join(assemblyRoot(), 'nothing-here');
    expect(() => readAssembly(none)).toThrow(UserError);
    expect(() => readAssembly(none)).toThrow(/no cloud assembly at .*nothing-here .*manifest\.json does not exist\): run `npx cdk synth` first, or pass --assembly <dir>/);
  });

  it('rejects a manifest that cannot be parsed, or of an unknown schema', () => {
    const dir = path.join(assemblyRoot(), 'bad-manifest');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'manifest.json'), '{ not json');
    expect(() => readAssembly(dir)).toThrow(/^no usable cloud assembly at .*bad-manifest \(.*manifest\.json cannot be read: .*\): run `npx cdk synth` first/);
    const future = path.join(assemblyRoot(), 'future-manifest');
    mkdirSync(future, { recursive: true });
    writeFileSync(path.join(future, 'manifest.json'), JSON.stringify({ version: '999.0.0', artifacts: {} }));
    expect(() => readAssembly(future)).toThrow(/^no usable cloud assembly at .*future-manifest \(.*manifest\.json cannot be read: .*999\.0\.0.*\)/);
  });

  it('needs exactly one stack per design', () => {
    const none = writeAssembly('one-design', { 'scalesim-baseline-single-node': fixtureTemplate('single-node') });
    expect(() => readAssembly(none)).toThrow(/has 0 stacks whose id ends in -distributed \(stacks: scalesim-baseline-single-node\); expected exactly one/);
    const two = writeAssembly('two-scenarios', {
      'scalesim-a-single-node': fixtureTemplate('single-node'),
      'scalesim-b-single-node': fixtureTemplate('single-node'),
      'scalesim-a-distributed': fixtureTemplate('distributed'),
    });
    expect(() => readAssembly(two)).toThrow(/has 2 stacks whose id ends in -single-node .*run `npx cdk synth` for one scenario/);
  });

  it('rejects a template that is not JSON, or not a template', () => {
    const broken = writeAssembly('broken', { 'x-single-node': '{', 'x-distributed': fixtureTemplate('distributed') });
    expect(() => readAssembly(broken)).toThrow(/cannot read the single-node template .*x-single-node\.template\.json: .*; run `npx cdk synth` again/);
    const notTemplate = writeAssembly('not-template', { 'x-single-node': fixtureTemplate('single-node'), 'x-distributed': '{"Outputs":{}}' });
    expect(() => readAssembly(notTemplate)).toThrow(/x-distributed\.template\.json is not a CloudFormation template \(no Resources\)/);
  });

  it('fills the placeholders of an asset destination', () => {
    expect(substitutePlaceholders('cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}', { account: '123456789012', region: 'eu-west-1' })).toBe('cdk-hnb659fds-assets-123456789012-eu-west-1');
    expect(substitutePlaceholders('arn:${AWS::Partition}:s3', { account: 'a', region: 'r', partition: 'aws-cn' })).toBe('arn:aws-cn:s3');
  });
});
