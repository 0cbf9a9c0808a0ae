import { z } from 'zod';

/**
 * Reads the items of a Price List API `GetProducts` response. Each `PriceList` item is a JSON
 * *string* holding `product.attributes` and `terms.OnDemand.<offer>.priceDimensions.<rate>` with
 * `pricePerUnit.USD`, `unit` and, for tiered prices, `beginRange`/`endRange` ("Inf" for the last).
 * Pure: no SDK calls here.
 */

export interface PriceDimension {
  readonly rateCode: string;
  readonly unit: string;
  readonly description: string;
  readonly beginRange: number;
  /** `null` for "Inf". */
  readonly endRange: number | null;
  readonly usd: number;
}

export interface PriceListProduct {
  readonly sku: string;
  readonly serviceCode: string;
  /**
   * `product.productFamily`, e.g. `Serverless`.
   * @default - absent when the item has none
   */
  readonly productFamily?: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** On-demand price dimensions, ordered by `beginRange`. */
  readonly onDemand: readonly PriceDimension[];
  /**
   * When AWS published this price.
   * @default - absent when the item has none
   */
  readonly publicationDate?: string;
}

const dimensionSchema = z.object({
  rateCode: z.string().min(1),
  unit: z.string(),
  description: z.string().default(''),
  beginRange: z.string().default('0'),
  endRange: z.string().default('Inf'),
  pricePerUnit: z.record(z.string(), z.string()),
});

const itemSchema = z.object({
  product: z.object({
    sku: z.string().min(1),
    productFamily: z.string().optional(),
    attributes: z.record(z.string(), z.string()),
  }),
  serviceCode: z.string().min(1),
  terms: z
    .object({
      OnDemand: z.record(z.string(), z.object({ priceDimensions: z.record(z.string(), dimensionSchema) })).optional(),
    })
    .default({}),
  publicationDate: z.string().optional(),
});

/** Why a Price List item could not be read. The refresh turns it into a one-line user message. */
export class PriceListFormatError extends Error {
  override readonly name = 'PriceListFormatError';
}

/** Parses one `PriceList` item: a JSON string as the API sends it, or the already-parsed object. */
export function parsePriceListItem(item: unknown): PriceListProduct {
  let raw: unknown = item;
  // The SDK hands items over as strings (or String-like lazy JSON wrappers).
  if (typeof item === 'string' || item instanceof String) {
    try {
      raw = JSON.parse(String(item));
    } catch (e) {
      throw new PriceListFormatError(`a PriceList item is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const parsed = itemSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const sku = (raw as { product?: { sku?: unknown } } | null)?.product?.sku;
    throw new PriceListFormatError(
      `a PriceList item${typeof sku === 'string' ? ` (sku ${sku})` : ''} lacks the expected shape: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
  }
  const p = parsed.data;
  const dimensions: PriceDimension[] = [];
  for (const offer of Object.values(p.terms.OnDemand ?? {})) {
    for (const d of Object.values(offer.priceDimensions)) {
      const usdText = d.pricePerUnit.USD;
      if (usdText === undefined) {
        throw new PriceListFormatError(`sku ${p.product.sku}: rate ${d.rateCode} has no USD price (has ${Object.keys(d.pricePerUnit).join(', ') || 'none'})`);
      }
      dimensions.push({
        rateCode: d.rateCode,
        unit: d.unit,
        description: d.description,
        beginRange: parseRange(d.beginRange, p.product.sku, d.rateCode) ?? 0,
        endRange: parseRange(d.endRange, p.product.sku, d.rateCode),
        usd: parseUsd(usdText, p.product.sku, d.rateCode),
      });
    }
  }
  dimensions.sort((a, b) => a.beginRange - b.beginRange);
  return {
    sku: p.product.sku,
    serviceCode: p.serviceCode,
    productFamily: p.product.productFamily,
    attributes: p.product.attributes,
    onDemand: dimensions,
    publicationDate: p.publicationDate,
  };
}

function parseUsd(text: string, sku: string, rate: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new PriceListFormatError(`sku ${sku}: rate ${rate} has price ${JSON.stringify(text)}, not a USD amount`);
  return n;
}

function parseRange(text: string, sku: string, rate: string): number | null {
  if (text === 'Inf') return null;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new PriceListFormatError(`sku ${sku}: rate ${rate} has range bound ${JSON.stringify(text)}`);
  return n;
}

/**
 * Matches a `usagetype` regardless of its region prefix: us-east-1 usage types often have none
 * (`Lambda-GB-Second`), others carry one (`USE1-StateTransition`, `EUC1-Fargate-GB-Hours`), and KMS
 * prefixes the region code itself (`us-east-1-KMS-Keys`).
 */
export function usageTypeIs(product: PriceListProduct, name: string): boolean {
  const usagetype = product.attributes.usagetype ?? '';
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:[A-Z]{2,4}\\d{1,2}-|[a-z]{2}(?:-gov)?-[a-z]+-\\d-)?${escaped}$`).test(usagetype);
}
