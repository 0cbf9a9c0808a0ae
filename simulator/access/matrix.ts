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
    const principal = principals.find((p) => p.persona === persona);
    const allowed = principal ? allowedActions(principal) : [];
    const zoneCells = ZONES.map((zone) => compareZone(persona, zone, principal));
    const capabilityCells = CAPABILITIES.map((capability) => compareCapability(persona, capability, allowed));
    cells.push(...zoneCells.map((z) => z.cell));
    capabilities.push(...capabilityCells.map((c) => c.cell));
    differences.push(...[...zoneCells, ...capabilityCells].flatMap((c) => (c.difference ? [c.difference] : [])));
    const other = otherActions(persona, allowed, zoneCells.map((z) => z.cell));
    if (other) differences.push(other);
    if (!principal) {
      findings.push({ rule: 'stakeholder-matrix', category: 'access-model', severity: 'medium', design, message: `no role found for persona ${persona}: the matrix row is computed as no access` });
    }
    intended[persona] = Object.fromEntries([...zoneCells, ...capabilityCells].map((c) => [c.target, c.intended])) as Row<ZoneAccess>;
    computed[persona] = Object.fromEntries([...zoneCells, ...capabilityCells].map((c) => [c.target, c.computed])) as Row<ComputedZoneAccess>;
  }
  findings.push(...differences.map((d) => differenceFinding(d, principals, design)));
  return { matrix: { intended, computed, cells, capabilities, differences }, findings };
}

/** One row entry of the comparison: the cell, its two sides, and its difference if the sides differ. */
interface Compared<C, I, H> {
  readonly target: Zone | Capability;
  readonly intended: I;
  readonly computed: H;
  readonly cell: C;
  readonly difference?: MatrixDifference;
}

/** A persona's intended access to a zone against what its role's grants give it. */
function compareZone(persona: Persona, zone: Zone, principal: PrincipalAccess | undefined): Compared<MatrixCell, ZoneAccess, ComputedZoneAccess> {
  const want = ACCESS_MATRIX[persona].zones[zone];
  const grant = principal?.zones[zone];
  const have: ComputedZoneAccess = grant?.level ?? 'none';
  const wantActions = want === 'none' ? { bucket: [], object: [] } : ZONE_ACTIONS[want];
  const extra = [
    ...minus(grant?.bucketActions ?? [], wantActions.bucket),
    ...minus(grant?.objectActions ?? [], wantActions.object),
    ...(grant?.partialObjectActions ?? []).map((a) => `${a} (part of the zone)`),
  ];
  const missing = [...minus(wantActions.bucket, grant?.bucketActions ?? []), ...minus(wantActions.object, grant?.objectActions ?? [])];
  const differs = have !== want || extra.length > 0 || missing.length > 0;
  return {
    target: zone,
    intended: want,
    computed: have,
    cell: { persona, zone, intended: want, computed: have, extraActions: extra, missingActions: missing },
    ...(differs ? { difference: { persona, target: zone, intended: want, computed: have, extraActions: extra, missingActions: missing } } : {}),
  };
}

/** A persona's intended capability against the actions of that capability's services it holds. */
function compareCapability(persona: Persona, capability: Capability, allowed: readonly string[]): Compared<CapabilityCell, boolean, boolean> {
  const def = CAPABILITY_ACTIONS[capability];
  const want = ACCESS_MATRIX[persona][capability];
  const actions = allowed.filter((a) => def.services.includes(a.split(':')[0]!.toLowerCase()));
  const have = actions.length > 0;
  const extra = want ? minus(actions, def.actions) : actions;
  const missing = want ? minus(def.actions, actions) : [];
  const differs = want !== have || extra.length > 0 || missing.length > 0;
  return {
    target: capability,
    intended: want,
    computed: have,
    cell: { persona, capability, intended: want, computed: have, actions },
    ...(differs ? { difference: { persona, target: capability, intended: String(want), computed: String(have), extraActions: extra, missingActions: missing } } : {}),
  };
}

/**
 * Anything a persona holds outside its zones and capabilities is outside the model altogether.
 * Actions already reported as extra on one of its zones are not repeated here.
 */
function otherActions(persona: Persona, allowed: readonly string[], zoneCells: readonly MatrixCell[]): MatrixDifference | undefined {
  const modelled = [...Object.values(ZONE_ACTIONS).flatMap((z) => [...z.bucket, ...z.object]), ...CAPABILITIES.flatMap((c) => CAPABILITY_ACTIONS[c].services.map((s) => `${s}:*`))];
  const onZones = new Set(zoneCells.flatMap((c) => c.extraActions));
  const other = allowed.filter((a) => !modelled.some((m) => actionMatches(m, a)) && !onZones.has(a));
  if (!other.length) return undefined;
  return { persona, target: 'other', intended: 'nothing else', computed: `${other.length} more action(s)`, extraActions: other, missingActions: [] };
}

/** A difference as a finding: high when the template grants more than intended, low when less. */
function differenceFinding(d: MatrixDifference, principals: readonly PrincipalAccess[], design: DesignName): Finding {
  const wider = d.extraActions.length > 0;
  const principal = principals.find((p) => p.persona === d.persona)?.logicalId;
  return {
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
  };
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
