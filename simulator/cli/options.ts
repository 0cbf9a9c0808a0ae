import type { Options } from 'yargs';
import { TUNE_STRATEGIES } from '../results/tune';
import { ARCHITECTURES } from '../scenario/schema';

/**
 * The one option table (STYLE.md rule 10). Commands name the options they take; they never define
 * their own, so a flag means the same thing everywhere.
 */
export const EMULATORS = ['moto', 'localstack', 'endpoint', 'aws'] as const;
export type EmulatorKind = (typeof EMULATORS)[number];

export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const DESIGN_CHOICES = ['single-node', 'distributed', 'both'] as const;

/** `scalesim check --format`: a command can narrow an option's choices (CommandSpec.choices). */
export const CHECK_FORMATS = ['text', 'json', 'markdown', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export const OPTIONS = {
  out: { type: 'string', describe: 'Output directory' },
  // Numeric flags arrive as text and are parsed strictly by flags.ts: yargs' number type turns `abc` into NaN.
  events: { type: 'string', requiresArg: true, describe: 'Override workload.events from the scenario (an integer, e.g. 200000 or 2e5)' },
  partitions: { type: 'string', requiresArg: true, describe: 'Override workload.partitions from the scenario (an integer)' },
  emulator: {
    type: 'string',
    choices: EMULATORS,
    default: 'moto',
    describe: 'Where to deploy and run: embedded moto, LocalStack (testcontainers), a running endpoint, or a real AWS account',
  },
  endpoint: { type: 'string', describe: 'Endpoint URL of a running emulator (with --emulator endpoint)' },
  image: { type: 'string', describe: 'LocalStack image (with --emulator localstack)', default: 'localstack/localstack:4.14' },
  yes: { type: 'boolean', default: false, describe: 'Confirm deploying to a real AWS account (with --emulator aws)' },
  design: { type: 'string', choices: DESIGN_CHOICES, default: 'both', describe: 'Which design to run' },
  assembly: { type: 'string', describe: 'Cloud assembly directory from `cdk synth` (default: ./cdk.out when it exists, else the scenario is synthesized)' },
  region: { type: 'string', default: 'us-east-1', describe: 'AWS region' },
  prices: { type: 'string', describe: 'Price snapshot JSON (default: the newest in pricing/)' },
  'enforce-budget': { type: 'boolean', default: false, describe: 'Exit non-zero when a design exceeds the scenario budget' },
  volumes: { type: 'string', describe: 'Comma-separated event volumes to measure, e.g. 1e4,1e5,1e6' },
  'project-to': { type: 'string', requiresArg: true, describe: 'Largest volume to project to, e.g. 1e9 (default: 10,000 × the scenario volume, at least 1e10)' },
  'probe-access': { type: 'boolean', default: false, describe: 'Also verify the stakeholder access model at run time, on an IAM-enforcing moto of its own (about 15 s)' },
  refit: { type: 'boolean', default: false, describe: 'Fit again from the runs an earlier sweep wrote to --out, measuring nothing' },
  concurrencies: { type: 'string', describe: 'Comma-separated Map concurrencies for the distributed scaling curve, e.g. 1,2,4,8 (empty to skip)' },
  format: { type: 'string', choices: REPORT_FORMATS, describe: 'Report format' },
  keep: {
    type: 'boolean',
    default: false,
    describe: 'Keep what scalesim would clean up: the emulator running after `emulator start` exits; each design\'s run data in the emulator after `run` collects it',
  },
  deploy: { type: 'string', describe: "Synthesize a scenario's two stacks and deploy them into the emulator through CloudFormation" },
  workers: { type: 'string', requiresArg: true, describe: 'Worker pool size for local processing, 1 to 256 (default: CPU count)' },
  architecture: { type: 'string', choices: ARCHITECTURES, describe: 'CPU architecture' },
  quiet: { type: 'boolean', default: false, describe: 'No progress bars' },
  validate: {
    type: 'boolean',
    default: true,
    describe: 'Also measure two smaller volumes on the same deployed stacks and report the held-out error of the model (--no-validate: one quick run at the scenario volume)',
  },
  calibration: { type: 'string', requiresArg: true, describe: 'AWS calibration profile, YAML (default: calibration/aws-<region>.yaml)' },
  json: { type: 'boolean', default: false, describe: 'Print JSON instead of a table' },
  baseline: { type: 'string', requiresArg: true, describe: 'What to compare with: a results.json, a scenario .yaml or a `scalesim check --format json` report (e.g. from the main branch)' },
  'max-monthly-usd': { type: 'string', requiresArg: true, describe: 'Largest monthly cost (fixed + usage) each design may have, USD (default: gates.maxMonthlyUsd, else budget.perMonthUsd)' },
  'max-runtime-minutes': { type: 'string', requiresArg: true, describe: 'Longest projected AWS runtime (p95 of the projection) each design may have, minutes (default: gates.maxRuntimeMinutes, else the SLA)' },
  'new-access': { type: 'boolean', describe: 'Whether a principal may gain access the baseline did not allow: --no-new-access fails on it (the default with --baseline), --new-access allows it' },
  'new-findings': { type: 'boolean', describe: 'Whether new high or medium IAM findings are allowed: --no-new-findings fails on them (the default with --baseline), --new-findings allows them' },
  unpriced: { type: 'boolean', describe: 'Whether unpriced template resources are allowed: --no-unpriced fails on them (the default), --unpriced allows them' },
  registry: { type: 'string', requiresArg: true, describe: 'Schema registry (JSON) to measure drift against (default: inferred from the sample\'s dominant payload shapes)' },
  mapping: { type: 'string', requiresArg: true, describe: 'Field mapping (JSON) for a sample in another schema: {"event_id": "id", "payload": "data", ...}' },
  'keep-sample': { type: 'boolean', default: false, describe: "Keep a replayed sample's copy in the local data cache (.cache/generated) for later runs; by default it is deleted when the run ends" },
  'sla-minutes': { type: 'string', requiresArg: true, describe: 'Freshness SLA the late rate is measured against, minutes (default 60)' },
  strategy: { type: 'string', choices: TUNE_STRATEGIES, default: 'balanced', describe: 'Which pick tuned.yaml and the verification use: the cheapest a month, the fastest at p95, or the balance of both' },
  verify: { type: 'boolean', default: true, describe: 'Run each pick once on the emulator at a reduced volume and compare it with the model (--no-verify: the model only)' },
  'verify-events': { type: 'string', requiresArg: true, describe: 'Events of the verification run (default: a tenth of the scenario or two tuned partitions, whichever is more, at most 250,000)' },
} as const satisfies Record<string, Options>;

export type OptionName = keyof typeof OPTIONS;

/** The value an option carries once parsed: one of its `choices`, or its `type`. */
export type OptionValue<K extends OptionName> = (typeof OPTIONS)[K] extends { readonly choices: readonly (infer C)[] }
  ? C
  : (typeof OPTIONS)[K] extends { readonly type: 'number' }
    ? number
    : (typeof OPTIONS)[K] extends { readonly type: 'boolean' }
      ? boolean
      : string;

/** Options with a default: yargs always gives them a value. */
export type OptionWithDefault = { [K in OptionName]: (typeof OPTIONS)[K] extends { readonly default: unknown } ? K : never }[OptionName];

/** The defaults of the named options that have one, as yargs fills them in. */
export type OptionDefaults<O extends OptionName> = { readonly [K in O as K extends OptionWithDefault ? K : never]: OptionValue<K> };

/**
 * The option table's defaults for a command's options: what a command that calls another's `run`
 * directly (profile runs `run`) passes for the options its own user did not give.
 */
export function optionDefaults<const O extends OptionName>(names: readonly O[]): OptionDefaults<O> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const spec: Options = OPTIONS[name];
    if (spec.default !== undefined) out[name] = spec.default;
  }
  return out as OptionDefaults<O>;
}
