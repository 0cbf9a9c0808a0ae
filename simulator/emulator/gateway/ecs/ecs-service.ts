import { ContainerDefinition, DescribeTaskDefinitionCommand, ECSClient, TaskDefinition } from '@aws-sdk/client-ecs';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { EmulatorCredentials, ImageResolver } from '../../types';
import { groupRssKb, signalGroup } from '../../process-tree';
import type { LogWriter } from '../log-writer';

/** How often a container's memory (RSS of its process group) is sampled. */
const MEMORY_POLL_MS = 100;

/** A forwarded request's answer from moto. */
export interface UpstreamReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type Forward = (body: string) => Promise<UpstreamReply>;

interface LocalContainer {
  readonly name: string;
  readonly essential: boolean;
  pgid?: number;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  stopTimeoutSec: number;
  exited: Promise<void>;
}

interface LocalTask {
  readonly taskArn: string;
  readonly taskId: string;
  readonly startedAt: number;
  lastStatus: 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  stoppingAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  readonly containers: LocalContainer[];
}

export interface EcsServiceOptions {
  readonly ecs: () => ECSClient;
  readonly logs: LogWriter;
  readonly region: string;
  readonly endpoint: () => string;
  /** Where the containers' S3 calls go (AWS_ENDPOINT_URL_S3). @default - the gateway, like every other call */
  readonly s3Endpoint?: () => string;
  readonly credentials: EmulatorCredentials;
  readonly resolveImage: () => ImageResolver;
  readonly log?: (line: string) => void;
}

type Json = Record<string, unknown>;

/**
 * ECS RunTask / DescribeTasks / StopTask, with each container's command run as a local process. moto
 * keeps the task records (so ListTasks and ARNs are moto's own); this service runs the processes and
 * overlays their real status, exit codes and stop reasons on moto's answers.
 */
export class EcsService {
  private readonly tasks = new Map<string, LocalTask>();
  private readonly definitions = new Map<string, Promise<TaskDefinition>>();

  constructor(private readonly o: EcsServiceOptions) {}

  /** PIDs (process-group ids) of containers still running. */
  containerPids(): number[] {
    const out: number[] = [];
    for (const t of this.tasks.values()) for (const c of t.containers) if (c.pgid && c.lastStatus !== 'STOPPED') out.push(c.pgid);
    return out;
  }

  async close(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const t of this.tasks.values()) {
      for (const c of t.containers) {
        if (c.pgid && c.lastStatus !== 'STOPPED') signalGroup(c.pgid, 'SIGKILL');
        waits.push(c.exited);
      }
    }
    await Promise.all(waits);
  }

  async handle(target: string, body: string, forward: Forward): Promise<UpstreamReply> {
    switch (target) {
      case 'RunTask':
        return this.runTask(body, forward);
      case 'DescribeTasks':
        return this.overlay(await forward(body));
      case 'StopTask': {
        const req = JSON.parse(body || '{}') as Json;
        const task = this.findTask(String(req.task ?? ''));
        if (task) await this.stopTask(task, 'UserInitiated', String(req.reason ?? 'Task stopped by user'));
        return this.overlay(await forward(body));
      }
      default:
        return forward(body);
    }
  }

  private findTask(ref: string): LocalTask | undefined {
    const direct = this.tasks.get(ref);
    if (direct) return direct;
    for (const t of this.tasks.values()) if (t.taskId === ref) return t;
    return undefined;
  }

  private async runTask(body: string, forward: Forward): Promise<UpstreamReply> {
    const req = JSON.parse(body || '{}') as Json;
    // moto 5.2.1 `ecs/models.py Task.__init__` raises KeyError (HTTP 500) when awsvpcConfiguration has no
    // securityGroups; AWS then uses the VPC's default group. Remove when moto defaults it (issue text:
    // simulator/emulator/moto/UPSTREAM.md, "ecs-awsvpc-security-groups").
    const awsvpc = (req.networkConfiguration as Json | undefined)?.awsvpcConfiguration as Json | undefined;
    if (awsvpc && !awsvpc.securityGroups) {
      awsvpc.securityGroups = [];
      body = JSON.stringify(req);
    }
    const reply = await forward(body);
    if (reply.status !== 200) return reply;
    const res = JSON.parse(reply.body) as { tasks?: Json[] };
    for (const t of res.tasks ?? []) {
      const def = await this.definition(String(t.taskDefinitionArn));
      this.start(String(t.taskArn), def, (req.overrides ?? {}) as Json);
    }
    return this.overlay(reply);
  }

  private definition(arn: string): Promise<TaskDefinition> {
    let p = this.definitions.get(arn);
    if (!p) {
      p = this.o.ecs().send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })).then((r) => r.taskDefinition!);
      this.definitions.set(arn, p);
      p.catch(() => this.definitions.delete(arn));
    }
    return p;
  }

  private start(taskArn: string, def: TaskDefinition, overrides: Json): void {
    const taskId = taskArn.split('/').pop()!;
    const task: LocalTask = { taskArn, taskId, startedAt: Date.now(), lastStatus: 'RUNNING', desiredStatus: 'RUNNING', containers: [] };
    this.tasks.set(taskArn, task);
    const containerOverrides = (overrides.containerOverrides ?? []) as Json[];
    const taskMemoryMb = Number(overrides.memory ?? def.memory ?? 0) || undefined;
    for (const cd of def.containerDefinitions ?? []) {
      const ov = containerOverrides.find((o) => o.name === cd.name) ?? {};
      task.containers.push(this.startContainer(task, cd, ov, taskMemoryMb));
    }
    void Promise.all(task.containers.map((c) => c.exited)).then(() => {
      task.lastStatus = 'STOPPED';
      task.desiredStatus = 'STOPPED';
      task.stoppedAt = Date.now();
      task.stoppingAt ??= task.stoppedAt;
      if (!task.stopCode) {
        task.stopCode = 'EssentialContainerExited';
        task.stoppedReason = 'Essential container in task exited';
      }
    });
  }

  private startContainer(task: LocalTask, cd: ContainerDefinition, ov: Json, taskMemoryMb: number | undefined): LocalContainer {
    const name = cd.name ?? 'container';
    const c: LocalContainer = {
      name,
      essential: cd.essential !== false,
      lastStatus: 'PENDING',
      stopTimeoutSec: cd.stopTimeout ?? 30,
      exited: Promise.resolve(),
    };
    const image = cd.image ?? '';
    const dir = this.o.resolveImage()(image);
    if (!dir) return failedToStart(task, c, `CannotPullContainerError: scalesim has no local directory for image ${image} (pass the cloud assembly with useAssembly, or an image resolver)`);
    const argv = containerArgv(cd, ov, dir);
    if (argv.length === 0) return failedToStart(task, c, `CannotStartContainerError: no command for container ${name}: neither the task definition nor ${path.join(dir, 'Dockerfile')} names one`);
    if (/(^|\/)node$/.test(argv[0]!)) argv[0] = process.execPath;
    // A container's hard limit is its own `memory`, else the task's; `memoryReservation` is only a soft floor.
    const limitMb = cd.memory ?? taskMemoryMb ?? cd.memoryReservation;
    const writeLine = this.logWriter(task, cd, name);

    const child = spawn(argv[0]!, argv.slice(1), { cwd: dir, env: this.containerEnv(cd, ov), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    c.pgid = child.pid;
    c.lastStatus = 'RUNNING';
    for (const s of [child.stdout, child.stderr]) createInterface({ input: s }).on('line', writeLine);
    this.o.log?.(`ecs task ${task.taskId} container ${name}: ${argv.join(' ')} (in ${dir})`);
    c.exited = this.watchContainer(task, c, child, limitMb);
    return c;
  }

  /** The container's environment: a minimal PATH and HOME, its own variables, then the emulator's AWS settings. */
  private containerEnv(cd: ContainerDefinition, ov: Json): Record<string, string> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    };
    for (const kv of [...(cd.environment ?? []), ...((ov.environment ?? []) as Array<{ name?: string; value?: string }>)]) {
      if (kv.name) env[kv.name] = kv.value ?? '';
    }
    const cr = this.o.credentials;
    return Object.assign(env, {
      AWS_REGION: this.o.region,
      AWS_DEFAULT_REGION: this.o.region,
      AWS_ACCESS_KEY_ID: cr.accessKeyId,
      AWS_SECRET_ACCESS_KEY: cr.secretAccessKey,
      ...(cr.sessionToken ? { AWS_SESSION_TOKEN: cr.sessionToken } : {}),
      AWS_ENDPOINT_URL: this.o.endpoint(),
      // S3 straight to moto: the gateway adds nothing to S3 calls but a copy of every body.
      ...(this.o.s3Endpoint ? { AWS_ENDPOINT_URL_S3: this.o.s3Endpoint() } : {}),
      ECS_CONTAINER_METADATA_URI_V4: '',
    });
  }

  /** Where the container's output lines go: its awslogs group and stream, or nowhere. */
  private logWriter(task: LocalTask, cd: ContainerDefinition, name: string): (line: string) => void {
    const logCfg = cd.logConfiguration?.logDriver === 'awslogs' ? cd.logConfiguration.options ?? {} : undefined;
    const group = logCfg?.['awslogs-group'];
    const stream = logCfg ? `${logCfg['awslogs-stream-prefix'] ? `${logCfg['awslogs-stream-prefix']}/` : ''}${name}/${task.taskId}` : undefined;
    return (line: string) => {
      if (group && stream) this.o.logs.append(group, stream, [{ timestamp: Date.now(), message: line }]);
    };
  }

  /**
   * Resolves when the container's process exits: kills it over its memory limit (an OOM kill), records
   * the exit code, and stops the task when an essential container exits, as ECS does.
   */
  private watchContainer(task: LocalTask, c: LocalContainer, child: ChildProcess, limitMb: number | undefined): Promise<void> {
    let oomKilled = false;
    const memTimer = limitMb
      ? setInterval(() => {
          if (child.pid && groupRssKb(child.pid) > limitMb * 1024) {
            oomKilled = true;
            signalGroup(child.pid, 'SIGKILL');
          }
        }, MEMORY_POLL_MS)
      : undefined;
    return new Promise<void>((resolve) => {
      child.on('error', (e) => {
        c.reason = `CannotStartContainerError: ${e.message}`;
        task.stopCode ??= 'TaskFailedToStart';
        task.stoppedReason ??= c.reason;
      });
      child.on('close', (code, signal) => {
        if (memTimer) clearInterval(memTimer);
        c.lastStatus = 'STOPPED';
        c.exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1);
        if (oomKilled) c.reason = 'OutOfMemoryError: Container killed due to memory usage';
        if (c.essential && task.desiredStatus === 'RUNNING') {
          // ECS stops the whole task when an essential container exits.
          task.desiredStatus = 'STOPPED';
          task.stoppingAt = Date.now();
          for (const other of task.containers) if (other !== c) void this.stopContainer(other);
        }
        resolve();
      });
    });
  }

  private async stopTask(task: LocalTask, stopCode: string, reason: string): Promise<void> {
    if (task.desiredStatus === 'RUNNING') {
      task.desiredStatus = 'STOPPED';
      task.stoppingAt = Date.now();
      task.stopCode = stopCode;
      task.stoppedReason = reason;
    }
    await Promise.all(task.containers.map((c) => this.stopContainer(c)));
  }

  /** SIGTERM, then SIGKILL after the container's stopTimeout, as ECS does. */
  private async stopContainer(c: LocalContainer): Promise<void> {
    if (!c.pgid || c.lastStatus === 'STOPPED') return;
    signalGroup(c.pgid, 'SIGTERM');
    const timer = setTimeout(() => c.pgid && signalGroup(c.pgid, 'SIGKILL'), c.stopTimeoutSec * 1000);
    await c.exited;
    clearTimeout(timer);
  }

  /** Replaces moto's static task status with the local processes' real one. */
  private overlay(reply: UpstreamReply): UpstreamReply {
    if (reply.status !== 200) return reply;
    const res = JSON.parse(reply.body) as { tasks?: Json[]; task?: Json };
    const patch = (t: Json | undefined) => {
      if (!t) return;
      const local = this.tasks.get(String(t.taskArn));
      if (!local) return;
      t.lastStatus = local.lastStatus;
      t.desiredStatus = local.desiredStatus;
      t.startedAt = local.startedAt / 1000;
      if (local.stoppingAt) t.stoppingAt = local.stoppingAt / 1000;
      if (local.stoppedAt) {
        t.stoppedAt = local.stoppedAt / 1000;
        t.executionStoppedAt = local.stoppedAt / 1000;
      }
      if (local.stopCode) t.stopCode = local.stopCode;
      if (local.stoppedReason) t.stoppedReason = local.stoppedReason;
      const containers = (t.containers ?? []) as Json[];
      for (const lc of local.containers) {
        let ct = containers.find((x) => x.name === lc.name);
        if (!ct) {
          ct = { name: lc.name, taskArn: local.taskArn };
          containers.push(ct);
        }
        ct.lastStatus = lc.lastStatus;
        if (lc.exitCode !== undefined) ct.exitCode = lc.exitCode;
        if (lc.reason) ct.reason = lc.reason;
      }
      t.containers = containers;
    };
    for (const t of res.tasks ?? []) patch(t);
    patch(res.task);
    const body = JSON.stringify(res);
    return { ...reply, body, headers: { ...reply.headers, 'content-length': String(Buffer.byteLength(body)) } };
  }
}

interface DockerfileInfo {
  readonly cmd?: string[];
  readonly entryPoint?: string[];
  readonly workdir?: string;
}

/** The last CMD, ENTRYPOINT and WORKDIR of `<dir>/Dockerfile`, if there is one. */
export function readDockerfile(dir: string): DockerfileInfo {
  const file = path.join(dir, 'Dockerfile');
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8').replace(/\\\r?\n/g, ' ');
  let cmd: string[] | undefined;
  let entryPoint: string[] | undefined;
  let workdir: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(CMD|ENTRYPOINT|WORKDIR|FROM)\s+(.*)$/i.exec(raw);
    if (!m) continue;
    const kw = m[1]!.toUpperCase();
    const arg = m[2]!.trim();
    if (kw === 'FROM') {
      // A new build stage starts over.
      cmd = entryPoint = workdir = undefined;
      continue;
    }
    if (kw === 'WORKDIR') {
      workdir = workdir && !arg.startsWith('/') ? path.posix.join(workdir, arg) : arg;
      continue;
    }
    let argv: string[];
    try {
      const parsed: unknown = JSON.parse(arg);
      argv = Array.isArray(parsed) ? parsed.map(String) : ['/bin/sh', '-c', arg];
    } catch {
      argv = ['/bin/sh', '-c', arg];
    }
    if (kw === 'CMD') cmd = argv;
    else entryPoint = argv;
  }
  return { ...(cmd ? { cmd } : {}), ...(entryPoint ? { entryPoint } : {}), ...(workdir ? { workdir } : {}) };
}

/** A path under the image's WORKDIR (e.g. /app/dist/task.js) points into the asset directory. */
function mapContainerPath(arg: string, workdir: string | undefined, dir: string): string {
  if (workdir && workdir !== '/' && (arg === workdir || arg.startsWith(workdir + '/'))) return path.join(dir, arg.slice(workdir.length));
  return arg;
}

/** A container that never started: STOPPED with the reason, and the task marked as failed to start. */
function failedToStart(task: LocalTask, c: LocalContainer, reason: string): LocalContainer {
  c.lastStatus = 'STOPPED';
  c.reason = reason;
  task.stopCode = 'TaskFailedToStart';
  task.stoppedReason = reason;
  return c;
}

/** What the container runs: the entry point and command (override, definition, or Dockerfile), paths mapped into `dir`. */
function containerArgv(cd: ContainerDefinition, ov: Json, dir: string): string[] {
  const docker = readDockerfile(dir);
  const entryPoint = cd.entryPoint?.length ? cd.entryPoint : docker.entryPoint;
  const command = (ov.command as string[] | undefined)?.length ? (ov.command as string[]) : cd.command?.length ? cd.command : docker.cmd;
  return [...(entryPoint ?? []), ...(command ?? [])].map((a) => mapContainerPath(a, docker.workdir, dir));
}
