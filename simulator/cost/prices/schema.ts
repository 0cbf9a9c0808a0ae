import { z } from 'zod';

/**
 * The price snapshot format: `pricing/aws-<region>[-<date>].json`. A snapshot is dated and says
 * where each value came from, so that a report can name the prices it used and a reviewer can
 * check them. Units are in the field names (per request, per GB-second, per vCPU-hour, ...) and
 * match the Price List API's own units, so a refresh writes API values without conversion.
 */

/**
 * 2: adds the prices of what the templates deploy besides the run itself (VPC endpoints, NAT, public
 * IPv4, KMS, CloudWatch alarms, metrics and log storage, vended logs, Budgets actions, ECR, SNS,
 * X-Ray, S3 infrequent-access classes). A version-1 file is refused with a message saying so.
 */
export const PRICE_SNAPSHOT_SCHEMA_VERSION = 2;

export const SNAPSHOT_SOURCE_KINDS = ['bundled-list-prices', 'price-list-api'] as const;

const usd = z.number().finite().min(0);
/** True when a value came from a third-party table, not from AWS: confirm it with `prices refresh`. */
const secondary = z.boolean().default(false);
const provenance = {
  /** Price List SKU and rate code, e.g. `TG3M4CAGBA3NYQBH.JRTCKXETXF.6YS6EN2CT7` (refreshed snapshots). */
  sku: z.string().min(1).optional(),
  /** Where the value came from, when it is not the snapshot's main source. */
  source: z.string().min(1).optional(),
};

const price = z.strictObject({ usd, secondary, ...provenance });

const tier = z.strictObject({
  /** Cumulative monthly quantity where the tier ends; `null` for the last, unbounded tier. */
  upTo: z.number().positive().nullable(),
  usd,
  secondary,
});

const tiered = z
  .strictObject({ tiers: z.array(tier).min(1), ...provenance })
  .superRefine((t, ctx) => {
    let previous = 0;
    t.tiers.forEach((x, i) => {
      const last = i === t.tiers.length - 1;
      if (x.upTo === null && !last) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upTo'], input: x.upTo, message: 'only the last tier may be unbounded (null)' });
      } else if (x.upTo !== null && last) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upTo'], input: x.upTo, message: 'the last tier must be unbounded (null)' });
      } else if (x.upTo !== null && x.upTo <= previous) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upTo'], input: x.upTo, message: `tier bounds must ascend (previous ${previous})` });
      }
      if (x.upTo !== null) previous = x.upTo;
    });
  });

const lambdaArchitecture = z.strictObject({
  /** USD per GB-second, tiered on monthly GB-seconds (architecture by architecture). */
  durationPerGbSecond: tiered,
  perRequest: price,
});

const fargateArchitecture = z.strictObject({ perVcpuHour: price, perGbHour: price });

export const priceSnapshotSchema = z.strictObject({
  schemaVersion: z.literal(PRICE_SNAPSHOT_SCHEMA_VERSION),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region code such as us-east-1'),
  currency: z.literal('USD'),
  /** When the prices were read: `YYYY-MM` for the bundled list prices, `YYYY-MM-DD` for a refresh. */
  date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'YYYY-MM or YYYY-MM-DD'),
  source: z.strictObject({
    kind: z.enum(SNAPSHOT_SOURCE_KINDS),
    description: z.string().min(1),
    references: z.array(z.string().min(1)).default([]),
    /** The Price List endpoint region a refresh called (us-east-1, eu-central-1 or ap-south-1). */
    endpointRegion: z.string().optional(),
    /** ISO timestamp of a refresh. */
    retrievedAt: z.string().optional(),
    /** The GetProducts queries a refresh ran, so that it can be repeated. */
    queries: z
      .array(z.strictObject({ id: z.string(), serviceCode: z.string(), filters: z.record(z.string(), z.string()) }))
      .optional(),
  }),
  notes: z.array(z.string()).default([]),
  prices: z.strictObject({
    lambda: z.strictObject({
      x86_64: lambdaArchitecture,
      arm64: lambdaArchitecture,
      /** USD per GB-second of ephemeral storage above the free 512 MB. */
      ephemeralStoragePerGbSecond: price,
      freeTier: z.strictObject({ requests: z.number().int().min(0), gbSeconds: z.number().min(0) }),
    }),
    stepFunctions: z.strictObject({
      standardPerTransition: price,
      standardFreeTransitionsPerMonth: z.number().int().min(0),
      expressPerRequest: price,
      expressDurationPerGbSecond: tiered,
    }),
    fargate: z.strictObject({
      x86_64: fargateArchitecture,
      arm64: fargateArchitecture,
      minimumBillableSeconds: z.number().int().min(0),
    }),
    s3: z.strictObject({
      /** PUT, COPY, POST and LIST requests (Standard storage class). */
      tier1PerRequest: price,
      /** GET and all other requests (Standard storage class). */
      tier2PerRequest: price,
      storagePerGbMonth: tiered,
    }),
    logs: z.strictObject({
      ingestionPerGb: price,
      /** USD per GB-month of log data stored (archived) in CloudWatch Logs. */
      storagePerGbMonth: price,
      /** USD per GB of vended logs (VPC flow logs) delivered to CloudWatch Logs, tiered on the month's GB. */
      vendedIngestionPerGb: tiered,
    }),
    /** Storage classes a lifecycle rule moves objects into; requests and Standard storage are under `s3`. */
    s3Lifecycle: z.strictObject({
      standardIaStoragePerGbMonth: price,
      glacierInstantRetrievalStoragePerGbMonth: price,
      /** USD per lifecycle transition request into Standard-IA. */
      transitionToStandardIaPerRequest: price,
      /** USD per lifecycle transition request into Glacier Instant Retrieval. */
      transitionToGlacierInstantRetrievalPerRequest: price,
    }),
    vpc: z.strictObject({
      /** USD per interface endpoint per AZ per hour (a partial hour bills as a full hour). */
      interfaceEndpointPerAzHour: price,
      /** USD per GB processed by interface endpoints (first PB). */
      interfaceEndpointPerGb: price,
      natGatewayPerHour: price,
      natGatewayPerGb: price,
      /** USD per public IPv4 address per hour while allocated (an EIP, or a task with assignPublicIp). */
      publicIpv4PerHour: price,
    }),
    kms: z.strictObject({
      /** USD per customer managed key per month (prorated hourly). */
      perKeyMonth: price,
      perRequest: price,
      freeRequestsPerMonth: z.number().int().min(0),
    }),
    cloudwatch: z.strictObject({
      /** USD per alarm metric per month, standard resolution (period >= 60 s). */
      standardAlarmPerMonth: price,
      /** USD per alarm metric per month, high resolution (period < 60 s). */
      highResolutionAlarmPerMonth: price,
      /** USD per custom metric per month (first 10,000), prorated by the hours the metric is published. */
      customMetricPerMonth: price,
    }),
    budgets: z.strictObject({
      /** USD per action-enabled budget per day; notification-only budgets cost nothing. */
      actionEnabledPerBudgetDay: price,
      freeActionBudgetDaysPerMonth: z.number().int().min(0),
    }),
    ecr: z.strictObject({ storagePerGbMonth: price }),
    sns: z.strictObject({
      /** USD per publish request (64 KB chunks) to a standard topic. */
      perRequest: price,
      freeRequestsPerMonth: z.number().int().min(0),
    }),
    xray: z.strictObject({
      /** USD per trace recorded. */
      perTraceRecorded: price,
      freeTracesRecordedPerMonth: z.number().int().min(0),
    }),
    /** On-demand Linux, shared tenancy, by instance type: for the memo's "one bigger machine" comparison. */
    ec2: z.record(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, 'an instance type such as m7g.large'), z.strictObject({ perHour: price })),
  }),
});

export type PriceSnapshot = z.output<typeof priceSnapshotSchema>;
