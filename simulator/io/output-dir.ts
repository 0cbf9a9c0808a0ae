import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
import { errnoCode, explainErrno } from './errno';

/**
 * The one way a command prepares the folder it writes into (`--out`). The rules:
 * - a new path is created one level at a time (see mkdirs: Node's recursive mkdir spins forever on a
 *   path such as /proc/x);
 * - an empty folder is used;
 * - a folder scalesim created carries a marker file (OUTPUT_MARKER); in it, only the entries the command
 *   writes are replaced, and a folder entry is replaced only when everything in it is what scalesim
 *   writes there: a file scalesim did not write is never deleted;
 * - any other non-empty folder is refused, with the reason, unless the command recognises it as its
 *   own output from before the marker existed;
 * - an OS error (a path under a file, a read-only or forbidden folder, a full disk) is one line.
 */

/** The file that marks a folder as written by scalesim. */
export const OUTPUT_MARKER = '.scalesim-output';

/**
 * What a command writes at the top of its folder:
 * - `file`: a file it writes (and may replace);
 * - `tree`: a folder it writes into (never removed by prepare);
 * - a RegExp: a folder of files whose names all match (removed and written again when `fresh`).
 */
export type OutputEntry = 'file' | 'tree' | RegExp;

export interface OutputDirOptions {
  /** How messages name the folder: as the user typed it. */
  readonly display: string;
  /** The command writing it, recorded in the marker. */
  readonly command: string;
  /** The entries this command writes at the top of the folder. */
  readonly writes: Readonly<Record<string, OutputEntry>>;
  /**
   * Entries removed before writing, so no stale file of an earlier output survives next to new ones.
   * @default - none
   */
  readonly fresh?: readonly string[];
  /**
   * The flag that named the folder.
   * @default '--out'
   */
  readonly flag?: string;
  /**
   * Recognises a non-empty folder without the marker as this command's own output written before the
   * marker existed (every entry must also be one the command writes).
   * @default - none is recognised
   */
  readonly recognise?: (dir: string) => boolean;
}

export interface OutputDir {
  readonly dir: string;
  /** True when this call created the folder. */
  readonly created: boolean;
  /**
   * Removes what this command wrote (for a failed or interrupted command): the folder itself when this
   * call created it, else the command's entries, keeping the marker so that a new run accepts the folder.
   * Never throws.
   */
  discard(): void;
}

export function prepareOutputDir(dirArg: string, o: OutputDirOptions): OutputDir {
  const dir = path.resolve(dirArg);
  const flag = o.flag ?? '--out';
  const where = `${flag} ${o.display}`;
  const fail = (e: unknown, doing: string): never => {
    throw new UserError(`${where}: cannot ${doing}: ${explainErrno(e)}`);
  };
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') fail(e, 'use it');
  }
  let created = false;
  if (!st) {
    mkdirs(dir, where);
    created = true;
  } else if (!st.isDirectory()) {
    throw new UserError(`${where}: exists and is not a folder; name a new or empty folder`);
  } else {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(dir);
    } catch (e) {
      fail(e, 'list it');
    }
    if (entries.length > 0) checkOwned(dir, entries, o, where);
  }
  try {
    if (!fs.existsSync(path.join(dir, OUTPUT_MARKER))) {
      fs.writeFileSync(path.join(dir, OUTPUT_MARKER), `${JSON.stringify({ writtenBy: 'scalesim', command: o.command, note: 'scalesim writes into this folder and replaces only what it wrote here' })}\n`);
    }
    for (const name of o.fresh ?? []) removeEntry(dir, name, o.writes[name]);
  } catch (e) {
    if (created) fs.rmSync(dir, { recursive: true, force: true });
    fail(e, 'write into it');
  }
  return {
    dir,
    created,
    discard() {
      try {
        if (created) {
          fs.rmSync(dir, { recursive: true, force: true });
          return;
        }
        for (const [name, kind] of Object.entries(o.writes)) if (kind !== 'tree') removeEntry(dir, name, kind);
      } catch {
        // Best effort: the command is already failing with its own message.
      }
    },
  };
}

/** Refuses a non-empty folder that scalesim did not write, or whose scalesim entries hold foreign files. */
function checkOwned(dir: string, entries: readonly string[], o: OutputDirOptions, where: string): void {
  const marked = entries.includes(OUTPUT_MARKER);
  const foreignTop = entries.filter((e) => e !== OUTPUT_MARKER && !(e in o.writes));
  if (!marked && (foreignTop.length > 0 || !o.recognise?.(dir))) {
    const shown = (foreignTop.length ? foreignTop : entries).slice(0, 3).join(', ');
    throw new UserError(
      `${where} is not empty and was not written by scalesim (it holds ${shown}${entries.length > 3 ? ', ...' : ''}); ` +
        `scalesim writes only into a new or empty folder or one it created, so it never deletes files it did not write: choose another folder`,
    );
  }
  for (const [name, kind] of Object.entries(o.writes)) {
    if (!(kind instanceof RegExp) || !entries.includes(name)) continue;
    const sub = path.join(dir, name);
    let children: fs.Dirent[];
    try {
      children = fs.readdirSync(sub, { withFileTypes: true });
    } catch (e) {
      if (errnoCode(e) === 'ENOTDIR') throw new UserError(`${where}: ${name} is a file where scalesim writes a folder; it was not written by scalesim, so it is left alone: choose another folder`);
      throw new UserError(`${where}: cannot list ${name}: ${explainErrno(e)}`);
    }
    const foreign = children.find((c) => !c.isFile() || !kind.test(c.name));
    if (foreign) {
      throw new UserError(
        `${where}: ${name}/${foreign.name} was not written by scalesim, and scalesim would replace ${name}/; it never deletes files it did not write: move it, or choose another folder`,
      );
    }
  }
}

function removeEntry(dir: string, name: string, kind: OutputEntry | undefined): void {
  const p = path.join(dir, name);
  if (kind instanceof RegExp) {
    let children: string[];
    try {
      children = fs.readdirSync(p);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return;
      throw e;
    }
    for (const c of children) if (kind.test(c)) fs.rmSync(path.join(p, c), { force: true });
    fs.rmdirSync(p);
  } else if (kind === 'file') {
    fs.rmSync(p, { force: true });
  }
}

/**
 * mkdir -p, one level at a time. Node's `mkdir(p, { recursive: true })` (sync and async, verified on
 * Node 20.20) loops forever at 100% CPU on a path under /proc: procfs answers ENOENT for the new child,
 * which Node's MKDirp reads as "the parent is missing", and the parent then answers EEXIST. Here each
 * level is tried once, so every failure is an error. Remove when Node's mkdirp stops retrying a level
 * whose parent exists (then `mkdirSync(dir, { recursive: true })` with the same error mapping will do).
 */
export function mkdirs(dir: string, where: string): void {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  for (;;) {
    try {
      const st = fs.statSync(cur);
      if (!st.isDirectory()) throw new UserError(`${where}: cannot create the folder: ${cur} is a file, not a folder`);
      break;
    } catch (e) {
      if (e instanceof UserError) throw e;
      const code = errnoCode(e);
      if (code === 'ENOTDIR') throw new UserError(`${where}: cannot create the folder: ${explainErrno(e)}`);
      if (code !== 'ENOENT') throw new UserError(`${where}: cannot create the folder: ${explainErrno(e)}`);
    }
    missing.push(cur);
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EEXIST' && fs.statSync(d).isDirectory()) continue;
      // ENOENT for a parent that exists: a pseudo file system (/proc) that does not allow new folders.
      const why = code === 'ENOENT' ? `the file system at ${path.dirname(d)} does not allow creating folders (ENOENT)` : explainErrno(e);
      throw new UserError(`${where}: cannot create the folder: ${why}`);
    }
  }
}
