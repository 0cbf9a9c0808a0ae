import * as fs from 'fs';
import { parseScenario } from '../../../simulator/scenario/load';
import { applyConfiguration } from '../../../simulator/tune/search-space';
import { tunedChanges, tunedScenarioText } from '../../../simulator/tune/tuned-yaml';
import { BASELINE, BASELINE_FILE } from './fixtures';

const TEXT = fs.readFileSync(BASELINE_FILE, 'utf8');
const tuned = applyConfiguration(
  applyConfiguration(BASELINE, { design: 'distributed', memoryMiB: 1024, architecture: 'x86_64', maxConcurrency: 8, partitionsPerInvocation: 2, partitions: 64 }, { lambdaTimeoutSeconds: 400 }),
  { design: 'single-node', vcpu: 4, memoryMiB: 8192, architecture: 'x86_64', workers: 2 },
);

describe('tuned.yaml', () => {
  const text = tunedScenarioText(TEXT, BASELINE, tuned, ['Tuned by a test.', 'second line']);

  test('reads back as the tuned scenario', () => {
    expect(parseScenario(text, 'tuned.yaml')).toEqual(tuned);
  });

  test('changes only the tuned values: every other line, comment and alignment is the original’s', () => {
    const before = TEXT.split('\n');
    const after = text.split('\n');
    expect(after.slice(0, 2)).toEqual(['# Tuned by a test.', '# second line']);
    const body = after.slice(2);
    // One line added (singleNode.workers, which the baseline leaves at its default).
    expect(body).toHaveLength(before.length + 1);
    const changed = body.filter((l) => !before.includes(l));
    expect(changed).toEqual([
      '  partitions: 64           # raw-zone objects; the unit of parallelism',
      '  fargate: { vcpu: 4, memoryMiB: 8192, architecture: x86_64 }',
      '  workers: 2',
      '  lambda: { memoryMiB: 1024, timeoutSeconds: 400, architecture: x86_64, reservedConcurrency: 10 }',
      '  map: { maxConcurrency: 8, partitionsPerInvocation: 2, mode: auto }',
    ]);
  });

  test('a shorter or longer value keeps the trailing comment in its column', () => {
    const column = (t: string) => t.split('\n').find((l) => l.startsWith('  partitions:'))!.indexOf('#');
    for (const partitions of [8, 4096]) {
      const t = tunedScenarioText(TEXT, BASELINE, { ...BASELINE, workload: { ...BASELINE.workload, partitions } }, ['x']);
      expect(column(t)).toBe(column(TEXT));
      expect(parseScenario(t).workload.partitions).toBe(partitions);
    }
  });

  test('lists what it changes, field by field', () => {
    expect(tunedChanges(BASELINE, tuned)).toEqual([
      'workload.partitions: 32 → 64',
      'distributed.lambda.memoryMiB: 1769 → 1024',
      'distributed.lambda.architecture: arm64 → x86_64',
      'distributed.lambda.reservedConcurrency: 20 → 10',
      'distributed.lambda.timeoutSeconds: 300 → 400',
      'distributed.map.maxConcurrency: 16 → 8',
      'distributed.map.partitionsPerInvocation: 1 → 2',
      'singleNode.fargate.vcpu: 2 → 4',
      'singleNode.fargate.memoryMiB: 4096 → 8192',
      'singleNode.fargate.architecture: arm64 → x86_64',
      'singleNode.workers: unset (2 by default) → 2',
    ]);
    expect(tunedChanges(BASELINE, BASELINE)).toEqual([]);
  });

  test('a file whose parent of a new field is a flow mapping is written whole, with the same content', () => {
    const flow = TEXT.replace(/^singleNode:\n( {2}.*\n)+/m, 'singleNode: { fargate: { vcpu: 2, memoryMiB: 4096, architecture: arm64 }, timeoutMinutes: 60 }\n');
    const original = parseScenario(flow);
    const out = tunedScenarioText(flow, original, { ...original, singleNode: { ...original.singleNode, workers: 3 } }, ['x']);
    expect(parseScenario(out).singleNode.workers).toBe(3);
    expect(out.startsWith('# x\n')).toBe(true);
  });
});
