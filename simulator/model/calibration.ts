import { z } from 'zod';
import type { AwsAssumptions, Ranged } from './assumptions';
import { type ArtifactSizes, calibrationSourceSchema, type CalibrationRecord, type CalibrationSource, type ConstantRecord, dateTextSchema } from '../results/calibration';

/**
 * The AWS calibration profile: every platform constant the projection uses, as data, each with its
 * value, its range and where it comes from (calibration/aws-<region>.yaml). Pure: the schema, and the
 * resolution of a profile into the assumptions one projection uses. Loading the file is
 * simulator/run/calibration-file.ts.
 */

const CALIBRATION_SCHEMA_VERSION = 1;

const text = z.string().trim().min(1);
const dateText = dateTextSchema;
/** The source shapes are the results contract's: a report lists them as the profile states them. */
const sourceSchema = calibrationSourceSchema;
export type { ArtifactSizes, CalibrationRecord, CalibrationSource, ConstantRecord };

const sources = z.array(sourceSchema).min(1, 'every constant needs at least one source');
const num = z.number().finite();

/** A constant the projection is uncertain about: drawn from low..high around value. */
const rangedShape = {
  value: num,
  low: num,
  high: num,
  /** The 95th percentile where the source gives a tail. */
  p95: num.optional(),
  derivation: text.optional(),
  sources,
};
const checkRange = (c: { value: number; low: number; high: number; p95?: number }, ctx: z.RefinementCtx) => {
  if (!(c.low <= c.value && c.value <= c.high)) ctx.addIssue({ code: 'custom', message: `need low <= value <= high, got ${c.low} <= ${c.value} <= ${c.high}` });
  if (c.p95 !== undefined && c.p95 < c.value) ctx.addIssue({ code: 'custom', message: `p95 ${c.p95} is below the value ${c.value}` });
};
const ranged = z.strictObject({ ...rangedShape, description: text.optional(), unit: z.string() }).superRefine(checkRange);
const rangedEntry = z.strictObject(rangedShape).superRefine(checkRange);
const imageBin = z.strictObject({ maxImageMb: num.positive(), ...rangedShape }).superRefine(checkRange);
const packageBin = z.strictObject({ maxPackageMb: num.positive(), ...rangedShape }).superRefine(checkRange);
/** A constant with one value (a documented quota or ratio). */
const fixed = z.strictObject({ value: num.positive(), description: text.optional(), unit: z.string(), derivation: text.optional(), sources });

export const calibrationSchema = z.strictObject({
  schemaVersion: z.literal(CALIBRATION_SCHEMA_VERSION),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'),
  updated: dateText,
  description: text,
  constants: z.strictObject({
    cpuSpeedFactor: z.strictObject({ description: text, unit: z.string(), byArchitecture: z.strictObject({ x86_64: rangedEntry, arm64: rangedEntry }) }),
    fargateTaskStartS: z.strictObject({
      description: text,
      unit: z.string(),
      taskImageMb: z.strictObject({ value: num.positive(), derivation: text.optional(), sources }),
      byImageSize: z.array(imageBin).min(1),
    }),
    lambdaColdStartMs: z.strictObject({ description: text, unit: z.string(), runtime: text, byPackageSize: z.array(packageBin).min(1) }),
    mapIterationDispatchMs: ranged,
    s3GetMBpsPerStream: ranged,
    s3PutMBpsPerStream: ranged,
    workerEfficiency: ranged,
    lambdaMbPerVcpu: fixed,
    lambdaMaxVcpu: fixed,
    lambdaAccountConcurrency: fixed,
    lambdaScalePer10s: fixed,
    singleNodeBaseMemoryMb: fixed,
  }),
});

export type CalibrationProfile = z.infer<typeof calibrationSchema>;
type RangedConstant = { value: number; low: number; high: number; p95?: number; derivation?: string; sources: CalibrationSource[] };

/** A bin for `size`: the first whose upper bound holds it, else the last. */
export function bin<T extends Record<K, number>, K extends string>(bins: readonly T[], key: K, size: number): T {
  const sorted = [...bins].sort((a, b) => a[key] - b[key]);
  return sorted.find((b) => size <= b[key]) ?? sorted[sorted.length - 1];
}

function toRanged(c: RangedConstant, unit: string): Ranged {
  return { mid: c.value, low: c.low, high: c.high, ...(c.p95 !== undefined ? { p95: c.p95 } : {}), unit, source: sourceLine(c.sources) };
}

/** Sources in one line: "AWS docs: <title>; measurement: <author> <date> (<figure>); reason: ...". */
export function sourceLine(s: readonly CalibrationSource[]): string {
  return s
    .map((x) => {
      switch (x.kind) {
        case 'aws-docs':
          return `AWS docs "${x.title}" (${x.url}, read ${x.retrieved})`;
        case 'measurement':
          return `measurement by ${x.author}, ${x.published}: ${x.figure} (${x.url})`;
        case 'reason':
          return `no source: ${x.reason}`;
        case 'fitted':
          return `fitted by scalesim calibrate from ${x.results} (run ${x.runAt}, ${x.samples} samples): ${x.method}`;
      }
    })
    .join('; ');
}

export interface ResolvedCalibration {
  readonly assumptions: AwsAssumptions;
  readonly constants: readonly ConstantRecord[];
}

/**
 * The assumptions one projection uses: each constant of the profile, with the bin chosen by the
 * artefacts' sizes (image, package). Pure.
 */
export function resolveCalibration(p: CalibrationProfile, sizes: ArtifactSizes): ResolvedCalibration {
  const c = p.constants;
  const imageMb = sizes.taskImageMb ?? c.fargateTaskStartS.taskImageMb.value;
  const fargate = bin(c.fargateTaskStartS.byImageSize, 'maxImageMb', imageMb);
  const cold = bin(c.lambdaColdStartMs.byPackageSize, 'maxPackageMb', sizes.lambdaPackageMb);
  const speed = c.cpuSpeedFactor.byArchitecture;
  const assumptions: AwsAssumptions = {
    cpuSpeedFactor: { x86_64: toRanged(speed.x86_64, '×'), arm64: toRanged(speed.arm64, '×') },
    fargateStartupS: toRanged(fargate, 's'),
    lambdaColdStartMs: toRanged(cold, 'ms'),
    workerEfficiency: toRanged(c.workerEfficiency, ''),
    s3ReadMBps: toRanged(c.s3GetMBpsPerStream, 'MB/s'),
    s3WriteMBps: toRanged(c.s3PutMBpsPerStream, 'MB/s'),
    mapIterationOverheadMs: toRanged(c.mapIterationDispatchMs, 'ms'),
    lambdaMbPerVcpu: c.lambdaMbPerVcpu.value,
    lambdaMaxVcpu: c.lambdaMaxVcpu.value,
    accountConcurrency: c.lambdaAccountConcurrency.value,
    lambdaScalePer10s: c.lambdaScalePer10s.value,
    singleNodeBaseMemoryMb: c.singleNodeBaseMemoryMb.value,
  };
  const rec = (key: string, name: string, x: RangedConstant | { value: number; derivation?: string; sources: CalibrationSource[] }, unit: string, selected?: string): ConstantRecord => ({
    key,
    name,
    value: x.value,
    ...('low' in x ? { low: x.low, high: x.high, ...(x.p95 !== undefined ? { p95: x.p95 } : {}) } : {}),
    unit,
    ...(selected ? { selected } : {}),
    ...(x.derivation ? { derivation: x.derivation } : {}),
    sources: x.sources,
  });
  const constants: ConstantRecord[] = [
    rec('cpuSpeedFactor.x86_64', 'CPU speed factor, x86_64 (AWS vCPU ÷ measuring machine)', speed.x86_64, '×'),
    rec('cpuSpeedFactor.arm64', 'CPU speed factor, arm64 Graviton (AWS vCPU ÷ measuring machine)', speed.arm64, '×'),
    rec('fargateTaskStartS', 'Fargate task start', fargate, 's', `image ≤ ${fargate.maxImageMb} MB (this image ≈ ${Math.round(imageMb)} MB)`),
    rec('fargateTaskStartS.taskImageMb', 'Fargate task image size', c.fargateTaskStartS.taskImageMb, 'MB'),
    rec('lambdaColdStartMs', `Lambda cold start (${c.lambdaColdStartMs.runtime})`, cold, 'ms', `package ≤ ${cold.maxPackageMb} MB (this package ≈ ${sizes.lambdaPackageMb.toFixed(1)} MB)`),
    rec('mapIterationDispatchMs', 'Step Functions Map iteration dispatch', c.mapIterationDispatchMs, 'ms'),
    rec('s3GetMBpsPerStream', 'S3 GET throughput per stream', c.s3GetMBpsPerStream, 'MB/s'),
    rec('s3PutMBpsPerStream', 'S3 PUT throughput per stream', c.s3PutMBpsPerStream, 'MB/s'),
    rec('workerEfficiency', 'single-node worker efficiency', c.workerEfficiency, ''),
    rec('lambdaMbPerVcpu', 'Lambda CPU share: MB per vCPU', c.lambdaMbPerVcpu, 'MB'),
    rec('lambdaMaxVcpu', 'Lambda vCPUs at most', c.lambdaMaxVcpu, 'vCPU'),
    rec('lambdaAccountConcurrency', 'Lambda account concurrency', c.lambdaAccountConcurrency, ''),
    rec('lambdaScalePer10s', 'Lambda environments added per 10 s', c.lambdaScalePer10s, ''),
    rec('singleNodeBaseMemoryMb', 'single-node runner base memory', c.singleNodeBaseMemoryMb, 'MB'),
  ];
  return { assumptions, constants };
}
