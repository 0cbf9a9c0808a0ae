import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { DesignName, OutputCompression } from '../workload/contract';
import { DEFAULT_OUTPUT_COMPRESSION, ENV } from '../workload/contract';
import { AccessModel } from './access-model';
import { CostControls, DESIGN_TAG_KEY } from './cost-controls';
import { DataZones } from './data-zones';

export interface DataPlatformProps {
  readonly design: DesignName;
  /** Monthly budget in USD for this design. */
  readonly monthlyBudgetUsd: number;
  /**
   * Removal policy of the data-zone buckets.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Who may assume the stakeholder roles.
   * @default the account root
   */
  readonly personaTrust?: iam.IPrincipal;
  /**
   * Require MFA to assume a stakeholder role.
   * @default true
   */
  readonly requireMfa?: boolean;
  /**
   * How the workload writes the curated and quarantine zones (the workload reads ENV.outputCompression).
   * @default 'gzip'
   */
  readonly outputCompression?: OutputCompression;
}

/**
 * The data platform both designs carry, identically: the four zones, the stakeholder roles and the
 * cost controls. Only the compute differs between the designs, so any difference the simulator
 * measures comes from the compute.
 */
export class DataPlatform extends Construct {
  public readonly dataZones: DataZones;
  public readonly accessModel: AccessModel;
  public readonly costControls: CostControls;
  private readonly outputCompression: OutputCompression;

  constructor(scope: Construct, id: string, props: DataPlatformProps) {
    super(scope, id);
    this.outputCompression = props.outputCompression ?? DEFAULT_OUTPUT_COMPRESSION;
    this.dataZones = new DataZones(this, 'Zones', { removalPolicy: props.removalPolicy });
    this.accessModel = new AccessModel(this, 'Access', {
      zones: this.dataZones,
      trustedPrincipal: props.personaTrust,
      requireMfa: props.requireMfa,
    });
    this.costControls = new CostControls(this, 'CostControls', { design: props.design, monthlyBudgetUsd: props.monthlyBudgetUsd });
    Tags.of(scope).add(DESIGN_TAG_KEY, props.design);
  }

  /** Environment variables the workload reads (names from lib/workload/contract.ts). */
  workloadEnvironment(design: DesignName): Record<string, string> {
    const b = this.dataZones.buckets;
    return {
      [ENV.rawBucket]: b.raw.bucketName,
      [ENV.curatedBucket]: b.curated.bucketName,
      [ENV.quarantineBucket]: b.quarantine.bucketName,
      [ENV.auditBucket]: b.audit.bucketName,
      [ENV.design]: design,
      [ENV.outputCompression]: this.outputCompression,
    };
  }
}
