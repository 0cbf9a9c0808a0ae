/**
 * Access scope: what each design's principals may do, checked against the stakeholder model.
 *
 * Static (pure over template JSON, no SDK): `analyzeTemplate`, `analyzeDesigns`, `compareDesigns`;
 * `accessFromAssembly` reads the templates out of `cdk.out` (simulator/assembly/read.ts). Run time (needs an emulator): `probeAccess`,
 * then `withProbe` to attach its result to the static analysis for `results.json`.
 */
export { analyzeTemplate, compareDesigns, withProbe, BLAST_RADIUS_FORMULA, type AnalyzeOptions } from './analyze';
export { accessFromAssembly, analyzeDesigns, type AccessResults } from './assembly';
export type { CfnTemplate } from '../assembly/template';
export { IAM_RISK_PACK, type Rule, type RuleContext } from './rules';
export { probeAccess, probeTargetsFromOutputs, PROBE_PREFIX, type Credentials, type ProbeOptions, type ProbeTargets } from './probe';
export { createProbeAdmin, PROBE_ADMIN_UNAUTHENTICATED_CALLS, type ProbeAdmin } from './probe-admin';
export type { ProbeCheck, ProbeControl, ProbeResult, ProbeSummary } from '../results/access';
export { renderAccess, renderDesign, renderComparison, renderProbe } from './render';
export type * from '../results/access';
