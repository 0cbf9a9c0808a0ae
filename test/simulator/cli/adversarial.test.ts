import { execFileSync } from 'child_process';
import * as fs from 'fs';
import type * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { generateRun } from '../../../simulator/generate/generator';
import { loadRegistryFile } from '../../../simulator/generate/registry-file';
import { directorySink } from '../../../simulator/generate/sinks';
import { findGateways, readState } from '../../../simulator/emulator/detached';
import { isAlive } from '../../../simulator/emulator/process-tree';
import { OUTPUT_MARKER } from '../../../simulator/io/output-dir';
import { cachedRun, cacheSlot } from '../../../simulator/run/data-cache';
import { loadScenario } from '../../../simulator/scenario/load';
import { CASE_LIMIT_MS, canMountTmpfs, changes, lines, mkfifo, Outcome, pool, REPO, runCli, runInProcess, snapshot, unixSocket } from './adversarial-harness';

/**
 * Every command against what a hostile (or unlucky) user hands it: special files (FIFO, /dev/zero, a
 * folder, a socket), huge, binary and wrongly encoded files, bad flags, bad output targets, bad results
 * files and lying manifests. Each case checks the exit code, exactly one line on stderr without a stack
 * trace, that no process is left behind and that nothing changed outside the folder the case may write.
 * Each of the 24 defects of issue #13 has at least one case, tagged `#N`.
 *
 * Cases run in process through `exec` where that is faithful. The real CLI runs in a child process
 * where a hang (a FIFO, /dev/zero, /proc), a signal or the exit itself is what is tested: a regression
 * there would wedge an in-process test instead of failing it. Each command under test gets
 * CASE_LIMIT_MS; past it, it counts as hung.
 */

jest.setTimeout(120_000);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-adversarial-'));
const at = (...p: string[]) => path.join(scratch, ...p);
const BASELINE_TEXT = fs.readFileSync(path.join(REPO, 'scenarios', 'baseline.yaml'), 'utf8');
const RESULTS = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'results', `${name}.results.json`), 'utf8')) as Record<string, unknown>;
let socketServer: net.Server | undefined;
let repoStatus = '';
const gitStatus = () => execFileSync('git', ['status', '--porcelain'], { cwd: REPO, encoding: 'utf8' });

/** A scenario next to its registry in scn/, from the baseline text with `edit` applied. */
function scenarioFile(name: string, edit: (text: string) => string = (t) => t): string {
  const file = at('scn', name);
  fs.writeFileSync(file, edit(BASELINE_TEXT));
  return file;
}
const withFaults = (yaml: string) => (t: string) => `${t}\nfaults:\n${yaml}\n`;

beforeAll(async () => {
  repoStatus = gitStatus();
  // Readable by an ordinary user too: the read-only case runs the CLI as one when the suite runs as root.
  fs.chmodSync(scratch, 0o755);
  fs.mkdirSync(at('scn', 'schemas'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'scenarios', 'schemas', 'registry.json'), at('scn', 'schemas', 'registry.json'));
  scenarioFile('baseline.yaml');
  scenarioFile('rates.yaml', withFaults('  lambda: { throwRate: 0.6, timeoutRate: 0.6 }'));
  scenarioFile('crash.yaml', withFaults('  singleNode: { crashAfterPartitions: 100 }'));
  scenarioFile('crash10.yaml', withFaults('  singleNode: { crashAfterPartitions: 10 }'));
  scenarioFile('escape.yaml', (t) => t.replace('schemaRegistry: schemas/registry.json', 'schemaRegistry: ../../../../../../etc/passwd'));
  scenarioFile('tag.yaml', (t) => t.replace('name: baseline', 'name: !custom baseline'));
  scenarioFile('inline.yaml', (t) => t.replace('partitions: 32 ', 'partitions: 5000 ').replace('mode: auto', 'mode: inline'));
  fs.writeFileSync(at('scn', 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASELINE_TEXT, 'utf16le')]));
  fs.writeFileSync(at('scn', 'nul-key.yaml'), BASELINE_TEXT.replace(/^seed:/m, 'se\u0000ed:'));
  fs.writeFileSync(at('scn', 'latin1.yaml'), Buffer.from(BASELINE_TEXT.replace('# ', '# caf\u00e9 '), 'latin1'));
  fs.writeFileSync(at('scn', 'binary.yaml'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
  fs.closeSync(fs.openSync(at('scn', 'huge.yaml'), 'w'));
  fs.truncateSync(at('scn', 'huge.yaml'), 2 ** 31); // sparse: 2 GiB by its size, nothing on disk
  // A scenario whose registry (inside its folder) is not JSON, with a secret-looking line.
  fs.mkdirSync(at('scn2', 'schemas'), { recursive: true });
  fs.writeFileSync(at('scn2', 'baseline.yaml'), BASELINE_TEXT);
  fs.writeFileSync(at('scn2', 'schemas', 'registry.json'), 'SECRET-TOKEN-0123 do not print me\n');
  // Special files in place of a scenario, a registry and a results file.
  fs.mkdirSync(at('special'));
  mkfifo(at('special', 'fifo.yaml'));
  mkfifo(at('special', 'fifo.json'));
  socketServer = await unixSocket(at('special', 'socket.yaml'));
  for (const [dir, target] of [['fifo-registry', 'fifo'], ['zero-registry', '/dev/zero']] as const) {
    fs.mkdirSync(at(dir, 'schemas'), { recursive: true });
    fs.writeFileSync(at(dir, 'baseline.yaml'), BASELINE_TEXT);
    if (target === 'fifo') mkfifo(at(dir, 'schemas', 'registry.json'));
    else fs.symlinkSync(target, at(dir, 'schemas', 'registry.json'));
  }
  // Results files.
  fs.mkdirSync(at('results'));
  const complete = RESULTS('baseline-complete');
  const writeJson = (name: string, v: unknown) => fs.writeFileSync(at('results', name), JSON.stringify(v));
  writeJson('complete.json', complete);
  writeJson('incomplete.json', RESULTS('baseline-incomplete'));
  writeJson('v99.json', { ...complete, schemaVersion: 99 });
  fs.writeFileSync(at('results', 'inf.json'), JSON.stringify(complete).replace(/"wallMs":[\d.]+/, '"wallMs":1e400'));
  writeJson('empty-designs.json', { ...complete, designs: {} });
  writeJson('not-results.json', { hello: 1 });
  fs.writeFileSync(at('results', 'utf16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(complete), 'utf16le')]));
  fs.writeFileSync(at('results', 'binary.json'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 67 + 3) % 256)));
  fs.writeFileSync(at('results', 'secret.json'), 'root:x:0:0:root:/root:/bin/bash\n');
  fs.closeSync(fs.openSync(at('results', 'huge.json'), 'w'));
  fs.truncateSync(at('results', 'huge.json'), 200_000_001);
  // An earlier sweep whose measured run is incomplete, for --refit.
  fs.mkdirSync(at('sweep-old', 'sweep', 'run1'), { recursive: true });
  fs.writeFileSync(at('sweep-old', 'sweep', 'index.json'), JSON.stringify({ main: 'sweep/run1', runs: [{ dir: 'sweep/run1', heldOut: false }] }));
  fs.writeFileSync(at('sweep-old', 'sweep', 'run1', 'results.json'), JSON.stringify(RESULTS('baseline-incomplete')));
  // A small generated run, and copies whose manifest lies or whose partitions were tampered with.
  const loaded = loadScenario(at('scn', 'baseline.yaml'));
  const small = { ...loaded.scenario, workload: { ...loaded.scenario.workload, events: 2000, partitions: 2 } };
  await generateRun(small, loadRegistryFile(loaded.registryFile), directorySink(at('data')));
  // Enough to process for a few seconds, to be interrupted.
  const larger = { ...loaded.scenario, workload: { ...loaded.scenario.workload, events: 300_000, partitions: 6 } };
  await generateRun(larger, loadRegistryFile(loaded.registryFile), directorySink(at('data-large')));
  const variant = (name: string, edit: (dir: string, m: Record<string, unknown> & { partitions: Record<string, unknown>[] }) => void) => {
    fs.cpSync(at('data'), at(name), { recursive: true });
    const m = JSON.parse(fs.readFileSync(at(name, 'manifest.json'), 'utf8'));
    edit(at(name), m);
    fs.writeFileSync(at(name, 'manifest.json'), JSON.stringify(m));
  };
  variant('m-total', (_d, m) => (m.events = 999_999));
  variant('m-huge', (_d, m) => (m.events = 1e308));
  variant('m-counts', (_d, m) => {
    (m.partitions[0]!.events as number) += 500;
    (m.events as number) += 500;
  });
  variant('m-swapped', (d, m) => {
    const [a, b] = m.partitions.map((p) => path.join(d, 'partitions', p.key as string));
    fs.renameSync(a!, `${a}.x`);
    fs.renameSync(b!, a!);
    fs.renameSync(`${a}.x`, b!);
  });
  variant('m-empty', (_d, m) => {
    m.partitions = [];
    delete m.events;
  });
  variant('m-dir', (d, m) => {
    const p = path.join(d, 'partitions', m.partitions[0]!.key as string);
    fs.rmSync(p);
    fs.mkdirSync(p);
  });
  // Output targets.
  fs.writeFileSync(at('a-file'), 'not a folder\n');
  fs.mkdirSync(at('theirs', 'partitions'), { recursive: true });
  fs.writeFileSync(at('theirs', 'manifest.json'), '{"manifest_version":3}\n');
  fs.writeFileSync(at('theirs', 'partitions', 'important.txt'), 'x\n');
  fs.mkdirSync(at('with-cdk-out', 'cdk.out'), { recursive: true });
  fs.writeFileSync(at('with-cdk-out', 'cdk.out', 'manifest.json'), '{}');
  fs.mkdirSync(at('notes'));
  fs.writeFileSync(at('notes', 'thesis.tex'), '\\documentclass{article}\n');
});

afterAll(async () => {
  await new Promise<void>((r) => (socketServer ? socketServer.close(() => r()) : r()));
  fs.rmSync(scratch, { recursive: true, force: true });
  // No case wrote into the repository (every output went to the scratch folder).
  expect(gitStatus()).toBe(repoStatus);
});

/** The checks every case gets. */
function expectOutcome(r: Outcome, code: number, message: RegExp): void {
  const err = lines(r.stderr);
  expect({ code: r.code, hung: r.hung ?? false, stderr: err }).toEqual({ code, hung: false, stderr: [expect.stringMatching(message)] });
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.leftovers).toEqual([]);
}

interface Case {
  /** `#N what`: the defect of issue #13 it reproduces, when it does. */
  readonly name: string;
  readonly argv: () => string[];
  readonly code?: number;
  readonly stderr: RegExp;
  /** Folders (relative to the scratch folder) the command may write; nothing else may change. */
  readonly writes?: readonly string[];
  readonly env?: Record<string, string>;
  readonly also?: (r: Outcome) => void;
}

const s = (name: string) => at('scn', name);
const cases: Case[] = [
  // Bad files as a scenario or a registry.
  { name: '#9 a directory as the scenario', argv: () => ['validate', at('scn')], stderr: /^scalesim: cannot read scenario .*scn: it is a directory, not a regular file$/ },
  { name: '#9 a unix socket as the scenario', argv: () => ['validate', at('special', 'socket.yaml')], stderr: /^scalesim: cannot read scenario .*socket\.yaml: it is a socket, not a regular file$/ },
  { name: '#9 a 2 GiB scenario is refused by its size, before reading', argv: () => ['validate', s('huge.yaml')], stderr: /^scalesim: .*huge\.yaml: scenario is 2147483648 bytes; the limit is 1000000$/ },
  { name: '#23 a binary file as the scenario', argv: () => ['validate', s('binary.yaml')], stderr: /^scalesim: .*binary\.yaml: line \d+ holds a NUL byte: this is not a text file/ },
  { name: '#23 a UTF-16 scenario', argv: () => ['validate', s('utf16.yaml')], stderr: /^scalesim: .*utf16\.yaml: the file is UTF-16 encoded \(byte order mark\); save it as UTF-8$/ },
  { name: '#23 a NUL byte in a key', argv: () => ['validate', s('nul-key.yaml')], stderr: /^scalesim: .*nul-key\.yaml: line 7 holds a NUL byte: this is not a text file \(binary, or UTF-16 without a byte order mark\); save it as UTF-8$/ },
  { name: '#23 a Latin-1 scenario', argv: () => ['validate', s('latin1.yaml')], stderr: /^scalesim: .*latin1\.yaml: line 1 is not valid UTF-8 \(byte offset \d+\); save the file as UTF-8$/ },
  { name: '#21 an unknown YAML tag', argv: () => ['validate', s('tag.yaml')], stderr: /^scalesim: .*tag\.yaml: not valid YAML: unknown tag !custom at line 3, column 7; a scenario uses plain YAML values \(remove the tag\)$/ },
  { name: '#2 Lambda fault rates adding up to 1.2: validate', argv: () => ['validate', s('rates.yaml')], stderr: /^scalesim: .*rates\.yaml: faults\.lambda: got 1\.2, throwRate \+ timeoutRate \+ oomRate \+ throttleRate must add up to at most 1/ },
  { name: '#2 Lambda fault rates adding up to 1.2: cost', argv: () => ['cost', s('rates.yaml')], stderr: /faults\.lambda: got 1\.2, .*add up to at most 1/ },
  { name: '#2 Lambda fault rates adding up to 1.2: run stops before deploying', argv: () => ['run', s('rates.yaml'), '--out', at('run-out')], stderr: /faults\.lambda: got 1\.2/ },
  { name: '#3 crashAfterPartitions 100 with 32 partitions: validate', argv: () => ['validate', s('crash.yaml')], stderr: /faults\.singleNode\.crashAfterPartitions: got 100, must be less than workload\.partitions \(32\)/ },
  { name: '#3 crashAfterPartitions 100 with 32 partitions: run', argv: () => ['run', s('crash.yaml'), '--out', at('run-out')], stderr: /crashAfterPartitions: got 100, must be less than workload\.partitions \(32\)/ },
  { name: '#3 --partitions 8 under crashAfterPartitions 10', argv: () => ['generate', s('crash10.yaml'), '--partitions', '8', '--events', '1000', '--out', at('gen-out')], stderr: /^scalesim: --events 1000 --partitions 8: the scenario baseline with this override is not valid: faults\.singleNode\.crashAfterPartitions: got 10, must be less than workload\.partitions \(8\)/ },
  { name: 'an inline Map that would outgrow its execution history', argv: () => ['validate', s('inline.yaml')], stderr: /distributed\.map\.mode: got "inline", an inline Map of 5000 items .* would outgrow the 25,000-event execution history/ },
  {
    name: '#22 a schemaRegistry that escapes the scenario folder',
    argv: () => ['generate', s('escape.yaml'), '--out', at('gen-out')],
    stderr: /^scalesim: .*escape\.yaml: workload\.schemaRegistry: got "(\.\.\/)+etc\/passwd", expected a path relative to the scenario that stays inside its folder/,
    also: (r) => expect(r.stderr).not.toMatch(/root:/),
  },
  {
    name: '#22 a registry that is not JSON is never quoted',
    argv: () => ['generate', at('scn2', 'baseline.yaml'), '--out', at('gen-out')],
    stderr: /^scalesim: .*registry\.json: not valid JSON( \(line 1\))?$/,
    also: (r) => expect(r.stderr).not.toMatch(/SECRET/),
  },

  // Bad flags.
  { name: '#5 generate --events abc', argv: () => ['generate', s('baseline.yaml'), '--events', 'abc', '--out', at('gen-out')], stderr: /^scalesim: --events: expected an integer from 1 to 1000000000000, got "abc"$/ },
  { name: '#5 generate --partitions abc', argv: () => ['generate', s('baseline.yaml'), '--partitions', 'abc', '--out', at('gen-out')], stderr: /^scalesim: --partitions: expected an integer from 1 to 1000000, got "abc"$/ },
  { name: '#5 process --workers abc', argv: () => ['process', at('data'), '--workers', 'abc', '--out', at('proc-out')], stderr: /^scalesim: --workers: expected an integer from 1 to 256, got "abc"$/ },
  { name: '#5 run --events abc', argv: () => ['run', s('baseline.yaml'), '--events', 'abc', '--out', at('run-out')], stderr: /^scalesim: --events: expected an integer from 1 to 1000000000000, got "abc"$/ },
  { name: '#14 generate --events 1e13, above the scenario cap', argv: () => ['generate', s('baseline.yaml'), '--events', '1e13', '--out', at('gen-out')], stderr: /^scalesim: --events: expected an integer from 1 to 1000000000000, got 1e13$/ },
  { name: 'generate --events -5', argv: () => ['generate', s('baseline.yaml'), '--events', '-5', '--out', at('gen-out')], stderr: /--events: expected an integer from 1 to 1000000000000, got -5$/ },
  { name: 'generate --events 1.5', argv: () => ['generate', s('baseline.yaml'), '--events', '1.5', '--out', at('gen-out')], stderr: /--events: expected an integer from 1 to 1000000000000, got 1\.5$/ },
  { name: 'generate --events given twice', argv: () => ['generate', s('baseline.yaml'), '--events', '10', '--events', '20', '--out', at('gen-out')], stderr: /^scalesim: --events was given 2 times; give it once$/ },
  {
    name: 'run with SCALESIM_DATA_CACHE_GB=abc stops before starting anything',
    argv: () => ['run', s('baseline.yaml'), '--out', at('run-out')],
    env: { SCALESIM_DATA_CACHE_GB: 'abc' },
    stderr: /^scalesim: SCALESIM_DATA_CACHE_GB must be a number of GB >= 0, got "abc"$/,
  },
  {
    name: 'run with SCALESIM_LAMBDA_SLOTS=0 stops before starting the emulator',
    argv: () => ['run', s('baseline.yaml'), '--out', at('run-out')],
    env: { SCALESIM_LAMBDA_SLOTS: '0' },
    stderr: /^scalesim: SCALESIM_LAMBDA_SLOTS must be a whole number >= 1, got "0"$/,
  },
  { name: 'run --partitions 0', argv: () => ['run', s('baseline.yaml'), '--partitions', '0', '--out', at('run-out')], stderr: /^scalesim: --partitions: expected an integer from 1 to 1000000, got 0$/ },
  { name: 'sweep --project-to abc', argv: () => ['sweep', s('baseline.yaml'), '--project-to', 'abc', '--out', at('sweep-out')], stderr: /^scalesim: --project-to: expected an integer from 1 to 1000000000000000, got "abc"$/ },
  { name: 'sweep --volumes above the cap', argv: () => ['sweep', s('baseline.yaml'), '--volumes', '1e4,1e13', '--out', at('sweep-out')], stderr: /^scalesim: --volumes: '1e13' is above the 1000000000000 events a scenario may ask for$/ },
  { name: 'tune --verify-events abc', argv: () => ['tune', s('baseline.yaml'), '--verify-events', 'abc', '--out', at('tune-out')], stderr: /^scalesim: --verify-events: expected an integer from 1 to 1000000000000, got "abc"$/ },
  { name: 'tune --emulator aws without --yes, before synthesizing anything', argv: () => ['tune', s('baseline.yaml'), '--emulator', 'aws', '--out', at('tune-out')], stderr: /^scalesim: --emulator aws deploys to a real AWS account and incurs charges: add --yes to confirm/ },
  { name: 'tune --calibration pointing at a directory', argv: () => ['tune', s('baseline.yaml'), '--calibration', at('scn'), '--no-verify', '--out', at('tune-out')], stderr: /^scalesim: cannot read calibration profile .*scn: it is a directory, not a regular file$/ },
  { name: '#20 emulator start --region with a shell command', argv: () => ['emulator', 'start', '--region', 'mars 1; rm -rf x'], stderr: /^scalesim: --region: expected an AWS region code such as us-east-1, got "mars 1; rm -rf x"$/ },
  { name: '#12 profile <scenario> without --out fails before any work', argv: () => ['profile', s('baseline.yaml')], stderr: /^scalesim: profile <scenario> needs --out DIR/ },
  { name: '#19 profile --emulator aws names --yes, which profile takes', argv: () => ['profile', s('baseline.yaml'), '--emulator', 'aws', '--out', at('run-out')], stderr: /^scalesim: --emulator aws deploys to a real AWS account and incurs charges: add --yes to confirm/ },
  {
    name: '#19 #7 profile --emulator aws --yes is accepted, and refuses AWS_ENDPOINT_URL',
    argv: () => ['profile', s('baseline.yaml'), '--emulator', 'aws', '--yes', '--out', at('run-out')],
    env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    stderr: /^scalesim: --emulator aws talks to real AWS, but AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:9 is set/,
  },
  {
    name: '#7 run --emulator aws --yes refuses AWS_ENDPOINT_URL, before writing anything',
    argv: () => ['run', s('baseline.yaml'), '--emulator', 'aws', '--yes', '--out', at('run-out')],
    env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    stderr: /^scalesim: --emulator aws talks to real AWS, but AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:9 is set, which would send its calls there: unset it, or target that endpoint on purpose with --emulator endpoint --endpoint http:\/\/127\.0\.0\.1:9$/,
  },
  {
    name: '#7 run --emulator aws --yes refuses a service endpoint (AWS_ENDPOINT_URL_S3)',
    argv: () => ['run', s('baseline.yaml'), '--emulator', 'aws', '--yes', '--out', at('run-out')],
    env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' },
    stderr: /but AWS_ENDPOINT_URL_S3=http:\/\/127\.0\.0\.1:9 is set/,
  },
  {
    name: '#11 emulator start --keep --deploy <bad.yaml> starts nothing',
    argv: () => ['emulator', 'start', '--keep', '--deploy', s('crash.yaml')],
    stderr: /crashAfterPartitions: got 100/,
    also: () => {
      expect(readState(at('state'))).toBeUndefined();
      expect(findGateways(at('state'))).toEqual([]);
    },
  },

  // Bad output targets.
  {
    name: '#1 generate --out a folder with a foreign manifest.json and partitions/important.txt',
    argv: () => ['generate', s('baseline.yaml'), '--events', '200', '--partitions', '2', '--out', at('theirs')],
    stderr: /^scalesim: --out .*theirs is not empty and was not written by scalesim \(it holds manifest\.json, partitions\); scalesim writes only into a new or empty folder or one it created, so it never deletes files it did not write: choose another folder$/,
    also: () => expect(fs.readFileSync(at('theirs', 'partitions', 'important.txt'), 'utf8')).toBe('x\n'),
  },
  { name: '#1 generate --out a folder holding a cdk.out/', argv: () => ['generate', s('baseline.yaml'), '--events', '200', '--out', at('with-cdk-out')], stderr: /with-cdk-out is not empty and was not written by scalesim \(it holds cdk\.out\)/ },
  { name: '#1 run --out a folder holding only a cdk.out/ that no run wrote', argv: () => ['run', s('baseline.yaml'), '--out', at('with-cdk-out')], stderr: /with-cdk-out is not empty and was not written by scalesim \(it holds cdk\.out\)/ },
  { name: '#1 process --out a folder of someone else\'s files', argv: () => ['process', at('data'), '--out', at('notes')], stderr: /--out .*notes is not empty and was not written by scalesim \(it holds thesis\.tex\)/ },
  { name: '#1 report --out a folder of someone else\'s files', argv: () => ['report', at('results', 'complete.json'), '--out', at('notes')], stderr: /--out .*notes is not empty and was not written by scalesim \(it holds thesis\.tex\)/ },
  { name: '#16 generate --out an existing file', argv: () => ['generate', s('baseline.yaml'), '--events', '200', '--out', at('a-file')], stderr: /^scalesim: --out .*a-file: exists and is not a folder; name a new or empty folder$/ },
  { name: '#16 generate --out a path under a file', argv: () => ['generate', s('baseline.yaml'), '--events', '200', '--out', at('a-file', 'sub')], stderr: /^scalesim: --out .*a-file\/sub: cannot use it: a part of the path is a file, not a folder \(ENOTDIR\)$/ },
  { name: '#16 process --out an existing file', argv: () => ['process', at('data'), '--out', at('a-file')], stderr: /--out .*a-file: exists and is not a folder/ },
  { name: '#16 report --out a path under a file', argv: () => ['report', at('results', 'complete.json'), '--out', at('a-file', 'sub')], stderr: /--out .*a-file\/sub: cannot use it: .*\(ENOTDIR\)$/ },
  { name: '#16 generate --out /sys/x', argv: () => ['generate', s('baseline.yaml'), '--events', '200', '--out', '/sys/scalesim-x'], stderr: /^scalesim: --out \/sys\/scalesim-x: cannot create the folder: .*\((EPERM|EACCES|EROFS|ENOENT)\)$/ },
  { name: '#16 process --out /sys/x', argv: () => ['process', at('data'), '--out', '/sys/scalesim-x'], stderr: /^scalesim: --out \/sys\/scalesim-x: cannot create the folder: / },
  { name: '#16 report --out /sys/x', argv: () => ['report', at('results', 'complete.json'), '--out', '/sys/scalesim-x'], stderr: /^scalesim: --out \/sys\/scalesim-x: cannot create the folder: / },

  // Bad results files.
  { name: '#6 cost of an incomplete run is refused', argv: () => ['cost', at('results', 'incomplete.json')], stderr: /^scalesim: .*incomplete\.json is INCOMPLETE \(.*\): its figures cover only what finished, so scalesim will not price it/ },
  { name: '#6 cost of schemaVersion 99', argv: () => ['cost', at('results', 'v99.json')], stderr: /^scalesim: .*v99\.json: schemaVersion 99 is not one this scalesim reads \(it reads 1 to 2\)/ },
  { name: '#6 cost of a file holding 1e400', argv: () => ['cost', at('results', 'inf.json')], stderr: /^scalesim: .*inf\.json: "wallMs" is a number too large to represent \(non-finite\)/ },
  { name: 'report of schemaVersion 99', argv: () => ['report', at('results', 'v99.json'), '--out', at('rep-out')], stderr: /schemaVersion 99 is not one this scalesim reads/ },
  { name: 'diff with a 1e400 side', argv: () => ['diff', at('results', 'complete.json'), at('results', 'inf.json')], stderr: /inf\.json: "wallMs" is a number too large/ },
  { name: 'sweep --refit from an incomplete run is refused', argv: () => ['sweep', s('baseline.yaml'), '--refit', '--out', at('sweep-old')], stderr: /run1\/results\.json is INCOMPLETE .*so scalesim will not fit from it/ },
  {
    name: '#24 profile of an incomplete run warns, on one line',
    argv: () => ['profile', at('results', 'incomplete.json')],
    code: 0,
    stderr: /^scalesim: warning: .*incomplete\.json is INCOMPLETE \(.*\); the figures below cover only what finished$/,
    also: (r) => expect(r.stdout).toMatch(/^Profile of baseline/),
  },
  { name: '#24 profile of results without designs warns', argv: () => ['profile', at('results', 'empty-designs.json')], code: 0, stderr: /^scalesim: warning: .*empty-designs\.json holds no design results \(designs is empty\)/ },
  {
    name: '#18 report of results with designs: {} writes both files',
    argv: () => ['report', at('results', 'empty-designs.json'), '--out', at('rep-empty')],
    code: 0,
    writes: ['rep-empty'],
    stderr: /^scalesim: warning: .*empty-designs\.json holds no design results/,
    also: () => {
      expect(fs.readdirSync(at('rep-empty')).sort()).toEqual([OUTPUT_MARKER, 'report.html', 'report.md']);
      expect(fs.readFileSync(at('rep-empty', 'report.html'), 'utf8')).toMatch(/no data to chart/);
    },
  },
  { name: 'profile of a UTF-16 results file', argv: () => ['profile', at('results', 'utf16.json')], stderr: /utf16\.json: the file is UTF-16 encoded/ },
  { name: 'report of a binary results file', argv: () => ['report', at('results', 'binary.json')], stderr: /binary\.json: line \d+ holds a NUL byte/ },
  { name: 'diff with a results file over 200 MB', argv: () => ['diff', at('results', 'complete.json'), at('results', 'huge.json')], stderr: /huge\.json: results file is 200000001 bytes; the limit is 200000000$/ },
  { name: 'profile of a folder', argv: () => ['profile', at('results')], stderr: /cannot read results file .*results: it is a directory, not a regular file$/ },
  { name: 'cost of JSON that is not results', argv: () => ['cost', at('results', 'not-results.json')], stderr: /not-results\.json: not a scalesim results file \(it has no schemaVersion\)$/ },
  { name: 'report of a text file is never quoted', argv: () => ['report', at('results', 'secret.json')], stderr: /secret\.json: not valid JSON/, also: (r) => expect(r.stderr).not.toMatch(/root:x/) },

  // Lying manifests.
  { name: '#4 process: a manifest total of 999,999 for 2,000 events', argv: () => ['process', at('m-total'), '--out', at('proc-out')], stderr: /m-total\/manifest\.json: events says 999999 in total, but its partitions add up to 2000/ },
  { name: '#4 process: a manifest total of 1e308', argv: () => ['process', at('m-huge'), '--out', at('proc-out')], stderr: /m-huge\/manifest\.json: events: expected a whole number >= 0, got 1e\+308/ },
  { name: '#4 process: two partition files swapped (sha256)', argv: () => ['process', at('m-swapped'), '--out', at('proc-out')], stderr: /m-swapped\/partitions\/part-0000\d\.ndjson\.gz: (is \d+ bytes, the manifest says \d+|its sha256 is not the one in the manifest)/ },
  {
    name: '#4 process: partition counts that lie consistently',
    argv: () => ['process', at('m-counts'), '--workers', '1', '--out', at('proc-counts')],
    writes: ['proc-counts'],
    stderr: /m-counts\/manifest\.json does not match its partitions: part-00000\.ndjson\.gz: the manifest says 1500 events, the file holds 1000/,
    also: () => expect(fs.existsSync(at('proc-counts', 'summary.json'))).toBe(false),
  },
  { name: '#17 process: partitions: []', argv: () => ['process', at('m-empty'), '--out', at('proc-out')], stderr: /m-empty\/manifest\.json: lists no partitions, so there is nothing to process/ },
  { name: '#17 process: a partition that is a folder', argv: () => ['process', at('m-dir'), '--out', at('proc-out')], stderr: /m-dir\/partitions\/part-00000\.ndjson\.gz: is not a regular file/ },
];

describe('adversarial CLI: in process, through exec', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = snapshot(scratch, c.writes);
    const warn = jest.spyOn(process, 'emitWarning');
    let r: Outcome;
    try {
      r = await runInProcess(c.argv(), { scratch, env: c.env });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expectOutcome(r, c.code ?? 2, c.stderr);
    expect(r.ms).toBeLessThan(CASE_LIMIT_MS);
    expect(changes(before, snapshot(scratch, c.writes))).toEqual([]);
    c.also?.(r);
  });

  test('#8 the data cache does not reuse a partition corrupted to the same size (sha256)', async () => {
    const root = at('cache');
    const slot = cacheSlot('k', root);
    fs.cpSync(at('data'), slot.dir, { recursive: true });
    const dir = slot.commit();
    const found = await cachedRun('k', root);
    expect(found?.dir).toBe(dir);
    const part = path.join(dir, 'partitions', found!.manifest.partitions[1]!.key);
    const bytes = fs.readFileSync(part);
    bytes[bytes.length - 20] ^= 0xff;
    fs.writeFileSync(part, bytes);
    const log: string[] = [];
    expect(await cachedRun('k', root, { log: (l) => log.push(l) })).toBeUndefined();
    expect(log).toEqual([expect.stringMatching(/failed verification \(.*part-00001\.ndjson\.gz: its sha256 is not the one in the manifest/)]);
  });

  test('#13 a folder left by an interrupted generate (only the marker) is accepted by a new generate', async () => {
    fs.mkdirSync(at('interrupted'));
    fs.writeFileSync(at('interrupted', OUTPUT_MARKER), '{"writtenBy":"scalesim"}\n');
    fs.mkdirSync(at('interrupted', 'partitions'));
    fs.writeFileSync(at('interrupted', 'partitions', 'part-00000.ndjson.gz.tmp'), 'half');
    const r = await runInProcess(['generate', s('baseline.yaml'), '--events', '200', '--partitions', '2', '--out', at('interrupted')], { scratch });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fs.readdirSync(at('interrupted', 'partitions')).sort()).toEqual(['part-00000.ndjson.gz', 'part-00001.ndjson.gz']);
  });
});

describe('adversarial CLI: the real CLI in a child process (hangs, signals, exits)', () => {
  const spawned: { name: string; argv: () => string[]; stderr: RegExp; code?: number }[] = [
    { name: '#9 a FIFO as the scenario (a regression would block forever)', argv: () => ['validate', at('special', 'fifo.yaml')], stderr: /^scalesim: cannot read scenario .*fifo\.yaml: it is a FIFO \(named pipe\), not a regular file$/ },
    { name: '#9 /dev/zero as the scenario (a regression would read forever)', argv: () => ['validate', '/dev/zero'], stderr: /^scalesim: cannot read scenario \/dev\/zero: it is a character device, not a regular file$/ },
    { name: '#9 a FIFO as the schema registry', argv: () => ['generate', at('fifo-registry', 'baseline.yaml'), '--out', at('gen-out')], stderr: /cannot read schema registry .*registry\.json: it is a FIFO \(named pipe\), not a regular file \(set workload\.schemaRegistry in the scenario\)$/ },
    { name: '#9 /dev/zero as the schema registry', argv: () => ['generate', at('zero-registry', 'baseline.yaml'), '--out', at('gen-out')], stderr: /cannot read schema registry .*registry\.json: it is a character device, not a regular file/ },
    { name: '#9 a FIFO as the results file', argv: () => ['report', at('special', 'fifo.json')], stderr: /cannot read results file .*fifo\.json: it is a FIFO \(named pipe\)/ },
    { name: '#10 generate --out /proc/x (a regression spins at 100% CPU)', argv: () => ['generate', s('baseline.yaml'), '--events', '200', '--out', '/proc/scalesim-x'], stderr: /^scalesim: --out \/proc\/scalesim-x: cannot create the folder: the file system at \/proc does not allow creating folders \(ENOENT\)$/ },
    { name: '#10 process --out /proc/x', argv: () => ['process', at('data'), '--out', '/proc/scalesim-x'], stderr: /^scalesim: --out \/proc\/scalesim-x: cannot create the folder/ },
    { name: '#10 report --out /proc/x', argv: () => ['report', at('results', 'complete.json'), '--out', '/proc/scalesim-x'], stderr: /^scalesim: --out \/proc\/scalesim-x: cannot create the folder/ },
  ];

  test('hang-prone inputs end at once, with one line and exit 2 (run concurrently)', async () => {
    const before = snapshot(scratch, ['gen-out']);
    // Two at a time: each child pays Node's and tsx's start-up, and this machine may have two cores.
    const results = await pool(2, spawned.map((c) => async () => ({ c, r: await runCli(c.argv(), { scratch }) })));
    for (const { c, r } of results) {
      expect({ name: c.name, code: r.code, hung: r.hung ?? false, stderr: lines(r.stderr) }).toEqual({ name: c.name, code: c.code ?? 2, hung: false, stderr: [expect.stringMatching(c.stderr)] });
      expect(r.leftovers).toEqual([]);
      expect(r.ms).toBeLessThan(CASE_LIMIT_MS);
    }
    expect(changes(before, snapshot(scratch, ['gen-out']))).toEqual([]);
    expect(fs.existsSync(at('gen-out'))).toBe(false);
  });

  test('#16 a read-only --out folder is one line (as a user without write permission)', async () => {
    fs.mkdirSync(at('read-only'));
    fs.chmodSync(at('read-only'), 0o555);
    // root writes anywhere: meet the permission error as an ordinary user would.
    const asUser = process.getuid?.() === 0 ? { uid: 65534 } : {};
    const r = await runCli(['generate', s('baseline.yaml'), '--events', '200', '--out', at('read-only', 'out')], { scratch, ...asUser });
    expectOutcome(r, 2, /^scalesim: --out .*read-only\/out: cannot create the folder: (permission denied \(EACCES\)|read-only file system \(EROFS\))$/);
    expect(fs.readdirSync(at('read-only'))).toEqual([]);
  });

  const waitFor = async (what: string, ok: () => boolean, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  test.each(['SIGINT', 'SIGTERM'] as const)('#13 %s during generate: exit 130 at once, and nothing it wrote is left', async (sig) => {
    const out = at(`interrupted-${sig}`);
    let partsSeen = 0;
    const r = await runCli(['generate', s('baseline.yaml'), '--out', out, '--quiet'], {
      scratch,
      during: async (child) => {
        await waitFor('partitions', () => (partsSeen = fs.existsSync(path.join(out, 'partitions')) ? fs.readdirSync(path.join(out, 'partitions')).length : 0) >= 2);
        child.kill(sig);
      },
    });
    expect(partsSeen).toBeGreaterThanOrEqual(2);
    expect({ code: r.code, hung: r.hung ?? false }).toEqual({ code: 130, hung: false });
    expect(lines(r.stderr)).toEqual([`scalesim: ${sig} received, stopping and cleaning up...`, 'scalesim: interrupted; cleaned up']);
    expect(r.leftovers).toEqual([]);
    // It created the folder, so it removed it: no partitions without a manifest.
    expect(fs.existsSync(out)).toBe(false);
  });

  // A real full disk where the machine allows it (a 1 MB tmpfs in a user namespace); elsewhere the same
  // errno, injected at the file handle the generator writes through, in process.
  test('SIGINT during process (worker threads): exit 130 at once, and the output folder it created is gone', async () => {
    const out = at('process-interrupted');
    const r = await runCli(['process', at('data-large'), '--workers', '2', '--out', out, '--quiet'], {
      scratch,
      during: async (child) => {
        await waitFor('the first outputs', () => fs.existsSync(path.join(out, 'audit')));
        child.kill('SIGINT');
      },
    });
    expect({ code: r.code, hung: r.hung ?? false }).toEqual({ code: 130, hung: false });
    expect(lines(r.stderr)).toEqual(['scalesim: SIGINT received, stopping and cleaning up...', 'scalesim: interrupted; cleaned up']);
    expect(r.leftovers).toEqual([]);
    expect(fs.existsSync(out)).toBe(false);
  });

  const tmpfs = canMountTmpfs();
  test(`#15 a full disk during generate: one line, exit 2, nothing of it left (${tmpfs ? 'a real 1 MB tmpfs' : 'ENOSPC injected at write()'})`, async () => {
    const mount = at('full');
    fs.mkdirSync(mount);
    const out = path.join(mount, 'out');
    const argv = ['generate', s('baseline.yaml'), '--events', '100000', '--partitions', '4', '--out', out];
    let r: Outcome;
    if (tmpfs) {
      const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
      // The listing of the tmpfs after the command goes to stderr too: anything left there fails the one-line check.
      r = await runCli(argv, { scratch, wrap: (args) => ({ file: 'unshare', args: ['-rm', 'sh', '-c', `mount -t tmpfs -o size=1M tmpfs ${q(mount)} && ${args.map(q).join(' ')}; code=$?; ls -A ${q(mount)} >&2; exit $code`] }) });
    } else {
      const open = fs.promises.open;
      let written = 0;
      const spy = jest.spyOn(fs.promises, 'open').mockImplementation(async (...a: Parameters<typeof open>) => {
        const fh = await open(...a);
        if (!String(a[0]).includes(`${path.sep}partitions${path.sep}`)) return fh;
        const write = fh.write.bind(fh) as (b: Buffer) => Promise<unknown>;
        (fh as unknown as { write: (b: Buffer) => Promise<unknown> }).write = async (b: Buffer) => {
          written += b.length;
          if (written > 1_000_000) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
          return write(b);
        };
        return fh;
      });
      try {
        r = await runInProcess(argv, { scratch });
      } finally {
        spy.mockRestore();
      }
      expect(fs.readdirSync(mount)).toEqual([]);
    }
    expect({ code: r.code, hung: r.hung ?? false }).toEqual({ code: 2, hung: false });
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^scalesim: writing --out .*full\/out: no space left on device \(ENOSPC\)$/)]);
    expect(r.leftovers).toEqual([]);
  });
});

describe('adversarial CLI: emulator teardown and state (starts moto: slower)', () => {
  const state = () => at('state');

  test('#14 a corrupt emulator.json: start refuses, stop finds the emulator by its command line and stops it', async () => {
    const started = await runInProcess(['emulator', 'start', '--keep'], { scratch });
    expect(started.code).toBe(0);
    const s0 = readState(state())!;
    try {
      fs.writeFileSync(path.join(state(), 'emulator.json'), '{"endpoint": "http://127.0.0.1:1", "gat');
      const again = await runInProcess(['emulator', 'start', '--keep'], { scratch });
      expectOutcome(again, 2, new RegExp(`^scalesim: an emulator for .*state is running \\(gateway pid ${s0.gatewayPid}\\) but its state file is missing or corrupt: run "scalesim emulator stop" first$`));
      const stopped = await runInProcess(['emulator', 'stop'], { scratch });
      expect({ code: stopped.code, stderr: stopped.stderr }).toEqual({ code: 0, stderr: '' });
      expect(stopped.stdout).toMatch(new RegExp(`^the state file was corrupt \\(.*emulator\\.json: not valid JSON.*\\); stopped the emulator found by its command line \\(gateway pid ${s0.gatewayPid}\\); state cleared\\n$`));
      expect(stopped.ms).toBeLessThan(CASE_LIMIT_MS);
      await waitGone([s0.gatewayPid, s0.motoPid]);
      expect(fs.existsSync(path.join(state(), 'emulator.json'))).toBe(false);
    } finally {
      for (const p of [s0.gatewayPid, s0.motoPid]) if (isAlive(p)) process.kill(-p, 'SIGKILL');
    }
  });

  test('#11 #14 a deploy that fails after start tears everything down, and leaves no assembly folder behind', async () => {
    const tmp = at('tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // where the command's own temporary assembly goes (os.tmpdir())
    const aborted = new AbortController();
    aborted.abort(new Error('interrupted by SIGINT'));
    let r: Outcome;
    try {
      r = await runInProcess(['emulator', 'start', '--keep', '--deploy', s('baseline.yaml')], { scratch, signal: aborted.signal });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    // Interrupted: exit 130, as main() reports it.
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 130, stderr: 'scalesim: interrupted; cleaned up\n' });
    expect(r.leftovers).toEqual([]);
    expect(findGateways(state())).toEqual([]);
    expect(readState(state())).toBeUndefined();
    expect(fs.existsSync(path.join(state(), 'assembly'))).toBe(false);
    // The emulator had started (the failure came after), and was stopped by the teardown.
    expect(fs.readFileSync(path.join(state(), 'emulator.log'), 'utf8')).toMatch(/ready on http:\/\/127\.0\.0\.1:\d+[\s\S]*SIGTERM: stopping/);
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('scalesim-emulator-assembly-'))).toEqual([]);
  });
});

async function waitGone(pids: number[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (pids.some((p) => isAlive(p)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(pids.filter((p) => isAlive(p))).toEqual([]);
}
