import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { UserError } from '../errors';
import { readUserText } from '../io/read-user-file';
import { type CalibrationProfile, calibrationSchema } from '../model/calibration';

/**
 * Finding, reading and writing AWS calibration profiles (calibration/aws-<region>.yaml). The default
 * is the repository's profile for the scenario's region; `--calibration FILE` names another.
 */

/** The repository's `calibration/` folder: from the source tree (tsx, jest) or from `dist/` after a build. */
const DEFAULT_CALIBRATION_DIR: string =
  [path.join(__dirname, '..', '..', 'calibration'), path.join(__dirname, '..', '..', '..', 'calibration')].find((dir) => fs.existsSync(dir)) ??
  path.join(__dirname, '..', '..', 'calibration');

/** Largest calibration profile read: the bundled one is about 20 kB. */
const MAX_CALIBRATION_BYTES = 1_000_000;

export interface LoadedCalibration {
  readonly profile: CalibrationProfile;
  /** How reports name the file: relative to the repository for the bundled profiles, else absolute. */
  readonly file: string;
  readonly path: string;
  readonly sha256: string;
}

export interface LoadCalibrationOptions {
  readonly region: string;
  /** A profile file (`--calibration`), resolved against `cwd`. @default calibration/aws-<region>.yaml */
  readonly file?: string;
  /** @default process.cwd() */
  readonly cwd?: string;
  /** @default DEFAULT_CALIBRATION_DIR */
  readonly dir?: string;
}

export function loadCalibration(o: LoadCalibrationOptions): LoadedCalibration {
  const dir = o.dir ?? DEFAULT_CALIBRATION_DIR;
  const file = o.file ? path.resolve(o.cwd ?? process.cwd(), o.file) : path.join(dir, `aws-${o.region}.yaml`);
  // The bundled profile missing is an installation problem with its own hint; a named file goes through
  // the guarded reader, like every file a user names (no FIFO, directory or endless file is read).
  if (!o.file && !fs.existsSync(file)) {
    const have = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
    throw new UserError(`no calibration profile for region ${o.region}: ${path.relative(process.cwd(), file) || file} does not exist (have: ${have.join(', ') || 'none'}); pass --calibration FILE`);
  }
  const text = readUserText(file, { what: 'calibration profile', maxBytes: MAX_CALIBRATION_BYTES, display: o.file ?? file });
  const profile = parseCalibration(text, file);
  if (profile.region !== o.region) throw new UserError(`${file}: a profile for ${profile.region}, but the scenario runs in ${o.region}`);
  const rel = path.relative(path.join(DEFAULT_CALIBRATION_DIR, '..'), file);
  return {
    profile,
    file: rel.startsWith('..') || path.isAbsolute(rel) ? file : rel,
    path: file,
    sha256: crypto.createHash('sha256').update(text).digest('hex'),
  };
}

/** Parses and validates a profile; every problem is one line naming the field. */
export function parseCalibration(text: string, source: string): CalibrationProfile {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new UserError(`${source}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const r = calibrationSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UserError(`${source}: ${i.path.join('.') || 'top level'}: ${i.message}${r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : ''}`);
  }
  return r.data;
}

/** Writes a profile as YAML with a header comment; validates it first, so a written profile always loads. */
export function writeCalibration(file: string, profile: CalibrationProfile, header: string): void {
  const checked = calibrationSchema.parse(profile);
  const comment = header
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${comment}\n${stringify(checked, { lineWidth: 0 })}`);
}
