import { UserError } from '../errors';

/**
 * Operating-system errors as one line. Node's own messages are fine for a developer
 * (`ENOSPC: no space left on device, write`) but come with a stack trace when they escape; these helpers
 * turn the ones a user causes or can fix (a full disk, a read-only folder, a path under a file) into
 * a UserError: one line, exit 2.
 */

const EXPLAIN: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for this file system or the process limit',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  ENXIO: 'no such device (a socket or a device with nothing behind it)',
  EBUSY: 'resource busy',
  ENOTEMPTY: 'the folder is not empty',
};

/** Errors a user's environment causes (disk, permissions, limits), never a bug in scalesim. */
const ENVIRONMENT = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EFBIG', 'EMFILE', 'ENFILE', 'EIO', 'ENAMETOOLONG']);

export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** The bare code (`ENOENT`), or the message's first line when the error has none. */
export function describeErrno(e: unknown): string {
  return errnoCode(e) ?? firstLine(e);
}

/** `no space left on device (ENOSPC)`: what the code means, for messages about writing. */
export function explainErrno(e: unknown): string {
  const code = errnoCode(e);
  if (!code) return firstLine(e);
  return EXPLAIN[code] ? `${EXPLAIN[code]} (${code})` : code;
}

/**
 * A UserError for an error the user's environment caused (a full disk, a read-only or forbidden folder,
 * an exhausted limit), naming what was being done; undefined for anything else, which stays a bug.
 */
export function environmentError(e: unknown, doing?: string): UserError | undefined {
  const code = errnoCode(e);
  if (!code || !ENVIRONMENT.has(code)) return undefined;
  const err = e as NodeJS.ErrnoException;
  const what = doing ?? (err.path ? `${err.syscall ?? 'writing'} ${err.path}` : (err.syscall ?? 'file access'));
  return new UserError(`${what}: ${explainErrno(e)}`);
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : String(e);
  return m.split('\n')[0]!.slice(0, 300);
}
