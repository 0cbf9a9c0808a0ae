import { GetProductsCommand, type Filter, type PricingClient } from '@aws-sdk/client-pricing';
import { UserError } from '../../errors';
import { priceQueries, snapshotFromProducts, type BuiltSnapshot, type PriceQuery } from './catalog';
import { parsePriceListItem, PriceListFormatError, type PriceListProduct } from './price-list';
import type { PriceSnapshot } from './schema';

/**
 * `scalesim prices refresh`: reads live on-demand prices with the Price List API and turns them
 * into a dated snapshot. The SDK client is injected, so tests drive it with aws-sdk-client-mock.
 */

/** The only regions that serve the Price List API (shared/AWS-FACTS.md). */
export const PRICE_LIST_ENDPOINT_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;
export type PriceListEndpointRegion = (typeof PRICE_LIST_ENDPOINT_REGIONS)[number];

/**
 * The endpoint to call for a target region. Any endpoint answers for every region (the target is a
 * `regionCode` filter, not the endpoint); the nearest one only saves latency.
 */
export function priceListEndpointRegion(targetRegion: string): PriceListEndpointRegion {
  if (/^(eu|me|af|il)-/.test(targetRegion)) return 'eu-central-1';
  if (/^ap-/.test(targetRegion)) return 'ap-south-1';
  return 'us-east-1';
}

export interface RefreshDeps {
  /** A client for one of {@link PRICE_LIST_ENDPOINT_REGIONS}; retries are ours, so give it `maxAttempts: 1`. */
  readonly client: PricingClient;
  /** The endpoint region the client calls, recorded in the snapshot. */
  readonly endpointRegion: PriceListEndpointRegion;
  /** Base snapshot: free tiers and minimums, and values the API does not return. */
  readonly base: PriceSnapshot;
  /** How notes name the base snapshot, e.g. `pricing/aws-us-east-1.json (2026-11)`. */
  readonly baseName: string;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * Jitter source in [0, 1).
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Attempts per page before a throttled or failing call gives up.
   * @default 6
   */
  readonly maxAttempts?: number;
}

/** GetProducts' largest page. */
const PAGE_SIZE = 100;
/** A runaway NextToken loop is a bug, not a price list. */
const MAX_PAGES = 200;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

export async function refreshPrices(region: string, deps: RefreshDeps): Promise<BuiltSnapshot> {
  const queries = priceQueries(region);
  const products = new Map<string, PriceListProduct[]>();
  for (const query of queries) {
    products.set(query.id, await getAllProducts(query, deps));
  }
  const now = new Date(deps.now());
  return snapshotFromProducts(deps.base, products, {
    region,
    date: now.toISOString().slice(0, 10),
    retrievedAt: now.toISOString(),
    endpointRegion: deps.endpointRegion,
    queries,
    baseName: deps.baseName,
  });
}

/** Every product one query matches, following `NextToken` and backing off when throttled. */
async function getAllProducts(query: PriceQuery, deps: RefreshDeps): Promise<PriceListProduct[]> {
  const filters: Filter[] = Object.entries(query.filters).map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value }));
  const out: PriceListProduct[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await withBackoff(
      () =>
        deps.client.send(
          new GetProductsCommand({ ServiceCode: query.serviceCode, Filters: filters, FormatVersion: 'aws_v1', MaxResults: PAGE_SIZE, NextToken: nextToken }),
        ),
      query,
      deps,
    );
    for (const item of (response.PriceList ?? []) as unknown[]) {
      try {
        out.push(parsePriceListItem(item));
      } catch (e) {
        if (e instanceof PriceListFormatError) throw new UserError(`GetProducts ${query.serviceCode} (${query.id}): ${e.message}; no snapshot written`);
        throw e;
      }
    }
    nextToken = response.NextToken || undefined;
    if (!nextToken) return out;
  }
  throw new UserError(`GetProducts ${query.serviceCode} (${query.id}) kept returning NextToken after ${MAX_PAGES} pages; no snapshot written`);
}

async function withBackoff<T>(call: () => Promise<T>, query: PriceQuery, deps: RefreshDeps): Promise<T> {
  const maxAttempts = deps.maxAttempts ?? 6;
  const random = deps.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isRetryable(e) || attempt >= maxAttempts) throw explainAwsError(e, query, deps.endpointRegion, attempt);
      // Exponential backoff with jitter, so parallel refreshes do not retry in lockstep.
      const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
      await deps.sleep(Math.round(ceiling / 2 + (random() * ceiling) / 2));
    }
  }
}

interface AwsErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function isRetryable(e: unknown): boolean {
  const err = e as AwsErrorLike;
  if (err?.name === 'ThrottlingException' || err?.name === 'InternalErrorException' || err?.name === 'TooManyRequestsException') return true;
  const status = err?.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}

const CREDENTIAL_ERRORS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'InvalidClientTokenId']);
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

/** A one-line UserError for the failures a user can act on; anything else is rethrown as a bug. */
function explainAwsError(e: unknown, query: PriceQuery, endpointRegion: string, attempts = 1): Error {
  const err = (e ?? {}) as AwsErrorLike;
  const name = err.name ?? '';
  const detail = (err.message ?? String(e)).split('\n')[0];
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(detail)) {
    return new UserError(
      'prices refresh needs AWS credentials allowed to call pricing:GetProducts, and found none: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and retry; without them, cost commands use the bundled snapshot in pricing/',
    );
  }
  if (name === 'AccessDeniedException' || CREDENTIAL_ERRORS.has(name)) {
    return new UserError(`the Price List API refused these credentials (${name}: ${detail}); they need permission for pricing:GetProducts`);
  }
  if (NETWORK_CODES.has(err.code ?? '') || NETWORK_CODES.has(name)) {
    return new UserError(`cannot reach the Price List API in ${endpointRegion} (${err.code ?? name}); check the network or proxy, or keep using the bundled snapshot in pricing/`);
  }
  if (isRetryable(e)) {
    return new UserError(`GetProducts ${query.serviceCode} (${query.id}) still failed after ${attempts} attempts (${name || 'HTTP error'}: ${detail}); try again later`);
  }
  if (name === 'InvalidParameterException' || name === 'NotFoundException') {
    return new UserError(`GetProducts ${query.serviceCode} (${query.id}) was rejected (${name}: ${detail})`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
