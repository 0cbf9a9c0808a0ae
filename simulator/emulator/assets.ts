import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Absolute path of a non-TypeScript file of this package (the moto launcher, the Lambda bootstrap),
 * given relative to `simulator/emulator/`. tsc does not copy them to dist/, so when running compiled
 * code they are found in the source tree next to it.
 */
export function emulatorAsset(relative: string): string {
  const candidates = [
    path.join(__dirname, relative),
    // dist/simulator/emulator -> <repo>/simulator/emulator
    path.join(__dirname, '..', '..', '..', 'simulator', 'emulator', relative),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`scalesim is missing its file simulator/emulator/${relative} (looked in ${candidates.join(', ')})`);
  return found;
}
