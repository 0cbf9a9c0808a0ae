import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
import { describeErrno } from '../io/errno';
import { parseUserJson, readUserText } from '../io/read-user-file';
import { openUserFile } from '../io/read-user-stream';
import { type FieldMapping, MappingError, parseMapping } from '../infer/mapping';
import type { Scenario } from '../scenario/schema';

/**
 * Where a sample of real events is on disk: the files `scenario infer` reads, and the files a scenario's
 * `workload.source.sample` names for replay. A path is a file, or a folder whose NDJSON files (`.ndjson`,
 * `.jsonl`, `.json`, each optionally `.gz`) are read in name order, not recursively. Each file is one
 * raw-zone object of the sample (a partition, for the skew estimate).
 */

const SAMPLE_FILE = /\.(ndjson|jsonl|json)(\.gz)?$/i;

/** Largest mapping file read. */
const MAX_MAPPING_BYTES = 1_000_000;

export interface SampleFiles {
  /** Absolute paths, in reading order. */
  readonly files: readonly string[];
  /** How messages name each file (as the user gave it, or folder/name). */
  readonly display: readonly string[];
}

/** The files behind `paths` (files, or folders of NDJSON files); an error names a path that holds none. */
export function listSampleFiles(paths: readonly string[], cwd: string, displays: readonly string[] = paths): SampleFiles {
  const files: string[] = [];
  const display: string[] = [];
  const seen = new Set<string>();
  paths.forEach((p, i) => {
    const abs = path.resolve(cwd, p);
    const shown = displays[i] ?? p;
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      throw new UserError(`cannot read sample ${shown}: ${describeErrno(e)}`);
    }
    const add = (f: string, d: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      files.push(f);
      display.push(d);
    };
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(abs).filter((n) => SAMPLE_FILE.test(n)).sort();
      } catch (e) {
        throw new UserError(`cannot list sample folder ${shown}: ${describeErrno(e)}`);
      }
      if (!names.length) throw new UserError(`sample folder ${shown} holds no NDJSON file (*.ndjson, *.jsonl or *.json, optionally .gz)`);
      for (const n of names) add(path.join(abs, n), path.join(shown, n));
    } else {
      // Regular-file checks happen when the file is opened (openUserFile), before any byte is read.
      add(abs, shown);
    }
  });
  if (!files.length) throw new UserError('no sample file given');
  return { files, display };
}

/**
 * The files of a scenario's `workload.source.sample`: a path relative to the scenario that stays inside
 * its folder, like `workload.schemaRegistry`. A scenario is a file people share; one that names
 * `/home/someone/.ssh` must not make scalesim read a file outside the folder the user chose, and
 * upload it to a raw zone.
 */
export function scenarioSampleFiles(scenarioFile: string, scenario: Scenario, source = scenarioFile): SampleFiles | undefined {
  const s = scenario.workload.source;
  if (!s) return undefined;
  const abs = insideScenarioFolder(scenarioFile, s.sample, 'workload.source.sample', source);
  return listSampleFiles([abs], path.dirname(scenarioFile), [s.sample]);
}

/** The mapping file of `workload.source.mapping`, parsed; undefined when the scenario has none. */
export function scenarioMapping(scenarioFile: string, scenario: Scenario, source = scenarioFile): FieldMapping | undefined {
  const m = scenario.workload.source?.mapping;
  if (m === undefined) return undefined;
  return readMappingFile(insideScenarioFolder(scenarioFile, m, 'workload.source.mapping', source), m);
}

export function readMappingFile(file: string, display = file): FieldMapping {
  const raw = parseUserJson(readUserText(file, { what: 'field mapping', display, maxBytes: MAX_MAPPING_BYTES }), display);
  try {
    return parseMapping(raw, display);
  } catch (e) {
    if (e instanceof MappingError) throw new UserError(e.message);
    throw e;
  }
}

function insideScenarioFolder(scenarioFile: string, rel: string, field: string, source: string): string {
  const base = path.dirname(path.resolve(scenarioFile));
  const resolved = path.resolve(base, rel);
  const r = path.relative(base, resolved);
  if (path.isAbsolute(rel) || r === '' || r.startsWith('..') || path.isAbsolute(r)) {
    throw new UserError(`${source}: ${field}: got ${JSON.stringify(rel.slice(0, 80))}, expected a path relative to the scenario that stays inside its folder (e.g. sample/events.ndjson.gz); copy or link the sample next to the scenario`);
  }
  return resolved;
}

/**
 * sha256 over the sample's bytes as stored (file after file, each preceded by its length), read the
 * guarded way: the sample's identity in the data cache key and in results.json.
 */
export async function sampleSha256(sample: SampleFiles, signal?: AbortSignal): Promise<{ sha256: string; bytes: number; gzip: boolean }> {
  const h = crypto.createHash('sha256');
  let total = 0;
  let gzip = false;
  const buf = Buffer.allocUnsafe(1 << 20);
  for (let i = 0; i < sample.files.length; i++) {
    const fh = openUserFile(sample.files[i]!, 'sample', sample.display[i]);
    gzip ||= fh.gzip;
    try {
      h.update(`${fh.size}\n`);
      for (;;) {
        signal?.throwIfAborted();
        const bytesRead = await fh.read(buf);
        if (bytesRead === 0) break;
        h.update(buf.subarray(0, bytesRead));
        total += bytesRead;
      }
    } catch (e) {
      if (e instanceof UserError || signal?.aborted) throw e;
      throw new UserError(`cannot read sample ${sample.display[i]}: ${describeErrno(e)}`);
    } finally {
      fh.close();
    }
  }
  return { sha256: h.digest('hex'), bytes: total, gzip };
}
