import { SingleBar } from 'cli-progress';
import * as crypto from 'crypto';
import * as path from 'path';
import type { SchemaRegistry } from '../../../lib/workload/registry';
import { UserError } from '../../errors';
import { loadRegistryFile } from '../../generate/registry-file';
import { InferenceError } from '../../infer/shapes';
import { INFERRED_SCENARIO_HEADER, inferredScenarioText, inferSummary } from '../../infer/scenario-text';
import { prepareOutputFile } from '../../io/output-file';
import { parseUserJson } from '../../io/read-user-file';
import { listSampleFiles, readMappingFile } from '../../sample/files';
import { inferFromFiles } from '../../sample/infer-files';
import { parseScenario } from '../../scenario/load';
import { defineCommand } from '../command';
import { numericFlag } from '../flags';

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
    const slaMinutes = numericFlag(args, 'sla-minutes') ?? 60;
    const registryArg = args.registry;
    const given: SchemaRegistry | undefined = registryArg ? loadRegistryFile(path.resolve(deps.cwd, registryArg)) : undefined;
    const mappingArg = args.mapping;
    const mapping = mappingArg ? readMappingFile(path.resolve(deps.cwd, mappingArg), mappingArg) : undefined;
    const fileArgs = args.files.map(String);
    const sample = listSampleFiles(fileArgs, deps.cwd);

    // Both outputs are checked before the sample is read, so a refusal costs nothing.
    const scenarioOut = prepareOutputFile(path.resolve(deps.cwd, outArg), { display: outArg, command: 'scenario infer', recognise: (t) => t.startsWith(INFERRED_SCENARIO_HEADER) });
    const stem = path.basename(outArg).replace(/\.ya?ml$/i, '');
    const registryName = `${stem}.registry.json`;
    const registryDisplay = path.join(path.dirname(outArg), registryName);
    const registryOut = prepareOutputFile(path.join(path.dirname(scenarioOut.file), registryName), {
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

    let bar: SingleBar | undefined;
    if (deps.interactive && !args.quiet) {
      bar = new SingleBar({ format: 'reading the sample [{bar}] {percentage}% {value}/{total} MB read, {eta}s left', hideCursor: true, clearOnComplete: true, stream: process.stderr });
    }
    let inferred;
    try {
      inferred = await inferFromFiles({
        sample,
        slaMinutes,
        registry: given,
        mapping,
        signal: deps.signal,
        onProgress: (done, total) => {
          if (!bar) return;
          if (!bar.getTotal()) bar.start(Math.max(1, Math.round(total / 1e6)), 0);
          bar.update(Math.round(done / 1e6));
        },
      });
    } catch (e) {
      if (e instanceof InferenceError) throw new UserError(e.message);
      throw e;
    } finally {
      bar?.stop();
    }
    const { registry, estimates } = inferred;
    const description = `${INFERRED_REGISTRY_MARK} (${inferred.registrySource === 'given' ? 'the given registry' : 'inferred from the dominant payload shapes of a sample'}); datasets most observed records first.${given?.description ? ` ${given.description}` : ''}`;
    const written: SchemaRegistry = { ...registry, description };
    const text = inferredScenarioText(estimates, {
      name: scenarioName(stem),
      seed: Number.parseInt(inferred.sha256.slice(0, 8), 16) & 0x7fffffff,
      registryFile: registryName,
      registryDatasets: registry.datasets.length,
      registryPipelines: registry.pipelines.length,
      compression: inferred.gzip ? 'gzip' : 'none',
      sampleSha256: inferred.sha256,
      registrySource: inferred.registrySource,
      ...overrides,
    });
    // What is written must load: a scenario that fails validation here is a bug, not a user mistake.
    try {
      parseScenario(text, outArg);
    } catch (e) {
      throw new Error(`scenario infer produced a scenario that does not validate: ${(e as Error).message}`, { cause: e });
    }
    registryOut.write(`${JSON.stringify(written, null, 2)}\n`);
    scenarioOut.write(text);
    deps.stdout.write(inferSummary(estimates, { scenarioFile: outArg, registryFile: registryDisplay, registrySource: inferred.registrySource, warnings: inferred.warnings }));
    return 0;
  },
});

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
