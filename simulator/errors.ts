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
