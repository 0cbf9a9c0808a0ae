import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assemblyCacheKey, synthesizeCached } from '../../../simulator/deploy/synth-cache';
import { scenario } from '../../lib/stack-fixtures';

describe('synthesizeCached', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-asm-cache-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-asm-out-'));
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('synthesizes once, then reuses the same templates for the same inputs', () => {
    const s = scenario('baseline');
    const first = synthesizeCached(s, path.join(out, 'a'), root);
    expect(first.reused).toBe(false);
    const second = synthesizeCached(s, path.join(out, 'b'), root);
    expect(second).toEqual({ reused: true, key: first.key });
    for (const f of ['scalesim-baseline-single-node.template.json', 'scalesim-baseline-distributed.template.json', 'manifest.json']) {
      expect(fs.readFileSync(path.join(out, 'b', f), 'utf8')).toBe(fs.readFileSync(path.join(out, 'a', f), 'utf8'));
    }
    expect(fs.existsSync(path.join(out, 'b', '.complete'))).toBe(false);
  }, 120_000);

  test('an entry that cannot be copied (pruned or replaced by another process meanwhile) is synthesized again, not an error', () => {
    const s = scenario('baseline');
    const key = assemblyCacheKey(s);
    const entry = path.join(root, key);
    // A FIFO makes fs.cpSync throw part-way through the copy, as a concurrent prune would.
    execFileSync('mkfifo', [path.join(entry, 'in-the-way')]);
    const again = synthesizeCached(s, path.join(out, 'c'), root);
    expect(again).toEqual({ reused: false, key });
    expect(fs.existsSync(path.join(out, 'c', 'manifest.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'c', 'in-the-way'))).toBe(false);
    // The complete entry another process stored is kept, and no temporary copy is left behind.
    expect(fs.readdirSync(root).filter((e) => e.startsWith('.tmp-'))).toEqual([]);
  }, 120_000);

  test('any change to the scenario changes the key', () => {
    const s = scenario('baseline');
    expect(assemblyCacheKey({ ...s, distributed: { ...s.distributed, lambda: { ...s.distributed.lambda, memoryMiB: 1024 } } })).not.toBe(assemblyCacheKey(s));
    expect(assemblyCacheKey(s)).toBe(assemblyCacheKey(structuredClone(s)));
  });
});
