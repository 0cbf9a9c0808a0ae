/**
 * The intended access model, written once as data. The IAM roles (access-model.ts), the README table
 * and the access analysis (simulator/access) are all generated from, or checked against, this file.
 * Change a cell here and the roles, the docs and the expected-matrix tests change with it.
 */

export const PERSONAS = ['data-engineer', 'ml-engineer', 'security-architect', 'data-steward', 'platform-owner'] as const;
export type Persona = (typeof PERSONAS)[number];

export const ZONES = ['raw', 'curated', 'quarantine', 'audit'] as const;
export type Zone = (typeof ZONES)[number];

/**
 * - `none`: no access to the zone.
 * - `read`: list the bucket and read objects.
 * - `write`: `read` plus put objects (no delete: versioning keeps history, lifecycle expires it).
 * - `admin`: bucket configuration (lifecycle, tags, encryption and versioning settings) but no object
 *   data. Cost and operations, not content.
 */
export const ACCESS_LEVELS = ['none', 'read', 'write', 'admin'] as const;
export type ZoneAccess = (typeof ACCESS_LEVELS)[number];

export interface PersonaSpec {
  /** Why this persona exists: the job the grants serve. Shown in the README and the memo. */
  readonly purpose: string;
  readonly zones: Readonly<Record<Zone, ZoneAccess>>;
  /** Start and inspect pipeline executions (both designs' state machines). */
  readonly operatePipelines: boolean;
  /** Read the stacks' IAM roles and policies (a reviewer's read-only view). */
  readonly reviewIam: boolean;
  /** Read cost and operational signals: budgets, alarms, metrics. */
  readonly viewCostSignals: boolean;
}

export const ACCESS_MATRIX: Readonly<Record<Persona, PersonaSpec>> = {
  'data-engineer': {
    purpose: 'Lands raw data, runs and debugs the batch, fixes quarantined records.',
    zones: { raw: 'write', curated: 'write', quarantine: 'write', audit: 'read' },
    operatePipelines: true,
    reviewIam: false,
    viewCostSignals: false,
  },
  'ml-engineer': {
    purpose: 'Trains and monitors models on curated data; checks quality and lineage before training.',
    zones: { raw: 'none', curated: 'read', quarantine: 'none', audit: 'read' },
    operatePipelines: false,
    reviewIam: false,
    viewCostSignals: false,
  },
  'security-architect': {
    purpose: 'Reviews who can reach what: IAM policies and the audit trail, never the data itself.',
    zones: { raw: 'none', curated: 'none', quarantine: 'none', audit: 'read' },
    operatePipelines: false,
    reviewIam: true,
    viewCostSignals: false,
  },
  'data-steward': {
    purpose: 'Owns data quality and classification: triages quarantine, reads curated output and lineage.',
    zones: { raw: 'none', curated: 'read', quarantine: 'write', audit: 'read' },
    operatePipelines: false,
    reviewIam: false,
    viewCostSignals: false,
  },
  'platform-owner': {
    purpose: 'Owns cost and capacity: bucket lifecycle and budgets, alarms and metrics, no object data.',
    zones: { raw: 'admin', curated: 'admin', quarantine: 'admin', audit: 'admin' },
    operatePipelines: false,
    reviewIam: false,
    viewCostSignals: true,
  },
};

/** S3 actions each access level grants, on the bucket (`bucket`) and on its objects (`object`). */
export const ZONE_ACTIONS: Readonly<Record<Exclude<ZoneAccess, 'none'>, { bucket: readonly string[]; object: readonly string[] }>> = {
  read: { bucket: ['s3:ListBucket'], object: ['s3:GetObject'] },
  write: { bucket: ['s3:ListBucket'], object: ['s3:GetObject', 's3:PutObject'] },
  admin: {
    bucket: [
      's3:GetBucketLocation',
      's3:GetBucketTagging',
      's3:PutBucketTagging',
      's3:GetLifecycleConfiguration',
      's3:PutLifecycleConfiguration',
      's3:GetEncryptionConfiguration',
      's3:GetBucketVersioning',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketPolicy',
    ],
    object: [],
  },
};

/** What each workload role needs, per zone. The workload never deletes and never reads its own outputs back. */
export const WORKLOAD_ZONE_ACTIONS: Readonly<Record<Zone, { bucket: readonly string[]; object: readonly string[] }>> = {
  raw: { bucket: ['s3:ListBucket'], object: ['s3:GetObject'] },
  curated: { bucket: [], object: ['s3:PutObject'] },
  quarantine: { bucket: [], object: ['s3:PutObject'] },
  audit: { bucket: [], object: ['s3:PutObject'] },
};

/**
 * The matrix as a Markdown table: the README's access-model section is this text, and a test keeps
 * them identical, so the docs cannot drift from the roles.
 */
export function accessMatrixMarkdown(): string {
  const yes = (b: boolean) => (b ? 'yes' : '—');
  const rows = PERSONAS.map((p) => {
    const s = ACCESS_MATRIX[p];
    return `| ${p} | ${ZONES.map((z) => s.zones[z]).join(' | ')} | ${yes(s.operatePipelines)} | ${yes(s.reviewIam)} | ${yes(s.viewCostSignals)} | ${s.purpose} |`;
  });
  return [
    `| persona | ${ZONES.join(' | ')} | run pipelines | review IAM | cost signals | purpose |`,
    `|---|${ZONES.map(() => '---').join('|')}|---|---|---|---|`,
    ...rows,
  ].join('\n');
}
