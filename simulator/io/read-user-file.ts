import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import { UserError } from '../errors';
import { describeErrno } from './errno';

/**
 * The one way scalesim reads a file a user named (a scenario, a schema registry, a results file, a
 * manifest, a price snapshot). A user's path may name anything: a FIFO that blocks forever, `/dev/zero`
 * that never ends, a directory, a socket, a 50 GB log. So:
 * - the file is opened with O_NONBLOCK (opening a FIFO does not wait for a writer) and checked with
 *   fstat on the opened descriptor (no race with a rename between a stat and the open): only a regular
 *   file is read;
 * - its size is checked against `maxBytes` *before* reading, and the read itself stops at
 *   `maxBytes + 1` bytes, so a file that grows while it is read cannot grow memory without bound;
 * - every error is one line that names the file and never quotes its content.
 */
export interface ReadUserFileOptions {
  /** What the file is, for messages: `scenario`, `schema registry`, `results file`, ... */
  readonly what: string;
  /** Largest size accepted, in bytes. */
  readonly maxBytes: number;
  /**
   * How messages name the file.
   * @default - the path as given
   */
  readonly display?: string;
  /**
   * Appended to "cannot read" messages, e.g. `(set workload.schemaRegistry in the scenario)`.
   * @default - nothing
   */
  readonly hint?: string;
}

/** Read size per system call. */
const CHUNK = 1 << 20;

/** Who the guarded open names in its messages (a subset of ReadUserFileOptions). */
export type UserFileLabel = Pick<ReadUserFileOptions, 'what' | 'display' | 'hint'>;

/**
 * Opens a file a user named the guarded way (O_NONBLOCK, then fstat on the opened descriptor: only a
 * regular file is accepted) and returns the descriptor with its stat; the descriptor is the caller's to
 * close. readUserFile and the streaming reader (read-user-stream.ts) both open through it.
 */
export function openUserFd(file: string, o: UserFileLabel): { readonly fd: number; readonly stat: fs.Stats } {
  const display = o.display ?? file;
  const hint = o.hint ? ` ${o.hint}` : '';
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (e) {
    // open() on a socket fails (ENXIO): say what the path is rather than only the code.
    const st = fs.statSync(file, { throwIfNoEntry: false });
    const what = st && !st.isFile() && !st.isDirectory() ? `it is ${fileKind(st)}, not a regular file` : describeErrno(e);
    throw new UserError(`cannot read ${o.what} ${display}: ${what}${hint}`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UserError(`cannot read ${o.what} ${display}: it is ${fileKind(stat)}, not a regular file${hint}`);
    return { fd, stat };
  } catch (e) {
    fs.closeSync(fd);
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${o.what} ${display}: ${describeErrno(e)}${hint}`);
  }
}

export function readUserFile(file: string, o: ReadUserFileOptions): Buffer {
  const display = o.display ?? file;
  const hint = o.hint ? ` ${o.hint}` : '';
  const { fd, stat: st } = openUserFd(file, o);
  try {
    if (st.size > o.maxBytes) throw new UserError(`${display}: ${o.what} is ${st.size} bytes; the limit is ${o.maxBytes}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, o.maxBytes + 1 - total));
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      // It grew while being read: refuse rather than read on.
      if (total > o.maxBytes) throw new UserError(`${display}: ${o.what} is over ${o.maxBytes} bytes (it grew while being read); the limit is ${o.maxBytes}`);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${o.what} ${display}: ${describeErrno(e)}${hint}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** readUserFile, decoded as UTF-8 text (see decodeUserText). */
export function readUserText(file: string, o: ReadUserFileOptions): string {
  return decodeUserText(readUserFile(file, o), o.display ?? file);
}

/**
 * Bytes to text, refusing what is not UTF-8 with a message that says what it is instead: UTF-16 or
 * UTF-32 (by byte order mark), a NUL byte (binary, or UTF-16 without a mark), or an invalid UTF-8
 * sequence, each with its line. A UTF-8 byte order mark is dropped (editors on Windows write one).
 */
export function decodeUserText(bytes: Buffer, display: string): string {
  const wide = wideEncodingOf(bytes);
  if (wide) throw new UserError(`${display}: the file is ${wide} encoded (byte order mark); save it as UTF-8`);
  const start = utf8BomLength(bytes);
  const nul = bytes.indexOf(0, start);
  if (nul >= 0) {
    throw new UserError(`${display}: line ${lineOf(bytes, nul)} holds a NUL byte: this is not a text file (binary, or UTF-16 without a byte order mark); save it as UTF-8`);
  }
  const bad = isUtf8(bytes.subarray(start)) ? -1 : firstInvalidUtf8(bytes, start);
  if (bad >= 0) throw new UserError(`${display}: line ${lineOf(bytes, bad)} is not valid UTF-8 (byte offset ${bad}); save the file as UTF-8`);
  return bytes.toString('utf8', start);
}

/**
 * JSON.parse without echoing the text: V8's messages quote the input ("Unexpected token 'r',
 * "root:x:0:0"... is not valid JSON"), which must never reach a terminal or a CI log. Numbers that
 * overflow to Infinity (`1e400`) are refused: no scalesim file holds a non-finite number.
 */
export function parseUserJson(text: string, display: string): unknown {
  let nonFinite: string | undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value) && nonFinite === undefined) nonFinite = key;
      return value;
    });
  } catch (e) {
    const at = /at position (\d+)/.exec(e instanceof Error ? e.message : '');
    const where = at ? ` (line ${lineOfText(text, Number(at[1]))})` : /Unexpected end of JSON input/.test(e instanceof Error ? e.message : '') ? ' (it ends early)' : '';
    throw new UserError(`${display}: not valid JSON${where}`);
  }
  if (nonFinite !== undefined) throw new UserError(`${display}: ${nonFinite ? `"${nonFinite}"` : 'a value'} is a number too large to represent (non-finite); not a file scalesim wrote`);
  return raw;
}

/** `UTF-32` or `UTF-16` when the bytes begin with that encoding's byte order mark; undefined otherwise. */
export function wideEncodingOf(bytes: Buffer): 'UTF-16' | 'UTF-32' | undefined {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'UTF-32';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'UTF-32';
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return 'UTF-16';
  return undefined;
}

/** 3 when the bytes begin with a UTF-8 byte order mark (editors on Windows write one), else 0. */
export function utf8BomLength(bytes: Buffer): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

function lineOfText(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF), or -1. */
export function firstInvalidUtf8(b: Buffer, start = 0): number {
  let i = start;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min, cp] = [1, 0x80, c & 0x1f];
    else if (c >= 0xe0 && c <= 0xef) [need, min, cp] = [2, 0x800, c & 0x0f];
    else if (c >= 0xf0 && c <= 0xf4) [need, min, cp] = [3, 0x10000, c & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
