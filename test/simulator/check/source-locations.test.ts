import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { locationFromFrames, readSourceLocations } from '../../../simulator/check/source-locations';

const ROOT = '/repo';

describe('locationFromFrames', () => {
  test('takes the innermost frame of the app, skipping the folded library frames, relative to the root', () => {
    const loc = locationFromFrames(
      [
        '...Grant.addToPrincipal in aws-cdk-lib...',
        'DataZones.grant (/repo/lib/constructs/data-zones.ts:122:17)',
        'new AccessModel (/repo/lib/constructs/access-model.ts:49:43)',
        'new DataPlatform (/repo/lib/constructs/data-platform.ts:44:24)',
      ],
      ROOT,
    );
    expect(loc).toEqual({
      file: 'lib/constructs/data-zones.ts',
      line: 122,
      column: 17,
      frames: ['DataZones.grant (lib/constructs/data-zones.ts:122:17)', 'new AccessModel (lib/constructs/access-model.ts:49:43)', 'new DataPlatform (lib/constructs/data-platform.ts:44:24)'],
    });
  });

  test('ignores node_modules, node internals, files outside the root and frames it cannot parse', () => {
    expect(
      locationFromFrames(
        ['at Object.<anonymous> (/repo/node_modules/aws-cdk-lib/core/lib/x.js:1:2)', 'node:internal/modules/cjs/loader:1:1', 'f (/elsewhere/app.ts:3:4)', '(no user code in 10 frames, use --stack-trace-limit to capture more)'],
        ROOT,
      ),
    ).toBeUndefined();
    expect(locationFromFrames(['/repo/bin/app.ts:20:1'], ROOT)).toMatchObject({ file: 'bin/app.ts', line: 20, column: 1 });
  });
});

describe('readSourceLocations', () => {
  test('maps each logical id to its creation stack from the stack metadata file, and gives none without metadata', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-check-sources-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'manifest.json'),
        JSON.stringify({ version: '55.0.0', artifacts: { 's-distributed': { type: 'aws:cloudformation:stack', additionalMetadataFile: 's-distributed.metadata.json' }, bare: { type: 'aws:cloudformation:stack' } } }),
      );
      fs.writeFileSync(
        path.join(dir, 's-distributed.metadata.json'),
        JSON.stringify({
          '/s-distributed/Platform/Access/MlEngineer/Resource': [
            { type: 'aws:cdk:logicalId', data: 'PlatformAccessMlEngineerFEFA6396' },
            { type: 'aws:cdk:creationStack', data: ['...new Role2 in aws-cdk-lib...', 'new AccessModel (/repo/lib/constructs/access-model.ts:42:20)'] },
          ],
          '/s-distributed/Other/Resource': [{ type: 'aws:cdk:logicalId', data: 'Other' }],
        }),
      );
      const m = readSourceLocations(dir, 's-distributed', ROOT);
      expect([...m.keys()]).toEqual(['PlatformAccessMlEngineerFEFA6396']);
      expect(m.get('PlatformAccessMlEngineerFEFA6396')).toMatchObject({ file: 'lib/constructs/access-model.ts', line: 42 });
      expect(readSourceLocations(dir, 'bare', ROOT).size).toBe(0);
      expect(readSourceLocations(path.join(dir, 'missing'), 's-distributed', ROOT).size).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
