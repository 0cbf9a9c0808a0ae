import * as zlib from 'zlib';

/**
 * A zlib stream driven one chunk at a time: `await push(chunk)` returns the output that chunk
 * produced. Compression runs on libuv's thread pool, but the caller waits for it, so the time spent
 * is attributable to a stage (decompress in the processor, write in the generator) and the stage
 * profile stays honest. Node has no public synchronous *streaming* zlib API: `_processChunk` without
 * a callback closes the handle after one call.
 */
export class ZlibChunks {
  private out: Buffer[] = [];
  private error: Error | undefined;
  private rejectPending: ((e: Error) => void) | undefined;

  private constructor(private readonly stream: zlib.Gzip | zlib.Gunzip) {
    stream.on('data', (b: Buffer) => this.out.push(b));
    stream.on('error', (e: Error) => {
      this.error ??= e;
      this.rejectPending?.(e);
    });
  }

  static gunzip(): ZlibChunks {
    return new ZlibChunks(zlib.createGunzip({ chunkSize: 256 * 1024 }));
  }

  /** Level 6 is zlib's default and what most landing zones store. */
  static gzip(level = 6): ZlibChunks {
    return new ZlibChunks(zlib.createGzip({ level, chunkSize: 256 * 1024 }));
  }

  push(chunk: Buffer): Promise<Buffer[]> {
    return this.wait((done) => this.stream.write(chunk, done));
  }

  /** Flush what was pushed so far to a byte boundary without ending the stream (Z_SYNC_FLUSH). */
  syncFlush(): Promise<Buffer[]> {
    return this.wait((done) => this.stream.flush(zlib.constants.Z_SYNC_FLUSH, () => done()));
  }

  /** End the stream. Rejects when the input ended early (a truncated gzip: "unexpected end of file"). */
  end(): Promise<Buffer[]> {
    return this.wait((done) => {
      this.stream.once('end', () => done());
      this.stream.end();
    });
  }

  destroy(): void {
    this.stream.destroy();
  }

  private wait(start: (done: (err?: Error | null) => void) => void): Promise<Buffer[]> {
    if (this.error) return Promise.reject(this.error);
    return new Promise<Buffer[]>((resolve, reject) => {
      this.rejectPending = reject;
      start((err) => {
        this.rejectPending = undefined;
        if (err || this.error) return reject(err ?? this.error);
        const out = this.out;
        this.out = [];
        resolve(out);
      });
    });
  }
}
