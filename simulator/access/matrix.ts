import { ACCESS_MATRIX, Persona, PERSONAS, ZONE_ACTIONS, Zone, ZoneAccess, ZONES } from '../../lib/constructs/access-matrix';
import type { DesignName } from '../../lib/workload/contract';
import { actionMatches } from './actions';
import { CAPABILITIES, type Capability, type CapabilityCell, type ComputedZoneAccess, type Finding, type MatrixCell, type MatrixComparison, type MatrixDifference, type PrincipalAccess } from '../results/access';

/**
 * The stakeholder matrix computed from the templates, next to ACCESS_MATRIX (the specification).
 * Every difference, wider or narrower, is a difference; wider ones are high-severity findings.
 */

/** The exact actions each capability stands for (mirrors lib/constructs/access-model.ts). */
const CAPABILITY_ACTIONS: Readonly<Record<Capability, { readonly services: readonly string[]; readonly actions: readonly string[] }>> = {
  operatePipelines: {
    services: ['states'],
    actions: ['states:StartExecution', 'states:DescribeStateMachine', 'states:ListExecutions', 'states:DescribeExecution', 'states:GetExecutionHistory', 'states:StopExecution'],
  },
  reviewIam: { services: ['iam'], actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies'] },
  viewCostSignals: { services: ['budgets', 'cloudwatch'], actions: ['budgets:ViewBudget', 'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData'] },
};

type Row<T> = Readonly<Record<Zone, T>> & Readonly<Record<Capability, boolean>>;

export function compareMatrix(principals: readonly PrincipalAccess[], design: DesignName): { matrix: MatrixComparison; findings: Finding[] } {
  const intended = {} as Record<Persona, Row<ZoneAccess>>;
  const computed = {} as Record<Persona, Row<ComputedZoneAccess>>;
  const cells: MatrixCell[] = [];
  const capabilities: CapabilityCell[] = [];
  const differences: MatrixDifference[] = [];
  const findings: Finding[] = [];

  for (const persona of PERSONAS) {
    const spec = ACCESS_MATRIX[persona];
    const principal = principals.find((p) => p.persona === persona);
    const allowed = principal ? allowedActions(principal) : [];
    const iRow: Record<string, ZoneAccess | boolean> = {};
    const cRow: Record<string, ComputedZoneAccess | boolean> = {};

    for (const zone of ZONES) {
      const want = spec.zones[zone];
      const grant = principal?.zones[zone];
      const have: ComputedZoneAccess = grant?.level ?? 'none';
      const wantActions = want === 'none' ? { bucket: [], object: [] } : ZONE_ACTIONS[want];
      const extra = [
        ...minus(grant?.bucketActions ?? [], wantActions.bucket),
        ...minus(grant?.objectActions ?? [], wantActions.object),
        ...(grant?.partialObjectActions ?? []).map((a) => `${a} (part of the zone)`),
      ];
      const missing = [...minus(wantActions.bucket, grant?.bucketActions ?? []), ...minus(wantActions.object, grant?.objectActions ?? [])];
      cells.push({ persona, zone, intended: want, computed: have, extraActions: extra, missingActions: missing });
      iRow[zone] = want;
      cRow[zone] = have;
      if (have !== want || extra.length || missing.length) {
        differences.push({ persona, target: zone, intended: want, computed: have, extraActions: extra, missingActions: missing });
      }
    }

    for (const capability of CAPABILITIES) {
      const def = CAPABILITY_ACTIONS[capability];
      const want = spec[capability];
      const actions = allowed.filter((a) => def.services.includes(a.split(':')[0]!.toLowerCase()));
      const have = actions.length > 0;
      capabilities.push({ persona, capability, intended: want, computed: have, actions });
      iRow[capability] = want;
      cRow[capability] = have;
      const extra = want ? minus(actions, def.actions) : actions;
      const missing = want ? minus(def.actions, actions) : [];
      if (want !== have || extra.length || missing.length) {
        differences.push({ persona, target: capability, intended: String(want), computed: String(have), extraActions: extra, missingActions: missing });
      }
    }

    // Anything a persona holds outside its zones and capabilities is outside the model altogether.
    const modelled = [...Object.values(ZONE_ACTIONS).flatMap((z) => [...z.bucket, ...z.object]), ...CAPABILITIES.flatMap((c) => CAPABILITY_ACTIONS[c].services.map((s) => `${s}:*`))];
    // Actions already reported as extra on a zone are not repeated here.
    const onZones = new Set(cells.filter((c) => c.persona === persona).flatMap((c) => c.extraActions));
    const other = allowed.filter((a) => !modelled.some((m) => actionMatches(m, a)) && !onZones.has(a));
    if (other.length) differences.push({ persona, target: 'other', intended: 'nothing else', computed: `${other.length} more action(s)`, extraActions: other, missingActions: [] });

    if (!principal) {
      findings.push({ rule: 'stakeholder-matrix', category: 'access-model', severity: 'medium', design, message: `no role found for persona ${persona}: the matrix row is computed as no access` });
    }
    intended[persona] = iRow as Row<ZoneAccess>;
    computed[persona] = cRow as Row<ComputedZoneAccess>;
  }

  for (const d of differences) {
    const wider = d.extraActions.length > 0;
    const principal = principals.find((p) => p.persona === d.persona)?.logicalId;
    findings.push({
      rule: 'stakeholder-matrix',
      category: 'access-model',
      severity: wider ? 'high' : 'low',
      design,
      ...(principal ? { principal } : {}),
      message:
        `${d.persona} on ${d.target}: intended ${d.intended}, template grants ${d.computed}` +
        (d.extraActions.length ? `; extra: ${d.extraActions.join(', ')}` : '') +
        (d.missingActions.length ? `; missing: ${d.missingActions.join(', ')}` : ''),
      ...(d.extraActions.length || d.missingActions.length ? { actions: [...d.extraActions, ...d.missingActions] } : {}),
    });
  }
  return { matrix: { intended, computed, cells, capabilities, differences }, findings };
}

/** Distinct actions some Allow statement grants this principal. */
function allowedActions(p: PrincipalAccess): string[] {
  const out = new Set<string>();
  for (const s of p.statements) if (s.effect === 'Allow') for (const a of s.actions) out.add(a.action);
  return [...out].sort();
}

function minus(a: readonly string[], b: readonly string[]): string[] {
  const lower = new Set(b.map((x) => x.toLowerCase()));
  return a.filter((x) => !lower.has(x.toLowerCase()));
}
