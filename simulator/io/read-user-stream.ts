import * as fs from 'fs';
import { StringDecoder } from 'string_decoder';
import { MAX_LINE_CHARS, OVERSIZED_KEEP_CHARS } from '../../lib/workload/line-limits';
import { ZlibChunks } from '../../lib/workload/zlib-chunks';
import { UserError } from '../errors';
import { describeErrno } from './errno';
import { openUserFd, utf8BomLength, wideEncodingOf } from './read-user-file';

/**
 * The streaming twin of readUserFile (read-user-file.ts), for files too large to hold in memory: a
 * sample of real events can be gigabytes. The same rules, through the same guarded open (openUserFd):
 * - opened with O_NONBLOCK and checked with fstat on the opened descriptor, before a byte is read: only
 *   a regular file is read (a FIFO, /dev/zero, a folder or a socket is refused at once);
 * - every error is one line naming the file, never quoting its content;
 * - UTF-16 and UTF-32 (by byte order mark) are refused, a UTF-8 byte order mark is dropped.
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

/** A user file opened the guarded way, read chunk by chunk off the event loop. */
export interface UserFileReader {
  readonly size: number;
  /** By its magic bytes, whatever its name. */
  readonly gzip: boolean;
  /** Reads the next bytes into `buf`; 0 at the end. */
  read(buf: Buffer): Promise<number>;
  close(): void;
}

/** Opens `file` the guarded way (openUserFd) and says whether it is gzip; the reader is the caller's to close. */
export function openUserFile(file: string, what: string, display = file): UserFileReader {
  const { fd, stat } = openUserFd(file, { what, display });
  try {
    const head = Buffer.alloc(2);
    const n = fs.readSync(fd, head, 0, 2, 0);
    return {
      size: stat.size,
      gzip: n === 2 && head[0] === 0x1f && head[1] === 0x8b,
      read: (buf) => new Promise<number>((resolve, reject) => fs.read(fd, buf, 0, buf.length, null, (e, bytes) => (e ? reject(e) : resolve(bytes)))),
      close: () => fs.closeSync(fd),
    };
  } catch (e) {
    fs.closeSync(fd);
    throw new UserError(`cannot read ${what} ${display}: ${describeErrno(e)}`);
  }
}

/** The raw (decompressed) bytes of a user file, chunk by chunk. */
async function* readUserChunks(file: string, o: ReadUserLinesOptions): AsyncGenerator<Buffer> {
  const display = o.display ?? file;
  const fh = openUserFile(file, o.what, display);
  const gz = fh.gzip ? ZlibChunks.gunzip() : undefined;
  let onDisk = 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      o.signal?.throwIfAborted();
      let n: number;
      try {
        n = await fh.read(buf);
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
    fh.close();
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
  const maxLine = o.maxLineChars ?? MAX_LINE_CHARS;
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false;
  let lineNo = 0;
  let first = true;
  for await (const chunk of readUserChunks(file, o)) {
    let bytes = chunk;
    if (first) {
      first = false;
      const wide = wideEncodingOf(chunk);
      if (wide) throw new UserError(`${o.what} ${display}: the file is ${wide} encoded (byte order mark); NDJSON is UTF-8`);
      bytes = chunk.subarray(utf8BomLength(chunk));
    }
    const text = decoder.write(bytes);
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
      yield { text: carry.slice(0, OVERSIZED_KEEP_CHARS), bytes: Buffer.byteLength(carry), lineNo, oversized: true };
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
