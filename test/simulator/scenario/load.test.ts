import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { UserError } from '../../../simulator/errors';
import { loadScenario, parseScenario } from '../../../simulator/scenario/load';

const SCENARIOS = path.join(__dirname, '..', '..', '..', 'scenarios');
const baselineText = fs.readFileSync(path.join(SCENARIOS, 'baseline.yaml'), 'utf8');

/** The baseline with one field replaced (dotted path), rendered back to YAML. */
function withField(dotted: string, value: unknown): string {
  const doc = YAML.parse(baselineText) as Record<string, unknown>;
  const parts = dotted.split('.');
  let cur = doc;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  if (value === undefined) delete cur[parts[parts.length - 1]];
  else cur[parts[parts.length - 1]] = value;
  return YAML.stringify(doc);
}

describe('scenario loader', () => {
  test.each(['baseline', 'skewed', 'drift-heavy', 'large'])('ships a valid %s scenario', (name) => {
    const loaded = loadScenario(path.join(SCENARIOS, `${name}.yaml`));
    expect(loaded.scenario.name).toBe(name);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.registryFile).toBe(path.join(SCENARIOS, 'schemas', 'registry.json'));
  });

  test('baseline is about 1M events and large is 100M+', () => {
    expect(loadScenario(path.join(SCENARIOS, 'baseline.yaml')).scenario.workload.events).toBe(1_000_000);
    expect(loadScenario(path.join(SCENARIOS, 'large.yaml')).scenario.workload.events).toBeGreaterThanOrEqual(100_000_000);
  });

  test('defaults fill optional sections', () => {
    const s = parseScenario(baselineText);
    expect(s.faults.lambda).toEqual({ throwRate: 0, timeoutRate: 0, oomRate: 0, throttleRate: 0 });
    expect(s.workload.datasets).toBe(8);
  });

  test.each<[string, unknown, RegExp]>([
    ['distributed.lambda.memoryMiB', 64, /^scenario: distributed\.lambda\.memoryMiB: got 64, expected >= 128$/],
    ['distributed.lambda.memoryMiB', 10241, /distributed\.lambda\.memoryMiB: got 10241, expected <= 10240/],
    ['distributed.lambda.memoryMiB', 'lots', /distributed\.lambda\.memoryMiB: got "lots", expected number/],
    ['distributed.lambda.timeoutSeconds', 901, /distributed\.lambda\.timeoutSeconds: got 901, expected <= 900/],
    ['distributed.lambda.architecture', 'sparc', /distributed\.lambda\.architecture: got "sparc", expected one of "x86_64", "arm64"/],
    ['singleNode.fargate.vcpu', 3, /singleNode\.fargate\.vcpu: got 3, not a Fargate vCPU size; allowed: 0\.25, 0\.5, 1, 2, 4, 8, 16/],
    ['singleNode.fargate.memoryMiB', 1024, /singleNode\.fargate\.memoryMiB: got 1024, not a Fargate size for 2 vCPU; allowed: .*2 vCPU: 4096-16384 MiB/],
    ['workload.events', -5, /workload\.events: got -5, expected >= 1/],
    ['workload.events', 1.5, /workload\.events: got 1\.5, expected an integer/],
    ['workload.partitions', 2_000_000, /workload\.partitions: got 2000000, expected <= 1000000/],
    ['workload.duplicateRate', 1.5, /workload\.duplicateRate: got 1\.5, expected <= 1/],
    ['workload.schemaDrift.kinds', { field_added: 0 }, /workload\.schemaDrift\.kinds: .*at least one weight must be above 0/],
    ['workload.access.piiClasses', { passport: 1 }, /workload\.access\.piiClasses.*passport/],
    ['workload.compression', 'zstd', /workload\.compression: got "zstd", expected one of "none", "gzip"/],
    ['seed', undefined, /seed: missing, expected number/],
    ['region', 'mars-1', /region: got "mars-1", an AWS region code such as us-east-1/],
    ['name', 'Has Spaces', /name: got "Has Spaces", lowercase letters, digits and dashes/],
    ['distributed.map.partitionsPerInvocation', 64, /distributed\.map\.partitionsPerInvocation: got 64, must not exceed workload\.partitions \(32\)/],
    ['singleNode.workers', 0, /singleNode\.workers: got 0, expected >= 1/],
    ['singleNode.workers', 33, /singleNode\.workers: got 33, expected <= 32/],
    ['singleNode.workers', 2.5, /singleNode\.workers: got 2\.5, expected an integer/],
  ])('rejects %s = %p with a one-line message naming the field', (field, value, message) => {
    let err: unknown;
    try {
      parseScenario(withField(field, value));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  test('rejects unknown keys and lists the allowed ones', () => {
    expect(() => parseScenario(withField('distributed.lambda.memorySize', 512))).toThrow(
      /distributed\.lambda: unknown key 'memorySize'; allowed: memoryMiB, timeoutSeconds, architecture, reservedConcurrency/,
    );
    expect(() => parseScenario(`${baselineText}\nbogus: 1\n`)).toThrow(/unknown key 'bogus'; allowed: name, description, seed, region/);
  });

  test('rejects events fewer than partitions', () => {
    expect(() => parseScenario(withField('workload.events', 10))).toThrow(/workload\.partitions: got 32, must not exceed workload\.events \(10\)/);
  });

  test('rejects YAML syntax errors, non-mappings and duplicate keys', () => {
    expect(() => parseScenario('name: [unclosed')).toThrow(/not valid YAML/);
    expect(() => parseScenario('- a\n- b\n')).toThrow(/expected a mapping of scenario fields at the top level, got a list/);
    expect(() => parseScenario('name: a\nname: b\n')).toThrow(/not valid YAML: Map keys must be unique/);
  });

  test('a missing file is a user error that names it', () => {
    expect(() => loadScenario(path.join(os.tmpdir(), 'no-such-scenario.yaml'))).toThrow(/cannot read scenario .*no-such-scenario\.yaml: ENOENT/);
  });

  test('an oversized file is refused before parsing', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scn-')), 'huge.yaml');
    fs.writeFileSync(file, 'x'.repeat(1_000_001));
    expect(() => loadScenario(file)).toThrow(/scenario is 1000001 bytes; the limit is 1000000/);
  });

  test('lists more than three problems as a count on the same line', () => {
    const doc = YAML.parse(baselineText) as Record<string, Record<string, unknown>>;
    doc.workload.events = -1;
    doc.workload.duplicateRate = 2;
    doc.workload.corruptRate = 2;
    doc.workload.datasets = 0;
    expect(() => parseScenario(YAML.stringify(doc))).toThrow(/; .*; .* \(and [1-9]\d* more\)$/);
  });
});

describe('cross-field rules', () => {
  const withFaults = (yaml: string) => parseScenario(`${baselineText}\nfaults:\n${yaml}\n`);
  test('Lambda fault rates are shares of the same invocations: at most 1 together', () => {
    expect(() => withFaults('  lambda: { throwRate: 0.6, timeoutRate: 0.5 }')).toThrow(/faults\.lambda: got 1\.1, throwRate \+ timeoutRate \+ oomRate \+ throttleRate must add up to at most 1/);
    expect(withFaults('  lambda: { throwRate: 0.5, timeoutRate: 0.5 }').faults.lambda.throwRate).toBe(0.5);
  });
  test('a crash index at or above the partition count would never crash', () => {
    expect(() => withFaults('  singleNode: { crashAfterPartitions: 32 }')).toThrow(/faults\.singleNode\.crashAfterPartitions: got 32, must be less than workload\.partitions \(32\)/);
    expect(withFaults('  singleNode: { crashAfterPartitions: 31 }').faults.singleNode.crashAfterPartitions).toBe(31);
  });
  test('an inline Map too large for its execution history is refused; auto picks a Distributed Map instead', () => {
    const text = baselineText.replace('partitions: 32 ', 'partitions: 5000 ');
    expect(() => parseScenario(text.replace('mode: auto', 'mode: inline'))).toThrow(/distributed\.map\.mode: got "inline", an inline Map of 5000 items/);
    expect(parseScenario(text).distributed.map.mode).toBe('auto');
  });
  test('a schemaRegistry must stay inside the scenario folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scn-reg-'));
    for (const reg of ['../registry.json', '/etc/passwd', 'schemas/../../x.json']) {
      fs.writeFileSync(path.join(dir, 's.yaml'), baselineText.replace('schemaRegistry: schemas/registry.json', `schemaRegistry: ${reg}`));
      expect(() => loadScenario(path.join(dir, 's.yaml'))).toThrow(/workload\.schemaRegistry: got .*, expected a path relative to the scenario that stays inside its folder/);
    }
  });
  test('an unknown YAML tag is an error on one line, not a Node warning', () => {
    const warn = jest.spyOn(process, 'emitWarning');
    try {
      expect(() => parseScenario(baselineText.replace('name: baseline', 'name: !custom baseline'))).toThrow(/^scenario: not valid YAML: unknown tag !custom at line 3, column 7/);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
