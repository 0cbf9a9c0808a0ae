import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestError, parseManifest } from '../../../lib/workload/run-manifest';
import { LocalStorage, StorageError } from '../../../lib/workload/storage';
import { runPartitions, summaryLine } from '../../../lib/workload/task-runner';
import { UserError } from '../../errors';
import { defineCommand } from '../command';
import { numericFlag } from '../flags';
import { prepareOutputDir } from '../../io/output-dir';
import { countMismatches, verifyRunDirectory } from '../../generate/verify-run';
import { progressReporter } from '../progress';

/** Local runs have no run id of their own; the generated directory is the run. */
const LOCAL_RUN = 'local';

export const processCommand = defineCommand({
  command: 'process <dir>',
  describe: 'Process a generated directory locally with the workload code both designs run; print the summary',
  positionals: { dir: { describe: 'Directory written by `scalesim generate` (manifest.json, partitions/)' } },
  options: ['out', 'workers', 'quiet'],
  required: ['out'],
  examples: [
    ['$0 process /tmp/baseline-data --out /tmp/baseline-out', 'Process every partition with one worker per CPU'],
    ['$0 process /tmp/baseline-data --out /tmp/one --workers 1', 'Single-threaded, as one Lambda would'],
  ],
  async run(args, deps) {
    const outArg = args.out;
    if (!outArg) throw new UserError('--out is required: the directory to write curated/, quarantine/, audit/ and summary.json into');
    const dirArg = args.dir;
    const dir = path.resolve(deps.cwd, dirArg);
    const workers = numericFlag(args, 'workers') ?? Math.min(256, os.availableParallelism());
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new UserError(`${dir} holds no manifest.json; generate one with \`scalesim generate <scenario> --out ${dirArg}\``);
    // The whole input is checked against its manifest (counts, sizes, sha256) before any output exists.
    const manifest = await verifyRunDirectory(dir, { display: dirArg, signal: deps.signal });
    const prepared = prepareOutputDir(path.resolve(deps.cwd, outArg), {
      display: outArg,
      command: 'process',
      writes: { 'summary.json': 'file', curated: 'tree', quarantine: 'tree', audit: 'tree' },
    });
    const out = prepared.dir;
    const storage = new LocalStorage(
      { raw: dir, curated: path.join(out, 'curated'), quarantine: path.join(out, 'quarantine'), audit: path.join(out, 'audit') },
      `${LOCAL_RUN}/`,
    );
    const progress = progressReporter(deps, args.quiet);
    let result;
    try {
      // The manifest verified above drives the run (not a second, unchecked read of the file).
      const checked = parseManifest(manifest, `${dirArg}/manifest.json`);
      result = await runPartitions({ runId: LOCAL_RUN, storage, workers, design: 'local', manifest: checked, signal: deps.signal, onPartition: (_o, done, total) => progress.bar('processing', done, total, 'partitions') });
    } catch (e) {
      // Interrupted: remove what this run wrote (the folder, when it created it).
      if (deps.signal.aborted) prepared.discard();
      if (e instanceof ManifestError || (e instanceof StorageError && e.code !== 'io')) throw new UserError(e.message);
      throw e;
    } finally {
      progress.done();
    }
    const mismatches = countMismatches(manifest, result.outcomes);
    if (mismatches.length > 0) {
      throw new UserError(`${dirArg}/manifest.json does not match its partitions: ${mismatches.slice(0, 2).join('; ')}${mismatches.length > 2 ? ` (and ${mismatches.length - 2} more)` : ''}; the manifest was edited, so no summary was written; regenerate the folder with scalesim generate`);
    }
    const line = summaryLine(result, 'local');
    fs.writeFileSync(path.join(out, 'summary.json'), JSON.stringify({ ...line, summary: result.summary }, null, 2) + '\n');
    const s = result.summary;
    const holds = s.input === s.curated + s.quarantined + s.duplicatesDropped;
    deps.stdout.write(
      `processed ${s.partitions.ok}/${s.partitions.total} partitions with ${result.workers} worker(s) in ${(result.wallMs / 1000).toFixed(1)} s\n` +
        `  input ${s.input} = curated ${s.curated} + quarantined ${s.quarantined} + duplicates dropped ${s.duplicatesDropped}${holds ? '' : '  (DOES NOT ADD UP)'}\n` +
        `  late ${s.freshness.late}, drifted ${s.drift.events} (${Object.entries(s.drift.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}), lineage missing ${s.lineage.missing}\n` +
        `  quarantine reasons: ${Object.entries(s.quarantineReasons).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}\n` +
        s.failures.map((f) => `  FAILED ${f.key}: ${f.reason}\n`).join('') +
        `  wrote ${path.relative(deps.cwd, path.join(out, 'summary.json')) || 'summary.json'}\n`,
    );
    deps.stdout.write(JSON.stringify(line) + '\n');
    return s.partitions.failed > 0 || !holds ? 1 : 0;
  },
});
