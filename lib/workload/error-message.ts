/**
 * The message of anything thrown. Duck-typed rather than `instanceof Error`: errors from Node's own
 * modules (fs, zlib) belong to another realm under test runners such as jest, where instanceof fails.
 */
export function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return String(e);
}
