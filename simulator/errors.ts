/**
 * A mistake the user can fix: a bad scenario value, a missing file, a missing tool.
 *
 * The CLI prints `message` on one line and exits 2, with no stack trace. Anything that is not a
 * UserError is a bug in scalesim and keeps its stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/**
 * The target (the emulator, or an AWS endpoint) stopped answering: connections are refused or reset,
 * or the scalesim gateway reports that the emulator behind it is gone (HTTP 502). Every later call would
 * fail the same way, so a run stops trying further designs. The AWS clients of a run
 * (simulator/deploy/aws-clients.ts) throw it in place of the network error, which stays its `cause`.
 */
export class TargetUnreachableError extends Error {
  override readonly name = 'TargetUnreachableError';
  constructor(
    /** The endpoint called, or `AWS` for the SDK's default endpoints. */
    readonly endpoint: string,
    /** The network error code (`ECONNREFUSED`, ...) or `HTTP 502`. */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`the target ${endpoint} is unreachable (${reason})`, options);
  }
}
