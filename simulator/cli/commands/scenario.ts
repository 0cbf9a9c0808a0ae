import * as crypto from 'crypto';
import * as path from 'path';
import type { SchemaRegistry } from '../../../lib/workload/registry';
import { UserError } from '../../errors';
import { loadRegistryFile } from '../../generate/registry-file';
import { InferenceError } from '../../infer/shapes';
import { INFERRED_SCENARIO_HEADER, inferredScenarioText, inferSummary } from '../../infer/scenario-text';
import { prepareOutputFile, type OutputFile } from '../../io/output-file';
import { parseUserJson } from '../../io/read-user-file';
import { listSampleFiles, readMappingFile } from '../../sample/files';
import { inferFromFiles, type InferFilesOptions, type InferredSample } from '../../sample/infer-files';
import { parseScenario } from '../../scenario/load';
import { defineCommand } from '../command';
import { numericFlag } from '../flags';
import { progressReporter, type ProgressReporter } from '../progress';

/** How the registry `scenario infer` writes begins its description; how it recognises its own file. */
const INFERRED_REGISTRY_MARK = 'Written by scalesim scenario infer';

const inferCommand = defineCommand({
  command: 'infer <files..>',
  describe: 'Infer a scenario and a schema registry from a sample of real events (NDJSON or NDJSON.gz, files or folders)',
  positionals: { files: { describe: 'NDJSON(.gz) files, or folders of them (each file one raw-zone object)', array: true } },
  options: ['out', 'registry', 'mapping', 'sla-minutes', 'events', 'partitions', 'quiet'],
  required: ['out'],
  examples: [
    ['$0 scenario infer day/*.ndjson.gz --out my.yaml', 'Write my.yaml and my.registry.json, the registry inferred from the dominant payload shapes'],
    ['$0 scenario infer sample/ --registry scenarios/schemas/registry.json --sla-minutes 30 --out my.yaml', 'Measure drift against a registry you maintain, lateness against a 30-minute SLA'],
    ['$0 scenario infer export.jsonl --mapping map.json --out my.yaml', 'A sample in another schema: map.json names where each documented field is'],
  ],
  async run(args, deps) {
    const outArg = args.out;
    if (!outArg) throw new UserError('--out is required: the scenario file to write (its registry is written next to it)');
    if (!/\.ya?ml$/i.test(outArg)) throw new UserError(`--out ${outArg}: expected a .yaml or .yml file name`);
    const overrides = { events: numericFlag(args, 'events'), partitions: numericFlag(args, 'partitions') };
    const slaMinutes = numericFlag(args, 'sla-minutes') ?? DEFAULT_SLA_MINUTES;
    const given = args.registry ? loadRegistryFile(path.resolve(deps.cwd, args.registry)) : undefined;
    const mapping = args.mapping ? readMappingFile(path.resolve(deps.cwd, args.mapping), args.mapping) : undefined;
    const options: InferFilesOptions = { sample: listSampleFiles(args.files.map(String), deps.cwd), slaMinutes, registry: given, mapping, signal: deps.signal };
    // Both outputs are checked before the sample is read, so a refusal costs nothing.
    const outputs = prepareInferOutputs(outArg, deps.cwd);
    const inferred = await inferWithProgress(options, progressReporter(deps, args.quiet));
    const written: SchemaRegistry = { ...inferred.registry, description: registryDescription(inferred, given) };
    const text = scenarioText(inferred, outputs, overrides);
    outputs.registry.write(`${JSON.stringify(written, null, 2)}\n`);
    outputs.scenario.write(text);
    deps.stdout.write(inferSummary(inferred.estimates, { scenarioFile: outArg, registryFile: outputs.registryDisplay, registrySource: inferred.registrySource, warnings: inferred.warnings }));
    return 0;
  },
});

/** The freshness SLA the late rate is measured against when --sla-minutes is not given. */
const DEFAULT_SLA_MINUTES = 60;

/** The progress bar counts the sample in megabytes read. */
const BYTES_PER_MB = 1e6;

/** The two files `scenario infer` writes: the scenario, and its registry next to it. */
interface InferOutputs {
  readonly scenario: OutputFile;
  readonly registry: OutputFile;
  /** The scenario file's name without .yaml: the scenario's name comes from it. */
  readonly stem: string;
  /** The registry's file name, as the scenario refers to it. */
  readonly registryName: string;
  readonly registryDisplay: string;
  readonly scenarioDisplay: string;
}

/** Checks both output files (new, or scalesim's own) before anything is read. */
function prepareInferOutputs(outArg: string, cwd: string): InferOutputs {
  const scenario = prepareOutputFile(path.resolve(cwd, outArg), { display: outArg, command: 'scenario infer', recognise: (t) => t.startsWith(INFERRED_SCENARIO_HEADER) });
  const stem = path.basename(outArg).replace(/\.ya?ml$/i, '');
  const registryName = `${stem}.registry.json`;
  const registryDisplay = path.join(path.dirname(outArg), registryName);
  const registry = prepareOutputFile(path.join(path.dirname(scenario.file), registryName), {
    display: registryDisplay,
    command: 'scenario infer',
    recognise: (t) => {
      try {
        return String((parseUserJson(t, registryDisplay) as { description?: unknown } | null)?.description ?? '').startsWith(INFERRED_REGISTRY_MARK);
      } catch {
        return false;
      }
    },
  });
  return { scenario, registry, stem, registryName, registryDisplay, scenarioDisplay: outArg };
}

/** Reads the sample with a progress bar in megabytes; a sample nothing can be inferred from is a user mistake. */
async function inferWithProgress(options: InferFilesOptions, progress: ProgressReporter): Promise<InferredSample> {
  try {
    return await inferFromFiles({
      ...options,
      onProgress: (done, total) => progress.bar('reading the sample', Math.round(done / BYTES_PER_MB), Math.max(1, Math.round(total / BYTES_PER_MB)), 'MB'),
    });
  } catch (e) {
    if (e instanceof InferenceError) throw new UserError(e.message);
    throw e;
  } finally {
    progress.done();
  }
}

/** The written registry's description: scalesim's mark (how a rerun recognises its own file), then the source. */
function registryDescription(inferred: InferredSample, given: SchemaRegistry | undefined): string {
  const source = inferred.registrySource === 'given' ? 'the given registry' : 'inferred from the dominant payload shapes of a sample';
  return `${INFERRED_REGISTRY_MARK} (${source}); datasets most observed records first.${given?.description ? ` ${given.description}` : ''}`;
}

/** The scenario YAML, checked to load: a scenario that fails validation here is a bug, not a user mistake. */
function scenarioText(inferred: InferredSample, outputs: InferOutputs, overrides: { readonly events?: number; readonly partitions?: number }): string {
  const text = inferredScenarioText(inferred.estimates, {
    name: scenarioName(outputs.stem),
    seed: Number.parseInt(inferred.sha256.slice(0, 8), 16) & 0x7fffffff,
    registryFile: outputs.registryName,
    registryDatasets: inferred.registry.datasets.length,
    registryPipelines: inferred.registry.pipelines.length,
    compression: inferred.gzip ? 'gzip' : 'none',
    sampleSha256: inferred.sha256,
    registrySource: inferred.registrySource,
    ...overrides,
  });
  try {
    parseScenario(text, outputs.scenarioDisplay);
  } catch (e) {
    throw new Error(`scenario infer produced a scenario that does not validate: ${(e as Error).message}`, { cause: e });
  }
  return text;
}

/** A scenario name from the output file's name: lowercase letters, digits and dashes, at most 48. */
function scenarioName(stem: string): string {
  const name = stem
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return /^[a-z0-9]/.test(name) ? name : `inferred-${crypto.createHash('sha256').update(stem).digest('hex').slice(0, 8)}`;
}

export const scenarioCommand = defineCommand({
  command: 'scenario',
  describe: 'Work with scenarios: infer one from a sample of real events',
  options: [],
  examples: [['$0 scenario infer day.ndjson.gz --out my.yaml', 'A scenario and its schema registry, estimated from a day of real events']],
  subcommands: [inferCommand],
  async run() {
    return 0;
  },
});
