/**
 * Emulator overhead per Lambda invocation: what the embedded moto + scalesim gateway add on top of the
 * handler's own time. Recorded in bench/RESULTS.md ("Emulator").
 *
 *   npx tsx bench/emulator-overhead.ts [--invokes 300] [--items 200]
 *
 * Three measurements, all on warm environments (cold starts are excluded and reported separately):
 *  A. direct Invoke through the gateway (SDK client -> gateway -> environment -> back);
 *  B. the gateway's own share (its invocation log: receive -> handler start + handler end -> response);
 *  C. Step Functions: a Map with MaxConcurrency 1 over the Lambda; per iteration, the Map iteration's
 *     span in the execution history minus the handler's duration = gateway + state machine engine.
 * The handler is a fixed ~2 ms of CPU, so "overhead" is never confused with work.
 */
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import os from 'node:os';
import { clientConfig } from '../simulator/emulator/client-config';
import { startMotoSession } from '../simulator/emulator/moto/provider';
import { writeZip } from '../simulator/emulator/zip';

const argOf = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const fmt = (x: number) => x.toFixed(2);
function summary(label: string, xs: readonly number[]): string {
  return `${label.padEnd(58)} n=${String(xs.length).padStart(4)}  p50 ${fmt(pct(xs, 50)).padStart(7)} ms  p95 ${fmt(pct(xs, 95)).padStart(7)} ms`;
}

async function main(): Promise<void> {
  const invokes = argOf('invokes', 300);
  const items = argOf('items', 200);
  const t0 = performance.now();
  const s = await startMotoSession({});
  const startMs = performance.now() - t0;
  const cfg = { ...clientConfig(s), maxAttempts: 1 };
  const lambda = new LambdaClient(cfg);
  const sfn = new SFNClient(cfg);
  const iam = new IAMClient(cfg);
  try {
    const trust = (svc: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: svc }, Action: 'sts:AssumeRole' }] });
    const fnRole = (await iam.send(new CreateRoleCommand({ RoleName: 'bench-fn', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }))).Role!.Arn!;
    const sfnRole = (await iam.send(new CreateRoleCommand({ RoleName: 'bench-sfn', AssumeRolePolicyDocument: trust('states.amazonaws.com') }))).Role!.Arn!;
    // ~2 ms of CPU per call: a stand-in for real work that is neither zero nor noise-dominated.
    const code = `exports.handler = async (e) => { const end = performance.now() + 2; let x = 0; while (performance.now() < end) x++; return { i: e.i ?? 0 }; };`;
    const fn = await lambda.send(
      new CreateFunctionCommand({ FunctionName: 'bench', Runtime: 'nodejs20.x', Role: fnRole, Handler: 'index.handler', Code: { ZipFile: writeZip([{ name: 'index.js', data: Buffer.from(code) }]) }, MemorySize: 512, Timeout: 30 }),
    );

    // A + B: direct invokes.
    await lambda.send(new InvokeCommand({ FunctionName: 'bench', Payload: Buffer.from('{}') })); // cold start, excluded
    const client: number[] = [];
    for (let i = 0; i < invokes; i++) {
      const t = performance.now();
      await lambda.send(new InvokeCommand({ FunctionName: 'bench', Payload: Buffer.from(JSON.stringify({ i })) }));
      client.push(performance.now() - t);
    }
    const recs = (await s.invocations()).filter((r) => r.functionName === 'bench');
    const cold = recs[0]!;
    const warm = recs.slice(1);
    const handler = warm.map((r) => r.durationMs);
    const directOverhead = client.map((c, i) => c - warm[i]!.durationMs);
    const gatewayOverhead = warm.map((r) => r.overheadMs);
    s.clearInvocations();

    // C: a Map over the Lambda, one iteration at a time.
    const definition = {
      StartAt: 'FanOut',
      States: {
        FanOut: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 1,
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Work', States: { Work: { Type: 'Task', Resource: fn.FunctionArn!, End: true } } },
          End: true,
        },
      },
    };
    const sm = await sfn.send(new CreateStateMachineCommand({ name: 'bench-map', definition: JSON.stringify(definition), roleArn: sfnRole }));
    const runMap = async (name: string, n: number): Promise<{ wallMs: number; arn: string }> => {
      const start = performance.now();
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn!, name, input: JSON.stringify({ items: Array.from({ length: n }, (_, i) => ({ i })) }) }));
      for (;;) {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (d.status !== 'RUNNING') {
          if (d.status !== 'SUCCEEDED') throw new Error(`bench execution ${d.status}: ${d.error} ${d.cause}`);
          return { wallMs: performance.now() - start, arn: executionArn! };
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await runMap('warmup', 5);
    s.clearInvocations();
    const { wallMs, arn } = await runMap('measured', items);
    const history: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
      history.push(...(h.events ?? []));
      nextToken = h.nextToken;
    } while (nextToken);
    const started = history.filter((e) => e.type === 'MapIterationStarted').map((e) => e.timestamp!.getTime());
    const ended = history.filter((e) => e.type === 'MapIterationSucceeded').map((e) => e.timestamp!.getTime());
    const mapRecs = (await s.invocations()).filter((r) => r.functionName === 'bench');
    const perIteration = started.map((st, i) => ended[i]! - st - mapRecs[i]!.durationMs);
    const mapHandler = mapRecs.map((r) => r.durationMs);
    const perItemWall = mapRecs.length ? wallMs / mapRecs.length - pct(mapHandler, 50) : NaN;

    const lines = [
      `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}, moto ${s.description.version}`,
      `emulator start (moto + gateway, to first request): ${startMs.toFixed(0)} ms`,
      `cold start (excluded below): init ${cold.initDurationMs?.toFixed(1)} ms, gateway overhead incl. code fetch ${cold.overheadMs.toFixed(1)} ms`,
      summary('handler Duration (direct invokes)', handler),
      summary('A. direct Invoke: client latency - handler', directOverhead),
      summary('B. gateway share: receive->start + end->response', gatewayOverhead),
      summary('handler Duration (Map)', mapHandler),
      summary('C. Map iteration span - handler (gateway + SFN engine)', perIteration),
      `C'. Map wall / items - handler p50: ${fmt(perItemWall)} ms per item (${mapRecs.length} items in ${wallMs.toFixed(0)} ms)`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    lambda.destroy();
    sfn.destroy();
    iam.destroy();
    await s.stop();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
