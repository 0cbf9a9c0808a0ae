import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestError } from '../../../lib/workload/run-manifest';
import { LocalStorage, StorageError } from '../../../lib/workload/storage';
import { runPartitions, summaryLine } from '../../../lib/workload/task-runner';
import { UserError } from '../../errors';
import { defineCommand } from '../command';
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
    const dir = path.resolve(deps.cwd, args.dir);
    const out = path.resolve(deps.cwd, outArg);
    const workers = args.workers ?? os.availableParallelism();
    if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UserError(`--workers: expected an integer from 1 to 256, got ${workers}`);
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new UserError(`${dir} holds no manifest.json; generate one with \`scalesim generate <scenario> --out ${args.dir}\``);
    const storage = new LocalStorage(
      { raw: dir, curated: path.join(out, 'curated'), quarantine: path.join(out, 'quarantine'), audit: path.join(out, 'audit') },
      `${LOCAL_RUN}/`,
    );
    const progress = progressReporter(deps, args.quiet);
    let result;
    try {
      result = await runPartitions({ runId: LOCAL_RUN, storage, workers, design: 'local', onPartition: (_o, done, total) => progress.bar('processing', done, total) });
    } catch (e) {
      if (e instanceof ManifestError || (e instanceof StorageError && e.code !== 'io')) throw new UserError(e.message);
      throw e;
    } finally {
      progress.done();
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
