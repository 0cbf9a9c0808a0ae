import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Zone, ZONES } from './access-matrix';

export interface DataZonesProps {
  /**
   * What happens to the buckets when the stack is deleted.
   * @default RemovalPolicy.RETAIN - data outlives the stack; no custom resource empties buckets.
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Days before raw objects expire. Raw data is re-landable from the source, so it is the first to go.
   * @default 90
   */
  readonly rawRetentionDays?: number;
  /**
   * Days before quarantined records expire: long enough for a steward's triage cycle.
   * @default 30
   */
  readonly quarantineRetentionDays?: number;
  /**
   * Days before audit evidence (quality reports, lineage, profiles) expires.
   * @default 400 - a year of evidence plus a quarter for the annual review.
   */
  readonly auditRetentionDays?: number;
}

/** Versioning where it protects data: raw, curated and audit; quarantine is triaged, then expires. */
const VERSIONED: Readonly<Record<Zone, boolean>> = { raw: true, curated: true, quarantine: false, audit: true };

const ABORT_MULTIPART = { abortIncompleteMultipartUploadAfter: Duration.days(1) };

/**
 * The four data zones every design shares: raw, curated, quarantine and audit.
 *
 * Every bucket is encrypted (SSE-S3), blocks public access, denies non-TLS requests and logs access
 * to a separate log bucket. Versioning is on where it protects data (raw, curated, audit). Lifecycle
 * rules are cost controls: transitions, expirations, non-current versions and stale multipart uploads.
 */
export class DataZones extends Construct {
  public readonly buckets: Readonly<Record<Zone, s3.Bucket>>;
  /** Server access logs of the four zones. */
  public readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataZonesProps = {}) {
    super(scope, id);
    // Access logs are delivered under a bucket policy, not the legacy LogDeliveryWrite ACL (which
    // would need ObjectWriter ownership). Set here so the zones are right whatever the app's flags.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const days = retentionDays(props);
    const common = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    } as const;

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...common,
      // S3 server access logging can only deliver to SSE-S3 buckets; versioning adds nothing to logs.
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90), ...ABORT_MULTIPART }],
    });

    const rules = lifecycleRules(days);
    const zone = (id: Zone) =>
      new s3.Bucket(this, id[0].toUpperCase() + id.slice(1), {
        ...common,
        versioned: VERSIONED[id],
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${id}/`,
        lifecycleRules: rules[id],
      });
    this.buckets = { raw: zone('raw'), curated: zone('curated'), quarantine: zone('quarantine'), audit: zone('audit') };
    // Keep ZONES and this object in step: a new zone must be declared here too.
    for (const z of ZONES) {
      if (!this.buckets[z]) throw new Error(`DataZones: zone '${z}' has no bucket`);
    }
  }

  /** Grant exact S3 actions on one zone: bucket-level actions on the bucket, object-level on its keys. */
  grant(grantee: iam.IGrantable, zone: Zone, actions: { bucket: readonly string[]; object: readonly string[] }): void {
    const bucket = this.buckets[zone];
    if (actions.bucket.length) {
      iam.Grant.addToPrincipal({ grantee, actions: [...actions.bucket], resourceArns: [bucket.bucketArn] });
    }
    if (actions.object.length) {
      iam.Grant.addToPrincipal({ grantee, actions: [...actions.object], resourceArns: [bucket.arnForObjects('*')] });
    }
  }
}

/** Retention in days of the zones that expire data. */
interface RetentionDays {
  readonly raw: number;
  readonly quarantine: number;
  readonly audit: number;
}

/** The props' retention periods with their defaults, each checked to be a whole number of days >= 1. */
function retentionDays(props: DataZonesProps): RetentionDays {
  const days = { raw: props.rawRetentionDays ?? 90, quarantine: props.quarantineRetentionDays ?? 30, audit: props.auditRetentionDays ?? 400 };
  for (const [name, value] of [
    ['rawRetentionDays', days.raw],
    ['quarantineRetentionDays', days.quarantine],
    ['auditRetentionDays', days.audit],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`DataZones: ${name} must be a whole number of days >= 1, got ${value}`);
    }
  }
  return days;
}

/** Each zone's lifecycle rules: the cost controls (transitions, expirations, non-current versions). */
function lifecycleRules(days: RetentionDays): Record<Zone, s3.LifecycleRule[]> {
  return {
    raw: [
      {
        id: 'raw-tiering',
        transitions: days.raw > 30 ? [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }] : [],
        expiration: Duration.days(days.raw),
        noncurrentVersionExpiration: Duration.days(7),
        ...ABORT_MULTIPART,
      },
    ],
    // Curated data is the product; only superseded versions expire.
    curated: [{ id: 'curated-noncurrent', noncurrentVersionExpiration: Duration.days(30), ...ABORT_MULTIPART }],
    quarantine: [{ id: 'quarantine-expiry', expiration: Duration.days(days.quarantine), ...ABORT_MULTIPART }],
    audit: [
      {
        id: 'audit-archive',
        transitions: days.audit > 90 ? [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }] : [],
        expiration: Duration.days(days.audit),
        noncurrentVersionExpiration: Duration.days(30),
        ...ABORT_MULTIPART,
      },
    ],
  };
}
