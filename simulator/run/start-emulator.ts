import type { EmulatorKind } from '../cli/options';
import { motoProvider } from '../emulator/moto/provider';
import type { EmulatorProvider, EmulatorSession, EmulatorStartOptions } from '../emulator/types';
import { UserError } from '../errors';

/** The targets `--emulator` can name. Providers not yet built are absent and refused with a clear message. */
const PROVIDERS: Partial<Record<EmulatorKind, EmulatorProvider>> = {
  moto: motoProvider,
};

export async function startEmulator(kind: EmulatorKind, opts: EmulatorStartOptions): Promise<EmulatorSession> {
  const provider = PROVIDERS[kind];
  if (!provider) throw new UserError(`--emulator ${kind} is not available in this build; use one of: ${Object.keys(PROVIDERS).join(', ')}`);
  return provider.start(opts);
}
