import { Persona, PERSONAS, Zone, ZONES } from '../../lib/constructs/access-matrix';
import { CfnResolver } from './cfn';
import { CfnTemplate } from '../assembly/template';
import { OUTPUT_KEYS } from '../../lib/workload/contract';

/**
 * Where the shared data platform's pieces are in one template: which bucket is which zone, which role
 * is which persona, which resource is the state machine.
 *
 * The stack outputs (OUTPUT_KEYS) are the contract and are read first; the logical-id convention
 * (`PlatformZonesRaw…`, `PlatformAccessDataEngineer…`) is the fallback for templates without outputs.
 */
export interface PlatformMap {
  /** Zone → logical id of its bucket. Missing zones are absent. */
  readonly zoneBuckets: Partial<Readonly<Record<Zone, string>>>;
  /** Persona → logical id of its role. */
  readonly personaRoles: Partial<Readonly<Record<Persona, string>>>;
  readonly stateMachine?: string;
}

export function platformMap(template: CfnTemplate): PlatformMap {
  const zoneBuckets: Partial<Record<Zone, string>> = {};
  const personaRoles: Partial<Record<Persona, string>> = {};
  const out = (key: string) => CfnResolver.targetOf(template.Outputs?.[key]?.Value);
  const ofType = (id: string | undefined, type: string) => (id && template.Resources[id]?.Type === type ? id : undefined);
  const byPrefix = (prefix: string, type: string) =>
    Object.keys(template.Resources).find((id) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id) && template.Resources[id]!.Type === type);

  for (const zone of ZONES) {
    const id = ofType(out(OUTPUT_KEYS.bucket(zone)), 'AWS::S3::Bucket') ?? byPrefix(`PlatformZones${pascal(zone)}`, 'AWS::S3::Bucket');
    if (id) zoneBuckets[zone] = id;
  }
  for (const persona of PERSONAS) {
    const id = ofType(out(OUTPUT_KEYS.personaRole(persona)), 'AWS::IAM::Role') ?? byPrefix(`PlatformAccess${pascal(persona)}`, 'AWS::IAM::Role');
    if (id) personaRoles[persona] = id;
  }
  const stateMachine =
    ofType(out(OUTPUT_KEYS.stateMachineArn), 'AWS::StepFunctions::StateMachine') ??
    Object.keys(template.Resources).find((id) => template.Resources[id]!.Type === 'AWS::StepFunctions::StateMachine');
  return { zoneBuckets, personaRoles, ...(stateMachine ? { stateMachine } : {}) };
}

/** The rendered ARN of a zone's bucket and the prefix of its objects, as the resolver renders them. */
export function zoneArns(bucketLogicalId: string): { bucket: string; objectPrefix: string } {
  const bucket = `arn:aws:s3:::{${bucketLogicalId}}`;
  return { bucket, objectPrefix: `${bucket}/` };
}

function pascal(kebab: string): string {
  return kebab
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
