import { DeleteObjectsCommand, ListObjectVersionsCommand, ObjectIdentifier, S3Client } from '@aws-sdk/client-s3';
import { ZONES, Zone } from '../../lib/workload/storage';

/** What a cleanup removed. */
export interface Deleted {
  /** Object versions and delete markers removed. */
  readonly objects: number;
  /** Bytes of the object versions removed. */
  readonly bytes: number;
}

/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_BATCH = 1000;

/**
 * Deletes every version and delete marker under `prefix` in `bucket`. The zones are versioned, so a
 * plain DeleteObject would only add a delete marker and keep the bytes; each version is deleted by id.
 * All versions are listed before the first delete, so pagination never runs over a changing listing.
 */
export async function deletePrefix(s3: S3Client, bucket: string, prefix: string, signal?: AbortSignal): Promise<Deleted> {
  const ids: ObjectIdentifier[] = [];
  let bytes = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    signal?.throwIfAborted();
    const r = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    for (const v of r.Versions ?? []) {
      ids.push({ Key: v.Key!, ...(v.VersionId ? { VersionId: v.VersionId } : {}) });
      bytes += v.Size ?? 0;
    }
    for (const m of r.DeleteMarkers ?? []) ids.push({ Key: m.Key!, ...(m.VersionId ? { VersionId: m.VersionId } : {}) });
    keyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
    versionIdMarker = r.IsTruncated ? r.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  for (let i = 0; i < ids.length; i += DELETE_BATCH) {
    signal?.throwIfAborted();
    const r = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: ids.slice(i, i + DELETE_BATCH), Quiet: true } }));
    const failed = r.Errors ?? [];
    if (failed.length > 0) throw new Error(`could not delete ${failed.length} objects from s3://${bucket}/${prefix} (first: ${failed[0]!.Key}: ${failed[0]!.Code} ${failed[0]!.Message ?? ''})`);
  }
  return { objects: ids.length, bytes };
}

/**
 * Removes one run's objects (`<runId>/…`) from the given zones of a design, e.g. from the emulator once
 * the run is collected, so the emulator's memory and disk hold one design's run at a time.
 */
export async function deleteRunData(
  s3: S3Client,
  buckets: Readonly<Record<Zone, string>>,
  runId: string,
  zones: readonly Zone[] = ZONES,
  signal?: AbortSignal,
): Promise<Deleted> {
  let objects = 0;
  let bytes = 0;
  for (const z of zones) {
    const d = await deletePrefix(s3, buckets[z], `${runId}/`, signal);
    objects += d.objects;
    bytes += d.bytes;
  }
  return { objects, bytes };
}
