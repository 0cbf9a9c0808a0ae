import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import type { CommandSpec } from '../../simulator/cli/command';
import { COMMANDS } from '../../simulator/cli/commands';
import type { CliDeps } from '../../simulator/cli/deps';
import { exec } from '../../simulator/cli/main';
import { OPTIONS, type OptionName } from '../../simulator/cli/options';

/**
 * The example workflow (examples/github-actions/scalesim.yml) parses, and every `scalesim` command its
 * steps run exists with the flags it uses, checked against the CLI's own command and option tables;
 * then the commands are run as written (variables filled in, redirections honoured) to show they work.
 */

const REPO = path.join(__dirname, '..', '..');
const FILE = path.join(REPO, 'examples', 'github-actions', 'scalesim.yml');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly if?: string;
  readonly 'working-directory'?: string;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly env: Record<string, string>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { readonly steps: readonly Step[] }>;
}

const workflow = YAML.parse(fs.readFileSync(FILE, 'utf8'), { uniqueKeys: true }) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

/** One scalesim invocation: its words after `scalesim`, and where its stdout goes. */
interface Invocation {
  readonly step: string;
  readonly words: readonly string[];
  readonly stdoutTo?: string;
}

/** A small shell lexer: quotes, `\` line continuations, and the operators that end a command. */
function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) out.push(cur);
      cur = '';
      started = false;
    } else if ('|&;>#'.includes(c) && !started) {
      let op = c;
      while (i + 1 < line.length && '|&>'.includes(line[i + 1]!)) op += line[++i];
      out.push(op);
    } else {
      cur += c;
      started = true;
    }
  }
  if (started) out.push(cur);
  return out;
}

function invocations(): Invocation[] {
  const out: Invocation[] = [];
  for (const s of steps) {
    if (!s.run) continue;
    for (const line of s.run.replace(/\\\n/g, ' ').split('\n')) {
      const w = words(line);
      const at = w.indexOf('scalesim');
      if (at < 0 || w[0]?.startsWith('#')) continue;
      const end = w.findIndex((x, i) => i > at && /^(\|\||&&|\||;|>|>>|#)$/.test(x));
      const args = w.slice(at + 1, end < 0 ? undefined : end);
      const redirect = end >= 0 && (w[end] === '>' || w[end] === '>>') ? w[end + 1] : undefined;
      out.push({ step: s.name ?? '(unnamed)', words: args, ...(redirect ? { stdoutTo: redirect } : {}) });
    }
  }
  return out;
}

/** Problems with one invocation, judged by the command table: unknown command, flag, choice or positional count. */
function problems(inv: Invocation): string[] {
  const errs: string[] = [];
  let spec: CommandSpec | undefined = COMMANDS.find((c) => c.command.split(' ')[0] === inv.words[0]);
  let rest = inv.words.slice(1);
  if (!spec) return [`${inv.step}: no command ${inv.words[0]}`];
  if (spec.subcommands?.length) {
    const sub: CommandSpec | undefined = spec.subcommands.find((c) => c.command.split(' ')[0] === rest[0]);
    if (!sub) return [`${inv.step}: ${spec.command} has no sub-command ${rest[0]}`];
    spec = sub;
    rest = rest.slice(1);
  }
  const required = (spec.command.match(/<[^>]+>/g) ?? []).length;
  const optional = (spec.command.match(/\[[^\]]+\]/g) ?? []).length;
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (!w.startsWith('--')) {
      positionals.push(w);
      continue;
    }
    let name = w.slice(2).split('=')[0]!;
    const negated = name.startsWith('no-') && !(name in OPTIONS) && (OPTIONS as Record<string, { type: string }>)[name.slice(3)]?.type === 'boolean';
    if (negated) name = name.slice(3);
    if (name === 'help') continue;
    if (!spec.options.includes(name as OptionName)) {
      errs.push(`${inv.step}: scalesim ${spec.command.split(' ')[0]} has no option --${name}`);
      continue;
    }
    const option = OPTIONS[name as OptionName] as { type: string; choices?: readonly string[] };
    if (option.type === 'boolean') continue;
    const value = w.includes('=') ? w.slice(w.indexOf('=') + 1) : rest[++i];
    if (value === undefined) errs.push(`${inv.step}: --${name} needs a value`);
    const choices = spec.choices?.[name as OptionName] ?? option.choices;
    if (value !== undefined && choices && !value.includes('$') && !choices.includes(value)) errs.push(`${inv.step}: --${name} ${value} is not one of ${choices.join(', ')}`);
  }
  if (positionals.length < required || positionals.length > required + optional) errs.push(`${inv.step}: ${positionals.length} positional arguments for \`${spec.command}\``);
  return errs;
}

describe('examples/github-actions/scalesim.yml', () => {
  test('parses, runs on pull requests, and may write the pull-request comment', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions['pull-requests']).toBe('write');
    expect(fs.existsSync(path.join(REPO, workflow.env.SCENARIO!))).toBe(true);
    const uses = steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['actions/checkout@v4', 'actions/setup-node@v4', 'marocchino/sticky-pull-request-comment@v2']));
    expect(steps.some((s) => /\bcdk synth\b/.test(s.run ?? ''))).toBe(true);
  });

  test('every scalesim command it runs exists, with the flags, choices and arguments it uses', () => {
    const all = invocations();
    expect(all.map((i) => i.words.slice(0, 1).join(' '))).toEqual(['check', 'check', 'check']);
    expect(all.flatMap(problems)).toEqual([]);
    // The checker itself catches what it should.
    expect(problems({ step: 's', words: ['check', 'x.yaml', '--baselin', 'y'] })).toEqual(['s: scalesim check has no option --baselin', 's: 2 positional arguments for `check <input>`']);
    expect(problems({ step: 's', words: ['check', 'x.yaml', '--format', 'md'] })).toEqual(['s: --format md is not one of text, json, markdown, github']);
    expect(problems({ step: 's', words: ['chekc', 'x.yaml'] })).toEqual(['s: no command chekc']);
    expect(problems({ step: 's', words: ['check', 'x.yaml', '--no-new-access', '--no-json'] })).toEqual(['s: scalesim check has no option --json']);
  });

  test('the comment it posts is the Markdown the check step writes', () => {
    const markdown = invocations().find((i) => i.words.includes('markdown'))!;
    const comment = steps.find((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment'))!;
    expect(markdown.stdoutTo).toBe('$RUNNER_TEMP/comment.md');
    expect(comment.with?.path).toBe('${{ runner.temp }}/comment.md');
    const base = invocations().find((i) => i.words.includes('json'))!;
    expect(base.stdoutTo).toBe('$RUNNER_TEMP/base-check.json');
    expect(invocations().filter((i) => i.words.includes('--baseline')).every((i) => i.words[i.words.indexOf('--baseline') + 1] === '$RUNNER_TEMP/base-check.json')).toBe(true);
  });

  test('its scalesim commands run as written (base branch and pull request both the shipped code here): exit 0, a JSON baseline, a comment', async () => {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-workflow-'));
    try {
      const vars: Record<string, string> = { SCENARIO: workflow.env.SCENARIO!, RUNNER_TEMP: temp };
      const fill = (w: string) => w.replace(/\$(\w+)|\$\{(\w+)\}/g, (_m, a: string | undefined, b: string | undefined) => vars[(a ?? b)!] ?? `$${a ?? b}`);
      for (const inv of invocations()) {
        let out = '';
        let err = '';
        const deps: CliDeps = { stdout: { write: (t) => void (out += t) }, stderr: { write: (t) => void (err += t) }, now: () => 0, env: {}, cwd: REPO, interactive: false, signal: new AbortController().signal };
        const code = await exec(inv.words.map(fill), deps);
        expect({ step: inv.step, code, err }).toEqual({ step: inv.step, code: 0, err: '' });
        if (inv.stdoutTo) fs.writeFileSync(fill(inv.stdoutTo), out);
      }
      expect(JSON.parse(fs.readFileSync(path.join(temp, 'base-check.json'), 'utf8'))).toMatchObject({ kind: 'scalesim-check', verdict: 'pass' });
      expect(fs.readFileSync(path.join(temp, 'comment.md'), 'utf8')).toMatch(/^## ✅ scalesim check passed: baseline\n/);
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });
});
