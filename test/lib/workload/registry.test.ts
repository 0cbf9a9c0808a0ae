import * as fs from 'fs';
import * as path from 'path';
import * as scenarioSchema from '../../../simulator/scenario/schema';
import { ACTOR_ROLES, DRIFT_KINDS, PII_CLASSES } from '../../../lib/workload/event-schema';
import { normalizeFieldName, parseRegistry } from '../../../lib/workload/registry';

const SHIPPED = path.join(__dirname, '..', '..', '..', 'scenarios', 'schemas', 'registry.json');

function minimal(over: Record<string, unknown> = {}, dsOver: Record<string, unknown> = {}, fields?: unknown[]) {
  return {
    registryVersion: 1,
    pipelines: ['p'],
    datasets: [{ name: 'a.b', schemaVersion: 1, owner: 't', upstream: [], fields: fields ?? [{ name: 'x', type: 'string' }], ...dsOver }],
    ...over,
  };
}

describe('parseRegistry', () => {
  test('the shipped registry is valid, ML-platform shaped, and big enough for every scenario', () => {
    const reg = parseRegistry(JSON.parse(fs.readFileSync(SHIPPED, 'utf8')), SHIPPED);
    expect(reg.datasets.length).toBeGreaterThanOrEqual(32); // scenarios/large.yaml uses 32
    expect(reg.pipelines.length).toBeGreaterThanOrEqual(8);
    expect(reg.datasets.map((d) => d.name)).toEqual(expect.arrayContaining(['features.user_activity_daily', 'training.runs', 'monitoring.prediction_drift']));
    for (const d of reg.datasets) expect(d.fields.filter((f) => f.variable)).toHaveLength(1);
  });

  test('normalizeFieldName pairs the rename spellings the generator uses', () => {
    expect(normalizeFieldName('user_id')).toBe('userid');
    expect(normalizeFieldName('userId')).toBe('userid');
    expect(normalizeFieldName('user_id_v2')).toBe('userid');
    expect(normalizeFieldName('recall_at_10')).toBe(normalizeFieldName('recallAt10'));
  });

  test.each([
    ['not an object', [], /\(top level\): expected an object, got a list/],
    ['wrong version', minimal({ registryVersion: 2 }), /registryVersion: expected 1, got 2/],
    ['bad description', minimal({ description: 3 }), /description: expected a string, got 3/],
    ['pipelines not a list', minimal({ pipelines: 'p' }), /pipelines: expected a list of strings, got "p"/],
    ['empty pipeline name', minimal({ pipelines: [''] }), /pipelines\[0\]: expected a non-empty string/],
    ['no pipelines', minimal({ pipelines: [] }), /pipelines: expected at least one pipeline/],
    ['no datasets', minimal({ datasets: [] }), /datasets: expected a non-empty list/],
    ['dataset not an object', minimal({ datasets: [1] }), /datasets\[0\]: expected an object, got 1/],
    ['bad dataset name', minimal({}, { name: 'Bad Name' }), /datasets\[0\]\.name: expected a dotted lowercase name/],
    ['duplicate dataset', { ...minimal(), datasets: [minimal().datasets[0], minimal().datasets[0]] }, /datasets\[1\]\.name: duplicate dataset "a.b"/],
    ['bad schemaVersion', minimal({}, { schemaVersion: 0 }), /datasets\[0\]\.schemaVersion: expected an integer >= 1, got 0/],
    ['no owner', minimal({}, { owner: '' }), /datasets\[0\]\.owner: expected a team name/],
    ['no fields', minimal({}, { fields: [] }), /datasets\[0\]\.fields: expected a non-empty list/],
    ['field not an object', minimal({}, {}, ['x']), /fields\[0\]: expected an object, got "x"/],
    ['bad field name', minimal({}, {}, [{ name: 'X-1', type: 'string' }]), /fields\[0\]\.name: expected a snake_case name/],
    ['reserved field name', minimal({}, {}, [{ name: 'constructor', type: 'string' }]), /constructor is reserved/],
    ['ambiguous renames', minimal({}, {}, [{ name: 'user_id', type: 'string' }, { name: 'userid', type: 'string' }]), /userid and user_id normalize to the same name \(userid\)/],
    ['bad type', minimal({}, {}, [{ name: 'x', type: 'float' }]), /fields\[0\]\.type: expected one of string, integer, number, boolean, timestamp, got "float"/],
    ['values on a number', minimal({}, {}, [{ name: 'x', type: 'number', values: ['a'] }]), /only string fields take a vocabulary/],
    ['empty vocabulary', minimal({}, {}, [{ name: 'x', type: 'string', values: [] }]), /expected at least one value/],
    ['range on a string', minimal({}, {}, [{ name: 'x', type: 'string', min: 1 }]), /only integer and number fields take a range/],
    ['range not a number', minimal({}, {}, [{ name: 'x', type: 'integer', max: 'big' }]), /fields\[0\]\.max: expected a number, got "big"/],
    ['min above max', minimal({}, {}, [{ name: 'x', type: 'integer', min: 5, max: 1 }]), /fields\[0\]\.min: 5 is above max 1/],
    ['variable not true', minimal({}, {}, [{ name: 'x', type: 'string', variable: false }]), /variable: expected true or absent, got false/],
    ['variable on an integer', minimal({}, {}, [{ name: 'x', type: 'integer', variable: true }]), /only a string field can be the variable-length field/],
    ['two variable fields', minimal({}, {}, [{ name: 'x', type: 'string', variable: true }, { name: 'y', type: 'string', variable: true }]), /at most one field may be variable, found 2/],
  ])('rejects %s, naming the path and value', (_name, raw, message) => {
    expect(() => parseRegistry(raw, 'reg.json')).toThrow(message);
    expect(() => parseRegistry(raw, 'reg.json')).toThrow(/^reg\.json: /);
  });
});

describe('event schema enums', () => {
  test('repeat the scenario format’s enums exactly', () => {
    expect(PII_CLASSES).toEqual(scenarioSchema.PII_CLASSES);
    expect(ACTOR_ROLES).toEqual(scenarioSchema.ACTOR_ROLES);
    expect(DRIFT_KINDS).toEqual(scenarioSchema.DRIFT_KINDS);
  });
});
