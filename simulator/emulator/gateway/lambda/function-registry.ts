import { GetFunctionCommand, GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { extractZip } from '../../zip';

/** A function's deployed configuration, as the gateway needs it to run the function. */
export interface FunctionInfo {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly runtime: string;
  readonly handler: string;
  readonly memorySizeMb: number;
  readonly timeoutSec: number;
  readonly environment: Readonly<Record<string, string>>;
  /** `LoggingConfig.LogGroup` when set, else `/aws/lambda/<name>`, as on AWS. */
  readonly logGroup: string;
  readonly codeSha256: string;
  /** Reserved concurrency (PutFunctionConcurrency), if any. 0 means the function is switched off. */
  readonly reservedConcurrency?: number;
  /** Extracted deployment package. */
  readonly codeDir: string;
  /** Changes whenever code or configuration changes: environments of an older key are not reused. */
  readonly configKey: string;
}

export class FunctionNotFound extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly errorType: string,
  ) {
    super(`${errorType}: ${body}`);
  }
}

/**
 * Reads function configurations from moto and materialises their code, once per CodeSha256. Cached
 * until `invalidate()`, which the gateway calls whenever a request could have changed a function
 * (any Lambda control-plane write or CloudFormation call passing through it).
 */
export class FunctionRegistry {
  private readonly cache = new Map<string, Promise<FunctionInfo>>();
  private readonly code = new Map<string, Promise<string>>();
  /** Survives invalidate(): the account's unreserved pool depends on every reservation seen so far. */
  private readonly reserved = new Map<string, number>();

  constructor(
    private readonly lambda: () => LambdaClient,
    private readonly upstream: () => string,
    private readonly region: string,
    private readonly codeRoot: string,
  ) {}

  get(name: string): Promise<FunctionInfo> {
    let p = this.cache.get(name);
    if (!p) {
      p = this.load(name);
      this.cache.set(name, p);
      p.catch(() => this.cache.delete(name));
    }
    return p;
  }

  /** Reserved concurrency of every function loaded so far (for the account's unreserved pool). */
  reservedTotal(): number {
    let total = 0;
    for (const n of this.reserved.values()) total += n;
    return total;
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async load(name: string): Promise<FunctionInfo> {
    let fn;
    try {
      fn = await this.lambda().send(new GetFunctionCommand({ FunctionName: name }));
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      if (err.name === 'ResourceNotFoundException') {
        throw new FunctionNotFound(404, JSON.stringify({ Type: 'User', Message: err.message }), err.name);
      }
      throw e;
    }
    const c = fn.Configuration!;
    const conc = await this.lambda().send(new GetFunctionConcurrencyCommand({ FunctionName: name }));
    if (conc.ReservedConcurrentExecutions !== undefined) this.reserved.set(c.FunctionName!, conc.ReservedConcurrentExecutions);
    else this.reserved.delete(c.FunctionName!);
    const arn = c.FunctionArn!;
    const account = arn.split(':')[4]!;
    const codeSha256 = c.CodeSha256 ?? '';
    const codeDir = await this.materialise(account, c.FunctionName!, codeSha256);
    return {
      name: c.FunctionName!,
      arn,
      account,
      runtime: c.Runtime ?? '',
      handler: c.Handler ?? 'index.handler',
      memorySizeMb: c.MemorySize ?? 128,
      timeoutSec: c.Timeout ?? 3,
      environment: c.Environment?.Variables ?? {},
      logGroup: c.LoggingConfig?.LogGroup || `/aws/lambda/${c.FunctionName}`,
      codeSha256,
      ...(conc.ReservedConcurrentExecutions !== undefined ? { reservedConcurrency: conc.ReservedConcurrentExecutions } : {}),
      codeDir,
      configKey: `${codeSha256}|${c.LastModified}|${c.MemorySize}|${c.Timeout}|${c.Handler}|${JSON.stringify(c.Environment?.Variables ?? {})}`,
    };
  }

  private materialise(account: string, name: string, sha: string): Promise<string> {
    const dirName = Buffer.from(sha, 'base64').toString('hex') || `nosha-${name}`;
    let p = this.code.get(dirName);
    if (!p) {
      p = this.download(account, name, path.join(this.codeRoot, dirName));
      this.code.set(dirName, p);
      p.catch(() => this.code.delete(dirName));
    }
    return p;
  }

  private async download(account: string, name: string, dir: string): Promise<string> {
    if (existsSync(dir)) return dir;
    const url = `${this.upstream()}/_scalesim/lambda-code/${account}/${this.region}/${encodeURIComponent(name)}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not read the code of Lambda ${name} from moto: HTTP ${res.status} ${await res.text()}`);
    const zip = Buffer.from(await res.arrayBuffer());
    // Extract next to the target and rename, so a concurrent reader never sees a half-written package.
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    try {
      if (zip.length > 0) await extractZip(zip, tmp);
      renameSync(tmp, dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    return dir;
  }
}
