import * as path from 'path';
import { generateRun } from '../../generate/generator';
import { loadRegistryFile } from '../../generate/registry-file';
import { directorySink } from '../../generate/sinks';
import { prepareScenarioSample } from '../../sample/prepare';
import { UserError } from '../../errors';
import { environmentError } from '../../io/errno';
import { loadScenario } from '../../scenario/load';
import { withWorkloadOverrides } from '../../scenario/overrides';
import { defineCommand } from '../command';
import { numericFlag } from '../flags';
import { progressReporter } from '../progress';

export const generateCommand = defineCommand({
  command: 'generate <scenario>',
  describe: 'Generate the scenario’s synthetic pipeline events: partitioned NDJSON (gzip if the scenario says so) and manifest.json',
  positionals: { scenario: { describe: 'Scenario YAML file' } },
  options: ['out', 'events', 'partitions', 'quiet'],
  required: ['out'],
  examples: [
    ['$0 generate scenarios/baseline.yaml --out /tmp/baseline-data', 'The baseline: 1M events in 32 gzip partitions'],
    ['$0 generate scenarios/skewed.yaml --out /tmp/small --events 10000 --partitions 8', 'A small sample of the skewed scenario'],
    ['$0 generate my.yaml --out /tmp/replay', 'A scenario with workload.source: the sample of real events, resampled to its volume and partitions'],
  ],
  async run(args, deps) {
    const outArg = args.out;
    if (!outArg) throw new UserError('--out is required: the directory to write manifest.json and partitions/ into');
    const overrides = { events: numericFlag(args, 'events'), partitions: numericFlag(args, 'partitions') };
    const loaded = loadScenario(args.scenario);
    // Every input is checked before the output folder is touched.
    const scenario = withWorkloadOverrides(loaded.scenario, overrides);
    const registry = loadRegistryFile(loaded.registryFile);
    const sample = await prepareScenarioSample(loaded.file, scenario, registry, { signal: deps.signal });
    const events = scenario.workload.events;
    const sink = directorySink(path.resolve(deps.cwd, outArg), { display: outArg });
    const out = sink.dir;
    const progress = progressReporter(deps, args.quiet);
    const t0 = deps.now();
    try {
      let manifest;
      try {
        const replay = sample ? await sample.pool() : undefined;
        manifest = await generateRun(scenario, registry, sink, {
          ...(replay ? { replay } : {}),
          scenarioHash: loaded.hash,
          signal: deps.signal,
          onProgress: (done) => progress.bar('generating', done, events, 'events', done),
        });
      } catch (e) {
        // Interrupted, a full disk, any failure: remove what this run wrote (the folder itself if it
        // created it), so no partial data is left, and a new generate accepts the folder.
        sink.discard();
        throw (deps.signal.aborted ? undefined : environmentError(e, `writing --out ${outArg}`)) ?? e;
      }
      progress.done();
      const secs = Math.max(1e-3, (deps.now() - t0) / 1000);
      const bytes = manifest.partitions.reduce((n, p) => n + p.bytes, 0);
      const faults = manifest.partitions.filter((p) => p.fault).map((p) => `${p.key} (${p.fault})`);
      deps.stdout.write(
        `${loaded.scenario.name}: ${manifest.events!.toLocaleString('en-US')} events in ${manifest.partitions.length} partitions, ` +
          `${(bytes / 1e6).toFixed(1)} MB ${manifest.compression === 'gzip' ? 'gzip ' : ''}in ${secs.toFixed(1)} s ` +
          `(${Math.round(manifest.events! / secs).toLocaleString('en-US')} events/s)\n` +
          `  wrote ${path.relative(deps.cwd, path.join(out, 'manifest.json')) || 'manifest.json'} and ${manifest.partitions.length} partition(s) under ${path.relative(deps.cwd, path.join(out, 'partitions')) || 'partitions'}/\n` +
          (faults.length ? `  injected partition faults: ${faults.join(', ')}\n` : ''),
      );
      return 0;
    } finally {
      progress.done();
    }
  },
});
