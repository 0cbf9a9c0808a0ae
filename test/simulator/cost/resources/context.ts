import * as path from 'path';
import { readPriceSnapshotFile } from '../../../../simulator/cost/prices/load';
import { priceTableFromSnapshot, resourcePriceTableFromSnapshot } from '../../../../simulator/cost/prices/table';
import { DEFAULT_RESOURCE_ASSUMPTIONS, type PricingContext, type ResourceCostAssumptions, type TemplateResource } from '../../../../simulator/cost/resources';
import type { DesignUsage } from '../../../../simulator/results/usage';

/** The bundled snapshot's prices: the values the hand-computed expectations use (AWS-FACTS.md). */
const snapshot = readPriceSnapshotFile(path.join(__dirname, '..', '..', '..', '..', 'pricing', 'aws-us-east-1.json')).snapshot;
const PRICES = priceTableFromSnapshot(snapshot);
export const RESOURCE_PRICES = resourcePriceTableFromSnapshot(snapshot);

export const GIB = 1024 ** 3;

/** One run that used nothing, unless a test says otherwise. */
export const EMPTY_USAGE: DesignUsage = {
  stepFunctions: { standardTransitions: 0 },
  s3: { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: 0, zones: {} },
  logs: { ingestedBytes: 0 },
};

export function resource(type: string, properties: Record<string, unknown> = {}, logicalId = 'Thing', cdkPath = `stack/${logicalId}/Resource`): TemplateResource {
  return { logicalId, type, cdkPath, properties };
}

export function context(o: { usage?: Partial<DesignUsage>; resources?: TemplateResource[]; runsPerMonth?: number; assumptions?: Partial<ResourceCostAssumptions>; assets?: PricingContext['assets'] } = {}): PricingContext {
  return {
    design: 'single-node',
    runsPerMonth: o.runsPerMonth ?? 30,
    usage: { ...EMPTY_USAGE, ...o.usage },
    prices: PRICES,
    resourcePrices: RESOURCE_PRICES,
    assumptions: { ...DEFAULT_RESOURCE_ASSUMPTIONS, ...o.assumptions },
    assets: o.assets ?? {},
    resources: o.resources ?? [],
  };
}
