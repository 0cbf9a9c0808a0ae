import { Zone, ZONES } from '../../lib/constructs/access-matrix';
import { coverageOfPrefix, globMatches } from './glob';
import { PlatformMap, zoneArns } from './platform';
import type { AnalyzedStatement, ComputedZoneAccess, ZoneGrant } from '../results/access';

/**
 * What one principal may do on each data zone, from the statements that apply to it.
 *
 * An action counts for a zone when an Allow covers the zone's bucket ARN (bucket actions) or every key
 * under it (object actions), and no unconditional Deny covers the same. Conditional statements count as
 * they are written: an Allow with a condition is access that is possible; a Deny with a condition (such
 * as the TLS-only deny on every zone) does not remove it. This over-reports rather than under-reports.
 */
export function zoneGrants(statements: readonly AnalyzedStatement[], platform: PlatformMap): Record<Zone, ZoneGrant> {
  const out = {} as Record<Zone, ZoneGrant>;
  for (const zone of ZONES) {
    const lid = platform.zoneBuckets[zone];
    if (!lid) {
      out[zone] = { level: 'none', bucketActions: [], objectActions: [], partialObjectActions: [] };
      continue;
    }
    const arns = zoneArns(lid);
    const bucket = new Set<string>();
    const object = new Set<string>();
    const partial = new Set<string>();
    const denied = { bucket: new Set<string>(), object: new Set<string>() };
    for (const s of statements) {
      if (s.notAction) continue;
      const conditional = s.condition !== undefined && Object.keys(s.condition).length > 0;
      if (s.effect === 'Deny' && conditional) continue;
      for (const a of s.actions) {
        if (!a.action.startsWith('s3:')) continue;
        if (a.resourceTypes.includes('bucket') && coversExactly(s, arns.bucket)) {
          (s.effect === 'Allow' ? bucket : denied.bucket).add(a.action);
        }
        if (a.resourceTypes.includes('object')) {
          const c = objectCoverage(s, arns.objectPrefix);
          if (s.effect === 'Deny') {
            if (c === 'all') denied.object.add(a.action);
          } else if (c === 'all') object.add(a.action);
          else if (c === 'some') partial.add(a.action);
        }
      }
    }
    for (const a of denied.bucket) bucket.delete(a);
    for (const a of denied.object) {
      object.delete(a);
      partial.delete(a);
    }
    for (const a of object) partial.delete(a);
    const levels = { bucket: [...bucket].sort(), object: [...object].sort(), partial: [...partial].sort() };
    out[zone] = { level: levelOf(levels.bucket, levels.object, levels.partial), bucketActions: levels.bucket, objectActions: levels.object, partialObjectActions: levels.partial };
  }
  return out;
}

function coversExactly(s: AnalyzedStatement, arn: string): boolean {
  const hit = s.resources.some((r) => globMatches(r.pattern, arn));
  return s.notResource ? !hit : hit;
}

function objectCoverage(s: AnalyzedStatement, prefix: string): 'all' | 'some' | 'none' {
  if (s.notResource) return s.resources.some((r) => coverageOfPrefix(r.pattern, prefix) !== 'none') ? 'some' : 'all';
  let best: 'all' | 'some' | 'none' = 'none';
  for (const r of s.resources) {
    const c = coverageOfPrefix(r.pattern, prefix);
    if (c === 'all') return 'all';
    if (c === 'some') best = 'some';
  }
  return best;
}

/** Object reads and writes and bucket read access, mapped onto ACCESS_MATRIX's levels. */
const OBJECT_WRITE = /^s3:(PutObject|DeleteObject|RestoreObject|PutObjectRetention|PutObjectLegalHold|AbortMultipartUpload|ReplicateObject|ReplicateDelete)/i;
const OBJECT_READ = /^s3:GetObject(Version)?$|^s3:GetObjectAttributes$|^s3:GetObjectVersionAttributes$/i;

function levelOf(bucketActions: readonly string[], objectActions: readonly string[], partial: readonly string[]): ComputedZoneAccess {
  const data = [...objectActions, ...partial];
  const write = data.some((a) => OBJECT_WRITE.test(a));
  const read = data.some((a) => OBJECT_READ.test(a));
  // Listing is part of `read`; every other bucket-level action is configuration, i.e. `admin`.
  const admin = bucketActions.some((a) => !/^s3:List/i.test(a));
  const dataLevel = write ? 'write' : read ? 'read' : 'none';
  if (admin) return dataLevel === 'none' ? 'admin' : `${dataLevel}+admin`;
  return dataLevel;
}

/** Reads object data in the zone (on all of it or part of it). */
export function canRead(g: ZoneGrant): boolean {
  return [...g.objectActions, ...g.partialObjectActions].some((a) => OBJECT_READ.test(a));
}

/** Writes or deletes object data in the zone. */
export function canWrite(g: ZoneGrant): boolean {
  return [...g.objectActions, ...g.partialObjectActions].some((a) => OBJECT_WRITE.test(a));
}

/** Reads or changes the bucket's configuration. */
export function canAdmin(g: ZoneGrant): boolean {
  return g.bucketActions.some((a) => !/^s3:List/i.test(a));
}
