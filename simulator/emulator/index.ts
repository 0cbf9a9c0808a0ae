import { awsProvider } from './aws/provider';
import { endpointProvider } from './endpoint/provider';
import { localstackProvider } from './localstack/provider';
import { motoProvider } from './moto/provider';
import type { EmulatorKind, EmulatorProvider, EmulatorSession, EmulatorStartOptions } from './types';

export * from './types';
export { clientConfig } from './client-config';
export { parseReportLine } from './gateway/lambda/report';
export type { ParsedReport } from './gateway/lambda/report';

/** Every emulator target, by the name the CLI's --emulator takes (STYLE.md rule 8). */
export const EMULATOR_PROVIDERS: Readonly<Record<EmulatorKind, EmulatorProvider>> = {
  moto: motoProvider,
  localstack: localstackProvider,
  endpoint: endpointProvider,
  aws: awsProvider,
};

/** Starts the named target. The caller must `stop()` the session on every path (try/finally). */
export function startEmulator(kind: EmulatorKind, opts: EmulatorStartOptions = {}): Promise<EmulatorSession> {
  const p = EMULATOR_PROVIDERS[kind];
  if (!p) throw new RangeError(`unknown emulator ${String(kind)}; expected one of ${Object.keys(EMULATOR_PROVIDERS).join(', ')}`);
  return p.start(opts);
}
