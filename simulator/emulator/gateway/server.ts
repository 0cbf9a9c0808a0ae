import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { EmulatorCredentials, ImageResolver, InvocationRecord, LambdaFaults } from '../types';
import { EcsService, UpstreamReply } from './ecs/ecs-service';
import { FunctionRegistry } from './lambda/function-registry';
import { LambdaService } from './lambda/lambda-service';
import { LogWriter } from './log-writer';

export interface GatewayOptions {
  readonly region: string;
  readonly credentials: EmulatorCredentials;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (the OS picks a free port) */
  readonly port?: number;
  /** @default 1000 */
  readonly accountConcurrency?: number;
  /** @default 300000 */
  readonly idleEnvironmentMs?: number;
  /** @default hostSlotsFrom(process.env): $SCALESIM_LAMBDA_SLOTS, else max(4, 2 × CPUs) */
  readonly hostSlots?: number;
  /** @default - the CDK assembly passed to useAssembly */
  readonly resolveImage?: ImageResolver;
  readonly log?: (line: string) => void;
}

/** Summary the gateway serves at GET /_scalesim/info, so a client can recognise a scalesim gateway. */
export interface GatewayInfo {
  readonly gateway: 'scalesim';
  readonly region: string;
  readonly upstream?: string;
  readonly pid: number;
}

const INVOKE_RE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const ECS_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const ECS_INTERCEPTED = new Set(['RunTask', 'DescribeTasks', 'StopTask']);
/** CloudWatch Logs reads wait for pending writes, so a reader sees every finished invocation. */
const LOGS_READS = /^Logs_20140328\.(GetLogEvents|FilterLogEvents|DescribeLogStreams|StartQuery|GetQueryResults|StartLiveTail)$/;

/**
 * The scalesim runtime gateway: the public endpoint in front of moto. It executes Lambda Invoke and ECS
 * RunTask/DescribeTasks/StopTask itself and proxies everything else to moto unchanged. moto runs with
 * MOTO_PORT set to this gateway's port, so its Step Functions engine calls come back through here.
 */
export class Gateway {
  private upstreamUrl?: string;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly registry: FunctionRegistry;
  private readonly lambda: LambdaService;
  private readonly ecs: EcsService;
  private readonly logs: LogWriter;
  private readonly codeRoot: string;
  private assemblyDir?: string;
  private closed?: Promise<void>;
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    private readonly o: GatewayOptions,
  ) {
    const lambdaClient = () => this.clients().lambda;
    const logsClient = () => this.clients().logs;
    const ecsClient = () => this.clients().ecs;
    this.codeRoot = mkdtempSync(path.join(os.tmpdir(), 'scalesim-lambda-'));
    this.logs = new LogWriter(logsClient, (m) => o.log?.(m));
    this.registry = new FunctionRegistry(lambdaClient, () => this.upstream(), o.region, this.codeRoot);
    this.lambda = new LambdaService({
      registry: this.registry,
      logs: this.logs,
      region: o.region,
      endpoint: () => this.url,
      s3Endpoint: () => this.upstream(),
      credentials: o.credentials,
      ...(o.accountConcurrency !== undefined ? { accountConcurrency: o.accountConcurrency } : {}),
      ...(o.idleEnvironmentMs !== undefined ? { idleEnvironmentMs: o.idleEnvironmentMs } : {}),
      ...(o.hostSlots !== undefined ? { hostSlots: o.hostSlots } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
    this.ecs = new EcsService({
      ecs: ecsClient,
      logs: this.logs,
      region: o.region,
      endpoint: () => this.url,
      s3Endpoint: () => this.upstream(),
      credentials: o.credentials,
      resolveImage: () => o.resolveImage ?? ((image) => assemblyImageDir(this.assemblyDir, image)),
      ...(o.log ? { log: o.log } : {}),
    });
    server.on('request', (req, res) => {
      this.route(req, res).catch((e: Error) => {
        o.log?.(`gateway error on ${req.method} ${req.url}: ${e.stack ?? e.message}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ServiceException' });
        res.end(JSON.stringify({ message: `scalesim gateway: ${e.message}` }));
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Listens; the upstream (moto) is set later, once moto knows this port. */
  static async start(o: GatewayOptions): Promise<Gateway> {
    const server = http.createServer({ keepAliveTimeout: 60_000 });
    // Many SFN Map iterations call back at once; the default backlog is fine, but no request timeout.
    server.requestTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
    });
    return new Gateway(server, (server.address() as AddressInfo).port, o);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setUpstream(url: string): void {
    this.upstreamUrl = url.replace(/\/$/, '');
    this.sdk = undefined;
  }

  private sdk?: { lambda: LambdaClient; logs: CloudWatchLogsClient; ecs: ECSClient };

  /** SDK clients that talk to moto directly, not through the gateway. */
  private clients(): { lambda: LambdaClient; logs: CloudWatchLogsClient; ecs: ECSClient } {
    if (!this.sdk) {
      const cfg = { region: this.o.region, credentials: { ...this.o.credentials }, endpoint: this.upstream(), maxAttempts: 2 };
      this.sdk = { lambda: new LambdaClient(cfg), logs: new CloudWatchLogsClient(cfg), ecs: new ECSClient(cfg) };
    }
    return this.sdk;
  }

  useAssembly(dir: string): void {
    this.assemblyDir = path.resolve(dir);
  }

  setFaults(f: LambdaFaults): void {
    this.lambda.setFaults(f);
  }

  /** The invocation log; waits until every log line written so far is stored in CloudWatch Logs. */
  async invocations(): Promise<readonly InvocationRecord[]> {
    await this.logs.drain();
    return this.lambda.invocations();
  }

  clearInvocations(): void {
    this.lambda.clearInvocations();
  }

  /** Waits until every log line so far is stored. */
  flushLogs(): Promise<void> {
    return this.logs.drain();
  }

  /** PIDs of execution environments and running ECS containers (process-group leaders). */
  childPids(): number[] {
    return [...this.lambda.environmentPids(), ...this.ecs.containerPids()];
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.all([this.lambda.close(), this.ecs.close()]);
      await this.logs.drain().catch(() => undefined);
      await new Promise<void>((r) => {
        this.server.close(() => r());
        for (const s of this.sockets) s.destroy();
      });
      this.agent.destroy();
      if (this.sdk) for (const c of Object.values(this.sdk)) c.destroy();
      rmSync(this.codeRoot, { recursive: true, force: true });
    })();
    return this.closed;
  }

  private upstream(): string {
    if (!this.upstreamUrl) throw new Error('the gateway has no upstream yet');
    return this.upstreamUrl;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const pathname = url.split('?')[0]!;
    if (pathname.startsWith('/_scalesim/')) return this.admin(req, res, pathname);
    if (!this.upstreamUrl) {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'scalesim gateway: emulator not ready yet' }));
      return;
    }
    const invoke = req.method === 'POST' ? INVOKE_RE.exec(pathname) : null;
    if (invoke) {
      const body = await readBody(req);
      const reply = await this.lambda.invoke(invoke[1]!, body, req.headers as Record<string, string | undefined>);
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
      res.end(reply.body);
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target.startsWith(ECS_PREFIX) && ECS_INTERCEPTED.has(target.slice(ECS_PREFIX.length))) {
      const body = await readBody(req);
      const reply = await this.ecs.handle(target.slice(ECS_PREFIX.length), body, (b) => this.forwardBuffered(req, b));
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
      return;
    }
    if (LOGS_READS.test(target)) await this.logs.drain();
    // A function's code or configuration may change: re-read it on the next invoke.
    const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    if (service === 'cloudformation' || (service === 'lambda' && req.method !== 'GET')) this.registry.invalidate();
    this.proxy(req, res);
  }

  private proxy(req: IncomingMessage, res: ServerResponse): void {
    const up = new URL(this.upstream());
    const out = http.request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        // pipeline, not pipe: if moto dies half-way through a response, the client's connection is
        // destroyed too (it sees a reset and stops) instead of waiting forever for the rest of the body.
        pipeline(upRes, res, () => undefined);
      },
    );
    out.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `scalesim gateway: moto unreachable: ${e.message}` }));
    });
    req.pipe(out);
  }

  private forwardBuffered(req: IncomingMessage, body: string): Promise<UpstreamReply> {
    const up = new URL(this.upstream());
    const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const out = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers, agent: this.agent }, (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(upRes.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: upRes.statusCode ?? 502, headers: h, body: Buffer.concat(chunks).toString('utf8') });
        });
        upRes.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  private async admin(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const send = (status: number, value: unknown) => {
      const body = JSON.stringify(value);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    };
    const route = `${req.method} ${pathname}`;
    switch (route) {
      case 'GET /_scalesim/info': {
        const info: GatewayInfo = { gateway: 'scalesim', region: this.o.region, pid: process.pid, ...(this.upstreamUrl ? { upstream: this.upstreamUrl } : {}) };
        return send(200, info);
      }
      case 'GET /_scalesim/invocations':
        return send(200, { invocations: await this.invocations() });
      case 'DELETE /_scalesim/invocations':
        this.clearInvocations();
        return send(200, {});
      case 'POST /_scalesim/flush':
        await this.flushLogs();
        return send(200, {});
      case 'POST /_scalesim/faults':
        try {
          this.setFaults(JSON.parse(await readBody(req)) as LambdaFaults);
        } catch (e) {
          return send(400, { message: (e as Error).message });
        }
        return send(200, {});
      case 'POST /_scalesim/assembly': {
        const { dir } = JSON.parse(await readBody(req)) as { dir?: string };
        if (!dir) return send(400, { message: 'expected {"dir": "<cloud assembly directory>"}' });
        this.useAssembly(dir);
        return send(200, {});
      }
      default:
        return send(404, { message: `unknown scalesim admin route ${route}` });
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The default image resolver: a CDK docker image asset is pushed with its asset hash as the tag, so
 * `…/cdk-hnb659fds-container-assets-…:<hash>` maps to `<assembly>/asset.<hash>/` (also in nested stage
 * assemblies, `assembly-*`).
 */
export function assemblyImageDir(assemblyDir: string | undefined, image: string): string | undefined {
  if (!assemblyDir) return undefined;
  const tag = /:([A-Za-z0-9_.-]+)$/.exec(image)?.[1];
  if (!tag) return undefined;
  const direct = path.join(assemblyDir, `asset.${tag}`);
  if (existsSync(direct)) return direct;
  for (const d of safeReaddir(assemblyDir)) {
    if (!d.startsWith('assembly-')) continue;
    const nested = path.join(assemblyDir, d, `asset.${tag}`);
    if (existsSync(nested)) return nested;
  }
  return undefined;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
