import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EmulatorSession } from '../emulator/types';
import type { EnvironmentRecord } from '../results/results';

const ROOT = path.join(__dirname, '..', '..');

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** What ran the measurement: the emulator, the machine and the versions (results.json `environment`). */
export function environmentRecord(session: EmulatorSession, notEmulated: Record<string, readonly string[]>): EnvironmentRecord {
  const cpus = os.cpus();
  return {
    emulator: { kind: session.kind, name: session.description.name, version: session.description.version, details: { ...session.description.details } },
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    scalesimVersion: (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    versions: {
      'aws-cdk-lib': versionOf('aws-cdk-lib'),
      'cdk-nag': versionOf('cdk-nag'),
      '@aws-sdk/client-sfn': versionOf('@aws-sdk/client-sfn'),
      typescript: versionOf('typescript'),
    },
    notEmulated,
  };
}
