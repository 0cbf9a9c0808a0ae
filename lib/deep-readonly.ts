/**
 * `T` with every property and array readonly, all the way down. The record types derived from zod
 * schemas (`z.output`) are mutable; the producers and readers of those records treat them as values,
 * as the hand-written interfaces they replace did.
 */
export type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
