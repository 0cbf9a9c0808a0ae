import * as os from 'os';
import * as path from 'path';
import type { EmulatorSession } from '../../../simulator/emulator/types';
import { UserError } from '../../../simulator/errors';
import { runScenario } from '../../../simulator/run/run-scenario';
import { loadScenario } from '../../../simulator/scenario/load';

const loaded = loadScenario(path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml'));
/** Never reached: an invalid override stops the run before it synthesizes or touches the target. */
const session = new Proxy({}, { get: () => { throw new Error('the session was used'); } }) as EmulatorSession;

describe('runScenario: overrides obey the scenario rules (scenario/overrides.ts)', () => {
  test('more partitions than events stops before any work, naming the flags', async () => {
    const run = runScenario({ loaded, designs: ['single-node'], session, assemblyDir: path.join(os.tmpdir(), 'never'), events: 10, partitions: 20, command: 'test', log: () => undefined });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/^--events 10 --partitions 20: the scenario baseline with this override is not valid: /);
  });
});
