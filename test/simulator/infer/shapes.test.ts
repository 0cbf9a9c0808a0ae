import { InferenceError, ShapeCollector } from '../../../simulator/infer/shapes';
import { applyMapping, MappingError, parseMapping } from '../../../simulator/infer/mapping';

describe('ShapeCollector', () => {
  const add = (c: ShapeCollector, payload: Record<string, unknown>, dataset = 'ml.runs', n = 1) => {
    for (let i = 0; i < n; i++) c.add({ dataset, payload, schemaVersion: 3, upstream: ['raw.x'], pipeline: 'p1' }, `line ${i + 1} of f`);
  };

  it('registers the dominant key set, typed by most values, and reads the rest as drift', () => {
    const c = new ShapeCollector();
    add(c, { run_id: 'r1', loss: 0.25, epochs: 3, ok: true, at: '2026-01-01T00:00:00.000Z', notes: 'a long free text field' }, 'ml.runs', 90);
    add(c, { run_id: 'r1', loss: 1, epochs: 3, ok: true, at: '2026-01-01T00:00:00.000Z', notes: 'x' }, 'ml.runs', 8);
    add(c, { runId: 'r1', loss: 0.5, epochs: 3, ok: true, at: '2026-01-01T00:00:00.000Z', notes: 'x' }, 'ml.runs', 2);
    const { registry, warnings, dominance } = c.build('test');
    expect(warnings).toEqual([]);
    expect(registry.datasets[0]!.fields).toEqual([
      { name: 'run_id', type: 'string' },
      { name: 'loss', type: 'number', min: 0.25, max: 1 },
      { name: 'epochs', type: 'integer', min: 3, max: 3 },
      { name: 'ok', type: 'boolean' },
      { name: 'at', type: 'timestamp' },
      { name: 'notes', type: 'string', variable: true },
    ]);
    expect(dominance).toEqual([{ dataset: 0, share: 0.98, records: 100 }]);
    expect(registry).toMatchObject({ pipelines: ['p1'], datasets: [{ name: 'ml.runs', schemaVersion: 3, upstream: ['raw.x'], owner: 'unknown' }] });
  });

  it('leaves out what the registry cannot hold, and says so without quoting the data', () => {
    const c = new ShapeCollector();
    add(c, { good_field: 'a', camelCase: 'b', nested: { x: 1 }, constructor: 'c' }, 'ml.runs', 5);
    add(c, { x: 1 }, 'Not-A-Name', 5);
    const { registry, warnings } = c.build('test');
    expect(registry.datasets.map((d) => d.fields.map((f) => f.name))).toEqual([['good_field']]);
    expect(warnings).toEqual([
      expect.stringMatching(/^dataset #1 by records \(first seen at line 1 of f\): its name is not a dotted lowercase name.*left out, so its 5 records count as unknown_dataset$/),
      expect.stringMatching(/^dataset #2 .*: payload field #2: its name is not a snake_case name/),
      expect.stringMatching(/^dataset #2 .*: payload field #3: most values are null, objects or lists/),
      expect.stringMatching(/^dataset #2 .*: payload field #4: its name is not a snake_case name/),
    ]);
    expect(warnings.join(' ')).not.toMatch(/camelCase|nested|Not-A-Name/);
  });

  it('refuses to build from nothing', () => {
    expect(() => new ShapeCollector().build('x')).toThrow(InferenceError);
  });
});

describe('field mapping', () => {
  it('reads documented fields from the mapped paths, the rest under their own names', () => {
    const m = parseMapping({ event_id: 'id', 'lineage.upstream': 'meta.inputs', 'access.classification': 'pii' });
    expect(applyMapping({ id: 'e1', dataset: 'd', meta: { inputs: ['a.b'] }, pii: 'email', access: { actor_role: 'service' }, extra: 1 }, m)).toEqual({
      event_id: 'e1',
      dataset: 'd',
      lineage: { upstream: ['a.b'] },
      access: { classification: 'email', actor_role: 'service' },
    });
    expect(applyMapping([1, 2], m)).toEqual([1, 2]);
  });

  it.each([
    [[], /expected a JSON object/],
    [{ id: 'x' }, /"id" is not a documented field; allowed: event_id, pipeline/],
    [{ event_id: 'a..b' }, /event_id: expected a dotted field path/],
    [{ event_id: '__proto__.x' }, /event_id: expected a dotted field path/],
    [{ event_id: 7 }, /event_id: expected a dotted field path such as meta\.id, got number/],
  ])('refuses %j', (raw, message) => {
    expect(() => parseMapping(raw, 'map.json')).toThrow(MappingError);
    expect(() => parseMapping(raw, 'map.json')).toThrow(message);
  });
});
