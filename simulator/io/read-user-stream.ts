import * as fs from 'fs';
import { StringDecoder } from 'string_decoder';
import { ZlibChunks } from '../../lib/workload/zlib-chunks';
import { UserError } from '../errors';
import { describeErrno } from './errno';

/**
 * The streaming twin of readUserFile (read-user-file.ts), for files too large to hold in memory: a
 * sample of real events can be gigabytes. The same rules:
 * - opened with O_NONBLOCK and checked with fstat on the opened descriptor, before a byte is read: only
 *   a regular file is read (a FIFO, /dev/zero, a folder or a socket is refused at once);
 * - every error is one line naming the file, never quoting its content.
 * Instead of a size cap, memory is bounded per line: a line longer than `maxLineChars` is cut (its
 * beginning is kept and flagged `oversized`, the rest skipped up to the next newline), as the
 * processor does.
 *
 * A gzip file (by its magic bytes, whatever its name) is decompressed as it is read, multi-member
 * streams included; a truncated or corrupt stream is an error naming the file.
 */

export interface UserLine {
  /** The line without its newline (and without a trailing `\r`). */
  readonly text: string;
  /** Uncompressed bytes of the line, newline included (its size in an NDJSON object). */
  readonly bytes: number;
  /** 1-based line number. */
  readonly lineNo: number;
  /** The line was longer than maxLineChars: `text` holds only its beginning. */
  readonly oversized: boolean;
}

export interface ReadUserLinesOptions {
  /** What the file is, for messages: `sample`. */
  readonly what: string;
  /** @default - the path as given */
  readonly display?: string;
  /** @default 8 MiB, the processor's longest line */
  readonly maxLineChars?: number;
  /** Called with the bytes read from disk so far (compressed, for a progress bar). */
  readonly onBytes?: (bytesOnDisk: number) => void;
  readonly signal?: AbortSignal;
}

const CHUNK = 1 << 20;
const KEEP_OVERSIZED = 1024;

/** Opens `file` the guarded way and returns its size and whether it is gzip; the handle is the caller's to close. */
export async function openUserFile(file: string, what: string, display = file): Promise<{ fh: fs.promises.FileHandle; size: number; gzip: boolean }> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (e) {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    throw new UserError(`cannot read ${what} ${display}: ${st && !st.isFile() && !st.isDirectory() ? 'it is not a regular file' : describeErrno(e)}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new UserError(`cannot read ${what} ${display}: it is ${st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO (named pipe)' : 'not a regular file'}, not a regular file`);
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return { fh, size: st.size, gzip: bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b };
  } catch (e) {
    await fh.close();
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${what} ${display}: ${describeErrno(e)}`);
  }
}

/** The raw (decompressed) bytes of a user file, chunk by chunk. */
export async function* readUserChunks(file: string, o: ReadUserLinesOptions): AsyncGenerator<Buffer> {
  const display = o.display ?? file;
  const { fh, gzip } = await openUserFile(file, o.what, display);
  const gz = gzip ? ZlibChunks.gunzip() : undefined;
  let onDisk = 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      o.signal?.throwIfAborted();
      let n: number;
      try {
        ({ bytesRead: n } = await fh.read(buf, 0, CHUNK, null));
      } catch (e) {
        throw new UserError(`cannot read ${o.what} ${display}: ${describeErrno(e)}`);
      }
      if (n === 0) break;
      onDisk += n;
      o.onBytes?.(onDisk);
      const chunk = Buffer.from(buf.subarray(0, n));
      if (gz) yield* await inflate(gz.push(chunk), o.what, display);
      else yield chunk;
    }
    if (gz) yield* await inflate(gz.end(), o.what, display);
  } finally {
    gz?.destroy();
    await fh.close();
  }
}

async function inflate(p: Promise<Buffer[]>, what: string, display: string): Promise<Buffer[]> {
  try {
    return await p;
  } catch (e) {
    throw new UserError(`${what} ${display}: gzip stream truncated or corrupt (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** The lines of a user file (NDJSON, optionally gzip), streamed. A UTF-16 or UTF-32 file is refused. */
export async function* readUserLines(file: string, o: ReadUserLinesOptions): AsyncGenerator<UserLine> {
  const display = o.display ?? file;
  const maxLine = o.maxLineChars ?? 8 * 1024 * 1024;
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false;
  let lineNo = 0;
  let first = true;
  for await (const chunk of readUserChunks(file, o)) {
    if (first) {
      first = false;
      if (chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
        throw new UserError(`${o.what} ${display}: the file is UTF-16 or UTF-32 encoded (byte order mark); NDJSON is UTF-8`);
      }
    }
    const text = decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      if (skipping) {
        // The end of a line already reported as oversized.
        skipping = false;
      } else {
        const full = carry + text.slice(start, nl);
        lineNo++;
        yield { text: stripCr(full), bytes: Buffer.byteLength(full) + 1, lineNo, oversized: false };
      }
      carry = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (skipping) continue;
    carry += text.slice(start);
    if (carry.length > maxLine) {
      lineNo++;
      yield { text: carry.slice(0, KEEP_OVERSIZED), bytes: Buffer.byteLength(carry), lineNo, oversized: true };
      carry = '';
      skipping = true;
    }
  }
  const tail = carry + decoder.end();
  if (!skipping && tail.length > 0) yield { text: stripCr(tail), bytes: Buffer.byteLength(tail), lineNo: lineNo + 1, oversized: false };
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}
