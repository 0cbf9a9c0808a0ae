import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findMoto, MOTO_PATCHED_VERSION, startMoto } from '../../../simulator/emulator/moto/moto-process';

/**
 * The moto patches in simulator/emulator/moto/launcher.py: each cites its upstream issue (or the issue
 * text in UPSTREAM.md), and each is guarded on the moto version it was written for.
 */
const MOTO_DIR = path.join(__dirname, '..', '..', '..', 'simulator', 'emulator', 'moto');
const UPSTREAM = fs.readFileSync(path.join(MOTO_DIR, 'UPSTREAM.md'), 'utf8');

interface Planned {
  readonly name: string;
  readonly upstream: string;
  readonly fixedIn: string | null;
  readonly apply: boolean;
  readonly note: string | null;
}

/** launcher.plan(version, force), run by the Python that has moto (the launcher imports no moto for it). */
function plan(version: string, force = false): Planned[] {
  const code = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(MOTO_DIR)})`,
    'import launcher',
    `print(json.dumps([{"name": p.name, "upstream": p.upstream, "fixedIn": p.fixed_in, "apply": a, "note": n} for p, a, n in launcher.plan(${JSON.stringify(version)}, ${force ? 'True' : 'False'})]))`,
  ].join('\n');
  const r = spawnSync(findMoto().python, ['-c', code], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Planned[];
}

describe('moto patches', () => {
  const onWrittenFor = plan('5.2.1');

  test('every patch cites an upstream issue or pull request, or its issue text in UPSTREAM.md', () => {
    expect(onWrittenFor).toHaveLength(13);
    const anchors = [...UPSTREAM.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    for (const p of onWrittenFor) {
      const ref = /^getmoto\/moto#\d+\b/.test(p.upstream) ? 'issue' : /^UPSTREAM\.md#(\S+)$/.exec(p.upstream)?.[1];
      expect({ patch: p.name, ref }).toEqual({ patch: p.name, ref: expect.any(String) });
      if (ref !== 'issue') expect({ patch: p.name, anchors }).toEqual({ patch: p.name, anchors: expect.arrayContaining([ref]) });
    }
    // And UPSTREAM.md holds no issue text for a patch that no longer exists.
    expect(anchors.sort()).toEqual(onWrittenFor.filter((p) => p.upstream.startsWith('UPSTREAM.md#')).map((p) => p.upstream.slice('UPSTREAM.md#'.length)).sort());
  });

  test('on moto 5.2.1, the version they were written for, every patch applies', () => {
    expect(onWrittenFor.filter((p) => !p.apply || p.note !== null)).toEqual([]);
    expect(plan(MOTO_PATCHED_VERSION).every((p) => p.apply)).toBe(true);
  });

  test('the installed moto is that version, and the launcher applies all of them', async () => {
    expect(findMoto().version).toBe(MOTO_PATCHED_VERSION);
    const log: string[] = [];
    const moto = await startMoto({ gatewayPort: 1, log: (l) => log.push(l) });
    try {
      expect(moto.patches).toEqual(Object.fromEntries(onWrittenFor.map((p) => [p.name, true])));
      expect(log.filter((l) => l.startsWith('moto patch '))).toEqual([]);
    } finally {
      await moto.stop();
    }
  }, 60_000);

  test('on another version every patch is skipped with a note, because it may be fixed there', () => {
    const newer = plan('5.2.3');
    expect(newer.filter((p) => p.apply)).toEqual([]);
    expect(newer.find((p) => p.name === 'moto#10077-execution-deepcopy')!.note).toBe('skipped: fixed upstream in moto 5.2.3 (getmoto/moto#10077 (fixed by getmoto/moto#10093))');
    expect(newer.find((p) => p.name === 'kms-cloudformation-tags')!.note).toBe(
      'skipped: written for moto 5.2.1, this is moto 5.2.3, which may have fixed it; check UPSTREAM.md#kms-cloudformation-tags, or set SCALESIM_MOTO_PATCHES=force to apply it anyway',
    );
    expect(plan('5.3.0.dev4').every((p) => !p.apply && p.note!.startsWith('skipped: '))).toBe(true);
  });

  test('SCALESIM_MOTO_PATCHES=force applies them anyway, except where the fix is released', () => {
    const forced = plan('5.2.3', true);
    expect(forced.filter((p) => !p.apply).map((p) => p.name)).toEqual(['moto#10077-execution-deepcopy', 'lambda-simple-backend-split']);
    expect(forced.find((p) => p.name === 'sfn-ecs-normalisation')!.note).toMatch(/^applied to moto 5\.2\.3 although written for 5\.2\.1 \(SCALESIM_MOTO_PATCHES=force\); upstream: getmoto\/moto#10076/);
  });

  test('a pre-release of the version with the fix does not count as fixed (5.2.3.dev3 < 5.2.3)', () => {
    const dev = plan('5.2.3.dev3', true);
    expect(dev.find((p) => p.name === 'moto#10077-execution-deepcopy')!.apply).toBe(true);
    expect(plan('5.2.4.dev1', true).find((p) => p.name === 'moto#10077-execution-deepcopy')!.apply).toBe(false);
  });
});
