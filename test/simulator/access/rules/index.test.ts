import * as fs from 'fs';
import * as path from 'path';
import { IAM_RISK_PACK } from '../../../../simulator/access/rules';
import { designCtx, resourcePolicy } from './rule-fixtures';

const RULES_DIR = path.join(__dirname, '..', '..', '..', '..', 'simulator', 'access', 'rules');
/** The rules folder's files that are not rules: the pack, the Rule type and shared action lists. */
const NOT_RULES = new Set(['index.ts', 'rule.ts', 'action-lists.ts']);
const ruleFiles = fs
  .readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('the IAM risk rule pack', () => {
  test('has unique ids and covers the four reviewer categories', () => {
    const ids = IAM_RISK_PACK.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(IAM_RISK_PACK.map((r) => r.category))).toEqual(
      new Set(['privilege-escalation', 'data-exfiltration', 'resource-exposure', 'infrastructure-modification']),
    );
    for (const r of IAM_RISK_PACK) expect(r.description.length).toBeGreaterThan(20);
  });

  test('lists every rule file, by its file name, and each rule has its own test file here', () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
    expect(IAM_RISK_PACK.map((r) => r.id).sort()).toEqual(ruleFiles);
    for (const f of ruleFiles) expect(fs.existsSync(path.join(__dirname, `${f}.test.ts`))).toBe(true);
  });

  test('the TLS-only deny the stacks put on every bucket trips no rule', async () => {
    const tlsDeny = await resourcePolicy('Other', { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(IAM_RISK_PACK.flatMap((r) => r.check(tlsDeny, designCtx))).toEqual([]);
  });
});
