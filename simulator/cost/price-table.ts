import type { FargatePrices } from './fargate';
import type { LambdaPrices } from './lambda';
import type { LogsPrices } from './logs';
import type { S3Prices } from './s3';
import type { StepFunctionsPrices } from './step-functions';

/**
 * Every unit price the cost math needs, as plain numbers (USD per unit). A snapshot file becomes a
 * PriceTable through `priceTableFromSnapshot`; tests that reproduce AWS's published examples build
 * one by hand from the example's own prices.
 */
export interface PriceTable {
  readonly lambda: LambdaPrices;
  readonly stepFunctions: StepFunctionsPrices;
  readonly fargate: FargatePrices;
  readonly s3: S3Prices;
  readonly logs: LogsPrices;
}
