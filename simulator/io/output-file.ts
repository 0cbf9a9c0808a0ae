import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
import { errnoCode, explainErrno } from './errno';
import { mkdirs } from './output-dir';
import { readUserText } from './read-user-file';

/**
 * The single-file twin of prepareOutputDir (output-dir.ts), for commands that write named files
 * (`scenario infer --out my.yaml` writes my.yaml and its registry). The rules:
 * - a missing parent folder is created one level at a time (mkdirs), when the file is written;
 * - a new path is written;
 * - an existing path is replaced only when it is a regular file this command wrote before (`recognise`
 *   reads its text: a header line, a marker field); anything else is refused with the reason, never
 *   overwritten, so a typo cannot destroy a file the user did not ask to replace;
 * - the write goes to a temporary file in the same folder, renamed over the target when complete, so
 *   an interrupted or failed write never leaves half a file;
 * - an OS error (a path under a file, a read-only folder, a full disk) is one line.
 * Check every output (prepareOutputFile) before writing any, so a refusal leaves nothing half done.
 */
export interface OutputFileOptions {
  /** How messages name the file: as the user typed it (or as derived from what they typed). */
  readonly display: string;
  /** The command writing it, for messages: `scenario infer`. */
  readonly command: string;
  /** True when an existing file's text shows this command wrote it (so it may be replaced). */
  readonly recognise: (text: string) => boolean;
  /**
   * The flag that named it.
   * @default '--out'
   */
  readonly flag?: string;
}

export interface OutputFile {
  readonly file: string;
  /** True when the file exists (a previous output of this command) and will be replaced. */
  readonly replaces: boolean;
  /** Writes the whole file (temporary file, then rename). */
  write(content: string | Buffer): void;
}

/** Largest existing file read to recognise it. */
const MAX_RECOGNISE_BYTES = 50_000_000;

export function prepareOutputFile(fileArg: string, o: OutputFileOptions): OutputFile {
  const file = path.resolve(fileArg);
  const where = `${o.flag ?? '--out'} ${o.display}`;
  let replaces = false;
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw new UserError(`${where}: cannot use it: ${explainErrno(e)}`);
  }
  if (st) {
    if (!st.isFile()) throw new UserError(`${where}: exists and is not a regular file; scalesim writes only a new file or one it wrote: choose another name`);
    let text: string;
    try {
      text = readUserText(file, { what: 'file', display: o.display, maxBytes: MAX_RECOGNISE_BYTES });
    } catch {
      text = '';
    }
    if (!o.recognise(text)) {
      throw new UserError(`${where}: exists and was not written by scalesim ${o.command}; scalesim never replaces a file it did not write: choose another name, or move the file`);
    }
    replaces = true;
  }
  return {
    file,
    replaces,
    write(content) {
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
      mkdirs(path.dirname(file), where);
      try {
        fs.writeFileSync(tmp, content);
        fs.renameSync(tmp, file);
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw new UserError(`${where}: cannot write it: ${explainErrno(e)}`);
      }
    },
  };
}
