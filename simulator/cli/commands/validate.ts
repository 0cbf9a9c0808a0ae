import { scenarioSampleFiles } from '../../sample/files';
import { loadScenario } from '../../scenario/load';
import { singleNodeWorkers } from '../../scenario/schema';
import { defineCommand } from '../command';

export const validateCommand = defineCommand({
  command: 'validate <scenario>',
  describe: 'Check a scenario file and print what it describes',
  positionals: { scenario: { describe: 'Scenario YAML file' } },
  options: [],
  examples: [['$0 validate scenarios/baseline.yaml', 'Validate the baseline scenario']],
  async run(args, deps) {
    const loaded = loadScenario(args.scenario);
    const s = loaded.scenario;
    // A sample to replay must be there (it is read only by generate and run).
    const sample = scenarioSampleFiles(loaded.file, s);
    deps.stdout.write(
      `${s.name}: valid (sha256 ${loaded.hash.slice(0, 12)})\n` +
        `  ${s.workload.events.toLocaleString('en-US')} events in ${s.workload.partitions} partitions, seed ${s.seed}, ${s.region}\n` +
        `  single-node: Fargate ${s.singleNode.fargate.vcpu} vCPU / ${s.singleNode.fargate.memoryMiB} MiB ${s.singleNode.fargate.architecture}, ${singleNodeWorkers(s.singleNode)} worker(s)\n` +
        `  distributed: Lambda ${s.distributed.lambda.memoryMiB} MB ${s.distributed.lambda.architecture}, Map concurrency ${s.distributed.map.maxConcurrency}, ${s.distributed.map.partitionsPerInvocation} partition(s)/invocation\n` +
        (sample ? `  source: replays ${sample.files.length} sample file(s) from ${s.workload.source!.sample} (${s.workload.source!.mode})\n` : ''),
    );
    return 0;
  },
});
