import { DESIGNS, type DesignName } from '../../../lib/workload/contract';
import type { GateConfig } from '../config';
import type { CheckFacts, ConstructFacts, DesignFacts, GateItem, GateResult, GateStatus } from '../report-schema';

/**
 * A gate: one pure function from the facts (and the baseline's, when given) to a verdict per design.
 * Gates live one per file in this folder and are registered in `index.ts` (STYLE.md rule 8).
 */
export interface Gate {
  readonly id: string;
  /** Short name for lines, e.g. `monthly cost`. */
  readonly title: string;
  /** The Markdown section heading, e.g. `Monthly cost`. */
  readonly heading: string;
  /** One sentence for --help and the report: what it checks and where its limit comes from. */
  readonly description: string;
  evaluate(ctx: GateContext): GateResult[];
}

export interface GateContext {
  readonly config: GateConfig;
  readonly candidate: CheckFacts;
  readonly baseline?: CheckFacts;
}

/** The designs the candidate has facts for, in the usual order. */
export function designsOf(facts: CheckFacts): DesignName[] {
  return DESIGNS.filter((d) => facts.designs[d] !== undefined);
}

export function designFacts(facts: CheckFacts | undefined, d: DesignName): DesignFacts | undefined {
  return facts?.designs[d];
}

/** A gate's result for one design (or, without `design`, for the whole check), with its one line. */
export function result(
  gate: Pick<Gate, 'id' | 'title'>,
  o: { design?: DesignName; status: GateStatus; value: string; limit: string; baseline?: string; items?: GateItem[]; reason?: string },
): GateResult {
  const who = o.design ? ` (${o.design})` : '';
  const head = o.status === 'fail' ? 'FAIL' : o.status === 'skip' ? 'SKIP' : 'pass';
  const reason = o.status === 'skip' ? (o.reason ?? o.value) : undefined;
  const line = reason !== undefined ? `${head} ${gate.title}${who}: ${reason}` : `${head} ${gate.title}${who}: ${o.value}; limit ${o.limit}`;
  return {
    gate: gate.id,
    title: gate.title,
    ...(o.design ? { design: o.design } : {}),
    status: o.status,
    value: o.value,
    limit: o.limit,
    ...(o.baseline !== undefined ? { baseline: o.baseline } : {}),
    ...(reason !== undefined ? { reason } : {}),
    line,
    items: o.items ?? [],
  };
}

/** A gate that is off, or cannot run: one skip line for the whole check. */
export function skipped(gate: Pick<Gate, 'id' | 'title'>, reason: string): GateResult[] {
  return [result(gate, { status: 'skip', value: 'not checked', limit: '—', reason })];
}

/** The construct path and source location of a logical id, where the facts have them. */
export function locate(d: DesignFacts | undefined, logicalId: string | undefined): Pick<GateItem, 'constructPath' | 'source'> {
  const c: ConstructFacts | undefined = logicalId ? d?.constructs[logicalId] : undefined;
  return c ? { constructPath: c.path, ...(c.source ? { source: c.source } : {}) } : {};
}
