import { z } from 'zod';
import { DESIGNS } from '../../lib/workload/contract';

/**
 * Building blocks the section schemas share. `DeepReadonly` turns each schema's `z.output` into the
 * readonly record type the stages pass around.
 */
export type { DeepReadonly } from '../../lib/deep-readonly';

/** `single-node` or `distributed`. */
export const designNameSchema = z.enum(DESIGNS);

/** A record with one entry per design, each of schema `t`. */
export const perDesign = <T extends z.ZodType>(t: T) => z.strictObject({ 'single-node': t, distributed: t });

/** A finite number (zod 4 refuses NaN and ±Infinity, which JSON cannot carry). */
export const num = z.number();
export const nonNegative = z.number().min(0);
export const count = z.number().int().min(0);
