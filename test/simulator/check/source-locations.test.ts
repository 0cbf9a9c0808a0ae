import { locationFromFrames } from '../../../simulator/check/source-locations';
import { sourceLocations } from '../../../simulator/check/synthesize';

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

describe('sourceLocations', () => {
  test('maps each logical id to where the app created it, leaving out creation stacks with no frame of the app', () => {
    const m = sourceLocations(
      {
        PlatformAccessMlEngineerFEFA6396: ['...new Role2 in aws-cdk-lib...', 'new AccessModel (/repo/lib/constructs/access-model.ts:42:20)'],
        LibraryOnly: ['...new Bucket in aws-cdk-lib...'],
      },
      ROOT,
    );
    expect([...m.keys()]).toEqual(['PlatformAccessMlEngineerFEFA6396']);
    expect(m.get('PlatformAccessMlEngineerFEFA6396')).toMatchObject({ file: 'lib/constructs/access-model.ts', line: 42, column: 20 });
    expect(sourceLocations({}, ROOT).size).toBe(0);
  });
});
