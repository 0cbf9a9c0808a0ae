import { z } from 'zod';
import { num, type DeepReadonly } from './common';

/**
 * results.json `model.calibration`: which AWS calibration profile the projection used
 * (calibration/aws-<region>.yaml) and every constant it took from it, each with its sources. The
 * source shapes are also the profile file's (simulator/model/calibration.ts reads the file with them).
 */

const text = z.string().trim().min(1);
/** A date as the profile states it; YAML reads a bare date as a Date. */
export const dateTextSchema = z.union([z.string().min(4), z.date().transform((d) => d.toISOString().slice(0, 10))]);

const awsDocsSchema = z.strictObject({ kind: z.literal('aws-docs'), title: text, url: z.url(), quote: text, retrieved: dateTextSchema });
const measurementSchema = z.strictObject({
  kind: z.literal('measurement'),
  title: text,
  url: z.url(),
  author: text,
  /** When the measurement was published; a sentence when the page is undated. */
  published: dateTextSchema,
  /** The figure as the source states it. */
  figure: text,
  quote: text,
});
const reasonSchema = z.strictObject({ kind: z.literal('reason'), reason: z.string().trim().min(40, 'a reason must say why (at least 40 characters)') });
const fittedSchema = z.strictObject({
  kind: z.literal('fitted'),
  /** The results.json the value was fitted from. */
  results: text,
  /** When that run happened (results.json generatedAt). */
  runAt: text,
  method: text,
  /** Observations the fit used. */
  samples: z.number().int().min(1),
});

/** Where a constant comes from: an AWS page, a published measurement, a fit from a real run, or the reason there is none. */
export const calibrationSourceSchema = z.discriminatedUnion('kind', [awsDocsSchema, measurementSchema, reasonSchema, fittedSchema]);
export type CalibrationSource = z.output<typeof calibrationSourceSchema>;

/** What a projection knows about its own artefacts to pick the right bins. */
export const artifactSizesSchema = z.strictObject({
  /** Size of the Lambda deployment package (the worker bundle), MB. */
  lambdaPackageMb: num,
  /**
   * Size of the single-node task image, MB.
   * @default - the profile's taskImageMb
   */
  taskImageMb: num.optional(),
});
export type ArtifactSizes = DeepReadonly<z.output<typeof artifactSizesSchema>>;

/** One AWS constant as a report lists it: the value used, its range and its sources. */
export const constantRecordSchema = z.strictObject({
  key: z.string(),
  name: z.string(),
  value: num,
  /** @default - a constant with one value (a documented quota or ratio) */
  low: num.optional(),
  /** @default - a constant with one value */
  high: num.optional(),
  /** @default - the source gives no tail */
  p95: num.optional(),
  unit: z.string(),
  /**
   * Which bin was chosen and why (e.g. "image ≤ 500 MB: 222 MB").
   * @default - the constant has no bins
   */
  selected: z.string().optional(),
  /** @default - taken from the sources as stated */
  derivation: z.string().optional(),
  sources: z.array(calibrationSourceSchema).min(1),
});
export type ConstantRecord = DeepReadonly<z.output<typeof constantRecordSchema>>;

export const calibrationRecordSchema = z.strictObject({
  name: z.string(),
  file: z.string(),
  sha256: z.string(),
  updated: z.string(),
  /**
   * The artefact sizes that chose the bins.
   * @default - not recorded
   */
  sizes: artifactSizesSchema.optional(),
  constants: z.array(constantRecordSchema),
});
export type CalibrationRecord = DeepReadonly<z.output<typeof calibrationRecordSchema>>;
