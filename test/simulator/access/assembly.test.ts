import { accessFromAssembly } from '../../../simulator/access/assembly';
import { fixtureTemplate } from '../../fixtures/access/templates';
import { removeAssemblies, writeAssembly } from './assembly-fixture';

afterAll(removeAssemblies);

describe('access analysis from a cloud assembly', () => {
  it('analyses both designs read by the assembly reader (simulator/assembly/read.ts)', async () => {
    const dir = writeAssembly('ok', { 'scalesim-skewed-single-node': fixtureTemplate('single-node'), 'scalesim-skewed-distributed': fixtureTemplate('distributed') }, 'aws://unknown-account/eu-west-1');
    const results = await accessFromAssembly(dir);
    expect(results.designs.distributed.design).toBe('distributed');
    expect(results.designs['single-node'].design).toBe('single-node');
    expect(results.comparison.smallerBlastRadius).toBe('distributed');
  });
});
