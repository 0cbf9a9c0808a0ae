/**
 * CloudFormation template JSON as `cdk synth` writes it: the one template type that deploy, access and
 * cost read. Types only (pure): the reader is read.ts.
 */

export type CfnValue = string | number | boolean | null | readonly CfnValue[] | { readonly [key: string]: CfnValue };

export interface CfnResource {
  readonly Type: string;
  /** @default - no properties */
  readonly Properties?: Readonly<Record<string, CfnValue>>;
  /** @default - no metadata (CDK writes `aws:cdk:path` here when path metadata is on) */
  readonly Metadata?: Readonly<Record<string, CfnValue>>;
}

export interface CfnTemplate {
  readonly Resources: Readonly<Record<string, CfnResource>>;
  /** @default - no outputs */
  readonly Outputs?: Readonly<Record<string, { readonly Value: CfnValue }>>;
  /** @default - no parameters */
  readonly Parameters?: Readonly<Record<string, CfnValue>>;
  /** @default - no mappings */
  readonly Mappings?: Readonly<Record<string, CfnValue>>;
}
